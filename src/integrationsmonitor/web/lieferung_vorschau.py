"""An upload in two steps: check → preview → confirm (or discard).

The upload form's POST checks the file (`nur_pruefen`, nothing stored in the delivery tables), puts it down
in web.vorschauablage and leads to its preview. "Bestätigen und speichern" stores exactly that file (its hash
is checked) — unless another delivery of the same dataset and period arrived meanwhile: then the preview is
made anew and says so. "Verwerfen" discards it. The CLI and the API deliver in one step as before.
"""

from __future__ import annotations

import contextlib
import hashlib
from dataclasses import dataclass, field
from datetime import date

from django.contrib import messages
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from integrationsmonitor.catalog import zeitraum as zr
from integrationsmonitor.catalog.model import Katalog
from integrationsmonitor.collect.tabellenprofil import tabellenprofile
from integrationsmonitor.formats.errors import FormatFehler
from integrationsmonitor.publish import formatting as fmt
from integrationsmonitor.registry.rollen import (
    INTERNE_ROLLEN,
    eigene_initiative,
    eigener_traeger,
    lieferbare_datensaetze,
    rolle_erforderlich,
    sichtbare_lieferungen,
)
from integrationsmonitor.registry.traegerlieferung import (
    ATTRIBUT,
    INITIATIVE,
    Eigentuemer,
    eigene_codes,
    liefere_als_traeger,
)
from integrationsmonitor.store.ingest import Lieferergebnis, liefere
from integrationsmonitor.store.katalog import aktueller_katalog
from integrationsmonitor.store.models import Lieferung
from integrationsmonitor.store.profillieferung import liefere_mit_profil
from integrationsmonitor.store.vorschau import Aenderung, vorschau

from . import vorschauablage as ablage
from .anzeige import sortierschluessel
from .forms import erfolgsmeldung
from .liefervorlage import als_csv, als_xlsx, beispiel_zeitraum, langformat_als_csv, spalten


@dataclass
class Gesendet:
    """What the upload form asked for: the file and dataset, period and profile as entered."""

    daten: bytes
    datei_name: str
    datensatz: str
    zeitraum: str
    profil: str
    hinweise: list[str] = field(default_factory=list)


def liefern(
    k: Katalog, user: AbstractBaseUser | AnonymousUser, g: Gesendet, *, nur_pruefen: bool
) -> Lieferergebnis:
    """Check (and with `nur_pruefen=False` store) an upload along its path: with a table profile, as a
    provider, or as a delivery file. Hints of the profile conversion go to `g.hinweise`."""
    benutzer = user.get_username()
    profil = {p.name: p for p in tabellenprofile(k)}.get(g.profil) if g.profil else None
    if profil is not None:
        mit_profil = liefere_mit_profil(
            katalog=k,
            profil=profil,
            daten=g.daten,
            datei_name=g.datei_name,
            benutzer=benutzer,
            zeitraum=g.zeitraum or None,
            nur_pruefen=nur_pruefen,
        )
        g.hinweise = mit_profil.hinweise
        return mit_profil.ergebnis
    daten, quell_hash = g.daten, None
    if g.datei_name.lower().endswith(".xlsx"):  # a delivery file in long format as workbook (the template)
        try:
            daten, quell_hash = langformat_als_csv(g.daten, g.datei_name), hashlib.sha256(g.daten).hexdigest()
        except FormatFehler as exc:
            return Lieferergebnis(False, [str(exc)])
    eigentuemer: Eigentuemer | None = eigener_traeger(user)
    attribut = ATTRIBUT
    if eigentuemer is None:  # an initiative's own figures: collected, not delivered
        eigentuemer, attribut = eigene_initiative(user), INITIATIVE
    if eigentuemer is not None:
        return liefere_als_traeger(
            katalog=k,
            traeger=eigentuemer,
            daten=daten,
            datei_name=g.datei_name,
            datensatz=g.datensatz,
            zeitraum=g.zeitraum,
            benutzer=benutzer,
            nur_pruefen=nur_pruefen,
            attribut=attribut,
        )
    return liefere(
        katalog=k,
        daten=daten,
        datei_name=g.datei_name,
        datensatz=g.datensatz,
        zeitraum=g.zeitraum,
        benutzer=benutzer,
        quell_hash=quell_hash,
        nur_pruefen=nur_pruefen,
    )


def ablegen(request: HttpRequest, g: Gesendet, ergebnis: Lieferergebnis) -> HttpResponse:
    """After a successful check: keep the file and show its preview (an unchanged file: say so, done). An
    initiative's report of its figures has no preview (it would show sums: an oracle of the others'
    figures) and publishes nothing: it is collected at once (store.sammlung)."""
    if ergebnis.gesammelt:
        gesammelt = liefern(aktueller_katalog(), request.user, g, nur_pruefen=False)
        if not gesammelt.angenommen:
            messages.error(request, "; ".join(gesammelt.probleme[:3]))
        else:
            messages.success(
                request,
                _(
                    "Ihre Zahlen für %(zeitraum)s sind eingegangen. Veröffentlicht werden sie erst, wenn das Amt "
                    "das Jahr für alle Initiativen zusammen veröffentlicht; bis dahin ersetzt ein neues Hochladen "
                    "Ihre Meldung."
                )
                % {"zeitraum": gesammelt.gesammelt},
            )
        return redirect("lieferungen")
    if ergebnis.unveraendert:
        messages.success(request, erfolgsmeldung(aktueller_katalog(), ergebnis))
        return redirect("lieferungen")
    a = ablage.ablegen(
        benutzer=request.user.get_username(),
        daten=g.daten,
        datei_name=g.datei_name,
        datensatz=g.datensatz,
        zeitraum=g.zeitraum,
        profil=g.profil,
        ersetzt_id=ergebnis.ersetzt.pk if ergebnis.ersetzt is not None else None,
    )
    return redirect("lieferung_vorschau", token=a.token)


def _zeile(a: Aenderung, k: Katalog) -> dict[str, str]:
    ind = a.indikator

    def text(row: object) -> str:
        if row is None:
            return _("noch kein Wert")
        value = getattr(row, "value", None)
        if value is None:
            return _("geheim") if "g" in getattr(row, "flag", "") else _("kein Wert")
        return fmt.wert(value, ind.einheit)

    d = a.differenz
    return {
        "indikator": ind.name,
        "id": ind.id,
        "gebiet": k.gebiete[a.gebiet].name,
        "alt": text(a.alt),
        "neu": text(a.neu),
        "veraenderung": "" if d is None else fmt.veraenderung(d, ind.einheit),
    }


def _seite(
    request: HttpRequest, a: ablage.Abgelegt, ergebnis: Lieferergebnis, hinweis: str = ""
) -> HttpResponse:
    k = aktueller_katalog()
    v = vorschau(k, ergebnis)
    lf = v.lieferung
    namen = [f"{k.gebiete[g].name} ({g})" for g in v.gebiete]
    # the delivery it replaces, named only if the history shows it to this user: providers share the project
    # figures' dataset, and another provider's file name and date are not theirs to see
    ersetzt_sichtbar = v.ersetzt is not None and (
        sichtbare_lieferungen(request.user, k, Lieferung.objects.filter(pk=v.ersetzt.pk)).exists()
    )
    context = {
        "a": a,
        "v": v,
        "datensatz": k.datensaetze[lf.datensatz].name,
        "zeitraum": fmt.periode(lf.zeitraum),
        "zellen": fmt.zahl(v.zellen),
        "anzahl_gebiete": len(namen),
        "gebiete": namen[:12],
        "weitere_gebiete": max(0, len(namen) - 12),
        "ersetzt": v.ersetzt if ersetzt_sichtbar else None,
        "ersetzt_fremd": v.ersetzt is not None and not ersetzt_sichtbar,
        "ersetzt_datum": fmt.datum(v.ersetzt.eingegangen_am) if ersetzt_sichtbar and v.ersetzt else "",
        "kreis": [_zeile(x, k) for x in v.kreis],
        "kreis_name": k.kreis.name,
        "groesste": [_zeile(x, k) for x in v.groesste],
        "hinweis": hinweis,
    }
    return render(request, "web/lieferung_vorschau.html", context)


def _gesendet(a: ablage.Abgelegt, daten: bytes) -> Gesendet:
    return Gesendet(daten, a.datei_name, a.datensatz, a.zeitraum, a.profil)


@rolle_erforderlich(*INTERNE_ROLLEN)
@require_http_methods(["GET", "POST"])
def lieferung_vorschau(request: HttpRequest, token: str) -> HttpResponse:
    a = ablage.holen(token, request.user.get_username())
    if a is None:
        raise Http404(_("Diese Vorschau gibt es nicht (mehr)."))
    if a.abgelaufen():
        ablage.verwerfen(a.token)
        messages.error(
            request,
            _("Die Vorschau ist abgelaufen; es wurde nichts gespeichert. Bitte die Datei erneut hochladen."),
        )
        return redirect("lieferungen")
    daten = ablage.inhalt(a)
    if daten is None or (request.method == "POST" and request.POST.get("pruefsumme") != a.pruefsumme):
        ablage.verwerfen(a.token)
        messages.error(
            request,
            _(
                "Die geprüfte Datei ist nicht mehr dieselbe; es wurde nichts gespeichert. Bitte erneut hochladen."
            ),
        )
        return redirect("lieferungen")
    if request.method == "POST" and "verwerfen" in request.POST:
        ablage.verwerfen(a.token)
        messages.info(
            request,
            _("Die Lieferung %(datei)s wurde verworfen; es wurde nichts gespeichert.")
            % {"datei": a.datei_name},
        )
        return redirect("lieferungen")
    k = aktueller_katalog()
    g = _gesendet(a, daten)
    geprueft = liefern(k, request.user, g, nur_pruefen=True)
    lieferbar = lieferbare_datensaetze(request.user, k)
    if (
        geprueft.lieferung is not None
        and lieferbar is not None
        and geprueft.lieferung.datensatz not in lieferbar
    ):
        raise PermissionDenied("Diesen Datensatz liefert eine andere Stelle.")
    if not geprueft.angenommen or geprueft.unveraendert:  # the active delivery changed since the check
        ablage.verwerfen(a.token)
        if geprueft.angenommen:
            messages.success(request, erfolgsmeldung(k, geprueft))
        else:
            messages.error(request, "; ".join(geprueft.probleme[:3]))
        return redirect("lieferungen")
    jetzt = geprueft.ersetzt.pk if geprueft.ersetzt is not None else None
    if jetzt != a.ersetzt_id:
        a = ablage.neu_geprueft(a, jetzt)
        hinweis = _(
            "Inzwischen ist eine andere Lieferung für diesen Datensatz und Zeitraum eingegangen. "
            "Die Vorschau wurde neu berechnet; bitte prüfen Sie sie noch einmal."
        )
        return _seite(request, a, geprueft, hinweis)
    if request.method == "GET":
        return _seite(request, a, geprueft)
    ergebnis = liefern(k, request.user, g, nur_pruefen=False)
    if not ergebnis.angenommen:
        messages.error(request, "; ".join(ergebnis.probleme[:3]))
        return redirect("lieferung_vorschau", token=a.token)
    ablage.verwerfen(a.token)
    messages.success(request, erfolgsmeldung(k, ergebnis))
    for h in g.hinweise:
        messages.info(request, h)
    return redirect("lieferungen")


@rolle_erforderlich(*INTERNE_ROLLEN)
@require_http_methods(["GET"])
def vorlage(request: HttpRequest, datensatz: str, endung: str) -> HttpResponse:
    """The template of a dataset the user may deliver, as CSV or XLSX (`?zeitraum=` sets its period)."""
    k = aktueller_katalog()
    ds = k.datensaetze.get(datensatz)
    lieferbar = lieferbare_datensaetze(request.user, k)
    if ds is None or endung not in ("csv", "xlsx") or (lieferbar is not None and ds.id not in lieferbar):
        raise Http404(datensatz)
    zeitraum = beispiel_zeitraum(ds, date.today())
    with contextlib.suppress(ValueError):  # a wrong period in the address: the template with the usual one
        zeitraum = zr.normalisiere(request.GET.get("zeitraum") or zeitraum, ds.zeitraum)
    initiative = eigene_initiative(request.user)  # its template: only its own rows
    eigene = eigene_codes(k, ds, initiative, INITIATIVE) if initiative is not None else None
    if endung == "csv":
        antwort = HttpResponse(als_csv(k, ds, zeitraum, eigene), content_type="text/csv; charset=utf-8")
    else:
        antwort = HttpResponse(
            als_xlsx(k, ds, zeitraum, eigene),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    antwort["Content-Disposition"] = f'attachment; filename="vorlage_{ds.id}_{zeitraum}.{endung}"'
    return antwort


def vorlagen(k: Katalog, lieferbar: set[str] | None) -> list[dict[str, str]]:
    """Name, id and columns of each dataset the user may deliver, for the template links of the form."""
    return [
        {"id": d.id, "name": d.name, "spalten": ";".join(spalten(d))}
        for d in sorted(k.datensaetze.values(), key=lambda d: sortierschluessel(d.name))
        if lieferbar is None or d.id in lieferbar
    ]

"""FactSheet pages (public archive, an issue as HTML and PDF; the admin role creates and sends issues) and the
annual report."""

from __future__ import annotations

from django.contrib import messages
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from integrationsmonitor.publish.bericht import Bericht
from integrationsmonitor.publish.factsheet import normalisiere_ausgabe
from integrationsmonitor.publish.factsheet_versand import factsheet_versenden, vorschau
from integrationsmonitor.publish.models import FactSheetAusgabe
from integrationsmonitor.publish.services import (
    FactSheetFehler,
    aenderungen_seit,
    bericht,
    bericht_pdf,
    berichtsjahre,
    erstelle_factsheet,
    factsheet_der_ausgabe,
)
from integrationsmonitor.registry.models import Rolle
from integrationsmonitor.registry.rollen import darf_veroeffentlichen, rolle_erforderlich
from integrationsmonitor.store.katalog import aktueller_katalog

from .factsheet_abbildungen import leiste


def _ausgabe(zeitraum: str, auflage: str | None) -> FactSheetAusgabe:
    qs = FactSheetAusgabe.objects.filter(zeitraum=zeitraum)
    if auflage:
        qs = qs.filter(auflage=int(auflage) if auflage.isdigit() else -1)
    ausgabe = qs.order_by("-auflage").first()
    if ausgabe is None:
        raise Http404(zeitraum)
    return ausgabe


def factsheets(request: HttpRequest) -> HttpResponse:
    k = aktueller_katalog()
    ausgaben = [(a, aenderungen_seit(k, a)) for a in FactSheetAusgabe.objects.all()]
    return render(request, "web/factsheets.html", {"ausgaben": ausgaben})


def factsheet(request: HttpRequest, zeitraum: str) -> HttpResponse:
    k = aktueller_katalog()
    ausgabe = _ausgabe(zeitraum, request.GET.get("auflage"))
    fs = factsheet_der_ausgabe(k, ausgabe)
    basis = request.build_absolute_uri("/").rstrip("/")
    kontext = {
        "ausgabe": ausgabe,
        "fs": fs,
        "aenderungen": aenderungen_seit(k, ausgabe),
        "abbildungen": [(a, leiste(ausgabe.zeitraum, ausgabe.auflage, a, basis)) for a in fs.abbildungen],
    }
    return render(request, "web/factsheet.html", kontext)


def factsheet_pdf(request: HttpRequest, zeitraum: str) -> HttpResponse:
    ausgabe = _ausgabe(zeitraum, request.GET.get("auflage"))
    antwort = HttpResponse(bytes(ausgabe.pdf), content_type="application/pdf")
    antwort["Content-Disposition"] = f'inline; filename="factsheet_{ausgabe.zeitraum}_{ausgabe.auflage}.pdf"'
    return antwort


@rolle_erforderlich(Rolle.ADMIN)
@require_POST
def factsheet_erstellen(request: HttpRequest) -> HttpResponse:
    try:
        zeitraum = normalisiere_ausgabe(request.POST.get("zeitraum", ""))
        ausgabe, neu = erstelle_factsheet(
            aktueller_katalog(),
            zeitraum,
            benutzer=request.user.get_username(),
            neue_auflage=request.POST.get("neue_auflage") == "1",
        )
    except (ValueError, FactSheetFehler) as exc:
        messages.error(request, _("FactSheet nicht erstellt: %(grund)s") % {"grund": exc})
        return redirect("factsheets")
    if neu:
        messages.success(request, _("%(ausgabe)s erstellt und archiviert.") % {"ausgabe": ausgabe})
    else:
        messages.info(
            request, _("%(ausgabe)s gibt es schon (für eine neue Auflage ankreuzen).") % {"ausgabe": ausgabe}
        )
    return redirect("factsheet", zeitraum=ausgabe.zeitraum)


def _bericht(jahr: int) -> Bericht:
    if not 1950 <= jahr <= 2100:
        raise Http404(str(jahr))
    try:
        return bericht(aktueller_katalog(), jahr)
    except FactSheetFehler as exc:
        raise Http404(str(exc)) from None


def bericht_seite(request: HttpRequest, jahr: int) -> HttpResponse:
    kontext = {"bericht": _bericht(jahr), "pdf_url": reverse("bericht_pdf", kwargs={"jahr": jahr})}
    if darf_veroeffentlichen(request.user):
        kontext["texte_url"] = reverse("bericht_texte", kwargs={"jahr": jahr})
    return render(request, "web/bericht.html", kontext)


def bericht_als_pdf(request: HttpRequest, jahr: int) -> HttpResponse:
    antwort = HttpResponse(bericht_pdf(_bericht(jahr)), content_type="application/pdf")
    antwort["Content-Disposition"] = f'inline; filename="bericht_{jahr}.pdf"'
    return antwort


def berichte(request: HttpRequest) -> HttpResponse:
    return render(request, "web/berichte.html", {"jahre": berichtsjahre(aktueller_katalog())})


VERSAND_SALZ = "factsheet-versand"
VERSAND_GUELTIG = 3600  # seconds a confirmation stays valid (a preview left open for long is shown again)
NICHTS_OFFEN = gettext_lazy(
    "Nichts gesendet: alle bestätigten Empfängerinnen und Empfänger haben diese Ausgabe schon "
    "oder sie ist für sie eingereiht."
)
ZAHL_GEAENDERT = gettext_lazy(
    "Nichts gesendet: die Bestätigung fehlt, ist abgelaufen, oder die Zahl der Empfängerinnen und "
    "Empfänger hat sich geändert. Bitte die Vorschau prüfen und erneut bestätigen."
)


def _bestaetigung(schluessel: str, empfaenger: int) -> str:
    return signing.dumps([schluessel, empfaenger], salt=VERSAND_SALZ)


def _bestaetigt(request: HttpRequest, schluessel: str, empfaenger: int) -> bool:
    """The POST confirms exactly this issue to exactly the number of recipients the preview named."""
    try:
        wert = signing.loads(request.POST.get("bestaetigung", ""), salt=VERSAND_SALZ, max_age=VERSAND_GUELTIG)
    except signing.BadSignature:
        return False
    return bool(wert == [schluessel, empfaenger] and empfaenger > 0)


@rolle_erforderlich(Rolle.ADMIN)
@require_http_methods(["GET", "HEAD", "POST"])
def factsheet_senden(request: HttpRequest, zeitraum: str) -> HttpResponse:
    """GET: the mail as it will arrive and whom it would reach now; POST with the preview's confirmation: queue
    it for them. A repeated or stale POST (the number changed meanwhile) queues nothing and shows the preview
    again, so a double click never sends twice."""
    auflage = request.POST.get("auflage") if request.method == "POST" else request.GET.get("auflage")
    ausgabe = _ausgabe(zeitraum, auflage)
    v = vorschau(ausgabe)
    if request.method == "POST":
        if _bestaetigt(request, v.schluessel, v.empfaenger):
            anzahl = factsheet_versenden(ausgabe)[1]
            messages.success(
                request,
                _("%(ausgabe)s für %(anzahl)s Abonnentinnen und Abonnenten eingereiht (%(schluessel)s).")
                % {"ausgabe": ausgabe, "anzahl": anzahl, "schluessel": v.schluessel},
            )
        elif v.empfaenger == 0:
            messages.info(request, NICHTS_OFFEN)
        else:
            messages.warning(request, ZAHL_GEAENDERT)
        url = reverse("factsheet_senden", kwargs={"zeitraum": ausgabe.zeitraum})
        return redirect(f"{url}?auflage={ausgabe.auflage}")
    kontext = {
        "ausgabe": ausgabe,
        "v": v,
        "bestaetigung": _bestaetigung(v.schluessel, v.empfaenger),
    }
    return render(request, "web/factsheet_versenden.html", kontext)

"""Thin views for one figure of an indicator page: its files and its embed page.

    /indikatoren/<id>/<abbildung>.csv|.xlsx|.svg|.png?gebiet=…&nach=…&zeitraum=…
    /indikatoren/<id>/einbetten/<abbildung>/?gebiet=…&nach=…&zeitraum=…

The query is the page's (web.indikatorseite); a parameter the page would ignore with a note answers 404
here with the same German note, so a file never holds other figures than its link promises. The embed page
alone may be shown in a frame on other sites (its own CSP `frame-ancestors *`, no X-Frame-Options).
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from integrationsmonitor.indicators import engine
from integrationsmonitor.publish import formatting as fmt
from integrationsmonitor.publish import opendata as od
from integrationsmonitor.publish.services import factsheet_der_ausgabe
from integrationsmonitor.store.katalog import aktueller_katalog
from integrationsmonitor.store.selectors import DbQuelle

from . import abbildung_export as ex
from . import factsheet_abbildungen as fa
from .abbildungen import ENDUNGEN, GRAFIK, NAMEN, Abbildung, abbildungen, dateiname, permalink
from .indikatorseite import IndikatorSeite, auswahl, indikatorseite
from .sicherheit import CSP
from .veroeffentlichung import _ausgabe as ausgabe_von

MEDIENTYPEN = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "svg": "image/svg+xml; charset=utf-8",
    "png": "image/png",
}


class Ungueltig(Exception):
    """The request names no figure the page shows; German notes for the visitor."""

    def __init__(self, hinweise: list[str]) -> None:
        super().__init__(" ".join(hinweise))
        self.hinweise = hinweise


def _abbildung(
    request: HttpRequest, indikator_id: str, name: str, *, grafik: bool = False
) -> tuple[IndikatorSeite, Abbildung]:
    """The page for the query and the figure `name` on it (`grafik`: it must have a picture)."""
    k = aktueller_katalog()
    ind = k.indikatoren.get(indikator_id)
    if ind is None:
        raise Ungueltig([_("Einen Indikator „%(id)s“ gibt es nicht.") % {"id": indikator_id}])
    if name not in NAMEN:
        raise Ungueltig([_("Eine Abbildung „%(name)s“ gibt es nicht.") % {"name": name}])
    quelle = DbQuelle(k)
    gebiet, nach, zeitraum = (request.GET.get(p) for p in ("gebiet", "nach", "zeitraum"))
    wahl = auswahl(k, ind, nach, gebiet, zeitraum, engine.zeitraeume(quelle, ind))
    if wahl.hinweise:
        raise Ungueltig(wahl.hinweise)
    seite = indikatorseite(k, quelle, ind, nach, gebiet, zeitraum)
    a = abbildungen(seite).get(name)
    if a is None or (grafik and not a.svg):
        raise Ungueltig([_("Diese Abbildung zeigt die Seite für diese Auswahl nicht (keine Werte).")])
    return seite, a


def _fehlt(request: HttpRequest, indikator_id: str, fehler: Ungueltig) -> HttpResponse:
    return render(
        request,
        "web/abbildung_fehlt.html",
        {"hinweise": fehler.hinweise, "indikator_id": indikator_id},
        status=404,
    )


def _angaben(request: HttpRequest, seite: IndikatorSeite, a: Abbildung) -> ex.Angaben:
    k = aktueller_katalog()
    ind = seite.indikator
    st = od.stand(DbQuelle(k), od.datensaetze_von(ind))
    basis = request.build_absolute_uri("/").rstrip("/")
    return ex.Angaben(
        einheit=seite.einheit,
        quelle=od.quelle_text(k, ind),
        datenstand=fmt.datum(st.zeit) if st.zeit else "",
        demo=st.demo,
        herausgeber=k.kreis.name,
        url=permalink(seite, basis, a.anker),
    )


@require_safe
def datei(request: HttpRequest, indikator_id: str, abbildung: str, endung: str) -> HttpResponse:
    if endung not in ENDUNGEN:
        raise Http404(endung)
    try:
        seite, a = _abbildung(request, indikator_id, abbildung, grafik=endung in GRAFIK)
    except Ungueltig as fehler:
        return _fehlt(request, indikator_id, fehler)
    return _datei(a, _angaben(request, seite, a), endung, dateiname(seite, a, endung))


def _datei(a: Abbildung, angaben: ex.Angaben, endung: str, name: str) -> HttpResponse:
    inhalt: bytes
    if endung == "csv":
        inhalt = ex.als_csv(a, angaben)
    elif endung == "xlsx":
        inhalt = ex.als_xlsx(a, angaben)
    else:
        svg = ex.als_svg(a, ex.quellzeilen(a, angaben))
        inhalt = svg.encode("utf-8") if endung == "svg" else ex.als_png(svg)
    response = HttpResponse(inhalt, content_type=MEDIENTYPEN[endung])
    art = "inline" if endung in GRAFIK else "attachment"
    response["Content-Disposition"] = f'{art}; filename="{name}"'
    return response


@require_safe
def factsheet_datei(request: HttpRequest, zeitraum: str, abbildung: str, endung: str) -> HttpResponse:
    """A figure of a FactSheet issue (`?auflage=`, else the newest) as CSV, XLSX, SVG or PNG."""
    if endung not in ENDUNGEN:
        raise Http404(endung)
    k = aktueller_katalog()
    ausgabe = ausgabe_von(zeitraum, request.GET.get("auflage"))
    fs = factsheet_der_ausgabe(k, ausgabe)
    gefunden = next((x for x in fs.abbildungen if x.id == abbildung), None)
    if gefunden is None:
        fehler = Ungueltig([_("Eine Abbildung „%(name)s“ gibt es nicht.") % {"name": abbildung}])
        return _fehlt(request, "", fehler)
    a = fa.abbildung(gefunden)
    basis = request.build_absolute_uri("/").rstrip("/")
    angaben = ex.Angaben(
        einheit="",
        quelle=gefunden.quelle.removeprefix("Quelle: "),
        datenstand=gefunden.datenstand.removeprefix("Datenstand: "),
        demo=ausgabe.lieferungen.filter(ist_demo=True).exists(),
        herausgeber=k.kreis.name,
        url=fa.leiste(ausgabe.zeitraum, ausgabe.auflage, gefunden, basis).link,
    )
    name = f"factsheet_{slugify(ausgabe.zeitraum)}_{ausgabe.auflage}_{abbildung}.{endung}".replace("-", "_")
    return _datei(a, angaben, endung, name)


@require_safe
@xframe_options_exempt
def einbetten(request: HttpRequest, indikator_id: str, abbildung: str) -> HttpResponse:
    try:
        seite, a = _abbildung(request, indikator_id, abbildung)
    except Ungueltig as fehler:
        return _fehlt(request, indikator_id, fehler)
    angaben = _angaben(request, seite, a)
    response = render(
        request,
        "web/einbetten.html",
        {"seite": seite, "a": a, "angaben": angaben, "quellzeilen": ex.quellzeilen(a, angaben)[:-1]},
    )
    politik: str = settings.IMON_CSP
    response[CSP] = politik.replace("frame-ancestors 'none'", "frame-ancestors *")
    return response

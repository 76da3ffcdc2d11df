"""Open data on the site: the page `/opendaten/`, the files below it and the DCAT-AP.de catalogue.

The files are made by publish.opendata, the same functions a static export calls.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from integrationsmonitor.catalog import bezeichnungen as bz
from integrationsmonitor.publish import opendata
from integrationsmonitor.publish.datenstand import datenstand_kennung
from integrationsmonitor.publish.dcat import dcat_datei
from integrationsmonitor.store.katalog import aktueller_katalog
from integrationsmonitor.store.selectors import DbQuelle

from .api import basis_url, fehler, mit_datenstand
from .karte import kreisart, verbaende_titel

FORMAT_NAMEN: dict[str, str | Promise] = {
    "csv": "CSV",
    "excel.csv": _("CSV für Excel"),
    "xlsx": "XLSX",
    "json": "JSON",
}


def seite(request: HttpRequest) -> HttpResponse:
    k = aktueller_katalog()
    zeilen = [
        (e, [(pfad, FORMAT_NAMEN[endung]) for pfad, endung in e.dateien])
        for e in opendata.verzeichnis(k, DbQuelle(k))
    ]
    context = {
        "indikatoren": [z for z in zeilen if z[0].art == "indikatoren"],
        "datensaetze": [z for z in zeilen if z[0].art == "datensaetze"],
        "lizenz_name": opendata.LIZENZ_NAME,
        "lizenz_url": opendata.LIZENZ_URL,
        # the county's kinds of area as the page names them ("Landkreis", "Verbandsgemeinden und …")
        "kreis_titel": kreisart(k),
        "verbaende_titel": verbaende_titel(k),
        "standard_gebiete": k.kreis.typ == "Landkreis" and bz.verbaende(k) == "Ämter und amtsfreie Gemeinden",
    }
    return render(request, "web/opendaten.html", context)


def _antwort(datei: opendata.Datei) -> HttpResponse:
    response = HttpResponse(datei.inhalt, content_type=datei.medientyp)
    response.headers["Access-Control-Allow-Origin"] = "*"
    if datei.pfad.endswith(".csv"):  # CSVW: where the metadata of this table are
        csvw = datei.pfad.rsplit("/", 1)[-1].split(".", 1)[0] + "." + opendata.CSVW
        response.headers["Link"] = f'<{csvw}>; rel="describedby"; type="application/csvm+json"'
    return response


class Zwischenspeicher:
    """The files served last, keyed with the data status: a large table is made once per delivery, not
    once per download. Bounded by the total size (least recently used files go first); thread-safe."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self._dateien: OrderedDict[tuple[str, ...], opendata.Datei] = OrderedDict()
        self._lock = threading.Lock()

    def hole(
        self, schluessel: tuple[str, ...], erzeugen: Callable[[], opendata.Datei | None]
    ) -> opendata.Datei | None:
        with self._lock:
            if (gefunden := self._dateien.get(schluessel)) is not None:
                self._dateien.move_to_end(schluessel)
                return gefunden
        neu = erzeugen()  # outside the lock: other downloads need not wait
        if neu is None or len(neu.inhalt) > self.budget // 2:
            return neu
        with self._lock:
            self._dateien[schluessel] = neu
            while sum(len(d.inhalt) for d in self._dateien.values()) > self.budget:
                self._dateien.popitem(last=False)
        return neu


DATEIEN = Zwischenspeicher(64 * 1024 * 1024)


@mit_datenstand
def datei(request: HttpRequest, art: str, name: str) -> HttpResponse:
    k = aktueller_katalog()
    basis = basis_url(request)
    schluessel = (datenstand_kennung(k)[0], basis, art, name)
    ergebnis = DATEIEN.hole(schluessel, lambda: opendata.datei(k, DbQuelle(k), art, name, basis))
    if ergebnis is None:
        return fehler(404, f"Die Datei {art}/{name} gibt es nicht. Alle Dateien nennt die Seite /opendaten/.")
    return _antwort(ergebnis)


@mit_datenstand
def dcat(request: HttpRequest) -> HttpResponse:
    k = aktueller_katalog()
    return _antwort(dcat_datei(k, DbQuelle(k), basis_url(request)))


urlpatterns = [
    path("", seite, name="opendaten"),
    path("dcat.jsonld", dcat, name="opendaten_dcat"),
    path("indikatoren/<str:name>", datei, {"art": "indikatoren"}, name="opendaten_indikator"),
    path("datensaetze/<str:name>", datei, {"art": "datensaetze"}, name="opendaten_datensatz"),
]

"""The figures of a FactSheet issue as downloads, like those of an indicator page (web.abbildungen).

A FactSheet figure (publish.abbildung.Abbildung) carries its table as printed text ("8,2 %", "14.933",
"."); the download reads the numbers back from that text, so the files hold exactly what the issue shows
(rebuilt from the delivery versions it used, publish.services.factsheet_der_ausgabe).
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

from django.urls import reverse

from integrationsmonitor.publish import abbildung as pa

from .abbildungen import Abbildung, Leiste
from .tabelle import Tabelle, Zeile, Zelle

_ZAHL = re.compile(r"^([\u2212-])?(\d{1,3}(?:\.\d{3})*|\d+)(?:,(\d+))?(?: %| ‰)?$")


def zelle(text: str) -> Zelle:
    """A printed cell as a table cell with its number ("8,2 %" → 8.2 with 1 decimal; "." stays missing)."""
    m = _ZAHL.match(text.strip())
    if m is None:
        return Zelle(text)
    zahl = float(m.group(2).replace(".", "") + (f".{m.group(3)}" if m.group(3) else ""))
    return Zelle(text, zahl=-zahl if m.group(1) else zahl, stellen=len(m.group(3) or ""))


def abbildung(a: pa.Abbildung) -> Abbildung:
    kopf = a.tabelle.kopf
    zeilen = [Zeile(z[0], [zelle(t) for t in z[1:]]) for z in a.tabelle.zeilen]
    noten = [(1, "; ".join(a.fussnoten))] if a.fussnoten else []
    tab = Tabelle(f"{a.titel}: Zahlen", kopf[0] if kopf else "", list(kopf[1:]), zeilen, noten, [])
    return Abbildung(a.id, a.titel, tab, a.svg, a.alternativtext, f"abb-{a.id}")


def leiste(zeitraum: str, auflage: int, a: pa.Abbildung, basis: str) -> Leiste:
    """The files of one figure and the link to it on the issue's page (no embed page for a FactSheet)."""
    q = urlencode({"auflage": auflage})

    def datei(endung: str) -> str:
        return reverse("factsheet_abbildung", args=[zeitraum, a.id, endung]) + "?" + q

    seite = reverse("factsheet", args=[zeitraum])
    link = f"{basis}{seite}?{q}#abb-{a.id}"
    return Leiste(datei("csv"), datei("xlsx"), datei("svg"), datei("png"), link, "", "")

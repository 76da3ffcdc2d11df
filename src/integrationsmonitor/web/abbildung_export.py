"""The files of one figure: its figures as CSV and XLSX, its picture as SVG and PNG, each with its source.

The data files hold exactly the table the page shows: the same rows and columns with German headers, the
numbers as shown (rounded as printed), "." where the page shows "." (a secret cell or a missing delivery,
reason in the notes) and the flags p, s, r after the number. They are written like the open data's files
for people (`formats.tabellen_export`): the CSV as "CSV für Excel" (UTF-8 with BOM, `;`, decimal comma,
CRLF) through the formula-safe writer, the XLSX with the sheets "Daten" and "Metadaten" by
`formats.xlsx_schreiben` (no openpyxl at run time). The CSV has its notes (title, unit, source, data
status, licence, web address) below the table after one empty line.

The picture is the page's SVG set in a frame with title, legend (maps) and source lines; the PNG is that
SVG rasterised by resvg (`vl_convert.svg_to_png`) with the charts' fonts, at twice the size.
"""

from __future__ import annotations

import functools
import io
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from integrationsmonitor.formats.csv_sicher import schreiber
from integrationsmonitor.formats.xlsx_schreiben import Blatt, xlsx
from integrationsmonitor.publish import charts
from integrationsmonitor.publish import opendata as od

from .abbildungen import Abbildung
from .tabelle import Tabelle, Zelle

BGBKG = "© GeoBasis-DE / BKG 2021 (Daten verändert), https://www.bkg.bund.de"


@dataclass(frozen=True)
class Angaben:
    """What the notes say besides the table."""

    einheit: str  # German word
    quelle: str  # offices and datasets
    datenstand: str  # German date of the newest delivery behind the figures ("" if none)
    demo: bool
    herausgeber: str  # the county
    url: str  # permalink of the page


def _mehrere_gruende(t: Tabelle) -> bool:
    return len(t.fussnoten) > 1


def _fehlt(z: Zelle, t: Tabelle) -> str:
    return f". ({z.fussnote})" if _mehrere_gruende(t) else "."


def _zahl_text(z: Zelle) -> str:
    assert z.zahl is not None
    return format(z.zahl, f".{z.stellen}f").replace(".", ",")


def csv_zelle(z: Zelle, t: Tabelle) -> str:
    if z.fehlt:
        return _fehlt(z, t)
    if z.zahl is None:
        return "" if z.text == "–" else z.text
    return _zahl_text(z) + (f" {z.kennzeichen}" if z.kennzeichen else "")


def xlsx_zelle(z: Zelle, t: Tabelle) -> str | float | None:
    if z.fehlt:
        return _fehlt(z, t)
    if z.zahl is None:
        return None if z.text == "–" else z.text
    if z.kennzeichen:
        return f"{_zahl_text(z)} {z.kennzeichen}"
    return int(z.zahl) if z.stellen == 0 else z.zahl


def metadaten(a: Abbildung, angaben: Angaben) -> list[tuple[str, str]]:
    t = a.tabelle
    zeilen = [("Titel", a.titel)]
    if angaben.einheit:
        zeilen.append(("Einheit", angaben.einheit))
    zeilen.append(("Quelle", angaben.quelle))
    if t.fussnoten:
        gruende = "; ".join(f"({n}) {g}" if _mehrere_gruende(t) else g for n, g in t.fussnoten)
        zeilen.append(("„.“ = kein Zahlenwert", gruende))
    if t.kennzeichen:
        zeilen.append(("Kennzeichen", "; ".join(f"{z} = {w}" for z, w in t.kennzeichen)))
    if a.karte:
        zeilen.append(("Gebietsgrenzen", BGBKG))
    zeilen.append(("Datenstand (letzte Lieferung eingegangen)", angaben.datenstand or "–"))
    if angaben.demo:
        zeilen.append(("Achtung", od.DEMO_HINWEIS))
    zeilen += [
        ("Herausgeber", angaben.herausgeber),
        ("Lizenz", f"{od.LIZENZ_NAME}, {od.LIZENZ_URL}"),
        ("Webseite", angaben.url),
    ]
    return zeilen


def kopf(t: Tabelle) -> list[str]:
    return [t.erste_spalte, *t.spalten]


def als_csv(a: Abbildung, angaben: Angaben) -> bytes:
    t = a.tabelle
    puffer = io.StringIO()
    w = schreiber(puffer, delimiter=";", lineterminator="\r\n")
    w.writerow(kopf(t))
    for zeile in t.zeilen:
        w.writerow([zeile.kopf, *(csv_zelle(z, t) for z in zeile.zellen)])
    w.writerow([])
    for bezeichnung, wert in metadaten(a, angaben):
        w.writerow([f"{bezeichnung}: {wert}"])
    return b"\xef\xbb\xbf" + puffer.getvalue().encode("utf-8")


def als_xlsx(a: Abbildung, angaben: Angaben) -> bytes:
    t = a.tabelle
    daten: list[list[str | float | None]] = [list(kopf(t))]
    daten += [[zeile.kopf, *(xlsx_zelle(z, t) for z in zeile.zellen)] for zeile in t.zeilen]
    meta: list[list[str | float | None]] = [["Angabe", "Inhalt"]]
    meta += [[b, w] for b, w in metadaten(a, angaben)]
    return xlsx([Blatt("Daten", daten), Blatt("Metadaten", meta)], titel=a.titel, autor=angaben.herausgeber)


_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>\s*")
_WURZEL = re.compile(r"<svg\b[^>]*>")
_VIEWBOX = re.compile(r'viewBox="\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+([\d.]+)\s*"')
_MASS = re.compile(r'\s(width|height)="[^"]*"')

RAND = 12
ZEILE = 15
SCHRIFTGROESSE = 11


def _groesse(svg: str) -> tuple[float, float]:
    wurzel = _WURZEL.search(svg)
    if wurzel is None:
        raise ValueError("Das Bild hat kein <svg>-Element.")
    if m := _VIEWBOX.search(wurzel.group(0)):
        return float(m.group(1)), float(m.group(2))
    masse = dict(re.findall(r'\s(width|height)="([\d.]+)"', wurzel.group(0)))
    return float(masse.get("width", 600)), float(masse.get("height", 400))


def _eingesetzt(svg: str, x: float, y: float, breite: float, hoehe: float) -> str:
    """The SVG as a nested element at (x, y) with a fixed size."""
    svg = _XML_DECL.sub("", svg)
    wurzel = _WURZEL.search(svg)
    assert wurzel is not None
    tag = _MASS.sub("", wurzel.group(0)[:-1])
    tag += f' x="{x:g}" y="{y:g}" width="{breite:g}" height="{hoehe:g}">'
    return svg[: wurzel.start()] + tag + svg[wurzel.end() :]


def _text(x: float, y: float, inhalt: str, *, fett: bool = False, groesse: int = SCHRIFTGROESSE) -> str:
    gewicht = ' font-weight="bold"' if fett else ""
    return (
        f'<text x="{x:g}" y="{y:g}" font-family="{charts.SCHRIFT}, sans-serif" font-size="{groesse}"'
        f' fill="#1a1a1a"{gewicht}>{escape(inhalt, quote=False)}</text>'
    )


def _umbrochen(text: str, breite: float, groesse: int = SCHRIFTGROESSE) -> list[str]:
    return textwrap.wrap(text, max(20, int(breite / (groesse * 0.6)))) or [""]


def als_svg(a: Abbildung, quellzeilen: Sequence[str]) -> str:
    """A standalone SVG file: the picture (a map with its title and legend) and the source lines."""
    breite, hoehe = _groesse(a.svg)
    breite = max(breite, 320.0)
    teile: list[str] = []
    y = float(RAND)
    if a.karte:  # a chart brings its title
        for zeile in _umbrochen(a.titel, breite - 2 * RAND, 14):
            y += 17
            teile.append(_text(RAND, y, zeile, fett=True, groesse=14))
        y += 8
    teile.append(_eingesetzt(a.svg, 0, y, *_groesse(a.svg)))
    y += hoehe + 6
    for feld in a.legende:
        teile.append(_eingesetzt(feld.farbfeld, RAND, y, 24, 16))  # its ids are unique already
        teile.append(_text(RAND + 32, y + 12, f"{feld.text} ({feld.anzahl})"))
        y += 20
    y += 4
    for quelle in quellzeilen:
        for zeile in _umbrochen(quelle, breite - 2 * RAND):
            y += ZEILE
            teile.append(_text(RAND, y, zeile))
    gesamt = y + RAND
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{breite:g}" height="{gesamt:g}"'
        f' viewBox="0 0 {breite:g} {gesamt:g}" role="img" aria-labelledby="datei-titel datei-text">'
        f'<title id="datei-titel">{escape(a.titel, quote=False)}</title>'
        f'<desc id="datei-text">{escape(a.beschreibung, quote=False)}</desc>'
        f'<rect width="100%" height="100%" fill="#ffffff"/>'
        f"{''.join(teile)}"
        "</svg>\n"
    )


@functools.cache
def _schriften() -> None:
    """The charts' fonts (DejaVu Sans, shipped) for resvg, once per process."""
    import vl_convert

    if charts.SCHRIFT_VERZEICHNIS.is_dir():
        vl_convert.register_font_directory(str(charts.SCHRIFT_VERZEICHNIS))


@functools.lru_cache(maxsize=16)  # rasterising takes up to a second; a PNG is at most about 1 MB
def als_png(svg: str) -> bytes:
    import vl_convert

    _schriften()
    return bytes(vl_convert.svg_to_png(svg, scale=2))


def quellzeilen(a: Abbildung, angaben: Angaben) -> list[str]:
    zeilen = [f"Quelle: {angaben.quelle.rstrip('.')}."]
    if angaben.datenstand:
        zeilen.append(f"Datenstand: {angaben.datenstand}. {angaben.herausgeber}, Integrationsmonitor.")
    if a.karte:
        zeilen.append(f"Gebietsgrenzen: {BGBKG}.")
    zeilen.append(angaben.url)
    return zeilen

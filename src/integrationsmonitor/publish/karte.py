"""Choropleth maps of a county's Gemeinden or Ämter as server-side SVG (pure, no Django).

Geometries: BKG VG5000 (01.01.2021): ``karte.geojson`` of the catalogue directory (`imon kreis-anlegen`),
else the shipped ``catalog/data/geo/<AGS>.geojson`` (origin, licence and changes in its README). WGS84 is projected equirectangularly with the cosine of the
county's middle latitude, which is true enough for an area of a Kreis. Values are grouped in at most five
classes (quantiles, bounds rounded as the unit is printed) on a sequential, colour-blind safe scale; areas
without a value (not delivered, secret) are hatched and named in the legend. Every area carries its name and
value in a ``<title>``; the SVG is ``role="img"`` with a text alternative, and the page shows the figures as
a table. Text is German in every interface language, like the charts (``publish.charts``).
"""

from __future__ import annotations

import functools
import html
import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from integrationsmonitor.catalog.kartendatei import KATALOG_KARTE, KartenFehler, lies_karte
from integrationsmonitor.publish import formatting as fmt

log = logging.getLogger(__name__)

GEO_VERZEICHNIS = Path(__file__).resolve().parent.parent / "catalog" / "data" / "geo"
NAMENSNENNUNG = "© GeoBasis-DE / BKG 2021 (Daten verändert)"
NAMENSNENNUNG_URL = "https://www.bkg.bund.de"
BREITE = 600  # width of the viewBox; the height follows the county's shape
RAND = 4

# ColorBrewer "Blues" (sequential, single hue: readable with every colour-vision deficiency and in greyscale),
# from light to dark. The outlines are dark grey, ≥ 3:1 against the four lighter classes; the darkest class
# is bordered by lighter neighbours or the white page.
FARBEN = ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c")
KONTUR = "#3b3b3b"
KREIS_KONTUR = "#000000"
VERBAENDE = "Ämtern und amtsfreien Gemeinden"  # the default county's Verbände, dative (catalog.bezeichnungen)
OHNE_WERT = "keine Angabe"  # legend of hatched areas, followed by the reason: "keine Angabe: geheim gehalten"
SCHRAFFUR_LINIE = "#6b6b6b"

Punkt = tuple[float, float]
Ring = list[Punkt]


@dataclass(frozen=True)
class Flaeche:
    code: str
    name: str
    ebene: str  # kreis, verband, gemeinde
    polygone: tuple[tuple[Ring, ...], ...]  # WGS84 (lon, lat): polygons of rings, the first ring the outline


@dataclass(frozen=True)
class Geometrie:
    """The areas of one county, with the projection to the SVG plane."""

    flaechen: tuple[Flaeche, ...]

    def ebene(self, ebene: str) -> list[Flaeche]:
        return [f for f in self.flaechen if f.ebene == ebene]

    @functools.cached_property
    def _rahmen(self) -> tuple[float, float, float, float]:
        punkte = [p for f in self.flaechen for poly in f.polygone for ring in poly for p in ring]
        lons = [p[0] for p in punkte]
        lats = [p[1] for p in punkte]
        return min(lons), min(lats), max(lons), max(lats)

    @functools.cached_property
    def _faktoren(self) -> tuple[float, float]:
        """(cos of the middle latitude, scale to BREITE)."""
        lon0, lat0, lon1, lat1 = self._rahmen
        kos = math.cos(math.radians((lat0 + lat1) / 2))
        return kos, (BREITE - 2 * RAND) / ((lon1 - lon0) * kos)

    def projiziere(self, lon: float, lat: float) -> Punkt:
        """WGS84 → SVG plane (x to the east, y down), origin at the north-west corner of the county."""
        lon0, _lat0, _lon1, lat1 = self._rahmen
        kos, skala = self._faktoren
        return RAND + (lon - lon0) * kos * skala, RAND + (lat1 - lat) * skala

    @property
    def hoehe(self) -> float:
        _lon0, lat0, _lon1, _lat1 = self._rahmen
        return math.ceil(self.projiziere(self._rahmen[0], lat0)[1] + RAND)

    def pfad(self, flaeche: Flaeche) -> str:
        """SVG path data of an area: one closed subpath per ring (holes are drawn with fill-rule evenodd)."""
        teile = []
        for poly in flaeche.polygone:
            for ring in poly:
                punkte = [self.projiziere(lon, lat) for lon, lat in ring]
                if punkte and punkte[0] == punkte[-1]:
                    punkte = punkte[:-1]
                if len(punkte) < 3:
                    continue
                teile.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in punkte) + "Z")
        return "".join(teile)


def geometrie_datei(kreis: str, verzeichnis: str = "") -> Path | None:
    """The catalogue's own `karte.geojson` when it has one, else the shipped file of the Kreis, else None."""
    if verzeichnis and (eigene := Path(verzeichnis) / KATALOG_KARTE).is_file():
        return eigene
    datei = GEO_VERZEICHNIS / f"{kreis}.geojson"
    return datei if datei.is_file() else None


def geometrie(kreis: str, verzeichnis: str = "") -> Geometrie | None:
    """The areas of the Kreis with this AGS from its catalogue directory `verzeichnis` (its
    `karte.geojson`) or from the shipped files; None when there is no geometry for it, or when the file
    is broken (`kartenfehler` says why; the catalogue loader refuses such a file, so this only happens
    when it was changed after the catalogue was loaded): pages then show no map instead of failing."""
    return _geometrie_und_fehler(kreis, verzeichnis)[0]


def kartenfehler(kreis: str, verzeichnis: str = "") -> str:
    """Why `geometrie` gave no map although there is a map file ("" when it is fine or absent)."""
    return _geometrie_und_fehler(kreis, verzeichnis)[1]


@functools.cache
def _geometrie_und_fehler(kreis: str, verzeichnis: str) -> tuple[Geometrie | None, str]:
    datei = geometrie_datei(kreis, verzeichnis)
    if datei is None:
        return None, ""
    try:
        flaechen = lies_karte(datei, kreis)
    except KartenFehler as exc:
        log.warning("Karte nicht gezeichnet: %s", exc)
        return None, str(exc)
    return Geometrie(tuple(Flaeche(f.code, f.name, f.ebene, f.polygone) for f in flaechen)), ""


# --- classes -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Klasse:
    von: float  # inclusive
    bis: float  # exclusive, except in the last class
    farbe: str
    text: str  # "8,2 bis unter 10,0 %"


def _gerundet(x: float, einheit: str) -> float:
    stellen = fmt.EINHEITEN.get(einheit, (1, ""))[0]
    return float(fmt.runden(Decimal(repr(x)), stellen))


def klassen(werte: Sequence[float], einheit: str, anzahl: int = 5) -> list[Klasse]:
    """At most `anzahl` classes with about equally many values (quantiles), bounds rounded as printed.

    Every value falls in exactly one class (``klasse_von``); no class is empty; the first class starts at the
    smallest value, the last ends at the largest. Labels: "a bis unter b", the last "a bis b"."""
    if not werte:
        return []
    sortiert = sorted(_gerundet(w, einheit) for w in werte)
    grenzen = [sortiert[0]]
    for i in range(1, anzahl):
        g = sortiert[min(len(sortiert) - 1, math.floor(i * len(sortiert) / anzahl))]
        if g > grenzen[-1]:
            grenzen.append(g)
    oben = sortiert[-1]  # every bound is one of the values, so no class is empty
    farben = _farben(len(grenzen))
    out = []
    for i, von in enumerate(grenzen):
        letzte = i == len(grenzen) - 1
        bis = oben if letzte else grenzen[i + 1]
        if letzte:
            text = (
                fmt.wert(von, einheit)
                if von == bis
                else f"{_zahl(von, einheit)} bis {fmt.wert(bis, einheit)}"
            )
        else:
            text = f"{_zahl(von, einheit)} bis unter {fmt.wert(bis, einheit)}"
        out.append(Klasse(von, bis, farben[i], text))
    return out


def _zahl(x: float, einheit: str) -> str:
    return fmt.zahl(x, fmt.EINHEITEN.get(einheit, (1, ""))[0])


def _farben(n: int) -> list[str]:
    """n colours spread over the scale, always including its lightest and darkest."""
    if n == 1:
        return [FARBEN[2]]
    return [FARBEN[round(i * (len(FARBEN) - 1) / (n - 1))] for i in range(n)]


def klasse_von(wert: float, klassen_: Sequence[Klasse], einheit: str) -> Klasse:
    w = _gerundet(wert, einheit)
    for k in reversed(klassen_):
        if w >= k.von:
            return k
    return klassen_[0]


# --- the map ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Gebietswert:
    code: str
    name: str
    wert: float | None  # None: not delivered or secret (".")
    grund: str = ""  # why the value is missing


@dataclass(frozen=True)
class Legendeneintrag:
    farbe: str  # "" for areas without a value (hatched)
    text: str
    anzahl: int  # how many areas


@dataclass(frozen=True)
class Karte:
    svg: str
    beschreibung: str  # the text alternative (aria-label), also for the caption
    legende: list[Legendeneintrag]
    fehlende_flaechen: list[str]  # codes of values without geometry (not drawn; they stay in the table)


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def karte(
    geo: Geometrie,
    ebene: str,
    werte: Sequence[Gebietswert],
    *,
    titel: str,
    einheit: str,
    id_: str,
    verbaende: str = VERBAENDE,
) -> Karte:
    """The choropleth of `werte` on the areas of `ebene`; `id_` makes the SVG's ids unique on a page;
    `verbaende` names the county's Verbände in the dative (catalog.bezeichnungen.verbaenden)."""
    flaechen = {f.code: f for f in geo.ebene(ebene)}
    vorhanden = [w for w in werte if w.code in flaechen]
    mit_wert = [w for w in vorhanden if w.wert is not None]
    kl = klassen([w.wert for w in mit_wert if w.wert is not None], einheit)
    muster = f"{id_}-ohne-wert"
    hoehe = geo.hoehe
    zeilen = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {BREITE} {hoehe}" width="100%"'
        f' preserveAspectRatio="xMidYMid meet" role="img" aria-label="{{beschreibung}}" class="landkarte-svg">',
        f"<title>{_e(titel)}</title>",
        f'<defs><pattern id="{_e(muster)}" patternUnits="userSpaceOnUse" width="6" height="6"'
        ' patternTransform="rotate(45)">'
        f'<rect width="6" height="6" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="6"'
        f' stroke="{SCHRAFFUR_LINIE}" stroke-width="2"/></pattern></defs>',
        '<g stroke-linejoin="round" fill-rule="evenodd">',
    ]
    zaehler: dict[str, int] = {}
    ohne: dict[str, int] = {}  # reason → areas without a value
    for w in sorted(vorhanden, key=lambda w: w.code):
        f = flaechen[w.code]
        if w.wert is None:
            fuellung = f"url(#{muster})"
            text = f"{w.name}: keine Angabe" + (f" ({w.grund})" if w.grund else "")
            ohne[w.grund] = ohne.get(w.grund, 0) + 1
        else:
            k = klasse_von(w.wert, kl, einheit)
            fuellung = k.farbe
            text = f"{w.name}: {fmt.wert(w.wert, einheit)}"
            zaehler[k.farbe] = zaehler.get(k.farbe, 0) + 1
        zeilen.append(
            f'<path d="{geo.pfad(f)}" fill="{_e(fuellung)}" stroke="{KONTUR}" stroke-width="0.8"'
            f' data-code="{_e(w.code)}"><title>{_e(text)}</title></path>'
        )
    zeilen.append("</g>")
    for f in geo.ebene("kreis"):
        zeilen.append(f'<path d="{geo.pfad(f)}" fill="none" stroke="{KREIS_KONTUR}" stroke-width="1.6"/>')
    zeilen.append("</svg>")
    legende = [Legendeneintrag(k.farbe, k.text, zaehler.get(k.farbe, 0)) for k in kl]
    legende += [
        Legendeneintrag("", f"{OHNE_WERT}: {grund}" if grund else OHNE_WERT, n)
        for grund, n in sorted(ohne.items())
    ]
    beschreibung = _beschreibung(titel, mit_wert, len(vorhanden), einheit, ebene, verbaende)
    svg = "\n".join(zeilen).replace("{beschreibung}", _e(beschreibung), 1)
    return Karte(svg, beschreibung, legende, [w.code for w in werte if w.code not in flaechen])


def _beschreibung(
    titel: str, mit_wert: Sequence[Gebietswert], alle: int, einheit: str, ebene: str, verbaende: str
) -> str:
    art = "Gemeinden" if ebene == "gemeinde" else verbaende
    teile = [f"Karte: {titel}."]
    if mit_wert:
        hoch = max(mit_wert, key=lambda w: (w.wert, w.name))
        tief = min(mit_wert, key=lambda w: (w.wert, w.name))
        teile.append(
            f"Höchster Wert: {hoch.name} ({fmt.wert(hoch.wert, einheit)}),"
            f" niedrigster: {tief.name} ({fmt.wert(tief.wert, einheit)})."
        )
    ohne = alle - len(mit_wert)
    if ohne:
        teile.append(f"Für {ohne} von {alle} {art} gibt es keine Angabe.")
    return " ".join(teile)


def farbfeld(farbe: str, id_: str) -> str:
    """A small legend swatch as SVG (colour by attribute: the CSP forbids inline styles)."""
    if farbe:
        inhalt = f'<rect x="0.5" y="0.5" width="23" height="15" fill="{_e(farbe)}" stroke="{KONTUR}"/>'
    else:
        inhalt = (
            f'<defs><pattern id="{_e(id_)}" patternUnits="userSpaceOnUse" width="6" height="6"'
            ' patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
            f'<line x1="0" y1="0" x2="0" y2="6" stroke="{SCHRAFFUR_LINIE}" stroke-width="2"/></pattern></defs>'
            f'<rect x="0.5" y="0.5" width="23" height="15" fill="url(#{_e(id_)})" stroke="{KONTUR}"/>'
        )
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="24" height="16" viewBox="0 0 24 16"'
        f' aria-hidden="true" focusable="false" class="farbfeld">{inhalt}</svg>'
    )

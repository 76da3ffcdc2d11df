"""Germany's Kreise, Gemeindeverbände and Gemeinden from BKG VG5000 (pure, no Django).

Reads the gzip-compressed GeoJSON files in ``data/geo/deutschland/`` (origin, licence and changes in their
README) for `imon kreis-anlegen` (`catalog.anlegen`): find a Kreis by its AGS, list its Gemeinden with their
Verband, and cut out its areas for the map.
"""

from __future__ import annotations

import difflib
import functools
import gzip
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import KatalogFehler

DEUTSCHLAND = Path(__file__).parent / "data" / "geo" / "deutschland"

# Länder by the first two digits of the AGS, with the statistical office that publishes their official
# tables (GENESIS): the supplier `statistik` of a county's catalogue.
LAENDER: dict[str, tuple[str, str]] = {
    "01": ("Schleswig-Holstein", "Statistisches Amt für Hamburg und Schleswig-Holstein"),
    "02": ("Hamburg", "Statistisches Amt für Hamburg und Schleswig-Holstein"),
    "03": ("Niedersachsen", "Landesamt für Statistik Niedersachsen"),
    "04": ("Bremen", "Statistisches Landesamt Bremen"),
    "05": ("Nordrhein-Westfalen", "Information und Technik Nordrhein-Westfalen (IT.NRW)"),
    "06": ("Hessen", "Hessisches Statistisches Landesamt"),
    "07": ("Rheinland-Pfalz", "Statistisches Landesamt Rheinland-Pfalz"),
    "08": ("Baden-Württemberg", "Statistisches Landesamt Baden-Württemberg"),
    "09": ("Bayern", "Bayerisches Landesamt für Statistik"),
    "10": ("Saarland", "Statistisches Amt Saarland"),
    "11": ("Berlin", "Amt für Statistik Berlin-Brandenburg"),
    "12": ("Brandenburg", "Amt für Statistik Berlin-Brandenburg"),
    "13": ("Mecklenburg-Vorpommern", "Statistisches Amt Mecklenburg-Vorpommern"),
    "14": ("Sachsen", "Statistisches Landesamt des Freistaates Sachsen"),
    "15": ("Sachsen-Anhalt", "Statistisches Landesamt Sachsen-Anhalt"),
    "16": ("Thüringen", "Thüringer Landesamt für Statistik"),
}

KREISFREI = ("Kreisfreie Stadt", "Stadtkreis")
STADTSTAATEN = ("02", "11")  # Hamburg and Berlin: Land, Kreis and Gemeinde at once
GEMEINDEFREI = "Gemeindefreies Gebiet"  # forests and lakes without inhabitants: no Gemeinde of the catalogue

# VG5000 BEZ of a Verband → the catalogue's verband_typ (catalog.loader._gebiete): a Verband of several
# Gemeinden keeps its noun; a Gemeinde that is its own Verband is "amtsfreie Gemeinde" & Co. (lower case, as
# in the LDS Gemeindeverzeichnis).
VERBAND_TYPEN = {
    "Amt": "Amt",
    "Verbandsgemeinde": "Verbandsgemeinde",
    "Samtgemeinde": "Samtgemeinde",
    "Verwaltungsgemeinschaft": "Verwaltungsgemeinschaft",
    "Verwaltungsverband": "Verwaltungsverband",
    "Erfüllende Gemeinde": "erfüllende Gemeinde",  # Thüringen: one Gemeinde serves its neighbours
    "Amtsfreie Gemeinde": "amtsfreie Gemeinde",
    "Verbandsfreie Gemeinde": "verbandsfreie Gemeinde",
    "Gemeinschaftsfreie Gemeinde": "gemeinschaftsfreie Gemeinde",
    "Einheitsgemeinde": "Einheitsgemeinde",
}


@dataclass(frozen=True)
class Kreis:
    ags: str
    gen: str  # "Ahrweiler"
    bez: str  # "Landkreis", "Kreis", "Kreisfreie Stadt", "Stadtkreis"

    @property
    def land(self) -> str:
        return LAENDER[self.ags[:2]][0]

    @property
    def statistikamt(self) -> str:
        return LAENDER[self.ags[:2]][1]

    @property
    def kreisfrei(self) -> bool:
        return self.bez in KREISFREI

    @property
    def name(self) -> str:
        """The official name: "Landkreis Ahrweiler", "Kreisfreie Stadt Düsseldorf", "Region Hannover"."""
        if (
            self.ags[:2] in STADTSTAATEN
            or self.gen.startswith(("Region", "Städteregion", "Regionalverband"))
            or "kreis"
            in self.gen.casefold()  # "Rhein-Sieg-Kreis", "Märkischer Kreis", "Eifelkreis Bitburg-Prüm"
        ):
            return self.gen
        return f"{self.bez} {self.gen}"


@dataclass(frozen=True)
class GemeindeZeile:
    """One row of a catalogue's gemeinden.csv."""

    ags: str
    ars: str
    gemeinde: str
    verband_ars9: str
    verband_name: str
    verband_typ: str


@functools.cache
def _features(datei: str) -> tuple[dict[str, Any], ...]:
    pfad = DEUTSCHLAND / f"{datei}.geojson.gz"
    try:
        with gzip.open(pfad, "rt", encoding="utf-8") as fh:
            return tuple(json.load(fh)["features"])
    except (OSError, ValueError, KeyError) as exc:
        raise KatalogFehler([f"{pfad}: Gebietsdaten nicht lesbar ({exc})"]) from None


def _kreise() -> dict[str, Kreis]:
    return {
        str(p["AGS"]): Kreis(str(p["AGS"]), str(p["GEN"]), str(p["BEZ"]))
        for p in (f["properties"] for f in _features("kreise"))
    }


def _vorschlaege(text: str, kreise: dict[str, Kreis]) -> str:
    namen = {k.name: k for k in kreise.values()} | {k.gen: k for k in kreise.values()}
    treffer = difflib.get_close_matches(text, list(namen), n=5, cutoff=0.6)
    treffer += [n for n in namen if text.lower() in n.lower() and n not in treffer]
    gefunden = list(dict.fromkeys(namen[n] for n in treffer))[:5]
    if not gefunden:
        return ""
    return " Meinten Sie: " + "; ".join(f"{k.ags} {k.name}" for k in gefunden) + "?"


def finde_kreis(eingabe: str) -> Kreis:
    """The Kreis of a 5-digit AGS (or the 8-digit AGS of a kreisfreie Stadt); German message otherwise."""
    text = eingabe.strip()
    kreise = _kreise()
    if not text.isdigit():
        raise KatalogFehler(
            [
                f"„{text}“ ist kein Kreisschlüssel: erwartet ist der 5-stellige AGS des Kreises, z. B. 07131 für "
                f"den Landkreis Ahrweiler.{_vorschlaege(text, kreise)}"
            ]
        )
    if len(text) == 8:
        kreis = kreise.get(text[:5])
        if kreis is not None and (kreis.kreisfrei or kreis.ags[:2] in STADTSTAATEN) and text.endswith("000"):
            return kreis
        gemeinde = next((p for p in gemeinden_roh() if p["AGS"] == text), None)
        if gemeinde is not None and kreis is not None:
            raise KatalogFehler(
                [
                    f"{text} ist die Gemeinde {gemeinde['GEN']} im {kreis.name}; angelegt wird ein ganzer Kreis: "
                    f"imon kreis-anlegen {kreis.ags}"
                ]
            )
        raise KatalogFehler([f"{text}: keine Gemeinde dieses Schlüssels (Gebietsstand 01.01.2021)"])
    if len(text) != 5:
        raise KatalogFehler(
            [
                f"„{text}“ hat {len(text)} Stellen: erwartet ist der 5-stellige AGS des Kreises (z. B. 07131) "
                "oder der 8-stellige einer kreisfreien Stadt (z. B. 05111000)"
            ]
        )
    kreis = kreise.get(text)
    if kreis is None:
        land = LAENDER.get(text[:2])
        nummer = int(text)
        nahe = sorted(
            (k for k in kreise.values() if k.ags[:2] == text[:2]), key=lambda k: abs(int(k.ags) - nummer)
        )
        hinweis = (
            f" Nahe Schlüssel in {land[0]}: {', '.join(f'{k.ags} {k.name}' for k in sorted(nahe[:5], key=lambda k: k.ags))}"
            if land
            else " Die ersten beiden Stellen sind das Land (01 Schleswig-Holstein … 16 Thüringen)."
        )
        raise KatalogFehler(
            [
                f"{text}: kein Kreis und keine kreisfreie Stadt dieses Schlüssels "
                f"(Gebietsstand 01.01.2021).{hinweis}"
            ]
        )
    return kreis


def gemeinden_roh() -> list[dict[str, Any]]:
    return [f["properties"] for f in _features("gemeinden")]


def gemeinden(kreis: Kreis) -> list[GemeindeZeile]:
    """The Gemeinden of a Kreis (without gemeindefreie Gebiete) with their Verband, sorted by AGS."""
    verbaende = {
        str(p["ARS"]): p
        for p in (f["properties"] for f in _features("verbaende"))
        if str(p["ARS"]).startswith(kreis.ags)
    }
    zeilen = []
    for p in gemeinden_roh():
        if not str(p["AGS"]).startswith(kreis.ags) or p["BEZ"] == GEMEINDEFREI:
            continue
        ars = str(p["ARS"])
        verband = verbaende[ars[:9]]
        zeilen.append(
            GemeindeZeile(
                ags=str(p["AGS"]),
                ars=ars,
                gemeinde=str(p["GEN"]),
                verband_ars9=ars[:9],
                verband_name=str(verband["GEN"]),
                verband_typ=VERBAND_TYPEN.get(str(verband["BEZ"]), str(verband["BEZ"])),
            )
        )
    return sorted(zeilen, key=lambda z: z.ags)


def karte(kreis: Kreis, zeilen: list[GemeindeZeile]) -> dict[str, Any]:
    """The map geometries of a Kreis (Kreis, Verbände, Gemeinden) as GeoJSON with `ebene`, `code`, GEN, BEZ."""
    codes = {z.ags for z in zeilen}
    verbaende = {z.verband_ars9 for z in zeilen}
    features = []
    for datei, ebene, schluessel, auswahl in (
        ("kreise", "kreis", "AGS", {kreis.ags}),
        ("verbaende", "verband", "ARS", verbaende),
        ("gemeinden", "gemeinde", "AGS", codes),
    ):
        for f in _features(datei):
            p = f["properties"]
            if p[schluessel] in auswahl:
                eigenschaften = {"ebene": ebene, "code": p[schluessel], "GEN": p["GEN"], "BEZ": p["BEZ"]}
                features.append({"type": "Feature", "properties": eigenschaften, "geometry": f["geometry"]})
    return {"type": "FeatureCollection", "features": features}

"""Read and check a catalogue's `karte.geojson` (the map areas, written by `imon kreis-anlegen`; pure).

The file comes from the catalogue directory, so it may be edited by hand, truncated or hostile. Everything
is checked before a map is drawn: size, JSON syntax (line and column), nesting depth, the GeoJSON structure
the maps use (a FeatureCollection of Polygon / MultiPolygon features with `code`, `GEN`, `ebene`), finite
coordinates in the WGS84 range and the number of points. Every problem is one German message naming the
file and the place; `catalog.loader` refuses such a catalogue and `publish.karte` draws no map from it.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

KATALOG_KARTE = "karte.geojson"
"""The map areas in a catalogue directory (written by `imon kreis-anlegen`)."""
MAX_BYTES = 50_000_000  # the largest VG5000 county is well below 1 MB
MAX_PUNKTE = 2_000_000  # points over all areas
MAX_TIEFE = 64  # brackets and braces open at once (a MultiPolygon needs 7)
EBENEN = ("kreis", "verband", "gemeinde")


class KartenFehler(Exception):
    """The map file cannot be used; the message names file, place and reason in German."""


@dataclass(frozen=True)
class Kartenflaeche:
    code: str
    name: str
    ebene: str
    polygone: tuple[tuple[list[tuple[float, float]], ...], ...]  # (lon, lat) rings; first ring the outline


def _stelle(text: str, pos: int) -> str:
    zeile = text.count("\n", 0, pos) + 1
    spalte = pos - (text.rfind("\n", 0, pos) + 1) + 1
    return f"Zeile {zeile}, Spalte {spalte}"


def _tiefe(text: str, datei: Path) -> None:
    """Refuse nesting deeper than MAX_TIEFE before parsing (brackets inside strings are skipped)."""
    tiefe = 0
    for m in re.finditer(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', text):
        z = m.group()
        if z in "[{":
            tiefe += 1
            if tiefe > MAX_TIEFE:
                raise KartenFehler(
                    f"{datei}, {_stelle(text, m.start())}: zu tief verschachtelt (mehr als {MAX_TIEFE} Ebenen)"
                )
        elif z in "]}":
            tiefe -= 1


class _Konstante(ValueError):
    pass


def _keine_konstante(name: str) -> Any:
    raise _Konstante(name)


def _json(text: str, datei: Path) -> Any:
    try:
        return json.loads(text, parse_constant=_keine_konstante)
    except json.JSONDecodeError as exc:
        raise KartenFehler(
            f"{datei}, {_stelle(text, exc.pos)}: kein gültiges JSON ({_grund(exc.msg)})"
        ) from None
    except _Konstante as exc:
        m = re.search(rf"(?<![\w\"]){re.escape(str(exc))}(?![\w\"])", text)
        wo = f", {_stelle(text, m.start())}" if m else ""
        raise KartenFehler(f"{datei}{wo}: {exc} ist keine Zahl (nur endliche Koordinaten)") from None
    except RecursionError:
        raise KartenFehler(f"{datei}: zu tief verschachtelt") from None


def _grund(msg: str) -> str:
    gruende = {
        "Expecting value": "Wert erwartet",
        "Expecting property name enclosed in double quotes": "Name in doppelten Anführungszeichen erwartet",
        "Expecting ',' delimiter": "Komma erwartet",
        "Expecting ':' delimiter": "Doppelpunkt erwartet",
        "Extra data": "weitere Daten nach dem Ende",
        "Unterminated string starting at": "Zeichenkette nicht beendet",
        "Invalid control character at": "Steuerzeichen in einer Zeichenkette",
    }
    return gruende.get(msg, msg)


def _ringe(coords: Any, wo: str, zaehler: list[int]) -> list[tuple[float, float]]:
    if not isinstance(coords, list) or len(coords) < 4:
        raise KartenFehler(f"{wo}: ein Ring braucht mindestens 4 Punkte [Länge, Breite]")
    ring = []
    for i, p in enumerate(coords, start=1):
        if (
            not isinstance(p, list)
            or len(p) < 2
            or not all(isinstance(x, int | float) and not isinstance(x, bool) for x in p[:2])
        ):
            raise KartenFehler(f"{wo}, Punkt {i}: erwartet [Länge, Breite] als Zahlen")
        lon, lat = float(p[0]), float(p[1])
        if not (math.isfinite(lon) and math.isfinite(lat) and -180 <= lon <= 180 and -90 <= lat <= 90):
            raise KartenFehler(f"{wo}, Punkt {i}: [{p[0]}, {p[1]}] liegt außerhalb von WGS84 (Länge, Breite)")
        ring.append((lon, lat))
    zaehler[0] += len(ring)
    if zaehler[0] > MAX_PUNKTE:
        raise KartenFehler(f"{wo}: mehr als {MAX_PUNKTE:,} Punkte in der Datei".replace(",", "."))
    return ring


def _flaeche(f: Any, wo: str, zaehler: list[int]) -> Kartenflaeche:
    if not isinstance(f, dict) or f.get("type") != "Feature":
        raise KartenFehler(f"{wo}: erwartet ein Objekt mit type: Feature")
    props, geo = f.get("properties"), f.get("geometry")
    if not isinstance(props, dict) or not all(
        isinstance(props.get(k), str) for k in ("code", "GEN", "ebene")
    ):
        raise KartenFehler(f"{wo}: properties braucht code, GEN und ebene als Text")
    wo = f"{wo} (code {props['code']})"
    if props["ebene"] not in EBENEN:
        raise KartenFehler(f"{wo}: ebene ‚{props['ebene']}‘ unbekannt (möglich: {', '.join(EBENEN)})")
    if not isinstance(geo, dict) or geo.get("type") not in ("Polygon", "MultiPolygon"):
        raise KartenFehler(f"{wo}: geometry muss ein Polygon oder MultiPolygon sein")
    coords = geo.get("coordinates")
    polys = [coords] if geo["type"] == "Polygon" else coords
    if not isinstance(polys, list) or not polys:
        raise KartenFehler(f"{wo}: geometry.coordinates fehlt oder ist leer")
    polygone = []
    for n, poly in enumerate(polys, start=1):
        if not isinstance(poly, list) or not poly:
            raise KartenFehler(f"{wo}, Polygon {n}: erwartet eine Liste von Ringen")
        polygone.append(
            tuple(_ringe(r, f"{wo}, Polygon {n}, Ring {k}", zaehler) for k, r in enumerate(poly, start=1))
        )
    return Kartenflaeche(props["code"], props["GEN"], props["ebene"], tuple(polygone))


def lies_karte(datei: Path, kreis: str) -> tuple[Kartenflaeche, ...]:
    """The areas of the Kreis `kreis` (codes starting with its AGS) in `datei`; KartenFehler otherwise."""
    try:
        if datei.stat().st_size > MAX_BYTES:
            raise KartenFehler(f"{datei}: zu groß (mehr als {MAX_BYTES // 1_000_000} MB)")
        text = datei.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise KartenFehler(f"{datei}: keine UTF-8-Datei (Byte {exc.start + 1})") from None
    except OSError as exc:
        raise KartenFehler(f"{datei}: nicht lesbar ({exc.strerror or exc})") from None
    _tiefe(text, datei)
    daten = _json(text, datei)
    if not isinstance(daten, dict) or daten.get("type") != "FeatureCollection":
        raise KartenFehler(f"{datei}: erwartet eine GeoJSON-FeatureCollection (type: FeatureCollection)")
    features = daten.get("features")
    if not isinstance(features, list):
        raise KartenFehler(f"{datei}: features fehlt oder ist keine Liste")
    zaehler = [0]
    flaechen = tuple(_flaeche(f, f"{datei}, Feature {i}", zaehler) for i, f in enumerate(features, start=1))
    eigene = tuple(f for f in flaechen if f.code.startswith(kreis))
    if not any(f.ebene == "kreis" for f in eigene):
        raise KartenFehler(f"{datei}: keine Fläche des Kreises {kreis} (ebene: kreis, code: {kreis})")
    return eigene

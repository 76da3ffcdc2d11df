"""A broken or hostile `karte.geojson` in a catalogue directory (catalog.kartendatei): the loader refuses the
catalogue with a German message naming file, line and column or the feature; the maps (publish.karte) draw
nothing from such a file instead of failing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from integrationsmonitor.catalog import kartendatei as kd
from integrationsmonitor.catalog.anlegen import kreis_anlegen
from integrationsmonitor.catalog.errors import KatalogFehler
from integrationsmonitor.catalog.loader import lade_katalog
from integrationsmonitor.publish import karte as pk


@pytest.fixture(scope="module")
def vorlage(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return kreis_anlegen("07131", tmp_path_factory.mktemp("kat") / "ahrweiler").verzeichnis


@pytest.fixture
def katalog_dir(vorlage: Path, tmp_path: Path) -> Path:
    ziel = tmp_path / "ahrweiler"
    shutil.copytree(vorlage, ziel)
    return ziel


def _gut(katalog_dir: Path) -> dict:
    return json.loads((katalog_dir / "karte.geojson").read_text(encoding="utf-8"))


def _fehler(katalog_dir: Path, text: str) -> str:
    (katalog_dir / "karte.geojson").write_text(text, encoding="utf-8")
    with pytest.raises(KatalogFehler) as exc:
        lade_katalog(katalog_dir)
    assert len(exc.value.fehler) == 1
    return exc.value.fehler[0]


def test_truncated_file_names_line_and_column(katalog_dir):
    text = json.dumps(_gut(katalog_dir), indent=1)
    zeilen = text.splitlines()[:40]
    meldung = _fehler(katalog_dir, "\n".join(zeilen))
    assert meldung.startswith(f"{katalog_dir / 'karte.geojson'}, Zeile 40, Spalte ")
    assert "kein gültiges JSON" in meldung


def test_the_reviewers_truncated_file(katalog_dir):
    meldung = _fehler(katalog_dir, '{"type":"FeatureCollection","features":[{"type":"Feature"}\n')
    assert (
        meldung == f"{katalog_dir / 'karte.geojson'}, Zeile 2, Spalte 1: kein gültiges JSON (Komma erwartet)"
    )


def test_deep_nesting_is_refused_before_parsing(katalog_dir):
    meldung = _fehler(katalog_dir, "[" * 200_000 + "]" * 200_000)
    assert (
        meldung
        == f"{katalog_dir / 'karte.geojson'}, Zeile 1, Spalte 65: zu tief verschachtelt (mehr als 64 Ebenen)"
    )


def test_nan_and_out_of_range_coordinates(katalog_dir):
    daten = _gut(katalog_dir)
    i, f = next((i, f) for i, f in enumerate(daten["features"]) if f["geometry"]["type"] == "Polygon")
    f["geometry"]["coordinates"][0][2] = [7.1, 999]
    meldung = _fehler(katalog_dir, json.dumps(daten))
    code = f["properties"]["code"]
    assert (
        f"Feature {i + 1} (code {code}), Polygon 1, Ring 1, Punkt 3: [7.1, 999] liegt außerhalb von WGS84"
        in meldung
    )
    text = json.dumps(_gut(katalog_dir)).replace("7.14727", "NaN", 1)
    meldung = _fehler(katalog_dir, text)
    assert meldung.startswith(f"{katalog_dir / 'karte.geojson'}, Zeile 1, Spalte ")
    assert meldung.endswith("NaN ist keine Zahl (nur endliche Koordinaten)")


@pytest.mark.parametrize(
    ("daten", "teil"),
    [
        ([], "erwartet eine GeoJSON-FeatureCollection"),
        ({"type": "FeatureCollection", "features": {}}, "features fehlt oder ist keine Liste"),
        ({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, "geometry": None}]},
         "Feature 1: properties braucht code, GEN und ebene als Text"),
        ({"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": {"type": "Point"},
          "properties": {"code": "07131", "GEN": "A", "ebene": "kreis"}}]},
         "Feature 1 (code 07131): geometry muss ein Polygon oder MultiPolygon sein"),
        ({"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": {"type": "Polygon",
          "coordinates": [[[7, 50], "x", [7, 51], [7, 50]]]}, "properties": {"code": "07131", "GEN": "A",
          "ebene": "kreis"}}]},
         "Feature 1 (code 07131), Polygon 1, Ring 1, Punkt 2: erwartet [Länge, Breite] als Zahlen"),
        ({"type": "FeatureCollection", "features": []}, "keine Fläche des Kreises 07131"),
    ],
)  # fmt: skip
def test_wrong_structure_is_named(katalog_dir, daten, teil):
    assert teil in _fehler(katalog_dir, json.dumps(daten))


def test_huge_file_and_too_many_points(katalog_dir, monkeypatch):
    monkeypatch.setattr(kd, "MAX_BYTES", 1000)
    assert _fehler(katalog_dir, json.dumps(_gut(katalog_dir))).endswith(
        "karte.geojson: zu groß (mehr als 0 MB)"
    )
    monkeypatch.setattr(kd, "MAX_BYTES", 50_000_000)
    monkeypatch.setattr(kd, "MAX_PUNKTE", 100)
    assert "mehr als 100 Punkte in der Datei" in _fehler(katalog_dir, json.dumps(_gut(katalog_dir)))


def test_not_utf8(katalog_dir):
    (katalog_dir / "karte.geojson").write_bytes(b'{"type": "\xff"}')
    with pytest.raises(KatalogFehler, match=r"karte\.geojson: keine UTF-8-Datei \(Byte 11\)"):
        lade_katalog(katalog_dir)


def test_a_map_file_broken_after_loading_draws_no_map(katalog_dir):
    k = lade_katalog(katalog_dir)
    assert pk.geometrie(k.kreis.code, k.quelle) is not None
    pk._geometrie_und_fehler.cache_clear()
    (katalog_dir / "karte.geojson").write_text('{"type":"FeatureCollection","features":[', encoding="utf-8")
    try:
        assert pk.geometrie(k.kreis.code, k.quelle) is None
        assert "kein gültiges JSON" in pk.kartenfehler(k.kreis.code, k.quelle)
    finally:
        pk._geometrie_und_fehler.cache_clear()

"""GENESIS flat files (ffcsv), read from real files: values and symbols kept apart, value_q and ()."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from integrationsmonitor.formats.errors import FormatFehler
from integrationsmonitor.formats.genesis_flat import ist_genesis_flat, lies_genesis_flat

DATEN = Path(__file__).parent / "data"
BEV = DATEN / "12411-01-01-4_1773175772751_de_flat.csv"
MIKROZENSUS = DATEN / "12211-0001_1773174920289_de_flat.csv"
SCHUTZ = DATEN / "12531-0043_175879554_flat__LDS-12061.csv"


def _lies(pfad: Path):
    return lies_genesis_flat(pfad.read_bytes(), pfad.name)


def test_population_2024_of_lds():
    lds = {z.merkmale["GES"]: z.wert for z in _lies(BEV) if z.merkmale.get("KREISE") == "12061"}
    assert lds == {"": 178793, "GESM": 88616, "GESW": 90177}


def test_x_and_slash_are_missing_values_with_their_symbol_not_zero():
    zellen = _lies(MIKROZENSUS)
    symbole = Counter(z.symbol for z in zellen if z.symbol)
    assert symbole == {"x": 9, "/": 6}
    assert all(z.wert is None for z in zellen if z.symbol in ("x", "/"))
    assert all(z.wert is not None and z.symbol == "" for z in zellen if not z.symbol)


def test_schutzsuchende_extract_has_hierarchical_categories_and_rounded_values():
    zellen = _lies(SCHUTZ)
    assert len(zellen) == 264 and {z.wert_variable for z in zellen} == {"BEV030"}
    assert all(z.wert is not None and z.wert % 5 == 0 for z in zellen)
    oben = Counter()
    for z in zellen:
        oben[z.merkmale["SCHST2"]] += z.wert
    assert (oben["SCHUTZST-OF"], oben["SCHUTZST-AK-1"], oben["SCHUTZST-X"]) == (760, 2760, 400)
    assert sum(oben.values()) == 9630  # naive sum over all categories counts people up to three times


KOPF = "statistics_code;time_code;time;1_variable_code;1_variable_attribute_code;value;value_variable_code;value_q"


@pytest.mark.parametrize(
    ("value", "value_q", "wert", "symbol", "qualitaet"),
    [
        ("12", "e", 12.0, "", "e"),
        ("12", "p", 12.0, "", "p"),
        ("12", "r", 12.0, "", "r"),
        ("12", "s", 12.0, "", "s"),
        ("12", "()", 12.0, "", "()"),
        ("(12)", "", 12.0, "", "()"),
        ("1.234,5", "", 1234.5, "", ""),
        ("-", "e", 0.0, "-", "e"),
        (".", "", None, ".", ""),
        ("...", "", None, "...", ""),
        ("x", "", None, "x", ""),
        ("/", "", None, "/", ""),
    ],
)
def test_value_q_and_symbols(value, value_q, wert, symbol, qualitaet):
    daten = f"\ufeff{KOPF}\n12411;JAHR;2024;KREISE;12061;{value};BEVSTD;{value_q}\n".encode()
    (z,) = lies_genesis_flat(daten, "f.csv")
    assert (z.wert, z.symbol, z.qualitaet) == (wert, symbol, qualitaet)


@pytest.mark.parametrize(
    ("zeile", "meldung"),
    [
        ("12411;JAHR;2024;KREISE;12061;12;BEVSTD;q", "f.csv, Zeile 2, Spalte ‚value_q‘: ‚q‘ ist kein GENESIS-Qualitätskennzeichen"),
        ("12411;JAHR;2024;KREISE;12061;1.5;BEVSTD;", "f.csv, Zeile 2, Spalte ‚value‘: ‚1.5‘ ist weder Zahl noch GENESIS-Zeichen"),
        ("12411;JAHR;2024;KREISE;12061;12", "f.csv, Zeile 2: 6 statt 8 Felder"),
        ("12411;JAHR;2024;KREISE;12061;12;BEVSTD;;;", "f.csv, Zeile 2: 10 statt 8 Felder"),
    ],
)  # fmt: skip
def test_broken_rows_name_line_and_column(zeile, meldung):
    with pytest.raises(FormatFehler) as info:
        lies_genesis_flat(f"{KOPF}\n{zeile}\n".encode(), "f.csv")
    assert meldung in str(info.value)


def test_detection():
    assert ist_genesis_flat(BEV.read_bytes().decode("utf-8"))
    assert not ist_genesis_flat("GENESIS-Tabelle: 12411-01-01-4")

"""The classic GENESIS table CSV, read from a real file (12411-01-01-4, Bevölkerung 31.12.2015)."""

from __future__ import annotations

from pathlib import Path

import pytest

from integrationsmonitor.formats.errors import FormatFehler
from integrationsmonitor.formats.genesis_classic import (
    ist_genesis_klassisch,
    lies_genesis_klassisch,
    zeit_als_jahr,
)

DATEI = Path(__file__).parent / "data" / "12411-01-01-4.csv"


def _tabelle():
    return lies_genesis_klassisch(DATEI.read_bytes(), DATEI.name)


def _zeile(tabelle, gebiet):
    return [z for z in tabelle.zellen if z.gebiet == gebiet]


def test_the_real_file_is_latin1_with_header_and_footer():
    roh = DATEI.read_bytes()
    assert b"Bev\xf6lkerung" in roh  # ISO-8859-1, not UTF-8
    t = _tabelle()
    assert t.code == "12411-01-01-4" and t.statistik == "12411"
    assert t.titel[0] == "Bevölkerungsstand: Bevölkerung nach Geschlecht"
    assert "Bevölkerungsstand (Anzahl)" in t.titel
    assert t.fussnoten.endswith("Stand: 14.12.2017 / 15:51:18")


def test_lds_2015_with_column_heads_and_stichtag():
    lds = _zeile(_tabelle(), "12061")
    assert [(z.koepfe, z.wert, z.symbol) for z in lds] == [
        (("Insgesamt",), 164528.0, ""),
        (("männlich",), 81587.0, ""),
        (("weiblich",), 82941.0, ""),
    ]
    assert {z.zeit for z in lds} == {"31.12.2015"}
    assert lds[0].zeile == 382 and [z.spalte for z in lds] == [3, 4, 5]
    assert lds[0].gebiet_name == "Dahme-Spreewald, Landkreis"  # indentation removed


def test_germany_and_the_laender_are_rows_too():
    t = _tabelle()
    assert _zeile(t, "DG")[0].wert == 82175684
    assert _zeile(t, "12")[0].gebiet_name == "Brandenburg"


def test_the_dissolved_goettingen_row_is_a_dash_kept_as_symbol():
    goettingen = _zeile(_tabelle(), "03159")
    assert goettingen and all(z.symbol == "-" and z.wert == 0 for z in goettingen)


def test_the_footer_is_not_read_as_data():
    t = _tabelle()
    assert t.zellen[-1].gebiet == "16077" and t.zellen[-1].zeile == 534
    assert not any("Stand" in z.gebiet or "©" in z.gebiet or z.gebiet.startswith('"') for z in t.zellen)
    assert len(t.zellen) == 526 * 3


EINBUERGERUNGEN = Path(__file__).parent / "data" / "12511-01-01-4__BB-12.csv"


def test_12511_has_the_year_in_the_first_column_and_four_head_rows():
    roh = EINBUERGERUNGEN.read_bytes()
    assert b"Einb\xfcrgerungen" in roh  # ISO-8859-1 like the original
    t = lies_genesis_klassisch(roh, EINBUERGERUNGEN.name)
    assert t.code == "12511-01-01-4" and t.statistik == "12511"
    assert t.titel == (
        "Einbürgerungen von Ausländern nach Kontinenten",
        "- Jahr - regionale Tiefe: Kreise und krfr. Städte",
        "Einbürgerungsstatistik",
    )
    assert len(t.zellen) == 6 * 19 * 7 and t.fussnoten.endswith("Stand: 27.02.2018 / 13:00:56")
    lds_2016 = [z for z in t.zellen if z.gebiet == "12061" and z.zeit == "2016"]
    assert [(z.koepfe[2], z.wert, z.symbol) for z in lds_2016] == [
        ("Insgesamt", 56, ""),
        ("Afrika", 0, "-"),
        ("Amerika", 1, ""),
        ("Asien", 17, ""),
        ("Australien und Ozeanien", 0, "-"),
        ("Europa", 34, ""),
        ("Staatenlos, unbekannt, ungeklärt, ohne Angabe", 4, ""),
    ]
    assert lds_2016[0].koepfe == (
        "Einbürgerungen von Ausländern",
        "Kontinente (einschl. staatenlos etc.)",
        "Insgesamt",
        "Anzahl",
    )
    assert (lds_2016[0].zeile, lds_2016[0].spalte) == (15, 4)
    assert {z.zeit for z in t.zellen} == {"2011", "2012", "2013", "2014", "2015", "2016"}


def _datei(zeilen: list[str], kopf: str = ";;31.12.2015;31.12.2015\n;;männlich;weiblich") -> bytes:
    text = "GENESIS-Tabelle: 12411-01-01-4\nBevölkerung;;;\nBevölkerungsstand (Anzahl);;;\n" + kopf + "\n"
    text += "\n".join(zeilen) + '\n__________\n"© Statistische Ämter"\nStand: 01.01.2020 / 00:00:00\n'
    return text.encode("cp1252")


@pytest.mark.parametrize(
    ("roh", "wert", "symbol", "qualitaet"),
    [
        ("-", 0.0, "-", ""),
        (".", None, ".", ""),
        ("...", None, "...", ""),
        ("x", None, "x", ""),
        ("/", None, "/", ""),
        ("(12)", 12.0, "", "()"),
        ("1.234", 1234.0, "", ""),
        ("0", 0.0, "", ""),
    ],
)
def test_every_symbol_keeps_value_and_flag_apart(roh, wert, symbol, qualitaet):
    t = lies_genesis_klassisch(_datei([f"12061;      LDS;{roh};5"]), "t.csv")
    z = t.zellen[0]
    assert (z.wert, z.symbol, z.qualitaet) == (wert, symbol, qualitaet)


def test_a_time_in_the_first_column_is_read_per_row():
    daten = _datei(
        ["2015;12061;      LDS;1;2", ";12061;      LDS;3;4", "2016;12061;      LDS;5;6"],
        kopf=";;;männlich;weiblich",
    )
    t = lies_genesis_klassisch(daten, "t.csv")
    assert [(z.zeit, z.wert) for z in t.zellen] == [("2015", 1), ("2015", 2), ("2015", 3), ("2015", 4), ("2016", 5), ("2016", 6)]  # fmt: skip
    assert t.zellen[0].koepfe == ("männlich",)


@pytest.mark.parametrize(
    ("zeile", "meldung"),
    [
        ("12061;      LDS;8x1;5", "t.csv, Zeile 7, Spalte 3 (31.12.2015 / männlich): ‚8x1‘ ist weder Zahl noch GENESIS-Zeichen"),
        ("12061;      LDS;81", "t.csv, Zeile 7, Spalte 4 (31.12.2015 / weiblich): 3 statt 4 Felder"),
        ("12061;      LDS;1;2;3", "t.csv, Zeile 7, Spalte 5: 5 statt 4 Felder"),
        (";      LDS;1;2", "t.csv, Zeile 7, Spalte 1: der Regionalschlüssel fehlt"),
    ],
)  # fmt: skip
def test_a_broken_row_names_file_line_and_column_in_german(zeile, meldung):
    with pytest.raises(FormatFehler) as info:
        lies_genesis_klassisch(_datei(["12061;      LDS;1;2", zeile]), "t.csv")
    assert meldung in str(info.value)


def test_a_broken_row_in_the_real_file_names_its_line():
    text = DATEI.read_bytes().replace(
        b"12061;      Dahme-Spreewald, Landkreis;164528;", b"12061;      Dahme-Spreewald, Landkreis;164S28;"
    )
    with pytest.raises(FormatFehler) as info:
        lies_genesis_klassisch(text, DATEI.name)
    assert str(info.value).startswith(
        "12411-01-01-4.csv, Zeile 382, Spalte 3 (31.12.2015 / Insgesamt): ‚164S28‘"
    )


@pytest.mark.parametrize(
    ("daten", "meldung"),
    [
        (b"statistics_code;value\n", "keine klassische GENESIS-Tabelle"),
        (b"GENESIS-Tabelle: \n;;a\n1;b;2\n", "Tabellennummer"),
        (b"GENESIS-Tabelle: 12411-01-01-4\nTitel;;\n12061;LDS;5\n", "keine Spaltenköpfe gefunden"),
        (b"GENESIS-Tabelle: 12411-01-01-4\n;;a\n__________\nStand: heute\n", "keine Datenzeilen"),
    ],
)
def test_files_that_are_no_classic_table_get_a_german_message(daten, meldung):
    with pytest.raises(FormatFehler, match=meldung):
        lies_genesis_klassisch(daten, "t.csv")


def test_detection_and_time_helpers():
    assert ist_genesis_klassisch(DATEI.read_bytes().decode("latin-1"))
    assert not ist_genesis_klassisch("\ufeffstatistics_code;statistics_label")
    assert zeit_als_jahr("31.12.2015") == ("2015", "31.12.")
    assert zeit_als_jahr("2016") == ("2016", "")
    with pytest.raises(ValueError):
        zeit_als_jahr("Q1")

"""German office CSV exports: title lines, footer and Summe lines, trailing columns, German numbers."""

from __future__ import annotations

import pytest

from integrationsmonitor.formats.errors import FormatFehler
from integrationsmonitor.formats.office_csv import lies_office_csv, zahl

EXPORT = (
    "Ausländerbehörde Dahme-Spreewald;;;;\r\n"
    "Bestand nach Staatsangehörigkeit, Stand: 31.12.2024;;;;\r\n"
    ";;;;\r\n"
    "Staatsangehörigkeit;männlich;weiblich;Anteil;\r\n"
    'Polen;"1.234";567;12,5;\r\n'
    "Russ. Föd.;8;;0,3;\r\n"
    "Ukraine;;;;\r\n"
    'Türkei;"2.001";"1.999";"7,25";\r\n'
    "Summe;3.243;2.566;;\r\n"
    "Insgesamt;5.809;;;\r\n"
    "Quelle: eigene Auswertung, € 0;;;;\r\n"
)


def _lies(text: str, kodierung: str = "cp1252"):
    return lies_office_csv(text.encode(kodierung), "export.csv")


def test_title_header_data_and_footer_are_told_apart():
    t = _lies(EXPORT)
    assert t.trenner == ";" and t.kopf_zeile == 4
    assert t.spalten == ("Staatsangehörigkeit", "männlich", "weiblich", "Anteil")
    assert t.titel == (
        "Ausländerbehörde Dahme-Spreewald",
        "Bestand nach Staatsangehörigkeit, Stand: 31.12.2024",
    )
    assert [(z.nr, z.felder["Staatsangehörigkeit"]) for z in t.zeilen] == [
        (5, "Polen"), (6, "Russ. Föd."), (7, "Ukraine"), (8, "Türkei")
    ]  # fmt: skip
    assert [z.nr for z in t.fuss] == [9, 10, 11]  # Summe, Insgesamt and the note are never data
    assert t.zeilen[1].felder["weiblich"] == ""  # an empty cell stays empty, not 0


def test_quoted_numbers_thousands_dot_and_decimal_comma():
    t = _lies(EXPORT)
    assert [zahl(z.felder["männlich"]) for z in t.zeilen if z.felder["männlich"]] == [1234, 8, 2001]
    assert (
        zahl(t.zeilen[3].felder["Anteil"]) == 7.25 and zahl('"1.234,5"') == 1234.5 and zahl("1 234") == 1234
    )
    with pytest.raises(ValueError, match="‚1,2,3‘ ist keine Zahl"):
        zahl("1,2,3")


@pytest.mark.parametrize("kodierung", ["cp1252", "utf-8", "utf-8-sig"])
def test_encodings(kodierung):
    assert _lies(EXPORT, kodierung).spalten[1] == "männlich"


def test_tab_and_comma_separated_exports():
    tab = _lies("Titel\nLand\tm\tw\nPolen\t1.234\t5\nSumme\t1.234\t5\n")
    assert tab.trenner == "\t" and tab.zeilen[0].felder == {"Land": "Polen", "m": "1.234", "w": "5"}
    komma = _lies('Land,m,w\nPolen,"1.234,5",5\nUkraine,3,4\n')
    assert komma.trenner == "," and komma.zeilen[0].felder["m"] == "1.234,5"


@pytest.mark.parametrize(
    ("text", "meldung"),
    [
        (
            "Land;m;w\nPolen;1;2;3\nUkraine;1;2\nRumänien;1;2\n",
            "export.csv, Zeile 2, Spalte 4: 4 statt 3 Felder",
        ),
        (
            "Land;;w\nPolen;1;2\nUkraine;1;2\n",
            "export.csv, Zeile 1, Spalte 2: die Kopfzeile hat eine Spalte ohne Namen",
        ),
        ("Land;m;m\nPolen;1;2\n", "Spalte(n) m mehrfach"),
        ("nur Text\nund noch mehr\n", "keine Tabelle gefunden"),
        ("Land;m\nSumme;3\n", "keine Datenzeilen"),
    ],
)
def test_unusable_exports_get_a_german_message_with_line_and_column(text, meldung):
    with pytest.raises(FormatFehler) as info:
        _lies(text)
    assert meldung in str(info.value)

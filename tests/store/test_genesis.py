"""Importing official GENESIS flat files: all periods of a file or none, errors at the file's own lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from integrationsmonitor.catalog.loader import katalog
from integrationsmonitor.store.genesis import importiere_genesis
from integrationsmonitor.store.models import Lieferung

KOPF = (
    "statistics_code;statistics_label;time_code;time_label;time;1_variable_code;1_variable_label;"
    "1_variable_attribute_code;1_variable_attribute_label;2_variable_code;2_variable_label;"
    "2_variable_attribute_code;2_variable_attribute_label;value;value_unit;value_variable_code;value_variable_label"
)


def _zeile(jahr: str, ges: str, wert: str) -> str:
    return f"12411;Bev;STAG;Stichtag;{jahr}-12-31;KREISE;Kreise;12061;LDS;GES;Geschlecht;{ges};x;{wert};Anzahl;BEVSTD;Bev"


def _datei(tmp_path: Path, zeilen: list[str]) -> Path:
    pfad = tmp_path / "12411_flat.csv"
    pfad.write_bytes(("\ufeff" + "\n".join([KOPF, *zeilen]) + "\n").encode("utf-8"))
    return pfad


@pytest.mark.django_db
def test_two_periods_are_imported_together(tmp_path):
    pfad = _datei(tmp_path, [_zeile("2023", "", "100"), _zeile("2023", "GESM", "40"), _zeile("2023", "GESW", "60"),
                            _zeile("2024", "", "110"), _zeile("2024", "GESM", "50"), _zeile("2024", "GESW", "60")])  # fmt: skip
    ergebnis = importiere_genesis(katalog(), pfad, benutzer="t")
    assert ergebnis.angenommen and len(ergebnis.weitere) == 1
    assert sorted(Lieferung.objects.values_list("zeitraum", flat=True)) == ["2023", "2024"]


@pytest.mark.django_db
def test_a_bad_period_stores_nothing_and_names_the_genesis_line(tmp_path):
    pfad = _datei(tmp_path, [_zeile("2023", "", "100"), _zeile("2023", "GESM", "40"), _zeile("2023", "GESW", "60"),
                            _zeile("2024", "", "110"), _zeile("2024", "GESM", "999"), _zeile("2024", "GESW", "60")])  # fmt: skip
    ergebnis = importiere_genesis(katalog(), pfad, benutzer="t")
    assert not ergebnis.angenommen
    assert any("Zeile 5" in p and "Summe 110" in p for p in ergebnis.probleme), ergebnis.probleme
    assert Lieferung.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("inhalt", "meldung"),
    [
        ("statistics_code;time_code;time;value;value_variable_code;1_variable_code\n12411;STAG;2024;5;BEVSTD;KREISE\n", "Spalte 1_variable_attribute_code fehlt"),
        ("a;b\n1;2\n", "keine GENESIS-Flat-File-CSV"),
        (KOPF + "\n" + _zeile("2024", "", "viele"), "‚viele‘ ist weder Zahl noch GENESIS-Zeichen"),
        (KOPF + "\n" + _zeile("2024", "", "5").replace("12411", "99999"), "Statistik 99999 ist keinem Datensatz zugeordnet"),
    ],
)  # fmt: skip
def test_unusable_files_get_a_german_message(tmp_path, inhalt, meldung):
    pfad = tmp_path / "x.csv"
    pfad.write_text(inhalt, encoding="utf-8")
    ergebnis = importiere_genesis(katalog(), pfad, benutzer="t")
    assert not ergebnis.angenommen and any(meldung in p for p in ergebnis.probleme), ergebnis.probleme
    assert Lieferung.objects.count() == 0

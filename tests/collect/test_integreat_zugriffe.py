"""The Integreat CMS's statistics export through the table profile `integreat_zugriffe` (issue 13, item 7).

The example file is synthetic (`demo/engagement.py` writes it; invented figures in the layout of the CMS's
statistics: one row per month and language, app and web app in two columns)."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from integrationsmonitor.catalog.loader import katalog
from integrationsmonitor.collect.tabellenprofil import lade_tabellenprofil
from integrationsmonitor.collect.umwandeln import Umwandlung, wandle_um
from integrationsmonitor.demo.engagement import INTEGREAT_SUMME, integreat_export

IMON = [str(Path(sys.executable).parent / "imon")]  # the installed console script, as users run it
BEISPIEL = Path(__file__).parents[2] / "src" / "integrationsmonitor" / "collect" / "beispiele"
DATEI = "integreat_zugriffe_2024.csv"
TEXT = integreat_export().decode("utf-8-sig")


def imon(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "IMON_DATABASE_URL"}
    return subprocess.run([*IMON, *args], capture_output=True, text=True, env=env, timeout=120)


def _umwandeln(text: str, name: str = DATEI) -> Umwandlung:
    k = katalog()
    return wandle_um(k, lade_tabellenprofil("integreat_zugriffe", k), text.encode("utf-8"), name)


def test_export_becomes_one_year_by_month_language_and_channel():
    u = _umwandeln(TEXT)
    assert u.ok, u.probleme
    assert (u.datensatz, u.zeitraum) == ("integreat_zugriffe", "2024")  # from the column Jahr
    zeilen = list(csv.DictReader(io.StringIO(u.daten.decode("utf-8")), delimiter=";"))
    assert {z["gebiet"] for z in zeilen} == {"12061"}
    assert {z["monat"] for z in zeilen} == {f"{m:02d}" for m in range(1, 13)}
    assert {z["kanal"] for z in zeilen} == {"app", "web"}
    assert {"de", "uk", "ar", "de-si", "fa"} <= {z["sprache"] for z in zeilen}  # native names translated
    assert sum(int(z["wert"]) for z in zeilen) == INTEGREAT_SUMME == 36382
    uk_jan_app = next(z for z in zeilen if (z["monat"], z["sprache"], z["kanal"]) == ("01", "uk", "app"))
    zeile = next(r for r in TEXT.splitlines() if r.startswith("2024;Januar;Українська;"))
    assert uk_jan_app["wert"] == zeile.split(";")[3]


@pytest.mark.parametrize(
    ("alt", "neu", "meldung"),
    [
        ("Web-App-Zugriffe", "Web", "Spalte(n) ‚Web-App-Zugriffe‘ fehlen (Profil integreat_zugriffe)"),
        (
            "2024;Februar;Polski;",
            "2024;Februar;Klingonisch;",
            "‚Klingonisch‘ ist in der Codeliste Sprache unbekannt",
        ),
        (
            "2024;März;English;",
            "2024;Märtz;English;",
            "Spalte 2 ‚Monat‘: ‚Märtz‘ ist in der Codeliste Monat unbekannt",
        ),
        (
            "2024;Januar;Deutsch;425;",
            "2024;Januar;Deutsch;viele;",
            "Zeile 5, Spalte 4 ‚App-Zugriffe‘: ‚viele‘ ist keine Zahl",
        ),
        (
            "2024;Dezember;Deutsch;",
            "2025;Dezember;Deutsch;",
            "Zeitraum 2025 weicht vom Zeitraum 2024 in Zeile 5",
        ),
    ],
    ids=["spalte", "sprache", "monat", "wert", "zwei-jahre"],
)
def test_malformed_export_is_rejected_in_german_naming_file_row_and_column(alt, neu, meldung):
    assert alt in TEXT
    u = _umwandeln(TEXT.replace(alt, neu, 1))
    assert not u.ok
    assert any(meldung in p and p.startswith(f"{DATEI}, Zeile ") for p in u.probleme), u.probleme


def test_the_same_month_and_language_twice_names_both_rows():
    u = _umwandeln(TEXT + "2024;Januar;Deutsch;1;1\r\n")
    assert not u.ok
    assert any("dieselbe Zelle (12061/01/de/app) steht schon in Zeile 5" in p for p in u.probleme), u.probleme


def test_imon_deliver_with_the_profile_and_series(tmp_path):
    url = f"sqlite:///{tmp_path / 'imon.sqlite3'}"
    r = imon("deliver", str(BEISPIEL / DATEI), "--profile", "integreat_zugriffe", "--db", url)
    assert r.returncode == 0, r.stderr
    assert "angenommen: integreat_zugriffe 2024, 288 Zellen." in r.stdout
    jahr = imon("series", "integreat_zugriffe", "--region", "12061", "--db", url)
    assert jahr.returncode == 0, jahr.stderr
    assert "integreat_zugriffe,12061,2024,36382," in jahr.stdout
    monat = imon("series", "integreat_zugriffe_monatlich", "--region", "12061", "--db", url)
    assert "integreat_zugriffe_monatlich,12061,2024,3031.8" in monat.stdout  # 36.382 / 12, shown as 3.032
    kaputt = tmp_path / DATEI
    kaputt.write_text(TEXT.replace("2024;März;English;", "2024;Märtz;English;", 1), encoding="utf-8")
    r = imon("deliver", str(kaputt), "--profile", "integreat_zugriffe", "--db", url)
    assert r.returncode == 1 and "‚Märtz‘ ist in der Codeliste Monat unbekannt" in r.stderr + r.stdout

"""`imon import-genesis` with real files of both layouts, as users run it (a real process, SQLite file)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

DATEN = Path(__file__).parent.parent / "formats" / "data"
IMON = [str(Path(sys.executable).parent / "imon")]


def imon(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "IMON_DATABASE_URL"}
    return subprocess.run([*IMON, *args], capture_output=True, text=True, env=env, timeout=120)


def test_classic_table_and_schutzsuchende_with_report(tmp_path):
    db = f"sqlite:///{tmp_path / 'imon.sqlite3'}"
    r = imon("import-genesis", str(DATEN / "12411-01-01-4.csv"), "--db", db)
    assert r.returncode == 0, r.stderr
    assert "bevoelkerung_amtlich 2015, 3 Zellen" in r.stdout
    r = imon("import-genesis", str(DATEN / "12531-0043_175879554_flat__LDS-12061.csv"), "--db", db)
    assert r.returncode == 0, r.stderr
    assert "Hinweis: 43 Zeile(n) nicht übernommen: Unterkategorie SCHUTZST-AK-2" in r.stdout
    assert "schutzsuchende 2024, 111 Zellen" in r.stdout
    assert (
        "bevoelkerung_amtlich,12061,2015,164528," in imon("series", "bevoelkerung_amtlich", "--db", db).stdout
    )
    assert "schutzsuchende,12061,2024,3920," in imon("series", "schutzsuchende", "--db", db).stdout


def test_a_rejected_import_exits_1_with_a_german_reason(tmp_path):
    datei = tmp_path / "12411-01-01-4.csv"
    datei.write_bytes(
        (DATEN / "12411-01-01-4.csv").read_bytes().replace(b";164528;81587;", b";164528;8I587;")
    )
    r = imon("import-genesis", str(datei), "--db", f"sqlite:///{tmp_path / 'imon.sqlite3'}")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "Import abgelehnt, nichts gespeichert:" in r.stderr and "Zeile 382, Spalte 4" in r.stderr


def test_einbuergerungen_12511_are_detected_from_the_table_number_in_both_layouts(tmp_path):
    db = f"sqlite:///{tmp_path / 'imon.sqlite3'}"
    r = imon("import-genesis", str(DATEN / "12511-01-01-4__BB-12.csv"), "--db", db)
    assert r.returncode == 0, r.stderr
    assert "Hinweis: 36 Zelle(n) nicht übernommen: Aufgliederung nach STAKNW" in r.stdout
    assert (
        "Hinweis: Lieferant des Datensatzes einbuergerungen ist laut Katalog ‚Einbürgerungsbehörde‘"
        in r.stdout
    )
    for jahr in ("2011", "2012", "2013", "2014", "2015", "2016"):
        assert f"einbuergerungen {jahr}, 1 Zellen." in r.stdout
    reihe = imon("series", "einbuergerungen", "--db", db).stdout
    assert "einbuergerungen,12061,2014,82,\n" in reihe and "einbuergerungen,12061,2016,56,\n" in reihe
    r = imon("import-genesis", str(DATEN / "12511-01-01-4_derived_flat__BB-12.csv"), "--db", db)
    assert r.returncode == 0, r.stderr
    assert "einbuergerungen 2013, 1 Zellen." in r.stdout
    assert "einbuergerungen,12061,2013,45,\n" in imon("series", "einbuergerungen", "--db", db).stdout


def test_a_broken_12511_file_exits_1_naming_row_and_column(tmp_path):
    datei = tmp_path / "12511-01-01-4__BB-12.csv"
    datei.write_bytes(
        (DATEN / "12511-01-01-4__BB-12.csv")
        .read_bytes()
        .replace(b"Spreewald, Landkreis;82;", b"Spreewald, Landkreis;8Z;")
    )
    r = imon("import-genesis", str(datei), "--db", f"sqlite:///{tmp_path / 'imon.sqlite3'}")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "12511-01-01-4__BB-12.csv, Zeile 53, Spalte 4" in r.stderr and "‚8Z‘ ist weder Zahl" in r.stderr

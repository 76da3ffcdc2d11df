"""`imon import-genesis` with real files of both layouts, as users run it (a real process, SQLite file)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import integrationsmonitor
from integrationsmonitor.catalog.loader import katalog
from integrationsmonitor.collect.genesisauswahl import genesisprofile

DATEN = Path(__file__).parent.parent / "formats" / "data"
IMON = [str(Path(sys.executable).parent / "imon")]


def imon(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = {**{k: v for k, v in os.environ.items() if k != "IMON_DATABASE_URL"}, **(env or {})}
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
    assert "Lieferant des Datensatzes" not in r.stdout  # the official dataset, not the office's delivery
    for jahr in ("2011", "2012", "2013", "2014", "2015", "2016"):
        assert f"einbuergerungen_amtlich {jahr}, 1 Zellen." in r.stdout
    r = imon("import-genesis", str(DATEN / "12511-01-01-4_derived_flat__BB-12.csv"), "--db", db)
    assert r.returncode == 0, r.stderr
    assert "einbuergerungen_amtlich 2013, 1 Zellen." in r.stdout


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


# A NEW table added by a profile file only (no code). Synthetic ffcsv in the real flat-file layout of the
# school statistics (src/integrationsmonitor/demo/data/21111-01-03-4_synthetisch_de_flat.csv): a table of
# statistic 21111 by Geschlecht and Nationalität without the Schulart breakdown, two Kreise of Brandenburg,
# school year 2024/25. Values are made up; the table code stands for whatever table the county downloads —
# the profile is where that goes. Its target is an official dataset (`veroeffentlichung: {amtlich: true}`):
# a GENESIS profile may feed no other (test_genesis_amtlich.py).
PROFIL_NEU = """\
art: genesis
name: schueler_21111_gesamt
beschreibung: Schülerinnen und Schüler nach Nationalität und Geschlecht (21111-01-02-4, Kreise, Schuljahr)
tabellen: ["21111-01-02-4"]
datensatz: schueler_schulart
wert: BIL003
zeit: schuljahr
schuljahr: beginn
feste_codes: {schulart: _T}
merkmale:
  GES: {merkmal: geschlecht, codes: {GESM: m, GESW: w}}
  NAT: {merkmal: nationalitaet, codes: {NATD: deutsch, NATA: auslaendisch}}
"""
_KOPF_3 = (
    "statistics_code;statistics_label;time_code;time_label;time;1_variable_code;1_variable_label;"
    "1_variable_attribute_code;1_variable_attribute_label;2_variable_code;2_variable_label;"
    "2_variable_attribute_code;2_variable_attribute_label;3_variable_code;3_variable_label;"
    "3_variable_attribute_code;3_variable_attribute_label;value;value_unit;value_variable_code;value_variable_label"
)


def _datei_neu(ordner: Path) -> Path:
    nationalitaet = {"": "Insgesamt", "NATD": "Deutsche", "NATA": "Ausländer/-innen"}
    geschlecht = {"": "Insgesamt", "GESM": "männlich", "GESW": "weiblich"}
    werte = {("", ""): 100, ("", "GESM"): 55, ("", "GESW"): 45, ("NATD", ""): 60, ("NATD", "GESM"): 35,
             ("NATD", "GESW"): 25, ("NATA", ""): 40, ("NATA", "GESM"): 20, ("NATA", "GESW"): 20}  # fmt: skip
    zeilen = [_KOPF_3]
    for kreis, name, faktor in (
        ("12060", "Barnim, Landkreis", 3),
        ("12061", "Dahme-Spreewald, Landkreis", 1),
    ):
        for (nat, ges), wert in werte.items():
            zeilen.append(
                f"21111;Statistik der allgemeinbildenden Schulen;SCHJ;Schuljahr;2024/25;KREISE;"
                f"Kreise und kreisfreie Städte;{kreis};{name};GES;Geschlecht;{ges};{geschlecht[ges]};"
                f"NAT;Nationalität;{nat};{nationalitaet[nat]};{wert * faktor};Anzahl;BIL003;Schüler/-innen"
            )
    pfad = ordner / "21111-01-02-4_1775000000000_de_flat.csv"
    pfad.write_bytes(("\ufeff" + "\n".join(zeilen) + "\n").encode("utf-8"))
    return pfad


def test_a_new_table_is_imported_through_a_profile_file_alone(tmp_path):
    db = f"sqlite:///{tmp_path / 'imon.sqlite3'}"
    datei = _datei_neu(tmp_path)
    profil = tmp_path / "x.yaml"
    profil.write_text(PROFIL_NEU, encoding="utf-8")
    r = imon("import-genesis", str(datei), "--db", db)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "Tabelle 21111-01-02-4 / Statistik 21111 ist keinem Datensatz zugeordnet" in r.stderr
    assert "bevoelkerung_12411 (12411)" in r.stderr  # the known profiles are listed
    r = imon("import-genesis", str(datei), "--profile", str(profil), "--db", db)
    assert r.returncode == 0, r.stderr
    assert "schueler_schulart 2024, 9 Zellen." in r.stdout
    reihe = imon("series", "anteil_auslaendische_schueler", "--db", db).stdout
    assert reihe.splitlines()[1:] == [
        "anteil_auslaendische_schueler,12061,2024,40,"
    ]  # the county's cells only


def test_the_catalogue_directory_brings_its_own_profiles_and_names_are_found(tmp_path):
    katalog_dir = tmp_path / "katalog"
    shutil.copytree(Path(integrationsmonitor.__file__).parent / "catalog" / "data" / "lds", katalog_dir)
    (katalog_dir / "genesis").mkdir()
    (katalog_dir / "genesis" / "schueler_gesamt.yaml").write_text(PROFIL_NEU, encoding="utf-8")
    env = {"IMON_CATALOG_DIR": str(katalog_dir)}
    db = f"sqlite:///{tmp_path / 'imon.sqlite3'}"
    r = imon("import-genesis", str(_datei_neu(tmp_path)), "--db", db, env=env)
    assert r.returncode == 0, r.stderr
    assert "schueler_schulart 2024, 9 Zellen." in r.stdout
    r = imon(
        "import-genesis",
        str(DATEN / "12411-01-01-4.csv"),
        "--profile",
        "schueler_21111_gesamt",
        "--db",
        db,
        env=env,
    )
    assert r.returncode == 1 and "Import abgelehnt, nichts gespeichert:" in r.stderr
    assert "Profil schueler_21111_gesamt nennt die Tabelle 12411-01-01-4 nicht" in r.stderr
    r = imon(
        "import-genesis", str(DATEN / "12411-01-01-4.csv"), "--profile", "gibtsnicht", "--db", db, env=env
    )
    assert r.returncode == 1 and "GENESIS-Profil ‚gibtsnicht‘ nicht gefunden" in r.stderr
    assert "schueler_21111_gesamt (21111-01-02-4)" in r.stderr


def test_imon_check_names_a_broken_profile_of_the_catalogue_directory(tmp_path):
    katalog_dir = tmp_path / "katalog"
    shutil.copytree(Path(integrationsmonitor.__file__).parent / "catalog" / "data" / "lds", katalog_dir)
    (katalog_dir / "genesis").mkdir()
    kaputt = katalog_dir / "genesis" / "kaputt.yaml"
    kaputt.write_text(PROFIL_NEU.replace("merkmal: geschlecht", "merkmal: alter"), encoding="utf-8")
    betrieb = {"IMON_HTTPS": "1", "IMON_SITE_URL": "https://integration.example.de",
               "IMON_ALLOWED_HOSTS": "integration.example.de", "IMON_CATALOG_DIR": str(katalog_dir)}  # fmt: skip
    r = imon("check", "--db", f"sqlite:///{tmp_path / 'imon.sqlite3'}", env=betrieb)
    assert r.returncode == 1, r.stdout
    assert f"FEHLER    {kaputt}: merkmale.GES.merkmal: ‚alter‘ ist kein Merkmal des Datensatzes" in r.stdout
    geliefert = len(genesisprofile(katalog()))  # the shipped profiles (12411, 12511, 12531, Bildung …)
    assert (
        "1 Fehler in GENESIS-Tabellenprofilen" in r.stdout
        and f"{geliefert} GENESIS-Tabellenprofil(e)" in r.stdout
    )

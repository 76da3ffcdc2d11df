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


# A NEW statistic added by a profile file only (no code). Synthetic ffcsv in the real flat-file layout of
# 12531-0043 (tests/formats/data): Ausländerstatistik 12521, table 12521-0041 (Kreise, Stichtag, Geschlecht,
# Staatsangehörigkeit), two Kreise of Brandenburg. Values are made up; the value variable (BEV016) and the
# variable code STAAG stand for whatever the downloaded table names — the profile is where that goes.
PROFIL_12521 = """\
art: genesis
name: auslaender_12521
beschreibung: Ausländer nach Geschlecht und Staatsangehörigkeit am 31.12. (Ausländerstatistik, 12521-0041)
tabellen: ["12521-0041"]
datensatz: auslaender_bestand
wert: BEV016
zeit: stichtag
merkmale:
  GES: {merkmal: geschlecht, codes: {GESM: m, GESW: w}}
  STAAG: {merkmal: staatsangehoerigkeit, praefix: ST}
"""
_KOPF_3 = (
    "statistics_code;statistics_label;time_code;time_label;time;1_variable_code;1_variable_label;"
    "1_variable_attribute_code;1_variable_attribute_label;2_variable_code;2_variable_label;"
    "2_variable_attribute_code;2_variable_attribute_label;3_variable_code;3_variable_label;"
    "3_variable_attribute_code;3_variable_attribute_label;value;value_unit;value_variable_code;value_variable_label"
)


def _datei_12521(ordner: Path) -> Path:
    staaten = {"": "Insgesamt", "ST475": "Syrien", "ST461": "Ukraine"}
    geschlecht = {"": "Insgesamt", "GESM": "männlich", "GESW": "weiblich"}
    werte = {("", ""): 100, ("", "GESM"): 55, ("", "GESW"): 45, ("ST475", ""): 60, ("ST475", "GESM"): 35,
             ("ST475", "GESW"): 25, ("ST461", ""): 40, ("ST461", "GESM"): 20, ("ST461", "GESW"): 20}  # fmt: skip
    zeilen = [_KOPF_3]
    for kreis, name, faktor in (
        ("12060", "Barnim, Landkreis", 3),
        ("12061", "Dahme-Spreewald, Landkreis", 1),
    ):
        for (staat, ges), wert in werte.items():
            zeilen.append(
                f"12521;Ausländerstatistik;STAG;Stichtag;2024-12-31;KREISE;Kreise und kreisfreie Städte;{kreis};"
                f"{name};GES;Geschlecht;{ges};{geschlecht[ges]};STAAG;Staatsangehörigkeit;{staat};{staaten[staat]};"
                f"{wert * faktor};Anzahl;BEV016;Ausländer"
            )
    pfad = ordner / "12521-0041_1775000000000_de_flat.csv"
    pfad.write_bytes(("\ufeff" + "\n".join(zeilen) + "\n").encode("utf-8"))
    return pfad


def test_a_new_table_is_imported_through_a_profile_file_alone(tmp_path):
    db = f"sqlite:///{tmp_path / 'imon.sqlite3'}"
    datei = _datei_12521(tmp_path)
    profil = tmp_path / "x.yaml"
    profil.write_text(PROFIL_12521, encoding="utf-8")
    r = imon("import-genesis", str(datei), "--db", db)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "Tabelle 12521-0041 / Statistik 12521 ist keinem Datensatz zugeordnet" in r.stderr
    assert "bevoelkerung_12411 (12411)" in r.stderr  # the known profiles are listed
    r = imon("import-genesis", str(datei), "--profile", str(profil), "--db", db)
    assert r.returncode == 0, r.stderr
    assert "auslaender_bestand 2024, 9 Zellen." in r.stdout
    reihe = imon("series", "auslaender_gesamt", "--db", db).stdout
    assert reihe.splitlines()[1:] == ["auslaender_gesamt,12061,2024,100,"]  # only the county's cells


def test_the_catalogue_directory_brings_its_own_profiles_and_names_are_found(tmp_path):
    katalog_dir = tmp_path / "katalog"
    shutil.copytree(Path(integrationsmonitor.__file__).parent / "catalog" / "data" / "lds", katalog_dir)
    (katalog_dir / "genesis").mkdir()
    (katalog_dir / "genesis" / "auslaender.yaml").write_text(PROFIL_12521, encoding="utf-8")
    env = {"IMON_CATALOG_DIR": str(katalog_dir)}
    db = f"sqlite:///{tmp_path / 'imon.sqlite3'}"
    r = imon("import-genesis", str(_datei_12521(tmp_path)), "--db", db, env=env)
    assert r.returncode == 0, r.stderr
    assert "auslaender_bestand 2024, 9 Zellen." in r.stdout
    r = imon(
        "import-genesis",
        str(DATEN / "12411-01-01-4.csv"),
        "--profile",
        "auslaender_12521",
        "--db",
        db,
        env=env,
    )
    assert r.returncode == 1 and "Import abgelehnt, nichts gespeichert:" in r.stderr
    assert "Profil auslaender_12521 nennt die Tabelle 12411-01-01-4 nicht" in r.stderr
    r = imon(
        "import-genesis", str(DATEN / "12411-01-01-4.csv"), "--profile", "gibtsnicht", "--db", db, env=env
    )
    assert r.returncode == 1 and "GENESIS-Profil ‚gibtsnicht‘ nicht gefunden" in r.stderr
    assert "auslaender_12521 (12521-0041)" in r.stderr


def test_imon_check_names_a_broken_profile_of_the_catalogue_directory(tmp_path):
    katalog_dir = tmp_path / "katalog"
    shutil.copytree(Path(integrationsmonitor.__file__).parent / "catalog" / "data" / "lds", katalog_dir)
    (katalog_dir / "genesis").mkdir()
    kaputt = katalog_dir / "genesis" / "kaputt.yaml"
    kaputt.write_text(PROFIL_12521.replace("merkmal: geschlecht", "merkmal: alter"), encoding="utf-8")
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

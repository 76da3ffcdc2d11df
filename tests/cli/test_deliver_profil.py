"""`imon deliver FILE --profile NAME` as offices run it: every shipped example file is accepted, with the
figures of the file in the database and the SHA-256 of the office's file as its hash."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from .test_cli import imon

BEISPIELE = Path(__file__).parents[2] / "src" / "integrationsmonitor" / "collect" / "beispiele"
BEISPIEL_PROFILE = [
    ("melderegister_2024.csv", "melderegister_bevoelkerung", "bevoelkerung_melderegister", 1184),
    ("einbuergerungen_2024.csv", "einbuergerungen_staaten", "einbuergerungen", 30),
    ("sozialamt_unterbringung_2024.xlsx", "sozialamt_unterbringung", "asyl_unterbringung", 95),
    ("jobcenter_elb_2024.xlsx", "jobcenter_elb", "sgb2_elb", 16),
    ("integreat_zugriffe_2024.csv", "integreat_zugriffe", "integreat_zugriffe", 288),  # 12 × 12 × 2
]


@pytest.fixture
def db(tmp_path: Path) -> tuple[str, Path]:
    datei = tmp_path / "imon.sqlite3"
    return f"sqlite:///{datei}", datei


def _zellen(datei: Path, datensatz: str) -> dict[tuple[str, str], tuple[float | None, str]]:
    with sqlite3.connect(datei) as con:
        rows = con.execute(
            "select b.gebiet, b.merkmale, b.wert, b.kennzeichen from store_beobachtung b "
            "join store_lieferung l on l.id = b.lieferung_id where l.datensatz = ? and l.status = 'aktiv'",
            (datensatz,),
        ).fetchall()
    return {(g, m): (w, k) for g, m, w, k in rows}


def test_every_example_file_is_accepted_with_its_figures(db):
    url, datei = db
    for name, profil, datensatz, zellen in BEISPIEL_PROFILE:
        r = imon("deliver", str(BEISPIELE / name), "--profile", profil, "--db", url)
        assert r.returncode == 0, r.stderr
        anzahl = f"{zellen:,}".replace(",", ".")
        assert f"angenommen: {datensatz} 2024, {anzahl} Zellen." in r.stdout
    with sqlite3.connect(datei) as con:
        hashes = dict(con.execute("select datei_name, datei_hash from store_lieferung").fetchall())
    for name, *_ in BEISPIEL_PROFILE:
        assert hashes[name] == hashlib.sha256((BEISPIELE / name).read_bytes()).hexdigest()
    melde = _zellen(datei, "bevoelkerung_melderegister")
    assert sum(w for (g, m), (w, _) in melde.items() if m.startswith("_T|")) == 182_100  # the Summe line
    assert melde[("12061005", "m|00_05")] == (13.0, "")  # first data row: Alt Zauche-Wußwerk;0 bis 5 Jahre;13
    assert _zellen(datei, "einbuergerungen")[("12061", "160|w")] == (10.0, "")  # Russ. Föd.;weiblich;10
    assert _zellen(datei, "asyl_unterbringung")[("12061316", "gemeinschaftsunterkunft|m")] == (62.0, "")
    elb = _zellen(datei, "sgb2_elb")
    assert elb[("12061", "deutsch|_T")] == (6020.0, "") and elb[("12061", "deutsch|d")] == (None, "g")


def test_usage_errors_exit_2_and_rejected_files_exit_1(db, tmp_path):
    url, datei = db
    beispiel = str(BEISPIELE / "einbuergerungen_2024.csv")
    r = imon("deliver", beispiel, "--profile", "gibtsnicht", "--db", url)
    assert r.returncode == 2 and "--profile: Tabellenprofil ‚gibtsnicht‘ nicht gefunden" in r.stderr
    r = imon(
        "deliver", beispiel, "--profile", "einbuergerungen_staaten", "--dataset", "sgb2_elb", "--db", url
    )
    assert r.returncode == 2
    assert "das Profil einbuergerungen_staaten liefert den Datensatz einbuergerungen" in r.stderr
    r = imon("deliver", beispiel, "--profile", "abh_beispiel", "--db", url)
    assert r.returncode == 2 and "ist kein Tabellenprofil" in r.stderr
    r = imon(
        "deliver", beispiel, "--profile", "einbuergerungen_staaten", "--period", "Weihnachten", "--db", url
    )
    assert r.returncode == 2 and "--period: ‚Weihnachten‘ ist kein gültiger Zeitraum" in r.stderr

    kaputt = tmp_path / "einbuergerungen_2024.csv"
    kaputt.write_text(
        "Berichtsjahr;bisherige Staatsangehörigkeit;Geschlecht;Anzahl\n2024;Atlantis;m;3\n", encoding="cp1252"
    )
    r = imon("deliver", str(kaputt), "--profile", "einbuergerungen_staaten", "--db", url)
    assert r.returncode == 1
    assert "Lieferung abgelehnt, nichts gespeichert. 1 Problem(e):" in r.stderr
    assert (
        "einbuergerungen_2024.csv, Zeile 2, Spalte 2 ‚bisherige Staatsangehörigkeit‘: ‚Atlantis‘" in r.stderr
    )
    assert "Traceback" not in r.stderr
    with sqlite3.connect(datei) as con:
        assert con.execute("select count(*) from store_lieferung").fetchone() == (0,)


def test_period_option_overrides_the_file_and_is_optional_only_with_a_profile(db):
    url, _ = db
    beispiel = str(BEISPIELE / "melderegister_2024.csv")
    r = imon("deliver", beispiel, "--profile", "melderegister_bevoelkerung", "--period", "2023", "--db", url)
    assert r.returncode == 0, r.stderr
    assert "angenommen: bevoelkerung_melderegister 2023" in r.stdout
    r = imon("deliver", beispiel, "--dataset", "bevoelkerung_melderegister", "--db", url)
    assert r.returncode == 2 and "diese Angaben fehlen: --period" in r.stderr

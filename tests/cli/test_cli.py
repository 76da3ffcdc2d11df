"""The `imon` command as users run it: a real process, a real SQLite file, German messages, exit codes."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

IMON = [str(Path(sys.executable).parent / "imon")]  # the installed console script, as users run it
GUT = "gebiet;zeitraum;geschlecht;wert\n12061;2015;_T;164528\n12061;2015;m;81587\n12061;2015;w;82941\n"


def imon(*args: str, env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "IMON_DATABASE_URL"}
    env |= env_extra or {}
    return subprocess.run([*IMON, *args], capture_output=True, text=True, env=env, timeout=120)


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'neu' / 'imon.sqlite3'}"


def test_new_sqlite_file_is_created_and_migrated(db, tmp_path):
    result = imon("deliveries", "--db", db)
    assert result.returncode == 0, result.stderr
    assert "Keine Lieferungen." in result.stdout
    assert (tmp_path / "neu" / "imon.sqlite3").stat().st_size > 0


def test_deliver_accept_reject_and_usage_exit_codes(db, tmp_path):
    gut, schlecht = tmp_path / "gut.csv", tmp_path / "schlecht.csv"
    gut.write_text(GUT, encoding="utf-8")
    schlecht.write_text(GUT.replace("81587", "-3").replace("12061;2015;w", "12061;2015;q"), encoding="utf-8")

    ok = imon("deliver", str(gut), "--dataset", "bevoelkerung_amtlich", "--period", "2015", "--db", db)
    assert ok.returncode == 0, ok.stderr
    assert "angenommen" in ok.stdout and "3 Zellen" in ok.stdout

    bad = imon("deliver", str(schlecht), "--dataset", "bevoelkerung_amtlich", "--period", "2015", "--db", db)
    assert bad.returncode == 1
    assert "Lieferung abgelehnt, nichts gespeichert" in bad.stderr
    assert "schlecht.csv, Zeile 3, Spalte ‚wert‘: ‚-3‘ ist negativ" in bad.stderr
    assert "schlecht.csv, Zeile 4, Spalte ‚geschlecht‘: unbekannter Code ‚q‘" in bad.stderr

    usage = imon("deliver", str(gut), "--db", db)
    assert usage.returncode == 2 and "diese Angaben fehlen" in usage.stderr

    historie = imon("deliveries", "--db", db)
    assert historie.stdout.count("bevoelkerung_amtlich") == 1  # the rejected file left nothing


def test_database_from_environment_variable(db, tmp_path):
    gut = tmp_path / "gut.csv"
    gut.write_text(GUT, encoding="utf-8")
    env = {"IMON_DATABASE_URL": db}
    assert (
        imon(
            "deliver", str(gut), "--dataset", "bevoelkerung_amtlich", "--period", "2015", env_extra=env
        ).returncode
        == 0
    )
    assert "bevoelkerung_amtlich" in imon("deliveries", env_extra=env).stdout


def test_series_csv_and_json(db, tmp_path):
    gut = tmp_path / "gut.csv"
    gut.write_text(GUT, encoding="utf-8")
    imon("deliver", str(gut), "--dataset", "bevoelkerung_amtlich", "--period", "2015", "--db", db)

    out = imon("series", "bevoelkerung_amtlich", "--by", "geschlecht", "--db", db)
    assert out.returncode == 0, out.stderr
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert list(rows[0]) == ["indicator", "region", "period", "geschlecht", "value", "flag"]
    assert [(r["geschlecht"], r["value"]) for r in rows] == [("m", "81587"), ("w", "82941")]

    js = json.loads(
        imon("series", "bevoelkerung_amtlich", "--region", "12061260", "--format", "json", "--db", db).stdout
    )
    assert js == [
        {"indicator": "bevoelkerung_amtlich", "region": "12061260", "period": "2015", "value": None,
         "flag": ".", "reason": "Zelle nicht geliefert"}
    ]  # fmt: skip


def test_series_errors_are_german_usage_errors(db):
    r = imon("series", "nix", "--db", db)
    assert r.returncode == 2 and "unbekannter Indikator ‚nix‘" in r.stderr
    r = imon("series", "auslaenderanteil", "--by", "farbe", "--db", db)
    assert r.returncode == 2 and "lässt sich nicht nach ‚farbe‘ aufschlüsseln" in r.stderr


@pytest.mark.parametrize(
    ("args", "meldung"),
    [
        (["--dataset", "nix", "--period", "2015"], "--dataset: unbekannter Datensatz ‚nix‘"),
        (
            ["--dataset", "bevoelkerung_amtlich", "--period", "2024-Q4"],
            "--period: ‚2024-Q4‘ ist kein gültiger Zeitraum",
        ),
        (
            ["--dataset", "bevoelkerung_amtlich", "--period", "2015", "--supplier", "nasa"],
            "--supplier: unbekannter Lieferant",
        ),
    ],
)
def test_deliver_option_errors_are_usage_errors(db, tmp_path, args, meldung):
    datei = tmp_path / "gut.csv"
    datei.write_text(GUT, encoding="utf-8")
    r = imon("deliver", str(datei), *args, "--db", db)
    assert r.returncode == 2 and meldung in r.stderr and "Traceback" not in r.stderr


def test_deliver_a_directory_or_missing_file(db, tmp_path):
    r = imon("deliver", str(tmp_path), "--dataset", "bevoelkerung_amtlich", "--period", "2015", "--db", db)
    assert r.returncode == 2 and "ist ein Ordner, keine Datei" in r.stderr
    r = imon(
        "deliver",
        str(tmp_path / "fehlt.csv"),
        "--dataset",
        "bevoelkerung_amtlich",
        "--period",
        "2015",
        "--db",
        db,
    )
    assert r.returncode == 2 and "nicht gefunden" in r.stderr


@pytest.mark.parametrize("url", ["foo://x", "sqlite:////proc/gibtsnicht/x.sqlite3"])
def test_unusable_database_url_is_a_configuration_error(url):
    r = imon("indicators", "--db", url)
    assert r.returncode == 3 and r.stderr.startswith("Fehler:") and "Traceback" not in r.stderr


def test_import_genesis_flat_file(db):
    datei = (
        Path(__file__).parents[2]
        / "src/integrationsmonitor/demo/data/12411-01-01-4_1773175772751_de_flat.csv"
    )
    r = imon("import-genesis", str(datei), "--db", db)
    assert r.returncode == 0, r.stderr
    out = imon("series", "bevoelkerung_amtlich", "--db", db).stdout
    assert "bevoelkerung_amtlich,12061,2024,178793," in out


def test_help_is_german():
    r = imon("deliver", "--help")
    assert "Lieferdatei" in r.stdout and "Optionen:" in r.stdout


def test_serve_on_a_busy_port_says_so(db):
    import socket

    with socket.socket() as belegt:
        belegt.bind(("127.0.0.1", 0))
        belegt.listen()
        port = belegt.getsockname()[1]
        r = imon("serve", "--port", str(port), "--db", db)
    assert r.returncode == 2
    assert f"kann nicht auf 127.0.0.1:{port} starten" in r.stderr and "Traceback" not in r.stderr


def test_deliver_refuses_a_file_above_the_size_limit(db, tmp_path):
    datei = tmp_path / "gross.csv"
    datei.write_text(GUT + "12061;2015;_T;1\n" * 2000, encoding="utf-8")
    r = imon("deliver", str(datei), "--dataset", "bevoelkerung_amtlich", "--period", "2015", "--db", db,
             env_extra={"IMON_MAX_UPLOAD_BYTES": "1000"})  # fmt: skip
    assert r.returncode == 2 and "zu groß" in r.stderr

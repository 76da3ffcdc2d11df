"""`imon kreis-anlegen` as a real process, then `imon indicators` on the new catalogue."""

from __future__ import annotations

import os
import subprocess
import sys


def test_cli_subprocess_writes_a_catalogue_that_imon_indicators_loads(tmp_path):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    ziel = tmp_path / "ahrweiler"
    imon = [sys.executable, "-m", "integrationsmonitor.cli.main"]
    r = subprocess.run(
        [*imon, "kreis-anlegen", "07131", "-o", str(ziel)], capture_output=True, text=True, env=env
    )
    assert r.returncode == 0, r.stderr
    assert "Katalog für Landkreis Ahrweiler (AGS 07131, Rheinland-Pfalz) angelegt" in r.stdout
    r = subprocess.run(
        [*imon, "kreis-anlegen", "07131", "-o", str(ziel)], capture_output=True, text=True, env=env
    )
    assert r.returncode == 2 and "nicht leer" in r.stderr and "Traceback" not in r.stderr
    env["IMON_CATALOG_DIR"] = str(ziel)
    db = f"sqlite:///{tmp_path / 'imon.sqlite3'}"
    r = subprocess.run([*imon, "indicators", "--db", db], capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr
    assert "auslaenderanteil" in r.stdout and "stellwerk8_besucher" not in r.stdout
    r = subprocess.run([*imon, "demo", "--no-serve", "--db", db], capture_output=True, text=True, env=env)
    assert r.returncode == 2 and "Landkreis Ahrweiler (AGS 07131)" in r.stderr  # no LDS demo in Ahrweiler
    assert (ziel / "kreis.yaml").is_file()


def test_cli_refuses_the_current_directory_without_a_traceback(tmp_path):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    imon = [sys.executable, "-m", "integrationsmonitor.cli.main"]
    r = subprocess.run(
        [*imon, "kreis-anlegen", "07131", "-o", "."], capture_output=True, text=True, env=env, cwd=tmp_path
    )
    assert r.returncode == 2 and "ist das aktuelle Verzeichnis" in r.stderr and "Traceback" not in r.stderr
    assert list(tmp_path.iterdir()) == []


def test_imon_check_names_a_broken_map_file(tmp_path):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    imon = [sys.executable, "-m", "integrationsmonitor.cli.main"]
    ziel = tmp_path / "ahrweiler"
    assert subprocess.run([*imon, "kreis-anlegen", "07131", "-o", str(ziel)], env=env).returncode == 0
    (ziel / "karte.geojson").write_text('{"type":"FeatureCollection","features":[{"type":"Feature"}\n')
    env["IMON_CATALOG_DIR"] = str(ziel)
    db = f"sqlite:///{tmp_path / 'imon.sqlite3'}"
    r = subprocess.run([*imon, "check", "--db", db], capture_output=True, text=True, env=env)
    assert r.returncode == 3 and "Traceback" not in r.stderr
    assert f"{ziel / 'karte.geojson'}, Zeile 2, Spalte 1: kein gültiges JSON (Komma erwartet)" in r.stderr

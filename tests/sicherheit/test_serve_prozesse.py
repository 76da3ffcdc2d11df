"""`imon serve` with several worker processes (cli.server): it answers, replaces a killed worker and stops
cleanly on SIGTERM. Functional, not timed: the generous limits only keep a broken server from hanging."""

from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

from .prozesse import IMON, freier_port, umgebung


def _kinder(pid: int) -> set[int]:
    return {int(k) for k in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()}


def _warte(bedingung, sekunden: float = 60):  # type: ignore[no-untyped-def]
    ende = time.monotonic() + sekunden
    while time.monotonic() < ende:
        wert = bedingung()
        if wert:
            return wert
        time.sleep(0.1)
    return bedingung()


def _holen(port: int, pfad: str) -> int:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{pfad}", timeout=60) as antwort:
            return int(antwort.status)
    except OSError:
        return 0


def test_mehrere_prozesse_ersetzen_einen_getoeteten_und_enden_sauber(tmp_path: Path) -> None:
    port = freier_port()
    env = umgebung(IMON_DATABASE_URL=f"sqlite:///{tmp_path / 'imon.sqlite3'}", IMON_PROZESSE="2")
    server = subprocess.Popen([IMON, "serve", "--port", str(port)],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
    try:
        assert _warte(lambda: _holen(port, "/static/web/site.css") == 200), "der Server antwortet nicht"
        assert _holen(port, "/") == 200
        arbeiter = _warte(lambda: len(_kinder(server.pid)) == 2 and _kinder(server.pid))
        assert arbeiter and len(arbeiter) == 2, f"zwei Arbeitsprozesse erwartet, gefunden: {arbeiter}"
        opfer = min(arbeiter)
        os.kill(opfer, signal.SIGKILL)
        neu = _warte(lambda: (k := _kinder(server.pid)) and len(k) == 2 and opfer not in k and k)
        assert neu and opfer not in neu and len(neu) == 2, f"kein Ersatz für {opfer}: {neu}"
        assert all(_holen(port, "/indikatoren/") == 200 for _ in range(6))
        server.send_signal(signal.SIGTERM)
        assert server.wait(60) == 0
        for pid in neu:  # no worker left behind
            assert (
                not Path(f"/proc/{pid}").exists() or "Z" in Path(f"/proc/{pid}/stat").read_text().split()[2]
            )
        assert _holen(port, "/static/web/site.css") == 0
    finally:
        if server.poll() is None:
            server.kill()
            server.wait(30)


KOPF = "gebiet;zeitraum;staatsangehoerigkeit;geschlecht;wert;kennzeichen\n"


def test_ein_arbeitsprozess_zeichnet_neue_diagramme(tmp_path: Path) -> None:
    """Found by a reviewer: the parent drew every page before the fork, so the workers inherited a started
    chart renderer (vl_convert), which does not survive a fork; any chart not drawn before (another period,
    a figure's SVG) then waited forever. Each of the two workers must draw new charts."""
    db = f"sqlite:///{tmp_path / 'imon.sqlite3'}"
    for jahr, wert in ((2022, 180), (2023, 231)):
        datei = tmp_path / f"einbuergerungen_{jahr}.csv"
        datei.write_text(KOPF + f"12061;{jahr};_T;_T;{wert};\n", encoding="utf-8")
        lauf = subprocess.run([IMON, "deliver", str(datei), "--dataset", "einbuergerungen", "--period",
                               str(jahr), "--db", db], capture_output=True, text=True, env=umgebung(),
                              timeout=300)  # fmt: skip
        assert lauf.returncode == 0, lauf.stderr
    port = freier_port()
    env = umgebung(IMON_DATABASE_URL=db, IMON_PROZESSE="2")
    server = subprocess.Popen([IMON, "serve", "--port", str(port)],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
    try:
        assert _warte(lambda: _holen(port, "/static/web/site.css") == 200, 120), "der Server antwortet nicht"
        # new connections go to either worker: enough distinct charts that both draw some
        for i in range(6):
            pfad = f"/indikatoren/einbuergerungen/entwicklung.svg?zeitraum={2022 + i % 2}&x={i}"
            assert _holen(port, pfad) == 200, pfad  # 0: no answer within 60 s
            assert _holen(port, f"/indikatoren/einbuergerungen/?zeitraum={2022 + i % 2}&v={i}") == 200
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(30)


def test_ein_eigener_prozess_rechnet_vor_und_die_arbeitsprozesse_lesen_seine_werte(tmp_path: Path) -> None:
    """Before the workers warm their pages, one process of its own renders them once and exits; the values
    the pages read are then in the database (store.seitenwerte), and each worker's warming waits for it."""
    import sqlite3

    db_datei = tmp_path / "imon.sqlite3"
    datei = tmp_path / "einbuergerungen_2023.csv"
    datei.write_text(KOPF + "12061;2023;_T;_T;231;\n", encoding="utf-8")
    lauf = subprocess.run([IMON, "deliver", str(datei), "--dataset", "einbuergerungen", "--period", "2023",
                           "--db", f"sqlite:///{db_datei}"], capture_output=True, text=True, env=umgebung(),
                          timeout=300)  # fmt: skip
    assert lauf.returncode == 0, lauf.stderr
    protokoll = tmp_path / "serve.log"
    port = freier_port()
    env = umgebung(IMON_DATABASE_URL=f"sqlite:///{db_datei}", IMON_PROZESSE="2")
    with protokoll.open("wb") as fehler:
        server = subprocess.Popen([IMON, "serve", "--port", str(port)], env=env,
                                  stdout=subprocess.DEVNULL, stderr=fehler)  # fmt: skip
    try:
        assert _warte(lambda: protokoll.read_text().count("Seiten vorgewärmt") == 2, 240), (
            protokoll.read_text()
        )
        zeilen = protokoll.read_text().splitlines()
        vorab = [i for i, z in enumerate(zeilen) if z.startswith("Vorberechnung:")]
        gewaermt = [i for i, z in enumerate(zeilen) if "Seiten vorgewärmt" in z]
        assert len(vorab) == 1 and all(i > vorab[0] for i in gewaermt), zeilen  # the workers waited for it
        with sqlite3.connect(db_datei) as verbindung:
            (anzahl,) = verbindung.execute("select count(*) from store_seitenwerte").fetchone()
        assert anzahl >= 1  # the delivery's values are kept for every later process
        assert len(_kinder(server.pid)) == 2  # the precomputing process has ended
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(30)

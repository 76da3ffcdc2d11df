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

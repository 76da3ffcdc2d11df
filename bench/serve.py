"""Benchmark: does `imon serve` keep answering while a crowd holds connections open? (prints, asserts nothing)

Finding 2 of #10: about 100 idle connections made the site unreachable (waitress default: 100 connections,
4 threads). Here `imon serve` runs on an empty database in a subprocess; the crowd is 300 idle connections
(connected, nothing sent) plus 300 slow-header connections (a request line, then one header byte every few
seconds, never finished). While the crowd holds on, 40 ordinary requests for `/` and the style sheet are
sent one after another; figures: how many were answered and their median / 95th percentile time. Baseline
in the same run: the same 40 requests without the crowd. Both with the shipped settings and with the old
ones (IMON_THREADS=4, IMON_VERBINDUNGEN=100), each server in its own process.

Run: .venv/bin/python bench/serve.py [--crowd 300]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

IMON = Path(sys.executable).with_name("imon")


def _frei() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _warte(port: int) -> None:
    for _ in range(600):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/static/web/site.css", timeout=2).read()
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=60).read()  # first page: warm
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("Server startet nicht")


def _anfragen(port: int, n: int = 40) -> tuple[int, list[float]]:
    zeiten, ok = [], 0
    for i in range(n):
        pfad = "/" if i % 2 else "/static/web/site.css"
        t0 = time.perf_counter()
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{pfad}", timeout=3) as r:
                r.read()
                ok += r.status == 200
        except OSError:
            pass
        zeiten.append(time.perf_counter() - t0)
    return ok, zeiten


def _menge(port: int, n: int, stopp: threading.Event) -> list[socket.socket]:
    offen = []
    for i in range(2 * n):
        try:
            s = socket.create_connection(("127.0.0.1", port), timeout=5)
        except OSError:
            continue
        if i % 2:  # slow header: a request line, then a byte now and then
            s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Langsam: ")
        offen.append(s)

    def tropfen() -> None:
        while not stopp.wait(3):
            for j, s in enumerate(offen):
                if j % 2:
                    with contextlib.suppress(OSError):
                        s.sendall(b"a")

    threading.Thread(target=tropfen, daemon=True).start()
    return offen


def _lauf(name: str, umgebung: dict[str, str], crowd: int, db: Path) -> None:
    port = _frei()
    env = {**os.environ, "IMON_DATABASE_URL": f"sqlite:///{db}", **umgebung}
    server = subprocess.Popen([str(IMON), "serve", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        _warte(port)
        ok0, z0 = _anfragen(port)
        stopp = threading.Event()
        offen = _menge(port, crowd, stopp)
        time.sleep(1)
        ok1, z1 = _anfragen(port)
        stopp.set()
        for s in offen:
            s.close()
        p95 = statistics.quantiles(z1, n=20)[18] if len(z1) >= 2 else float("nan")
        print(
            f"{name}: ohne Menge {ok0}/40 beantwortet (Median {statistics.median(z0) * 1000:.0f} ms); "
            f"mit {len(offen)} offenen Verbindungen {ok1}/40 (Median {statistics.median(z1) * 1000:.0f} ms, "
            f"95 % {p95 * 1000:.0f} ms; Faktor Median {statistics.median(z1) / statistics.median(z0):.1f})"
        )
    finally:
        server.terminate()
        server.wait(30)


def main() -> None:
    a = argparse.ArgumentParser()
    a.add_argument("--crowd", type=int, default=300)
    args = a.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="imon-bench-serve-"))
    db = tmp / "bench.sqlite3"
    subprocess.run([str(IMON), "deliveries", "--db", f"sqlite:///{db}"], check=True, capture_output=True)
    print(f"imon serve unter {args.crowd} ruhenden und {args.crowd} langsamen Verbindungen (Lauf vom "
          f"{time.strftime('%d.%m.%Y')})")  # fmt: skip
    _lauf("ausgeliefert (8 Threads, 2.000 Verbindungen, 30 s)", {}, args.crowd, db)
    _lauf("alt (4 Threads, 100 Verbindungen)", {"IMON_THREADS": "4", "IMON_VERBINDUNGEN": "100",
                                                "IMON_VERBINDUNG_TIMEOUT": "120"}, args.crowd, db)  # fmt: skip


if __name__ == "__main__":
    main()

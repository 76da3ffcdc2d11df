"""Benchmark: 50 concurrent clients against `imon serve` (prints figures, asserts nothing; item 8 of #11).

A real `imon serve` (all its processes, IMON_PROZESSE = cores) on the LDS demo, built into a temporary
database through the normal delivery path. For each address in turn, 50 clients (keep-alive connections,
one asyncio client process) ask as fast as the server answers for `--sekunden` seconds: the start page, an
indicator page, the course finder, an API series and — the baseline of the same server in the same run —
the style sheet, a static file. Clients accept gzip as browsers do (`--ohne-gzip`: they do not). Figures per address: answers/s, median and 95th percentile time, answers
that were not 200, and the ratio to the static file's answers/s. Server memory: the largest sum over the
server's processes of RSS (counts shared pages once per process) and of PSS (shares them out) during the run.
Then: a delivery made by another process (`imon deliver`) and the time until the next request shows it.

With `--gross`: the same on a variant with 10× the Gemeinden (nine generated Gemeinden beside each real one,
in a generated copy of the catalogue) and 10× the years (the demo's eleven years of every dataset and 99 later
ones), built from the demo's own files and delivered through `liefere` (see bench/grossvariante.py). `--jahre` and
`--gemeinden` change the factors.

Run: .venv/bin/python bench/crowd.py [--sekunden N] [--gross] [--clients 50]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

IMON = Path(sys.executable).with_name("imon")
KODIERUNG = "gzip, deflate, br"  # what browsers send; --ohne-gzip: identity
SEITEN = [
    ("Startseite", "/"),
    ("Indikatorseite", "/indikatoren/auslaenderanteil/"),
    ("Kursfinder", "/kurse/"),
    ("API-Reihe", "/api/v1/indikatoren/auslaenderanteil/reihe?region=12061"),
    ("Stildatei (statisch)", "/static/web/site.css"),
]


def _frei() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _prozesse(pid: int) -> list[int]:
    """The server and all its descendants."""
    alle = [pid]
    i = 0
    while i < len(alle):
        try:
            kinder = Path(f"/proc/{alle[i]}/task/{alle[i]}/children").read_text().split()
        except OSError:
            kinder = []
        alle += [int(k) for k in kinder]
        i += 1
    return alle


def _speicher(pid: int) -> tuple[int, int]:
    """(sum of RSS, sum of PSS) of the server's processes in bytes."""
    rss = pss = 0
    for p in _prozesse(pid):
        try:
            for zeile in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if zeile.startswith("Rss:"):
                    rss += int(zeile.split()[1]) * 1024
                elif zeile.startswith("Pss:"):
                    pss += int(zeile.split()[1]) * 1024
        except OSError:
            pass
    return rss, pss


async def _client(port: int, pfad: str, ende: float, zeiten: list[float], fehler: list[int]) -> None:
    anfrage = (
        f"GET {pfad} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept-Encoding: {KODIERUNG}\r\n\r\n".encode()
    )
    leser, schreiber = await asyncio.open_connection("127.0.0.1", port)
    try:
        while time.perf_counter() < ende:
            t0 = time.perf_counter()
            schreiber.write(anfrage)
            kopf = await asyncio.wait_for(leser.readuntil(b"\r\n\r\n"), 60)
            status = int(kopf.split(b" ", 2)[1])
            laenge = 0
            for zeile in kopf.split(b"\r\n"):
                if zeile.lower().startswith(b"content-length:"):
                    laenge = int(zeile.split(b":", 1)[1])
            if laenge == 0 and b"transfer-encoding: chunked" in kopf.lower():
                raise RuntimeError(f"{pfad}: Antwort ohne Content-Length")
            await leser.readexactly(laenge)
            zeiten.append(time.perf_counter() - t0)
            if status != 200:
                fehler.append(status)
            if b"connection: close" in kopf.lower():
                schreiber.close()
                leser, schreiber = await asyncio.open_connection("127.0.0.1", port)
    finally:
        schreiber.close()


async def _menge(port: int, pfad: str, clients: int, sekunden: float) -> tuple[list[float], list[int], float]:
    zeiten: list[float] = []
    fehler: list[int] = []
    t0 = time.perf_counter()
    ende = t0 + sekunden
    ergebnisse = await asyncio.gather(
        *(_client(port, pfad, ende, zeiten, fehler) for _ in range(clients)), return_exceptions=True
    )
    fehler += [-1 for e in ergebnisse if isinstance(e, BaseException)]
    return zeiten, fehler, time.perf_counter() - t0


def _p(werte: list[float], anteil: float) -> float:
    if not werte:
        return float("nan")
    w = sorted(werte)
    return w[min(len(w) - 1, int(anteil * len(w)))]


def _starte_server(db: str, port: int, umgebung: dict[str, str]) -> subprocess.Popen[bytes]:
    protokoll = Path(umgebung["IMON_DATA_DIR"]) / f"serve-{port}.log"  # a pipe nobody reads would block it
    server = subprocess.Popen(
        [str(IMON), "serve", "--db", db, "--port", str(port)],
        env=umgebung,
        stdout=subprocess.DEVNULL,
        stderr=protokoll.open("wb"),
        start_new_session=True,
    )
    for _ in range(6000):  # the parent computes the publication before the workers answer
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/static/web/site.css", timeout=5).read()
            _warte_auf_vorwaermen(protokoll, server)
            return server
        except OSError:
            if server.poll() is not None:
                raise SystemExit("Server beendet: " + protokoll.read_text(errors="replace")[-2000:]) from None
            time.sleep(0.1)
    raise SystemExit("Server startet nicht")


def _warte_auf_vorwaermen(protokoll: Path, server: subprocess.Popen[bytes], sekunden: float = 3600) -> None:
    """Each worker draws its pages once as it starts (cli.server): measure the steady state, after that."""
    prozesse = int(os.environ.get("IMON_PROZESSE") or os.cpu_count() or 1)
    ende = time.monotonic() + sekunden
    while time.monotonic() < ende and server.poll() is None:
        if protokoll.read_text(errors="replace").count("Seiten vorgewärmt") >= prozesse:
            return
        time.sleep(0.2)
    print(f"(Vorwärmen der Arbeitsprozesse nach {sekunden:g} s nicht gemeldet; es wird trotzdem gemessen)")


def _lauf(titel: str, db: str, umgebung: dict[str, str], sekunden: float, clients: int) -> None:
    port = _frei()
    t0 = time.perf_counter()
    server = _starte_server(db, port, umgebung)
    print(f"\n## {titel}\nServer bereit nach {time.perf_counter() - t0:.1f} s (Port {port}).", flush=True)
    for zeile in (
        (Path(umgebung["IMON_DATA_DIR"]) / f"serve-{port}.log").read_text(errors="replace").splitlines()
    ):
        if zeile.startswith("Vorberechnung:") or "Seiten vorgewärmt" in zeile:
            print(f"  {zeile}", flush=True)
    hoechst = [0, 0]
    stopp = False

    async def messe_speicher() -> None:
        while not stopp:
            rss, pss = _speicher(server.pid)
            hoechst[0], hoechst[1] = max(hoechst[0], rss), max(hoechst[1], pss)
            await asyncio.sleep(0.5)

    async def alle() -> list[tuple[str, str, list[float], list[int], float]]:
        nonlocal stopp
        aufgabe = asyncio.create_task(messe_speicher())
        zeilen = []
        for name, pfad in SEITEN:
            for _ in range(2):  # warm: the first answer of each page is computed, not cached
                urllib.request.urlopen(f"http://127.0.0.1:{port}{pfad}", timeout=300).read()
            zeiten, fehler, dauer = await _menge(port, pfad, clients, sekunden)
            zeilen.append((name, pfad, zeiten, fehler, dauer))
        stopp = True
        await aufgabe
        return zeilen

    try:
        zeilen = asyncio.run(alle())
        statisch = len(zeilen[-1][2]) / zeilen[-1][4]
        print(f"{clients} Clients je Adresse, {sekunden:g} s, Accept-Encoding: {KODIERUNG}; "
              "Verhältnis: Antworten/s zur statischen Datei\n")  # fmt: skip
        print("| Adresse | Antworten/s | p50 ms | p95 ms | nicht 200 | Verhältnis |")
        print("|---|---:|---:|---:|---:|---:|")
        for name, pfad, zeiten, fehler, dauer in zeilen:
            rate = len(zeiten) / dauer
            print(
                f"| {name} `{pfad}` | {rate:,.0f} | {_p(zeiten, 0.5) * 1000:.1f} | {_p(zeiten, 0.95) * 1000:.1f}"
                f" | {len(fehler)} | {rate / statisch:.2f} |".replace(",", ".")
            )
        print(f"\nServer-Speicher höchstens: RSS-Summe {hoechst[0] / 2**20:_.0f} MB, "
              f"PSS-Summe {hoechst[1] / 2**20:_.0f} MB ({len(_prozesse(server.pid))} Prozesse)".replace("_", "."))  # fmt: skip
        _neue_lieferung(db, port, umgebung)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(60)


def _neue_lieferung(db: str, port: int, umgebung: dict[str, str]) -> None:
    """A delivery by another process (`imon deliver`): is it on the next request?"""
    url = f"http://127.0.0.1:{port}/api/v1/indikatoren/einbuergerungsquote/reihe?region=12061"
    vorher = urllib.request.urlopen(url, timeout=60).read()
    datei = Path(tempfile.mkdtemp(prefix="imon-crowd-")) / "einbuergerungen_2025.csv"
    wert = 700 + int(time.time()) % 200  # another file in each run: a reused folder has the last one already
    datei.write_text(f"gebiet;zeitraum;staatsangehoerigkeit;geschlecht;wert\n12061;2025;_T;_T;{wert}\n")
    befehl = [
        str(IMON),
        "--db",
        db,
        "deliver",
        str(datei),
        "--dataset",
        "einbuergerungen",
        "--period",
        "2025",
    ]
    subprocess.run(befehl, env=umgebung, check=True, capture_output=True)
    t0 = time.perf_counter()
    nachher = urllib.request.urlopen(url, timeout=60).read()
    sichtbar = nachher != vorher and b"2025" in nachher
    print(f"Lieferung per `imon deliver` aus einem anderen Prozess: bei der nächsten Anfrage "
          f"{'sichtbar' if sichtbar else 'NICHT sichtbar'} ({(time.perf_counter() - t0) * 1000:.0f} ms).")  # fmt: skip


def _demo(ordner: Path, umgebung: dict[str, str]) -> str:
    db = f"sqlite:///{ordner / 'demo.sqlite3'}"
    t0 = time.perf_counter()
    subprocess.run(
        [str(IMON), "demo", "--no-serve", "--db", db], env=umgebung, check=True, capture_output=True
    )
    print(f"Demo gebaut in {time.perf_counter() - t0:.0f} s.", flush=True)
    return db


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sekunden", type=float, default=10, help="Dauer je Adresse (Standard: 10)")
    p.add_argument("--clients", type=int, default=50, help="gleichzeitige Clients (Standard: 50)")
    p.add_argument("--gross", action="store_true", help="auch die Variante mit 10× Gemeinden und 10× Jahren")
    p.add_argument("--jahre", type=int, default=10, help="mit --gross: Faktor der Jahre (Standard: 10)")
    p.add_argument(
        "--gemeinden", type=int, default=10, help="mit --gross: Faktor der Gemeinden (Standard: 10)"
    )
    p.add_argument("--nur-gross", action="store_true", help="nur die große Variante")
    p.add_argument(
        "--ordner",
        type=Path,
        help="Arbeitsordner behalten; eine dort schon gebaute große Variante wiederverwenden",
    )
    p.add_argument("--ohne-gzip", action="store_true", help="Clients nehmen keine komprimierten Antworten")
    args = p.parse_args()
    if args.ohne_gzip:
        global KODIERUNG
        KODIERUNG = "identity"
    ordner = args.ordner or Path(tempfile.mkdtemp(prefix="imon-bench-crowd-"))
    ordner.mkdir(parents=True, exist_ok=True)
    umgebung = {k: v for k, v in os.environ.items() if not k.startswith("IMON_")}
    umgebung["IMON_DATA_DIR"] = str(ordner)
    umgebung["IMON_LOG_LEVEL"] = "WARNING"
    print(f"Maschine: {os.cpu_count()} Kerne; imon serve mit IMON_PROZESSE = Kerne.")
    try:
        if not args.nur_gross:
            _lauf("LDS-Demo", _demo(ordner, umgebung), umgebung, args.sekunden, args.clients)
        if args.gross or args.nur_gross:
            from grossvariante import baue  # bench/grossvariante.py

            t0 = time.perf_counter()
            db, katalog_ordner, zellen, schutz = baue(ordner, args.gemeinden, args.jahre, umgebung)
            print(f"\nGroße Variante ({args.gemeinden}× Gemeinden, {args.jahre}× Jahre, {zellen:_} aktive Zellen) "
                  f"bereit in {time.perf_counter() - t0:.0f} s; jede Lieferung einmal geschützt "
                  f"(einmalig, Ergebnisse in der Datenbank): {schutz:.0f} s.".replace("_", "."), flush=True)  # fmt: skip
            gross = {**umgebung, "IMON_CATALOG_DIR": str(katalog_ordner)}
            _lauf(f"Große Variante ({args.gemeinden}× Gemeinden, {args.jahre}× Jahre)", db, gross,
                  args.sekunden, args.clients)  # fmt: skip
    finally:
        if args.ordner is None:
            shutil.rmtree(ordner, ignore_errors=True)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    main()

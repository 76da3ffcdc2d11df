"""`imon serve` on every core: one parent process, `IMON_PROZESSE` worker processes (docs/betrieb.md).

Pre-fork: the parent binds the socket, computes the publications once (store.selectors.veroeffentliche_alles),
so the workers inherit them instead of computing them each, then forks the workers; each runs waitress
with its threads on the inherited socket, and the kernel hands every new connection to one of them, and
renders the start page and every indicator page once in a thread of its own (`seiten_vorwaermen`).

The parent renders no page itself: the chart renderer (vl_convert, a runtime with threads of its own)
does not survive a fork — a worker that inherited it started would wait forever on its first chart (the
protection's solver HiGHS does survive one; tests/sicherheit/test_serve_prozesse.py checks both). The
parent only watches: a worker that dies is replaced, SIGTERM or SIGINT (Ctrl+C) stops the workers (SIGTERM,
after `STOPP_SEKUNDEN` SIGKILL) and then the parent. With `IMON_PROZESSE=1` one process serves (as before),
computing the publications in a thread while it already answers.

Before the workers, the parent forks one more process that renders the same pages once and exits
(`Aufseher._vorrechnen`): the values they read from each delivery go to the database (store.seitenwerte),
and each worker's own warming waits for it and then reads those values instead of loading every delivery's
cube; what the loading costs in memory leaves with that process. The workers answer meanwhile.

Threads alone cannot use a second core for Python code (the interpreter lock); processes can. Each worker
keeps its own caches (response cache, cubes), and all see a write through the data version in the database.
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import logging
import os
import signal
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from types import FrameType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from integrationsmonitor.catalog.model import Katalog

log = logging.getLogger("integrationsmonitor.server")

STOPP_SEKUNDEN = 10  # a worker still running this long after SIGTERM is killed
NEUSTART_PAUSE = 1.0  # seconds between restarts of a worker that dies at once (no busy loop)


def binde(host: str, port: int, rueckstau: int = 2048) -> socket.socket:
    """The listening socket, shared by every worker."""
    familie = socket.AF_INET6 if ":" in host else socket.AF_INET
    s = socket.socket(familie, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((host, port))
    s.listen(rueckstau)
    s.setblocking(False)
    return s


def _arbeite(
    starte: Callable[[socket.socket], Any],
    sock: socket.socket,
    vorwaermen: Callable[[], object] | None,
    sperrdatei: str | None = None,
) -> None:
    """In the worker: serve until SIGTERM, then finish (the parent stops the workers with SIGTERM)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C reaches the whole group; the parent decides
    if vorwaermen is not None:  # while the worker already answers
        threading.Thread(
            target=_waerme, args=(vorwaermen, sperrdatei), name="imon-seiten-vorwaermen", daemon=True
        ).start()

    def beende(_nr: int, _frame: FrameType | None) -> None:
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, beende)
    server = starte(sock)
    try:
        server.run()
    except SystemExit:
        pass
    finally:
        try:
            server.close()
            server.task_dispatcher.shutdown(timeout=5)
        except Exception:  # already closing: nothing left to finish
            pass
    os._exit(0)


def _warte_auf_vorberechnung(sperrdatei: str | None) -> None:
    """Block until the precomputing process (Aufseher._vorrechnen) has ended: it holds an exclusive lock
    on the file until it exits; a shared lock is granted only then. No file (already removed): no wait."""
    if sperrdatei is None:
        return
    try:
        fd = os.open(sperrdatei, os.O_RDONLY)
    except OSError:
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_SH)
    finally:
        os.close(fd)


def _waerme(vorwaermen: Callable[[], object], sperrdatei: str | None = None) -> None:
    """Warm the worker's pages and say so on stderr (operators and bench/crowd.py wait for this line)."""
    _warte_auf_vorberechnung(sperrdatei)  # then the values are in the database: read, not computed
    t0 = time.monotonic()
    seiten = vorwaermen()
    print(f"Arbeitsprozess {os.getpid()}: {seiten} Seiten vorgewärmt in {time.monotonic() - t0:.1f} s".replace(".", ","),
          file=sys.stderr, flush=True)  # fmt: skip


def seiten_vorwaermen(k: Katalog, host: str) -> int:
    """Render the start page and every indicator page once, in each worker as it starts: the values they
    read from each delivery (store.lieferwerte) and the pages are then ready before the first visitors ask.
    Never in the parent before a fork (module docstring). Returns the number of pages rendered."""
    from django.conf import settings
    from django.test import Client

    erlaubt = [h for h in settings.ALLOWED_HOSTS if h and "*" not in h and not h.startswith(".")]
    name = host if host in erlaubt or not erlaubt else erlaubt[0]
    client = Client(HTTP_HOST=name)
    anzahl = 0
    for pfad in ["/", *(f"/indikatoren/{i}/" for i in k.indikatoren)]:
        try:
            anzahl += client.get(pfad, secure=settings.SECURE_SSL_REDIRECT).status_code == 200
        except Exception:  # a broken page must not keep the site from starting; its visitors see the error
            log.exception("Vorwärmen von %s fehlgeschlagen", pfad)
    from integrationsmonitor.store.lieferwerte import speichere_neue

    speichere_neue()  # the values read go to the database: the next worker reads them, not the cubes
    return anzahl


class _Stopp(Exception):
    """SIGTERM or SIGINT reached the parent."""


class Aufseher:
    """The parent: starts `anzahl` workers and replaces each that dies until it is told to stop."""

    def __init__(
        self,
        anzahl: int,
        starte: Callable[[socket.socket], Any],
        sock: socket.socket,
        vorwaermen: Callable[[], object] | None = None,
    ) -> None:
        self.anzahl = max(1, anzahl)
        self.starte = starte
        self.sock = sock
        self.vorwaermen = vorwaermen
        self.arbeiter: dict[int, float] = {}  # pid -> start time
        self.stopp = False
        self.vorrechner: int | None = None  # pid of the precomputing process while it runs
        self.sperrdatei: str | None = None

    def _neuer(self) -> None:
        pid = os.fork()
        if pid == 0:
            try:
                _arbeite(self.starte, self.sock, self.vorwaermen, self.sperrdatei)
            finally:
                os._exit(1)
        self.arbeiter[pid] = time.monotonic()

    def _vorrechnen(self) -> None:
        """Warm the pages once in a process of its own before the workers warm theirs: the values the pages
        read go to the database (store.seitenwerte), and the workers then read them instead of loading every
        delivery's cube each. What loading them costs in memory ends with that process, not in a worker. The
        workers answer meanwhile; their own warming waits for it (`_warte_auf_vorberechnung`)."""
        assert self.vorwaermen is not None
        fd, self.sperrdatei = tempfile.mkstemp(prefix="imon-vorberechnung-")
        fcntl.flock(fd, fcntl.LOCK_EX)  # held by the child (same open file) until it exits
        pid = os.fork()
        if pid == 0:
            try:
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                signal.signal(signal.SIGINT, signal.SIG_IGN)
                t0 = time.monotonic()
                seiten = self.vorwaermen()
                print(f"Vorberechnung: {seiten} Seiten in {time.monotonic() - t0:.1f} s".replace(".", ","),
                      file=sys.stderr, flush=True)  # fmt: skip
            finally:
                os._exit(0)
        os.close(fd)  # the lock stays with the child
        self.vorrechner = pid

    def _signal(self, _nr: int, _frame: FrameType | None) -> None:
        self.stopp = True
        raise _Stopp  # out of os.waitpid, which Python would otherwise resume

    def laufe(self) -> None:
        from django.db import connections

        connections.close_all()  # every worker opens its own database connection
        gc.collect()
        gc.freeze()  # objects of the parent stay shared with the workers (copy-on-write), not copied by the GC
        alt_term = signal.signal(signal.SIGTERM, self._signal)
        alt_int = signal.signal(signal.SIGINT, self._signal)
        try:
            if self.vorwaermen is not None and self.anzahl > 1:
                self._vorrechnen()
            for _ in range(self.anzahl):
                self._neuer()
            while not self.stopp:
                pid, status = os.waitpid(-1, 0)
                gestartet = self.arbeiter.pop(pid, None)
                if gestartet is None:
                    if pid == self.vorrechner:
                        self.vorrechner = None
                    continue
                log.warning(
                    "Arbeitsprozess %s beendet (Exit %s); ein neuer wird gestartet",
                    pid,
                    os.waitstatus_to_exitcode(status),
                )
                if time.monotonic() - gestartet < NEUSTART_PAUSE:
                    time.sleep(NEUSTART_PAUSE)
                self._neuer()
        except (_Stopp, ChildProcessError):
            pass
        finally:
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            self._beende()
            signal.signal(signal.SIGTERM, alt_term)
            signal.signal(signal.SIGINT, alt_int)

    def _beende(self) -> None:
        if self.vorrechner is not None:
            self.arbeiter[self.vorrechner] = 0.0  # stopped like a worker
            self.vorrechner = None
        if self.sperrdatei is not None:
            with contextlib.suppress(OSError):
                os.unlink(self.sperrdatei)
        for pid in list(self.arbeiter):
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                self.arbeiter.pop(pid, None)
        frist = time.monotonic() + STOPP_SEKUNDEN
        while self.arbeiter and time.monotonic() < frist:
            try:
                pid, _status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid:
                self.arbeiter.pop(pid, None)
            else:
                time.sleep(0.05)
        for pid in list(self.arbeiter):
            try:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
        self.arbeiter.clear()
        self.sock.close()

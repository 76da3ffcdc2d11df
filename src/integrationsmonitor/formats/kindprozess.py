"""Run a parser of untrusted files in a forked child process with a memory and a time limit (pure, no Django).

Some readers are native code that aborts the whole process instead of raising (python-calamine: a failed
allocation in Rust is `abort()`, exit 134). Under `imon serve` that is every visitor's website. Here the
parser runs in a child made with `fork()` (no new interpreter, no imports: a few milliseconds); the child's
address space may grow by `speicher` bytes beyond what the parent already had, and the parent waits at most
`sekunden`. Whatever goes wrong in the child — abort, memory limit, a signal, running too long — becomes a
`FormatFehler` in German for the file; a `FormatFehler` raised in the child arrives unchanged.

The result travels back through a pipe as a pickle. Only the child writes to the pipe and only after the
parser returned plain Python values (lists of cell values), so nothing from the file is ever unpickled as
code. Without `fork()` (not Linux/Unix) the parser runs in the process itself.
"""

from __future__ import annotations

import faulthandler
import os
import pickle
import resource
import select
import signal
import time
from collections.abc import Callable
from typing import TypeVar

from .errors import FormatFehler

T = TypeVar("T")
GB = 1024**3

SPEICHER = 2 * GB  # a 50 MB workbook of 5 million cells needs about 1 GB as Python lists
SEKUNDEN = 120.0


def _adressraum() -> int:
    """Current virtual size of this process in bytes (0 if unknown)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as f:
            return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def im_kindprozess(
    f: Callable[[], T], datei: str, *, speicher: int = SPEICHER, sekunden: float = SEKUNDEN
) -> T:
    """`f()` in a forked child with the limits; its value, or FormatFehler naming `datei`."""
    if not hasattr(os, "fork"):
        return f()
    grenze = _adressraum() + speicher
    lesen, schreiben = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child; its outcome is asserted through the parent
        _kind(f, lesen, schreiben, grenze)
    os.close(schreiben)
    try:
        daten = _empfange(lesen, pid, sekunden, datei)
    finally:
        os.close(lesen)
    _, status = os.waitpid(pid, 0)
    if not daten or not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
        grund = (
            f"Signal {os.WTERMSIG(status)}"
            if os.WIFSIGNALED(status)
            else f"Code {os.waitstatus_to_exitcode(status)}"
        )
        raise FormatFehler(
            datei,
            "die Datei kann nicht gelesen werden: das Lesen brach ab "
            f"({grund}; meist verlangt die Datei mehr als {speicher // GB} GB Arbeitsspeicher)",
        )
    art, wert = pickle.loads(daten)
    if art == "fehler":
        raise FormatFehler(*wert)
    return wert  # type: ignore[no-any-return]


def _empfange(lesen: int, pid: int, sekunden: float, datei: str) -> bytes:
    teile: list[bytes] = []
    frist = time.monotonic() + sekunden
    while True:
        rest = frist - time.monotonic()
        if rest <= 0:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            raise FormatFehler(
                datei, f"die Datei kann nicht gelesen werden: das Lesen dauerte länger als {sekunden:.0f} s"
            )
        bereit, _, _ = select.select([lesen], [], [], min(rest, 1.0))
        if not bereit:
            continue
        stueck = os.read(lesen, 1 << 20)
        if not stueck:
            return b"".join(teile)
        teile.append(stueck)


def _kind(f: Callable[[], object], lesen: int, schreiben: int, grenze: int) -> None:  # pragma: no cover
    code = 0
    try:
        os.close(lesen)
        leer = os.open(os.devnull, os.O_WRONLY)
        os.dup2(leer, 2)  # a native abort prints a backtrace: not into the server's log
        faulthandler.disable()  # nor Python's (pytest and `python -X faulthandler` write to a saved fd)
        if grenze:
            resource.setrlimit(resource.RLIMIT_AS, (grenze, grenze))
        try:
            ergebnis: tuple[str, object] = ("ok", f())
        except FormatFehler as exc:
            ergebnis = ("fehler", (exc.datei, exc.grund, exc.zeile, exc.spalte, exc.blatt))
        daten = pickle.dumps(ergebnis, protocol=pickle.HIGHEST_PROTOCOL)
        ansicht = memoryview(daten)
        while ansicht:
            ansicht = ansicht[os.write(schreiben, ansicht) :]
    except BaseException:
        code = 1
    finally:
        os._exit(code)

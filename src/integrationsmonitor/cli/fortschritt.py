"""Progress bars of the long commands (collect, export-site, import-genesis, deliver --profile, backup, restore).

On a terminal: a tqdm bar on stderr with share done, count, rate and time left, redrawn in place, e.g.

    export.csv lesen  45 % |█████████▍           | 36,1M/80,1M [00:01<00:01, 25,3MB/s]

Where stderr is not a terminal (a pipe, a log file, CI, cron) nothing at all is drawn: the command's
normal output stays exactly as it is. A step of unknown length (one delivery being checked and protected)
shows the time passed instead, refreshed twice a second by a small thread.
"""

from __future__ import annotations

import os
import re
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

from tqdm import tqdm

TAKT = 0.5  # seconds between redraws of a step of unknown length
_MIT_GESAMT = "{desc} {percentage:3.0f} % |{bar}| {n_fmt}/{total_fmt} [{elapsed}<{remaining}, {rate_fmt}]"
_OHNE_GESAMT = "{desc} {n_fmt}{unit} [{elapsed}, {rate_fmt}]"
_NUR_ZEIT = "{desc} … [{elapsed}]"


def auf_terminal(ausgabe: TextIO) -> bool:
    """Draw only on an interactive terminal (not with TERM=dumb, as in some CI and editor consoles)."""
    try:
        return ausgabe.isatty() and os.environ.get("TERM") != "dumb"
    except (AttributeError, ValueError):  # a closed or unusual stream
        return False


def _groesse(ausgabe: TextIO) -> dict[str, int]:
    """The terminal's columns and lines; 80 × 24 where it does not say (a fresh pseudo-terminal reports
    0 × 0, and tqdm then draws nothing)."""
    try:
        spalten, zeilen = os.get_terminal_size(ausgabe.fileno())
    except (AttributeError, OSError, ValueError):
        spalten = zeilen = 0
    return {"ncols": spalten or 80, "nrows": zeilen or 24}


def _deutsch(text: str) -> str:
    """tqdm's numbers in German style: decimal comma (36.1M → 36,1M)."""
    return re.sub(r"(?<=\d)\.(?=\d)", ",", text)


class _Balken(tqdm):  # type: ignore[misc]  # tqdm ships no type information
    """tqdm with German numbers (decimal comma); the text in front (a file name) stays as it is."""

    @staticmethod
    def format_meter(*args: Any, **kwargs: Any) -> str:
        zeile, text = str(tqdm.format_meter(*args, **kwargs)), str(kwargs.get("prefix") or "")
        if text and zeile.startswith(text):
            return text + _deutsch(zeile[len(text) :])
        return _deutsch(zeile)


class Fortschritt:
    """A bar for `gesamt` units (None: unknown, a counter with rate). Call it with the share done (0..1), or
    use `stand` with the units done; `ende` closes it. Units `einheit="B"` are shown as KB/MB/GB; with
    `skalieren` (default: for bytes) large counts as 24,3k."""

    def __init__(
        self,
        ausgabe: TextIO,
        text: str = "",
        *,
        gesamt: float | None = 100,
        einheit: str = "%",
        skalieren: bool | None = None,
    ) -> None:
        self.aktiv = auf_terminal(ausgabe)
        self.gesamt = gesamt
        self._balken: Any = None
        if self.aktiv:
            groessen = einheit == "B"
            skalieren = groessen if skalieren is None else skalieren
            self._balken = _Balken(
                total=gesamt,
                desc=text.rstrip(),
                unit=einheit if groessen else f" {einheit}",
                unit_scale=skalieren,
                unit_divisor=1024 if groessen else 1000,
                file=ausgabe,
                bar_format=_MIT_GESAMT if gesamt else _OHNE_GESAMT,
                **_groesse(ausgabe),
                mininterval=0.2,
                leave=True,
            )

    def __call__(self, anteil: float) -> None:
        """The share done, 0..1 (clamped), of `gesamt`."""
        if self._balken is not None and self.gesamt:
            self.stand(min(max(anteil, 0.0), 1.0) * self.gesamt)

    def stand(self, erledigt: float, gesamt: float | None = None) -> None:
        """`erledigt` units done; `gesamt` a new total (a crawl that finds more pages as it goes)."""
        if self._balken is None:
            return
        if gesamt is not None and gesamt != self._balken.total:
            self._balken.total = gesamt
            self._balken.bar_format = _MIT_GESAMT
            self.gesamt = gesamt
        self._balken.update(erledigt - self._balken.n)

    def ausgeben(self, text: str) -> None:
        """Print a line of the normal output (stdout) above the bar, without breaking it."""
        if self._balken is None:
            print(text, flush=True)
        else:
            self._balken.write(text, file=sys.stdout)

    def ende(self) -> None:
        """Close the bar's line (if one was drawn); safe to call twice."""
        if self._balken is not None:
            self._balken.close()
            self._balken = None

    def __enter__(self) -> Fortschritt:
        return self

    def __exit__(self, *_: object) -> None:
        self.ende()


@contextmanager
def laeuft(ausgabe: TextIO, text: str) -> Iterator[None]:
    """A step whose length nobody knows in advance: `text … [00:07]`, the time refreshed while it runs."""
    if not auf_terminal(ausgabe):
        yield
        return
    balken = _Balken(
        total=None, desc=text, file=ausgabe, bar_format=_NUR_ZEIT, leave=True, **_groesse(ausgabe)
    )
    fertig = threading.Event()

    def ticken() -> None:
        while not fertig.wait(TAKT):
            balken.refresh()

    uhr = threading.Thread(target=ticken, name="imon-fortschritt", daemon=True)
    uhr.start()
    try:
        yield
    finally:
        fertig.set()
        uhr.join()
        balken.close()

"""CSV written by the product, safe against formula injection (CSV/DDE injection; OWASP).

A spreadsheet opening our CSV would run a cell starting with `=`, `+`, `-`, `@`, tab or CR as a formula
(`=HYPERLINK(…)`, `@SUM(…)`, `-2+3+cmd|…`). `zelle` prefixes such text with `'`, which Excel and LibreOffice
show as text. Plain numbers (`-5`, `-1,5`, `+3`, `-1.234,5`, `-1.5e3`) and the lone GENESIS symbol `-`
(nichts vorhanden) stay as they are, so values still read as numbers. Numbers that are not `str` pass through.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import Any, Protocol

_GEFAEHRLICH = ("=", "+", "-", "@", "\t", "\r")
_ZAHL = re.compile(r"[+-]?(?:\d+(?:[.,]\d+)*)(?:[eE][+-]?\d+)?")


def zelle(text: str) -> str:
    """`text`, with a leading `'` if a spreadsheet would read it as a formula."""
    if text.startswith(_GEFAEHRLICH) and text != "-" and not _ZAHL.fullmatch(text):
        return "'" + text
    return text


def zeile(werte: Iterable[object]) -> list[object]:
    """A row with every text cell made safe (None and numbers unchanged)."""
    return [zelle(w) if isinstance(w, str) else w for w in werte]


class _Schreibbar(Protocol):
    def write(self, s: str, /) -> Any: ...


class Schreiber:
    """`csv.writer` whose rows pass through `zeile`."""

    def __init__(self, datei: _Schreibbar, **optionen: Any) -> None:
        self._w = csv.writer(datei, **optionen)

    def writerow(self, werte: Iterable[object]) -> Any:
        return self._w.writerow(zeile(werte))

    def writerows(self, zeilen: Iterable[Iterable[object]]) -> None:
        for werte in zeilen:
            self.writerow(werte)


def schreiber(datei: _Schreibbar, **optionen: Any) -> Schreiber:
    """Drop-in for `csv.writer(datei, delimiter=";", …)` in every CSV the product writes."""
    return Schreiber(datei, **optionen)

"""Axis labels of charts wrapped onto several lines instead of cut off with "…" (pure).

Vega draws an array label as one line per element; a `labelExpr` looks each long name up in a
literal table of its lines, so the data keep the full name (tooltips, text alternative, table).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

ZEILE = 22  # characters per line: about 160 px at 12 px DejaVu Sans
_BRUCHSTELLE = re.compile(r"(?<=[ /\-])")  # a line may end after a space, a slash or a hyphen


def umbrechen(text: str, zeichen: int = ZEILE) -> list[str]:
    """The text in lines of at most `zeichen` characters, broken after spaces, slashes and hyphens;
    a single longer word stays whole (never cut)."""
    if len(text) <= zeichen:
        return [text]
    zeilen: list[str] = []
    aktuell = ""
    for stueck in _BRUCHSTELLE.split(text):
        if aktuell and len((aktuell + stueck).rstrip()) > zeichen:
            zeilen.append(aktuell.rstrip())
            aktuell = ""
        aktuell += stueck
    if aktuell.strip():
        zeilen.append(aktuell.rstrip())
    return zeilen


def namensachse(namen: Iterable[str], schriftgroesse: int, zeichen: int = ZEILE) -> dict[str, Any]:
    """Axis properties of a band axis of names: no length limit; names longer than `zeichen` as their
    lines (a `labelExpr` lookup), the block of lines centred on its band (`labelOffset`)."""
    zeilenhoehe = schriftgroesse + 2
    achse: dict[str, Any] = {"labelLimit": 0, "labelLineHeight": zeilenhoehe}
    tabelle = {n: zeilen for n in dict.fromkeys(namen) if len(zeilen := umbrechen(n, zeichen)) > 1}
    if tabelle:
        literal = json.dumps(tabelle, ensure_ascii=False, separators=(",", ":"))
        achse["labelExpr"] = f"({literal})[datum.label] || datum.label"
        # Vega sets the first line on the band's centre: move the block up by half its extra lines
        achse["labelOffset"] = {"expr": f"-(length(({literal})[datum.label] || [0]) - 1) * {zeilenhoehe / 2}"}
    return achse


def max_zeilen(namen: Iterable[str], zeichen: int = ZEILE) -> int:
    return max((len(umbrechen(n, zeichen)) for n in namen), default=1)

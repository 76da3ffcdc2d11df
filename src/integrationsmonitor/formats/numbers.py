"""Parse numbers as German offices write them (thousands dot, decimal comma)."""

from __future__ import annotations

import re

_GANZ = re.compile(r"[+]?\d+")
_GANZ_GRUPPIERT = re.compile(r"[+]?\d{1,3}(?:\.\d{3})+")
_DEUTSCH = re.compile(r"[+-]?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?")
MAX_ANZAHL = 10**12  # more than any count a county can have; larger values are typing errors


def ganze_zahl(text: str) -> int:
    """An integer count: '14933', '14.933' (thousands dot) or '"14933"'; ValueError with a German reason."""
    t = text.strip().strip('"').replace("\u00a0", "").replace(" ", "")
    if t.startswith("-") and (_GANZ.fullmatch(t[1:]) or _GANZ_GRUPPIERT.fullmatch(t[1:])):
        raise ValueError(f"‚{text}‘ ist negativ; Anzahlen müssen 0 oder größer sein")
    if _GANZ.fullmatch(t) or _GANZ_GRUPPIERT.fullmatch(t):
        wert = int(t.replace(".", ""))
        if wert > MAX_ANZAHL:
            raise ValueError(f"‚{text}‘ ist unplausibel groß (mehr als {MAX_ANZAHL:,})".replace(",", "."))
        return wert
    if re.fullmatch(r"[+-]?\d+([.,]\d+)?", t):
        raise ValueError(f"‚{text}‘ ist keine ganze Zahl; Anzahlen haben keine Nachkommastellen")
    raise ValueError(f"‚{text}‘ ist keine Zahl")


def deutsche_zahl(text: str) -> float | None:
    """A number written the German way ('1.234,5', '-3', '12,5') as float; None if `text` is none."""
    if not _DEUTSCH.fullmatch(text):
        return None
    return float(text.replace(".", "").replace(",", "."))

"""Parse numbers as German offices write them (thousands dot, decimal comma)."""

from __future__ import annotations

import re

# ASCII digits only: Python's \d also matches Arabic-Indic (١٤٩٣٣) or full-width (１４９３３) digits, which no
# office export writes and a reader of the file could not check (finding 12 of #10).
_GANZ = re.compile(r"[0-9]+")
_GANZ_GRUPPIERT = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+")
_DEUTSCH = re.compile(r"-?(?:[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)(?:,[0-9]+)?")
MAX_ANZAHL = 10**12  # more than any count a county can have; larger values are typing errors


def ganze_zahl(text: str) -> int:
    """An integer count: '14933', '14.933' (thousands dot) or '"14933"'; ValueError with a German reason.

    Only the digits 0–9, no sign: '+5', '١٤٩٣٣' and '１４９３３' are refused."""
    t = text.strip().strip('"').replace("\u00a0", "").replace(" ", "")
    if any(z.isdigit() and not z.isascii() for z in t):
        raise ValueError(f"‚{text}‘ enthält andere Ziffern als 0–9 (z. B. arabische oder breite Ziffern)")
    if t.startswith("+"):
        raise ValueError(f"‚{text}‘ hat ein Vorzeichen; Anzahlen werden ohne + geschrieben")
    if t.startswith("-") and (_GANZ.fullmatch(t[1:]) or _GANZ_GRUPPIERT.fullmatch(t[1:])):
        raise ValueError(f"‚{text}‘ ist negativ; Anzahlen müssen 0 oder größer sein")
    if _GANZ.fullmatch(t) or _GANZ_GRUPPIERT.fullmatch(t):
        wert = int(t.replace(".", ""))
        if wert > MAX_ANZAHL:
            raise ValueError(f"‚{text}‘ ist unplausibel groß (mehr als {MAX_ANZAHL:,})".replace(",", "."))
        return wert
    if re.fullmatch(r"[+-]?[0-9]+([.,][0-9]+)?", t):
        raise ValueError(f"‚{text}‘ ist keine ganze Zahl; Anzahlen haben keine Nachkommastellen")
    raise ValueError(f"‚{text}‘ ist keine Zahl")


def deutsche_zahl(text: str) -> float | None:
    """A number written the German way ('1.234,5', '-3', '12,5') as float; None if `text` is none."""
    if not _DEUTSCH.fullmatch(text):
        return None
    return float(text.replace(".", "").replace(",", "."))

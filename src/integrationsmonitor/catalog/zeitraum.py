"""Period codes: "2024" (year), "2024-Q4" (quarter), "2024-12" (month) — parsing and reference dates."""

from __future__ import annotations

import calendar
import re
from datetime import date

_FORMEN = {
    "jahr": "2024",
    "quartal": "2024-Q4",
    "monat": "2024-12",
}


def normalisiere(text: str, typ: str) -> str:
    """The canonical period code for user input; ValueError with a German reason.

    Yearly stocks may also be given as their reference date (2024-12-31, 31.12.2024)."""
    t = text.strip()
    if typ == "jahr":
        if m := re.fullmatch(r"(\d{4})(?:-12-31)?", t) or re.fullmatch(r"31\.12\.(\d{4})", t):
            return _jahr_pruefen(m.group(1))
    elif typ == "quartal":
        if m := re.fullmatch(r"(\d{4})-?Q([1-4])", t, re.IGNORECASE) or re.fullmatch(
            r"Q([1-4])[/ ](\d{4})", t
        ):
            jahr, q = (m.group(1), m.group(2)) if len(m.group(1)) == 4 else (m.group(2), m.group(1))
            return f"{_jahr_pruefen(jahr)}-Q{q}"
    elif typ == "monat" and (
        m := re.fullmatch(r"(\d{4})-(\d{2})", t) or re.fullmatch(r"(\d{2})[./](\d{4})", t)
    ):
        jahr, monat = (m.group(1), m.group(2)) if len(m.group(1)) == 4 else (m.group(2), m.group(1))
        if 1 <= int(monat) <= 12:
            return f"{_jahr_pruefen(jahr)}-{monat}"
    raise ValueError(
        f"‚{text}‘ ist kein gültiger Zeitraum vom Typ {typ} (Beispiel: {_FORMEN.get(typ, '2024')})"
    )


def _jahr_pruefen(jahr: str) -> str:
    if not 1950 <= int(jahr) <= 2100:
        raise ValueError(f"Jahr {jahr} liegt außerhalb von 1950–2100")
    return jahr


def stichtag(code: str) -> date:
    """The last day of a period: the reference date for dated group memberships."""
    if re.fullmatch(r"\d{4}", code):
        return date(int(code), 12, 31)
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", code):
        jahr, monat = int(m.group(1)), int(m.group(2)) * 3
    elif m := re.fullmatch(r"(\d{4})-(\d{2})", code):
        jahr, monat = int(m.group(1)), int(m.group(2))
    else:
        raise ValueError(f"unbekannter Zeitraum {code}")
    return date(jahr, monat, calendar.monthrange(jahr, monat)[1])


def verschiebe(code: str, jahre: int) -> str:
    """The same period `jahre` years earlier or later."""
    return f"{int(code[:4]) + jahre}{code[4:]}"


def monate_des_quartals(quartal: str) -> list[str]:
    """The month codes of a quarter: 2024-Q4 → 2024-10, 2024-11, 2024-12."""
    jahr, q = quartal.split("-Q")
    return [f"{jahr}-{m:02d}" for m in range(3 * int(q) - 2, 3 * int(q) + 1)]


def vorquartal(quartal: str) -> str:
    """The quarter before: 2024-Q1 → 2023-Q4."""
    jahr, q = (int(t) for t in quartal.split("-Q"))
    return f"{jahr - 1}-Q4" if q == 1 else f"{jahr}-Q{q - 1}"

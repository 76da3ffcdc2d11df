"""German display formatting for pages, CLI and PDFs (pure, no Django).

Numbers use the dot for grouping and the comma as decimal sign (``14.933``, ``8,2 %``) and the
minus sign U+2212 for negatives (``−2,0``; DIN 5008 typography, a hyphen breaks lines and reads as a
dash); rounding is half away from zero, not Python's banker's rounding. Only text for people uses these
functions: CSV, JSON, XLSX and the API keep ``-`` and ``.`` (publish.opendata, formats). A missing value is shown
as ``.`` (GENESIS: "Zahlenwert unbekannt oder geheim zu halten").
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal
from typing import TypeVar
from zoneinfo import ZoneInfo

from integrationsmonitor.indicators.rundung import STELLEN
from integrationsmonitor.indicators.rundung import runden as runden  # fmt.runden: the value as printed

FEHLT = "."
MINUS = "\u2212"  # −, the typographic minus sign
ZEITZONE = ZoneInfo("Europe/Berlin")

MONATE = (
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
)

_SUFFIXE = {"anzahl": "", "prozent": " %", "promille": " ‰", "je_1000": "", "dezimal": ""}
# einheit -> (decimal places, suffix); the decimals are those the assessment compares at (indicators.rundung)
EINHEITEN: dict[str, tuple[int, str]] = {e: (STELLEN[e], s) for e, s in _SUFFIXE.items()}


def zahl(value: float | int | Decimal | None, stellen: int = 0) -> str:
    """``14933`` → ``"14.933"``, ``8.2, 1`` → ``"8,2"``, ``-3`` → ``"−3"``; None (and NaN/inf) → ``"."``."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return FEHLT
    q = runden(value, stellen)
    text = format(abs(q), f",.{stellen}f")
    text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return (MINUS if q < 0 else "") + text


def prozent(value: float | int | None, stellen: int = 1) -> str:
    """``8.2`` → ``"8,2 %"``; None → ``"."``."""
    return FEHLT if value is None else f"{zahl(value, stellen)} %"


def wert(value: float | int | None, einheit: str) -> str:
    """Format a value in one of the units ``anzahl``, ``prozent``, ``promille``, ``je_1000``, ``dezimal``."""
    try:
        stellen, suffix = EINHEITEN[einheit]
    except KeyError:
        raise ValueError(f"Unbekannte Einheit: {einheit!r}") from None
    text = zahl(value, stellen)
    return text if text == FEHLT else text + suffix


def punkte(value: float | int | None, stellen: int = 1) -> str:
    """Change in percentage points with sign: ``"+0,6 Prozentpunkte"``, ``"±0,0 Prozentpunkte"``."""
    if value is None:
        return FEHLT
    text = zahl(value, stellen)
    if text == FEHLT:
        return FEHLT
    q = runden(value, stellen)
    vorzeichen = "±" if q == 0 else ("+" if q > 0 else "")
    return f"{vorzeichen}{text} Prozentpunkte"


_D = TypeVar("_D", dt.date, dt.datetime)


def _lokal(d: _D) -> _D:
    if isinstance(d, dt.datetime) and d.tzinfo is not None:
        return d.astimezone(ZEITZONE)
    return d


def datum(d: dt.date | dt.datetime) -> str:
    """``"31.12.2024"`` (aware datetimes are shown in Europe/Berlin)."""
    d = _lokal(d)
    return f"{d.day:02d}.{d.month:02d}.{d.year:04d}"


def datum_zeit(d: dt.datetime) -> str:
    """``"31.12.2024, 14:05 Uhr"`` (aware datetimes are shown in Europe/Berlin)."""
    d = _lokal(d)
    return f"{datum(d)}, {d.hour:02d}:{d.minute:02d} Uhr"


_JAHR = re.compile(r"\d{4}")
_QUARTAL = re.compile(r"(\d{4})-Q([1-4])")
_MONAT = re.compile(r"(\d{4})-(\d{2})")
_TAG = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def periode(code: str) -> str:
    """Display a period code: ``2024``, ``2024-Q4``, ``2024-12``, ``2024-12-31``; other shapes unchanged."""
    if _JAHR.fullmatch(code):
        return code
    if m := _QUARTAL.fullmatch(code):
        return f"{m[2]}. Quartal {m[1]}"
    if (m := _MONAT.fullmatch(code)) and 1 <= int(m[2]) <= 12:
        return f"{MONATE[int(m[2]) - 1]} {m[1]}"
    if _TAG.fullmatch(code):
        try:
            return datum(dt.date.fromisoformat(code))
        except ValueError:
            return code
    return code


def veraenderung(differenz: float | None, einheit: str) -> str:
    """A change with sign: percentage points for shares, otherwise a signed German number."""
    if differenz is None:
        return FEHLT
    if einheit == "prozent":
        return punkte(differenz)
    stellen = EINHEITEN.get(einheit, (1, ""))[0]
    q = runden(differenz, stellen)
    vorzeichen = "±" if q == 0 else ("+" if q > 0 else "")
    return vorzeichen + wert(differenz, einheit if einheit in EINHEITEN else "dezimal")

"""A real time axis for line charts (pure): periods placed by their date, gaps, series breaks, ticks.

A period sits at its year plus the elapsed part of the year: 2024 → 2024, 2024-Q2 → 2024,25,
2024-03 → 2024 + 2/12. So 2014, 2015, 2022 and 2024 stand at their true distances. A line is split
where a period has no value (or is not delivered at all) and where the catalogue declares a break of
the series (`reihenbruch`, e.g. the change to the Zensus 2022); the break becomes a labelled rule.
Ticks are whole years (or whole quarters / months for short series), never "2.015,5".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from integrationsmonitor.catalog.model import Reihenbruch

_QUARTAL = re.compile(r"(\d{4})-Q([1-4])")
_MONAT = re.compile(r"(\d{4})-(\d{2})")

MONATE_KURZ = ["Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sep.", "Okt.", "Nov.", "Dez."]
# at most this many ticks on the 640 px axis: a year label needs ~35 px, a two-line "2. Quartal" ~70 px
MAX_JAHRES_TICKS = 12
MAX_UNTERJAHR_TICKS = 7
JAHRES_SCHRITTE = (1, 2, 5, 10, 20, 50)


def teile(code: str) -> int:
    """Periods per year of a period code: 1 (year), 4 (quarter) or 12 (month)."""
    if _QUARTAL.fullmatch(code):
        return 4
    if _MONAT.fullmatch(code):
        return 12
    if re.fullmatch(r"\d{4}", code):
        return 1
    raise ValueError(f"Zeitraum „{code}“ ist kein Jahr, Quartal oder Monat (Zeitachse)")


def index(code: str) -> int:
    """A running number of the period within its kind: consecutive periods differ by 1."""
    if m := _QUARTAL.fullmatch(code):
        return int(m[1]) * 4 + int(m[2]) - 1
    if m := _MONAT.fullmatch(code):
        return int(m[1]) * 12 + int(m[2]) - 1
    teile(code)  # raises for unknown shapes
    return int(code)


def position(code: str) -> float:
    """Where the period stands on the axis, in years."""
    return round(index(code) / teile(code), 6)


def abschnitte(perioden: Iterable[str], brueche: Sequence[Reihenbruch] = ()) -> dict[str, int]:
    """Period → number of its line segment: a new segment after a missing period or across a break."""
    nummern: dict[str, int] = {}
    vorige: str | None = None
    nummer = 0
    for p in sorted(set(perioden), key=position):
        if vorige is not None and (not _folgt(vorige, p) or _trennt(brueche, vorige, p)):
            nummer += 1
        nummern[p] = nummer
        vorige = p
    return nummern


def _folgt(vorher: str, nachher: str) -> bool:
    """Is `nachher` the period right after `vorher` (of the same kind)?"""
    return teile(vorher) == teile(nachher) and index(nachher) == index(vorher) + 1


def _trennt(brueche: Sequence[Reihenbruch], vorher: str, nachher: str) -> bool:
    return any(_vor(vorher, b.ab) and not _vor(nachher, b.ab) for b in brueche)


def _vor(code: str, ab: str) -> bool:
    """Is the period before the break's first period? (compared by date, so a yearly break splits quarters)"""
    return position(code) < position(ab)


@dataclass(frozen=True)
class Bruchstelle:
    bruch: Reihenbruch
    vorher: str  # the last period with a value before the break
    nachher: str  # the first period with a value from the break on
    zeit: float  # where the rule stands: midway between the two


def bruch_stellen(perioden: Iterable[str], brueche: Sequence[Reihenbruch]) -> list[Bruchstelle]:
    """Breaks that lie inside the series (values before and after), each midway between the last
    period before and the first period from the break on."""
    sortiert = sorted(set(perioden), key=position)
    stellen = []
    for b in brueche:
        vorher = [p for p in sortiert if _vor(p, b.ab)]
        nachher = [p for p in sortiert if not _vor(p, b.ab)]
        if vorher and nachher:
            mitte = round((position(vorher[-1]) + position(nachher[0])) / 2, 6)
            stellen.append(Bruchstelle(b, vorher[-1], nachher[0], mitte))
    return stellen


def _unterjahr_label(n: int) -> str:
    """labelExpr: two lines, "2. Quartal" / "2024" or "März" / "2024", from the tick's position."""
    anteil = f"round((datum.value - floor(datum.value)) * {n})"
    jahr = "'' + floor(datum.value + 0.000001)"
    if n == 4:
        return f"[({anteil} + 1) + '. Quartal', {jahr}]"
    monate = ", ".join(f"'{m}'" for m in MONATE_KURZ)
    return f"[[{monate}][{anteil}], {jahr}]"


def ticks(perioden: Sequence[str]) -> tuple[list[float], bool]:
    """Tick positions and whether they are whole years; perioden: every period the axis spans.

    The smallest step (in periods) that gives at most MAX_UNTERJAHR_TICKS two-line ticks, or, in
    whole years, at most MAX_JAHRES_TICKS; ticks sit on multiples of the step (January, every 3rd month)."""
    n = max(teile(p) for p in perioden)  # mixed kinds (years and quarters): the finest
    erste = round(min(position(p) for p in perioden) * n)
    letzte = round(max(position(p) for p in perioden) * n)
    unterjahr = {1: (), 4: (1, 2), 12: (1, 3, 6)}[n]
    for schritt in (*unterjahr, *(j * n for j in JAHRES_SCHRITTE)):
        start = -(-erste // schritt) * schritt
        werte = list(range(start, letzte + 1, schritt))
        ganze_jahre = schritt % n == 0
        if werte and len(werte) <= (MAX_JAHRES_TICKS if ganze_jahre else MAX_UNTERJAHR_TICKS):
            return [round(i / n, 6) for i in werte], ganze_jahre
    return [round(erste / n, 6), round(letzte / n, 6)], n == 1  # beyond 500 years: the two ends


def x_kanal(perioden: Sequence[str]) -> dict[str, Any]:
    """The x encoding: a linear scale in years over the periods, with whole-period ticks."""
    positionen = [position(p) for p in perioden]
    links, rechts = min(positionen), max(positionen)
    n = max(teile(p) for p in perioden)
    if links == rechts:  # one period: half a year (or one period) either side
        rand = 0.5 if n == 1 else 1 / n
        links, rechts = links - rand, rechts + rand
    werte, ganze_jahre = ticks(perioden)
    achse: dict[str, Any] = {
        "values": werte,
        "labelAngle": 0,
        "labelOverlap": True,
        "labelSeparation": 6,
        "grid": False,
    }
    if ganze_jahre:
        achse["format"] = "d"  # 2015, not 2.015
    else:
        achse["labelExpr"] = _unterjahr_label(n)
    return {
        "field": "zeit",
        "type": "quantitative",
        "title": None,
        "scale": {"domain": [links, rechts], "nice": False, "zero": False, "padding": 18},
        "axis": achse,
    }

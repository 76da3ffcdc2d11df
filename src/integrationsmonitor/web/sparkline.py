"""A sparkline for a key-figure card: a tiny line of the Kreis series as inline SVG, drawn on the server.

Pure (no Django): the caller passes the periods with their values and the text alternative. Time is
spaced by the calendar, so 2014, 2015, 2022 sit where they belong; a missing period or a period without
value breaks the line (a gap, never a line across it); a point with no neighbour is drawn as a dot.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape

BREITE = 120.0
HOEHE = 32.0
RAND = 3.0  # room for the round line caps and the end dot

_JAHR = re.compile(r"(\d{4})")
_QUARTAL = re.compile(r"(\d{4})-Q([1-4])")
_MONAT = re.compile(r"(\d{4})-(\d{2})")

Punkt = tuple[str, float | None]  # (period code, value or None)


def _zeit(periode: str) -> tuple[float, float] | None:
    """(position on the time axis in years, step to the next period) of a period code; None if unknown."""
    if m := _JAHR.fullmatch(periode):
        return float(m[1]), 1.0
    if m := _QUARTAL.fullmatch(periode):
        return int(m[1]) + (int(m[2]) - 1) / 4, 0.25
    if (m := _MONAT.fullmatch(periode)) and 1 <= int(m[2]) <= 12:
        return int(m[1]) + (int(m[2]) - 1) / 12, 1 / 12
    return None


def _zeitachse(perioden: Sequence[str]) -> list[tuple[float, float]]:
    """Positions and steps; periods of an unknown shape fall back to evenly spaced positions."""
    zeiten = [_zeit(p) for p in perioden]
    if any(z is None for z in zeiten):
        return [(float(i), 1.0) for i in range(len(perioden))]
    return [z for z in zeiten if z is not None]


def abschnitte(punkte: Sequence[Punkt]) -> list[list[tuple[float, float]]]:
    """Runs of neighbouring periods with values, as (time, value): a new run after every gap."""
    zeiten = _zeitachse([p for p, _ in punkte])
    laeufe: list[list[tuple[float, float]]] = []
    vorher: float | None = None
    for (_, wert), (t, schritt) in zip(punkte, zeiten, strict=True):
        if wert is None:
            vorher = None
            continue
        if vorher is None or t - vorher > schritt * 1.5 or not laeufe:
            laeufe.append([])
        laeufe[-1].append((t, wert))
        vorher = t
    return laeufe


def _zahl(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def sparkline_svg(punkte: Sequence[Punkt], beschriftung: str, *, klasse: str = "sparkline") -> str:
    """The SVG of a sparkline (empty string when no period has a value). `beschriftung` becomes the
    aria-label of the picture (role="img"); it should name the first and last value."""
    laeufe = abschnitte(punkte)
    werte = [w for lauf in laeufe for _, w in lauf]
    if not werte:
        return ""
    zeiten = _zeitachse([p for p, _ in punkte])
    t0, t1 = zeiten[0][0], zeiten[-1][0]
    w0, w1 = min(werte), max(werte)

    def x(t: float) -> float:
        return BREITE / 2 if t1 == t0 else RAND + (t - t0) / (t1 - t0) * (BREITE - 2 * RAND)

    def y(w: float) -> float:
        return HOEHE / 2 if w1 == w0 else RAND + (w1 - w) / (w1 - w0) * (HOEHE - 2 * RAND)

    teile = []
    for lauf in laeufe:
        (ta, wa), *rest = lauf
        teil = f"M{_zahl(x(ta))} {_zahl(y(wa))}"
        teil += "".join(f"L{_zahl(x(t))} {_zahl(y(w))}" for t, w in rest) if rest else "h0"  # h0: a dot
        teile.append(teil)
    t_end, w_end = laeufe[-1][-1]
    return (
        f'<svg class="{escape(klasse)}" role="img" aria-label="{escape(beschriftung)}" '
        f'viewBox="0 0 {_zahl(BREITE)} {_zahl(HOEHE)}" width="{_zahl(BREITE)}" height="{_zahl(HOEHE)}" '
        'focusable="false" xmlns="http://www.w3.org/2000/svg">'
        f'<path d="{"".join(teile)}" fill="none" stroke="currentColor" stroke-width="2" '
        'stroke-linecap="round" stroke-linejoin="round"/>'
        f'<circle cx="{_zahl(x(t_end))}" cy="{_zahl(y(w_end))}" r="2.5" fill="currentColor"/>'
        "</svg>"
    )

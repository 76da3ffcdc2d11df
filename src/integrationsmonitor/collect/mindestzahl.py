"""Rows of a delivery whose fine cells belong to organisations (pure): sums with a minimum of contributors.

A dataset such as `engagement_kennzahlen` holds each initiative's own figures (Gemeinde × initiative ×
figure). Published are only sums over the initiatives of a region. A sum below the Kreis to which only one
initiative contributes would be that initiative's own person count, so such a sum goes into the delivery
as secret (empty value, kennzeichen `g`); the platform's protection then keeps it secret against every
other published cell (docs/geheimhaltung.md, section 8). The Kreis sums are always delivered with their
value: they are what the county reports.

The demo generator and the initiatives' uploads (registry/traegerlieferung.py) both build their rows here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

TOTAL = "_T"
MINDESTENS = 2
"""Contributors a sum below the Kreis needs to be delivered with its value."""

Fein = Mapping[tuple[str, str, str], int]
"""(Gemeinde, organisation code, figure code) -> value."""
Zeile = tuple[str, str, str, int | None, str]
"""(gebiet, organisation code or _T, figure code, value or None, kennzeichen)."""


def mit_zaehlung(fein: Fein, *, von: str, zu: str) -> dict[tuple[str, str, str], int]:
    """The fine cells with a count of organisations: `zu` is 1 for every organisation whose `von` is above 0,
    whatever was delivered for `zu` (a count of initiatives is never a sum of persons)."""
    out = {k: v for k, v in fein.items() if k[2] != zu}
    for (gebiet, org, code), wert in fein.items():
        if code == von and wert > 0:
            out[(gebiet, org, zu)] = 1
    return out


def zeilen(
    fein: Fein, kette: Mapping[str, tuple[str, ...]], kreis: str, *, mindestens: int = MINDESTENS
) -> list[Zeile]:
    """The fine cells (non-zero) and, for every region in the chain of a Gemeinde (the Gemeinde, its Amt or
    amtsfreie Gemeinde, the Kreis), the sum over the organisations per figure. A sum below the Kreis with
    fewer than `mindestens` organisations contributing a value above 0 is secret.

    `kette`: Gemeinde -> (Gemeinde, Verband, Kreis); raises KeyError for a Gemeinde not in it."""
    summe: dict[tuple[str, str], int] = defaultdict(int)
    beitraege: dict[tuple[str, str], set[str]] = defaultdict(set)
    for (gebiet, org, code), wert in fein.items():
        if wert < 0:
            raise ValueError(f"negativer Wert für {gebiet}, {org}, {code}: {wert}")
        for region in kette[gebiet]:
            summe[(region, code)] += wert
            if wert > 0:
                beitraege[(region, code)].add(org)
    rang = {r: i for i, r in enumerate(_regionen(kette, kreis))}
    out: list[Zeile] = []
    for (region, code), wert in sorted(summe.items(), key=lambda kv: (rang[kv[0][0]], kv[0][0], kv[0][1])):
        if region != kreis and 0 < len(beitraege[(region, code)]) < mindestens:
            out.append((region, TOTAL, code, None, "g"))
        else:
            out.append((region, TOTAL, code, wert, ""))
    for (gebiet, org, code), wert in sorted(fein.items(), key=lambda kv: (rang[kv[0][0]], kv[0])):
        if wert:
            out.append((gebiet, org, code, wert, ""))
    return out


def _regionen(kette: Mapping[str, tuple[str, ...]], kreis: str) -> list[str]:
    """Kreis first, then the Verbände, then the Gemeinden (the order of the other demo files)."""
    verbaende = sorted({r for k in kette.values() for r in k[1:] if r != kreis})
    return [kreis, *verbaende, *sorted(kette)]

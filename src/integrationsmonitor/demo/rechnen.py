"""Small exact-integer helpers of the demo generator: rounding that keeps totals, interpolation of anchors."""

from __future__ import annotations

import random
from bisect import bisect_right
from collections.abc import Mapping, Sequence


def largest_remainder(total: int, weights: Sequence[float]) -> list[int]:
    """Split ``total`` into integers proportional to ``weights`` (Hare/largest remainder, exact sum).

    Ties are broken by position, so the result is deterministic.
    """
    n = len(weights)
    if total < 0:
        raise ValueError("total must not be negative")
    s = float(sum(weights))
    if total == 0:
        return [0] * n
    if s <= 0 or any(w < 0 for w in weights):
        raise ValueError("weights must be non-negative with a positive sum")
    quotas = [total * w / s for w in weights]
    floors = [int(q) for q in quotas]
    rest = total - sum(floors)
    order = sorted(range(n), key=lambda i: (-(quotas[i] - floors[i]), i))
    for i in order[:rest]:
        floors[i] += 1
    return floors


def randomized_round(total: int, weights: Sequence[float], rng: random.Random) -> list[int]:
    """Like :func:`largest_remainder`, but the units left after the floors go to categories drawn at random
    with probability equal to their fractional remainder (systematic sampling).  Every result lies between
    floor and ceiling of its quota, the sum is exact, and small counts do not always land in the same cells.
    """
    n = len(weights)
    s = float(sum(weights))
    if total == 0:
        return [0] * n
    if total < 0 or s <= 0 or any(w < 0 for w in weights):
        raise ValueError("need total >= 0 and non-negative weights with a positive sum")
    quotas = [total * w / s for w in weights]
    floors = [int(q) for q in quotas]
    rest = total - sum(floors)
    if rest <= 0:
        return floors
    fracs = [q - f for q, f in zip(quotas, floors, strict=True)]
    fsum = sum(fracs)
    cum: list[float] = []
    acc = 0.0
    for f in fracs:
        acc += f * rest / fsum
        cum.append(acc)
    u = rng.random()
    picked: set[int] = set()
    for k in range(rest):
        i = min(bisect_right(cum, u + k), n - 1)
        if i in picked or fracs[i] <= 0:  # float edge case: take the best remaining remainder
            i = max((j for j in range(n) if j not in picked), key=lambda j: (fracs[j], -j))
        picked.add(i)
        floors[i] += 1
    return floors


def interpolate(anchors: Mapping[int, float], year: int) -> float:
    """Linear interpolation between anchor years; 0 before the first and after the last anchor."""
    if not anchors:
        return 0.0
    years = sorted(anchors)
    if year < years[0] or year > years[-1]:
        return 0.0
    if year in anchors:
        return float(anchors[year])
    hi = years[bisect_right(years, year)]
    lo = years[bisect_right(years, year) - 1]
    t = (year - lo) / (hi - lo)
    return anchors[lo] + (anchors[hi] - anchors[lo]) * t

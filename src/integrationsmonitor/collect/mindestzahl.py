"""Rows of a delivery whose fine cells belong to organisations (pure): sums under business-statistics rules.

A dataset such as `engagement_kennzahlen` holds each initiative's own figures (Gemeinde × initiative ×
figure). Published are only sums over the initiatives of a region, formed here by the platform (sums in the
delivered file are ignored). As statistical offices do for enterprises, a sum is published only if

- at least `mindestens` organisations contribute a value above 0 (with 3, neither a single organisation nor
  one of two – who knows its own part – can compute another's figure), and
- no single organisation has more than `dominanz` of the sum (the dominance rule: the others' part would be
  too small to hide the big one's figure);

otherwise it goes into the delivery as secret (empty value, kennzeichen `g`), at every level including the
Kreis, and the platform's protection keeps it secret against every other published cell
(docs/geheimhaltung.md, section 8). The same rule holds for the sum over the figures of a region
(kennzahl `_T`): it is an organisation's figure too; and as it means nothing, it is also secret wherever one
of the region's figures is (otherwise the protection would hide a real figure to keep that margin open).

store.beitragende rebuilds every delivery of such a dataset here; the demo generator writes its files here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

TOTAL = "_T"
MINDESTENS = 3
"""Contributors a sum needs to be delivered with its value."""
DOMINANZ = 0.85
"""The largest share one contributor may have of a published sum."""

Fein = Mapping[tuple[str, str, str], int]
"""(Gemeinde, organisation code, figure code) -> value."""
Zeile = tuple[str, str, str, int | None, str]
"""(gebiet, organisation code or _T, figure code or _T, value or None, kennzeichen)."""


def geschuetzt(beitraege: Mapping[str, int], *, mindestens: int, dominanz: float) -> bool:
    """True if a sum of these contributions (organisation -> value) must be secret."""
    positiv = [w for w in beitraege.values() if w > 0]
    if not positiv:
        return False  # an empty cell (0) tells nothing about an organisation
    return len(positiv) < mindestens or max(positiv) > dominanz * sum(positiv)


def zeilen(
    fein: Fein,
    kette: Mapping[str, tuple[str, ...]],
    kreis: str,
    *,
    mindestens: int = MINDESTENS,
    dominanz: float = DOMINANZ,
) -> list[Zeile]:
    """The fine cells (non-zero) and, for every region in the chain of a Gemeinde (the Gemeinde, its Amt or
    amtsfreie Gemeinde, the Kreis), the sum over the organisations per figure and over all figures; a sum
    that breaks the rules (`geschuetzt`) is secret.

    `kette`: Gemeinde -> (Gemeinde, Verband, Kreis); raises KeyError for a Gemeinde not in it."""
    beitraege: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for (gebiet, org, code), wert in fein.items():
        if wert < 0:
            raise ValueError(f"negativer Wert für {gebiet}, {org}, {code}: {wert}")
        for region in kette[gebiet]:
            beitraege[(region, code)][org] += wert
            beitraege[(region, TOTAL)][org] += wert
    rang = {r: i for i, r in enumerate(_regionen(kette, kreis))}
    geheim = {
        z for z, teile in beitraege.items() if geschuetzt(teile, mindestens=mindestens, dominanz=dominanz)
    }
    # the total over the figures means nothing: secret wherever a figure of the region is, so that it is never
    # the margin that gives that figure away (the protection would else hide a figure in its place)
    geheim |= {(region, TOTAL) for region, code in geheim}
    out: list[Zeile] = []
    for (region, code), teile in sorted(
        beitraege.items(), key=lambda kv: (rang[kv[0][0]], kv[0][0], kv[0][1] == TOTAL, kv[0][1])
    ):
        if (region, code) in geheim:
            out.append((region, TOTAL, code, None, "g"))
        else:
            out.append((region, TOTAL, code, sum(teile.values()), ""))
    for (gebiet, org, code), wert in sorted(fein.items(), key=lambda kv: (rang[kv[0][0]], kv[0])):
        if wert:
            out.append((gebiet, org, code, wert, ""))
    return out


def beitragende(fein: Fein, *, von: str) -> dict[str, set[str]]:
    """Region-free helper: Gemeinde -> the organisations with a value above 0 for figure `von`."""
    out: dict[str, set[str]] = defaultdict(set)
    for (gebiet, org, code), wert in fein.items():
        if code == von and wert > 0:
            out[gebiet].add(org)
    return dict(out)


def _regionen(kette: Mapping[str, tuple[str, ...]], kreis: str) -> list[str]:
    """Kreis first, then the Verbände, then the Gemeinden (the order of the other demo files)."""
    verbaende = sorted({r for k in kette.values() for r in k[1:] if r != kreis})
    return [kreis, *verbaende, *sorted(kette)]

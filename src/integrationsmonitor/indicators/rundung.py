"""Values as they are printed: rounded half away from zero to the decimals of their unit (pure, no Django).

The decimals per unit are data, not formatting: the assessment against targets (indicators.ziele) compares
values at these decimals so that a status never contradicts the numbers beside it, and the screens
(publish.formatting) print them with the same decimals.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext

# einheit -> decimal places as printed
STELLEN: dict[str, int] = {
    "anzahl": 0,
    "prozent": 1,
    "promille": 1,
    "je_1000": 1,
    "dezimal": 1,
}


def runden(value: float | int | Decimal, stellen: int = 0) -> Decimal:
    """Round half away from zero to ``stellen`` decimals (the value as it is printed)."""
    d = value if isinstance(value, Decimal) else Decimal(repr(value) if isinstance(value, float) else value)
    with localcontext() as ctx:
        ctx.prec = max(28, d.adjusted() + stellen + 3)
        q = abs(d).quantize(Decimal(1).scaleb(-stellen), rounding=ROUND_HALF_UP)
    return q if d >= 0 or q == 0 else -q


def stellen(einheit: str) -> int:
    """Decimals of a unit; one for a unit the table does not know."""
    return STELLEN.get(einheit, 1)


def gerundet(wert: float, einheit: str) -> float:
    """The value as printed in its unit, as a float."""
    return float(runden(wert, stellen(einheit)))

"""Value types of computed indicator series (pure, no Django)."""

from __future__ import annotations

from dataclasses import dataclass

# Why a value is missing: shown to users as a footnote, never replaced by 0.
FEHLT_KEINE_LIEFERUNG = "keine Lieferung"
FEHLT_ZELLE = "Zelle nicht geliefert"
FEHLT_GEHEIM = "geheim gehalten"
FEHLT_NENNER_NULL = "Nenner ist 0"
FEHLT_VORJAHR = "Vorjahreswert fehlt"


@dataclass(frozen=True, slots=True)
class Wert:
    """One resolved quantity: a value with its flag, or a missing value with its reason."""

    value: float | None
    flag: str = ""  # "" | "p" vorläufig | "s" geschätzt | "r" berichtigt | "g" geheim
    reason: str = ""  # why value is None

    @property
    def missing(self) -> bool:
        return self.value is None


@dataclass(frozen=True, slots=True)
class SeriesRow:
    """One row of an indicator series: one period (and breakdown category) in one region."""

    indicator: str
    region: str
    period: str
    category: str | None  # breakdown value (e.g. "eu", "PL", "1") or None without breakdown
    value: float | None  # unrounded; None when missing
    flag: str = ""
    reason: str = ""  # why value is None
    numerator: float | None = None  # kept for rates
    denominator: float | None = None

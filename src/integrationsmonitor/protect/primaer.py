"""Primäre Sperrung: kleine Fallzahlen sind geheim."""

from __future__ import annotations

from .tabelle import Schluessel, Tabelle

SCHWELLE = 2
"""Zellen mit 1 ≤ Wert ≤ Schwelle sind geheim; 0 ist nicht geheim (DESIGN §2)."""


def primaer(tabelle: Tabelle, schwelle: int = SCHWELLE) -> frozenset[Schluessel]:
    """Die Zellen mit 1 ≤ Wert ≤ `schwelle`."""
    if schwelle < 0:
        raise ValueError("Die Schwelle darf nicht negativ sein")
    return frozenset(z for z, w in tabelle.werte.items() if 1 <= w <= schwelle)

"""Primäre Sperrung: kleine Fallzahlen sind geheim – 0 eingeschlossen (Nullregel, docs/geheimhaltung.md)."""

from __future__ import annotations

from .tabelle import Schluessel, Tabelle

SCHWELLE = 2
"""Zellen mit 0 ≤ Wert ≤ Schwelle sind geheim."""


def primaer(tabelle: Tabelle, schwelle: int = SCHWELLE) -> frozenset[Schluessel]:
    """Die Zellen mit höchstens `schwelle` Personen (auch 0: eine veröffentlichte 0 verriete, wo jemand neu
    hinzukommt, und dass alle übrigen einer Gruppe angehören)."""
    if schwelle < 0:
        raise ValueError("Die Schwelle darf nicht negativ sein")
    return frozenset(z for z, w in tabelle.werte.items() if w <= schwelle)

"""Geheimhaltung von Fallzahltabellen (DESIGN §2, Issue #3 Teil 4): pure Funktionen, kein Django, keine Dateien.

    sperrung = schuetzen(tabelle)            # primär (1 ≤ Wert ≤ Schwelle) und sekundär
    anwenden(tabelle, sperrung)              # {Zelle: Wert oder None für geheim}

Die Schutzregel steht in `angriff`, das Verfahren in `sekundaer`.
"""

from __future__ import annotations

from dataclasses import dataclass

from .angriff import intervall, ist_geschuetzt, schutzgrenzen
from .primaer import SCHWELLE, primaer
from .sekundaer import sekundaer
from .tabelle import Gleichung, Hierarchie, Schluessel, Tabelle

__all__ = [
    "SCHWELLE",
    "Gleichung",
    "Hierarchie",
    "Schluessel",
    "Sperrung",
    "Tabelle",
    "anwenden",
    "intervall",
    "ist_geschuetzt",
    "primaer",
    "schuetzen",
    "schutzgrenzen",
    "sekundaer",
]


@dataclass(frozen=True)
class Sperrung:
    """Ergebnis der Geheimhaltung einer Tabelle: welche Zellen primär, welche sekundär gesperrt sind."""

    primaer: frozenset[Schluessel]
    sekundaer: frozenset[Schluessel]
    schwelle: int
    schutzbereich: int

    @property
    def geheim(self) -> frozenset[Schluessel]:
        return self.primaer | self.sekundaer

    @property
    def anzahl_primaer(self) -> int:
        return len(self.primaer)

    @property
    def anzahl_sekundaer(self) -> int:
        return len(self.sekundaer)


def schuetzen(tabelle: Tabelle, schwelle: int = SCHWELLE, schutzbereich: int = 1) -> Sperrung:
    """Primäre und sekundäre Sperrung der Tabelle."""
    prim = primaer(tabelle, schwelle)
    return Sperrung(prim, sekundaer(tabelle, prim, schutzbereich), schwelle, schutzbereich)


def anwenden(tabelle: Tabelle, sperrung: Sperrung) -> dict[Schluessel, int | None]:
    """Die zu veröffentlichenden Werte: None für jede gesperrte Zelle, sonst der Wert unverändert."""
    geheim = sperrung.geheim
    return {z: (None if z in geheim else w) for z, w in tabelle.werte.items()}

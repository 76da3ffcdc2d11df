"""Geheimhaltung von Fallzahltabellen (DESIGN §2, Issue #9): pure Funktionen, kein Django, keine Dateien.

    schutz = schuetze(verbund)              # alle Tabellen, Fassungen und Summen, die zusammen veröffentlicht sind
    sperrung = schuetzen(tabelle)           # eine einzelne Tabelle mit allen Randsummen
    anwenden(tabelle, sperrung)             # {Zelle: Wert oder None für geheim}

Das Angreifermodell und die Nullregel stehen in docs/geheimhaltung.md, die Schutzregel in `angriff`, das
Verfahren in `sekundaer`, die Zellen und Gleichungen in `verbund`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import cast

from .angriff import Angreifer, Befund, erfuellt, intervall, pruefe
from .primaer import SCHWELLE, primaer
from .sekundaer import Schutz, schuetze
from .tabelle import Gleichung, Hierarchie, Schluessel, Tabelle
from .verbund import GESAMTSUMME_KOSTEN, Verbund, Zelle, verbinde

__all__ = [
    "SCHWELLE",
    "Angreifer",
    "Befund",
    "Gleichung",
    "Hierarchie",
    "Schluessel",
    "Schutz",
    "Sperrung",
    "Tabelle",
    "Verbund",
    "Zelle",
    "als_verbund",
    "anwenden",
    "erfuellt",
    "intervall",
    "primaer",
    "pruefe",
    "schuetze",
    "schuetzen",
    "verbinde",
]


@dataclass(frozen=True)
class Sperrung:
    """Ergebnis der Geheimhaltung einer Tabelle: welche Zellen primär, welche sekundär gesperrt sind."""

    primaer: frozenset[Schluessel]
    sekundaer: frozenset[Schluessel]
    schwelle: int

    @property
    def geheim(self) -> frozenset[Schluessel]:
        return self.primaer | self.sekundaer


def als_verbund(tabelle: Tabelle, schwelle: int = SCHWELLE) -> Verbund:
    """Die Tabelle als Verbund: ihre Zellen, jede additive Gleichung; Summen sind teurer zu sperren."""
    kosten: dict[Zelle, float] = {}
    werte: dict[Zelle, int | None] = {z: w for z, w in tabelle.werte.items()}
    for z, w in tabelle.werte.items():
        if tabelle.ist_gesamtsumme(z):
            kosten[z] = GESAMTSUMME_KOSTEN
        else:
            kosten[z] = 1.0 + 0.25 * tabelle.summenkoordinaten(z) + 0.05 * math.log1p(w)
    return Verbund(
        werte=werte,
        gleichungen=[(g.summe, g.teile) for g in tabelle.gleichungen],
        schwelle=schwelle,
        kosten=kosten,
    )


def schuetzen(tabelle: Tabelle, schwelle: int = SCHWELLE) -> Sperrung:
    """Primäre und sekundäre Sperrung einer Tabelle."""
    schutz = schuetze(als_verbund(tabelle, schwelle))
    primaer = frozenset(cast(Schluessel, z) for z in schutz.primaer)  # the table's own keys
    return Sperrung(primaer, frozenset(cast(Schluessel, z) for z in schutz.sekundaer), schwelle)


def anwenden(tabelle: Tabelle, sperrung: Sperrung) -> dict[Schluessel, int | None]:
    """Die zu veröffentlichenden Werte: None für jede gesperrte Zelle, sonst der Wert unverändert."""
    geheim = sperrung.geheim
    return {z: (None if z in geheim else w) for z, w in tabelle.werte.items()}

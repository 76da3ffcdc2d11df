"""Sekundäre Sperrung: weitere Zellen sperren, bis der Angreifer (`angriff`) keine primäre Zelle eingrenzt.

Drei Schritte, alle über jede additive Gleichung der Tabelle zugleich (jede Hierarchie, jede Dimension):

1. Gleichungen (klassisch, optional): jede Gleichung mit genau einer gesperrten Zelle verriete sie exakt; sie
   bekommt eine zweite – die billigste Zelle der Gleichung (keine Gesamtsumme, nicht 0, möglichst eine, die
   zugleich andere solche Gleichungen schließt, wenig Summenkoordinaten, kleiner Wert). Bis zum Fixpunkt.
2. Schutzrichtungen (LP): für jede primäre Zelle x und jede Richtung (x + p, x − min(p, v)) sucht ein lineares
   Programm eine Abweichung y aller Zellen mit A·y = 0 und Wert + y ≥ 0, die x um diesen Betrag verschiebt und
   möglichst wenig veröffentlichte Zellen berührt (Kosten 0 für schon gesperrte Zellen). Die berührten
   veröffentlichten Zellen werden gesperrt. Danach ist die Tabelle mit y eine Lösung, die der Angreifer nicht
   ausschließen kann, also hält die Schutzregel für x. Mehr Sperrungen vergrößern die Lösungsmenge des
   Angreifers nur, deshalb bleibt jede schon geschützte Zelle geschützt: ein Durchgang genügt.
3. Bereinigung: eine sekundäre Zelle, die der Angreifer trotzdem exakt bestimmen kann, schützt nichts; sie wird
   wieder veröffentlicht (die Lösungsmenge des Angreifers ändert sich dadurch nicht).
"""

from __future__ import annotations

import math
from collections.abc import Set

import numpy as np
from scipy import sparse
from scipy.optimize import linprog

from ._matrix import gleichungssystem
from .angriff import TOLERANZ, intervall, schutzgrenzen
from .tabelle import Schluessel, Tabelle

GESAMTSUMME_KOSTEN = 1000.0
"""Die Gesamtsumme wird nur gesperrt, wenn es gar nicht anders geht."""


def kosten(tabelle: Tabelle, zelle: Schluessel) -> float:
    """Preis, eine veröffentlichte Zelle zu sperren: etwa 1 je Zelle, Summen und große Werte etwas teurer."""
    if tabelle.ist_gesamtsumme(zelle):
        return GESAMTSUMME_KOSTEN
    return 1.0 + 0.25 * tabelle.summenkoordinaten(zelle) + 0.05 * math.log1p(tabelle.werte[zelle])


def sekundaer(
    tabelle: Tabelle,
    primaer: Set[Schluessel],
    schutzbereich: int = 1,
    *,
    gleichungen_vorab: bool = True,
) -> frozenset[Schluessel]:
    """Die sekundär zu sperrenden Zellen, sodass die Schutzregel (`angriff`) für jede primäre Zelle hält."""
    geheim = set(primaer)
    if gleichungen_vorab:
        _gleichungen_schliessen(tabelle, geheim)
    _schutzrichtungen(tabelle, primaer, geheim, schutzbereich)
    sekundaere = geheim - set(primaer)
    exakt = set()
    for zelle in sorted(sekundaere):
        lo, hi = intervall(tabelle, geheim, zelle)
        if hi - lo <= TOLERANZ:
            exakt.add(zelle)
    return frozenset(sekundaere - exakt)


def _gleichungen_schliessen(tabelle: Tabelle, geheim: set[Schluessel]) -> None:
    """Schritt 1: keine Gleichung mit genau einer gesperrten Zelle (verändert `geheim`)."""
    gleichungen = [g.zellen for g in tabelle.gleichungen]
    je_zelle: dict[Schluessel, list[int]] = {z: [] for z in tabelle.zellen}
    for i, zellen in enumerate(gleichungen):
        for z in zellen:
            je_zelle[z].append(i)
    gesperrt = [sum(z in geheim for z in zellen) for zellen in gleichungen]
    offen = [i for i, n in enumerate(gesperrt) if n == 1]
    while offen:
        i = offen.pop()
        if gesperrt[i] != 1:
            continue

        def rang(z: Schluessel) -> tuple[bool, bool, int, float, Schluessel]:
            neu = sum(gesperrt[j] == 0 for j in je_zelle[z])
            behoben = sum(gesperrt[j] == 1 for j in je_zelle[z])
            return (tabelle.ist_gesamtsumme(z), tabelle.werte[z] == 0, neu - behoben, kosten(tabelle, z), z)

        wahl = min((z for z in gleichungen[i] if z not in geheim), key=rang)
        geheim.add(wahl)
        for j in je_zelle[wahl]:
            gesperrt[j] += 1
            if gesperrt[j] == 1:
                offen.append(j)


def _schutzrichtungen(
    tabelle: Tabelle, primaer: Set[Schluessel], geheim: set[Schluessel], schutzbereich: int
) -> None:
    """Schritt 2 (verändert `geheim`), siehe Moduldoku."""
    system = gleichungssystem(tabelle)
    n = len(system.index)
    a_eq = sparse.hstack([system.matrix, -system.matrix], format="csc")
    b_eq = np.zeros(a_eq.shape[0])
    preis = np.array([kosten(tabelle, z) for z in tabelle.zellen])
    # Grössere Werte zuerst: ihre Wege sperren oft schon die Partner der kleineren mit.
    for zelle in sorted(primaer, key=lambda z: (-tabelle.werte[z], z)):
        wert = tabelle.werte[zelle]
        unten, oben = schutzgrenzen(wert, schutzbereich)
        x = system.index[zelle]
        for hoch, betrag in ((True, oben - wert), (False, wert - unten)):
            if betrag == 0:
                continue
            gesperrt = np.array([system.index[z] for z in geheim])
            c = np.concatenate([preis, preis])
            c[gesperrt] = 0.0
            c[gesperrt + n] = 0.0
            grenzen = np.zeros((2 * n, 2))
            grenzen[:n, 1] = np.inf
            grenzen[n:, 1] = system.werte
            if hoch:
                grenzen[x] = (betrag, betrag)
                grenzen[x + n] = (0.0, 0.0)
            else:
                grenzen[x] = (0.0, 0.0)
                grenzen[x + n] = (betrag, betrag)
            ergebnis = linprog(c, A_eq=a_eq, b_eq=b_eq, bounds=grenzen, method="highs")
            if ergebnis.status != 0:
                raise RuntimeError(f"Keine Schutzrichtung für Zelle {zelle}: {ergebnis.message}")
            y = ergebnis.x[:n] + ergebnis.x[n:]
            for i in np.flatnonzero(y > TOLERANZ):
                geheim.add(tabelle.zellen[i])

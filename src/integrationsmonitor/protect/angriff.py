"""Der Angreifer: wie eng lässt sich eine gesperrte Zelle aus der veröffentlichten Tabelle eingrenzen?

Der Angreifer kennt jede veröffentlichte Zelle, jede additive Gleichung der Tabelle und weiß, dass Fallzahlen
nicht negativ sind. Gesperrte Zellen sind Unbekannte ≥ 0. Minimum und Maximum der Zelle über alle Lösungen
(lineares Programm, SciPy/HiGHS) sind das Intervall, auf das er sie eingrenzen kann.

Schutzregel (Schutzbereich p, Vorgabe 1) für eine primär gesperrte Zelle mit Wert v:
    untere Grenze ≤ max(0, v − p)   und   obere Grenze ≥ v + p.
Bei v = 1 und p = 1 heißt das: der Angreifer kann nicht ausschließen, dass die Zelle 0 oder 2 ist.
Für sekundär gesperrte Zellen gilt nur: nicht exakt bestimmbar (obere Grenze > untere Grenze).
"""

from __future__ import annotations

import math
from collections.abc import Set

import numpy as np
from scipy.optimize import linprog

from ._matrix import gleichungssystem
from .tabelle import Schluessel, Tabelle

TOLERANZ = 1e-6
"""Rechengenauigkeit beim Vergleich der LP-Grenzen mit den geforderten ganzzahligen Grenzen."""


def schutzgrenzen(wert: int, schutzbereich: int = 1) -> tuple[int, int]:
    """Geforderte Grenzen für eine primäre Zelle: (höchstens diese Untergrenze, mindestens diese Obergrenze)."""
    if schutzbereich < 1:
        raise ValueError("Der Schutzbereich muss mindestens 1 sein")
    return max(0, wert - schutzbereich), wert + schutzbereich


def intervall(tabelle: Tabelle, geheim: Set[Schluessel], zelle: Schluessel) -> tuple[float, float]:
    """[min, max] der Zelle über alle nicht negativen Werte der gesperrten Zellen, die jede Gleichung erfüllen.

    Eine veröffentlichte Zelle ergibt ihren Wert als Intervall der Breite 0; ohne obere Schranke ist max = inf.
    """
    if zelle not in geheim:
        w = float(tabelle.werte[zelle])
        return w, w
    system = gleichungssystem(tabelle)
    unbekannt = sorted(system.index[z] for z in geheim)
    maske = np.zeros(len(system.index), dtype=bool)
    maske[unbekannt] = True
    a_geheim = system.matrix[:, unbekannt]
    rechts = -(system.matrix[:, ~maske] @ system.werte[~maske])
    zeilen = np.flatnonzero(a_geheim.getnnz(axis=1))  # Gleichungen ohne Unbekannte sagen nichts
    a_eq = a_geheim[zeilen, :]
    b_eq = rechts[zeilen]
    ziel = np.zeros(len(unbekannt))
    ziel[unbekannt.index(system.index[zelle])] = 1.0
    grenzen: list[float] = []
    for richtung in (1.0, -1.0):
        ergebnis = linprog(richtung * ziel, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        if ergebnis.status == 3:  # unbeschränkt: nur nach oben möglich, da alle Zellen ≥ 0
            grenzen.append(math.inf)
        elif ergebnis.status != 0:
            raise RuntimeError(f"Lineares Programm für Zelle {zelle} nicht gelöst: {ergebnis.message}")
        else:
            grenzen.append(float(richtung * ergebnis.fun))
    return grenzen[0], grenzen[1]


def ist_geschuetzt(
    tabelle: Tabelle, geheim: Set[Schluessel], zelle: Schluessel, *, primaer: bool, schutzbereich: int = 1
) -> bool:
    """Hält die Schutzregel (Moduldoku) für die gesperrte Zelle?"""
    lo, hi = intervall(tabelle, geheim, zelle)
    if not primaer:
        return hi - lo > TOLERANZ
    unten, oben = schutzgrenzen(tabelle.werte[zelle], schutzbereich)
    return lo <= unten + TOLERANZ and hi >= oben - TOLERANZ

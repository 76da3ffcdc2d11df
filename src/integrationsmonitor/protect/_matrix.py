"""Die Gleichungen einer Tabelle als dünn besetzte Matrix (intern, für die linearen Programme)."""

from __future__ import annotations

import weakref
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import sparse

from .tabelle import Schluessel, Tabelle


@dataclass(frozen=True)
class Gleichungssystem:
    """A · x = 0 für den Wertevektor x aller Zellen; Zeile = Gleichung, Spalte = Zelle."""

    matrix: sparse.csc_matrix
    index: dict[Schluessel, int]
    werte: npt.NDArray[np.float64]


_cache: weakref.WeakKeyDictionary[Tabelle, Gleichungssystem] = weakref.WeakKeyDictionary()


def gleichungssystem(tabelle: Tabelle) -> Gleichungssystem:
    """Baut (einmal je Tabelle) die Matrix: +1 für die Summenzelle, −1 für jeden Teil."""
    if tabelle in _cache:
        return _cache[tabelle]
    index = {z: i for i, z in enumerate(tabelle.zellen)}
    zeilen: list[int] = []
    spalten: list[int] = []
    eintraege: list[float] = []
    for r, g in enumerate(tabelle.gleichungen):
        zeilen.append(r)
        spalten.append(index[g.summe])
        eintraege.append(1.0)
        for t in g.teile:
            zeilen.append(r)
            spalten.append(index[t])
            eintraege.append(-1.0)
    form = (len(tabelle.gleichungen), len(index))
    matrix = sparse.csc_matrix((eintraege, (zeilen, spalten)), shape=form)
    werte = np.array([tabelle.werte[z] for z in tabelle.zellen], dtype=np.float64)
    result = Gleichungssystem(matrix, index, werte)
    _cache[tabelle] = result
    return result

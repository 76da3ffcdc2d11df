"""Hypothesis-Strategien: kleine Zufallstabellen mit Hierarchien der Tiefe 1–2 und vielen kleinen Zahlen."""

from __future__ import annotations

import itertools
import random

from hypothesis import strategies as st

from integrationsmonitor.protect import Hierarchie, Tabelle

KLEINE_ZAHLEN = st.sampled_from([0, 0, 1, 1, 1, 2, 2, 3, 4, 7, 12, 30])


@st.composite
def hierarchien(draw: st.DrawFn, name: str, max_kinder: int, tiefe_max: int) -> Hierarchie:
    eltern: dict[str, str | None] = {"_T": None}
    for i in range(draw(st.integers(2, max_kinder))):
        code = f"{name}{i}"
        eltern[code] = "_T"
        if tiefe_max >= 2 and draw(st.booleans()):
            for j in range(draw(st.integers(2, max_kinder))):
                eltern[f"{code}.{j}"] = code
    return Hierarchie(eltern)


@st.composite
def tabellen(draw: st.DrawFn) -> Tabelle:
    anzahl = draw(st.integers(2, 3))
    dimensionen = [f"d{i}" for i in range(anzahl)]
    if anzahl == 2:
        hs = [draw(hierarchien(n, max_kinder=3, tiefe_max=2)) for n in "ab"]
    else:  # drei Dimensionen: eine darf zwei Ebenen haben, die übrigen eine, damit das LP klein bleibt
        hs = [draw(hierarchien("a", max_kinder=3, tiefe_max=2))]
        hs += [draw(hierarchien(n, max_kinder=3, tiefe_max=1)) for n in "bc"]
    blaetter = list(itertools.product(*(h.blaetter for h in hs)))
    werte = draw(st.lists(KLEINE_ZAHLEN, min_size=len(blaetter), max_size=len(blaetter)))
    return Tabelle.aus_blattwerten(dimensionen, hs, dict(zip(blaetter, werte, strict=True)))


def zufallstabelle(rnd: random.Random) -> Tabelle:
    """Dieselbe Art Tabelle wie `tabellen()`, aus einem festen Zufallsgenerator (reproduzierbare Stichprobe)."""

    def hierarchie(name: str, tiefe_max: int) -> Hierarchie:
        eltern: dict[str, str | None] = {"_T": None}
        for i in range(rnd.randint(2, 3)):
            code = f"{name}{i}"
            eltern[code] = "_T"
            if tiefe_max >= 2 and rnd.random() < 0.5:
                for j in range(rnd.randint(2, 3)):
                    eltern[f"{code}.{j}"] = code
        return Hierarchie(eltern)

    if rnd.random() < 0.5:
        hs = [hierarchie("a", 2), hierarchie("b", 2)]
    else:
        hs = [hierarchie("a", 2), hierarchie("b", 1), hierarchie("c", 1)]
    blaetter = itertools.product(*(h.blaetter for h in hs))
    zahlen = [0, 0, 1, 1, 1, 2, 2, 3, 4, 7, 12, 30]
    return Tabelle.aus_blattwerten(
        [f"d{i}" for i in range(len(hs))], hs, {z: rnd.choice(zahlen) for z in blaetter}
    )

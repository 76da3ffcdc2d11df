"""Eigenschaften auf zufälligen kleinen Tabellen (2–3 Dimensionen, Hierarchien der Tiefe 1–2)."""

from __future__ import annotations

import random

from hypothesis import given, settings

from integrationsmonitor.protect import Tabelle, anwenden, intervall, schuetzen, schutzgrenzen

from .strategien import tabellen, zufallstabelle


def pruefe(t: Tabelle) -> tuple[int, int]:
    s = schuetzen(t)
    # (a) jede primäre Zelle ist gesperrt, jede kleine Zahl ist primär, 0 nie
    assert s.primaer == {z for z, w in t.werte.items() if 1 <= w <= 2}
    assert s.primaer <= s.geheim and not (s.primaer & s.sekundaer)
    # (b) der Angreifer grenzt keine primäre Zelle enger ein als die Schutzregel erlaubt …
    for z in s.primaer:
        lo, hi = intervall(t, s.geheim, z)
        unten, oben = schutzgrenzen(t.werte[z])
        assert lo <= unten + 1e-6 and hi >= oben - 1e-6, (z, t.werte[z], lo, hi)
    # … und bestimmt keine sekundäre exakt
    for z in s.sekundaer:
        lo, hi = intervall(t, s.geheim, z)
        assert hi - lo > 1e-6, (z, lo, hi)
    # (c) keine veröffentlichte Zahl verändert
    veroeffentlicht = anwenden(t, s)
    assert veroeffentlicht.keys() == t.werte.keys()
    for z, w in veroeffentlicht.items():
        assert w is None if z in s.geheim else w == t.werte[z]
    # wenige Sperrungen: gemessen höchstens 3 je primäre Zelle; ein 2×2×2-Würfel braucht 7 für eine
    assert s.anzahl_sekundaer <= 4 * s.anzahl_primaer + len(t.dimensionen)
    return s.anzahl_primaer, s.anzahl_sekundaer


@settings(max_examples=60, deadline=None)
@given(tabellen())
def test_zufallstabellen_sind_geschuetzt(t: Tabelle) -> None:
    pruefe(t)


def test_wenige_sekundaere_sperrungen_je_primaerer(capsys: object) -> None:
    """Feste Stichprobe, damit die Zahl reproduzierbar ist (gemessen: 341 primär, 411 sekundär)."""
    rnd = random.Random(20240603)
    summe_primaer = summe_sekundaer = 0
    for _ in range(30):
        p, s = pruefe(zufallstabelle(rnd))
        summe_primaer += p
        summe_sekundaer += s
    print(f"\nprimär {summe_primaer}, sekundär {summe_sekundaer}")
    assert summe_primaer > 50
    assert summe_sekundaer <= 1.5 * summe_primaer

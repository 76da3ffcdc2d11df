"""Eigenschaften auf zufälligen kleinen Tabellen (2–3 Dimensionen, Hierarchien der Tiefe 1–2)."""

from __future__ import annotations

import random

from hypothesis import given, settings

from integrationsmonitor.protect import Hierarchie, Tabelle, anwenden, intervall, schuetzen, schutzgrenzen

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
    # Wie viele Sperrungen es sind, prüft keine einzelne Tabelle: Nullen, die eine Richtung sperren, und
    # Ebenen, die ihrer Summe gleichen, verlangen auf entarteten Tabellen viele (hypothesis fand 17
    # sekundäre für eine primäre). Das Verhältnis über viele Tabellen misst
    # test_wenige_sekundaere_sperrungen_je_primaerer.
    return s.anzahl_primaer, s.anzahl_sekundaer


@settings(max_examples=60, deadline=None)
@given(tabellen())
def test_zufallstabellen_sind_geschuetzt(t: Tabelle) -> None:
    pruefe(t)


def test_eine_nullebene_verdoppelt_die_sperrungen_und_bleibt_geschuetzt() -> None:
    """Der Fall, den hypothesis gefunden hat: d0 = a0 (nur Nullen) + a1, also a1 = Summe in jeder Zelle."""
    flach = {
        ("b0", "c0"): 0,
        ("b0", "c1"): 3,
        ("b1", "c0"): 1,
        ("b1", "c1"): 3,
        ("b2", "c0"): 3,
        ("b2", "c1"): 0,
    }
    blatt = {("a1", b, c): w for (b, c), w in flach.items()} | {("a0", b, c): 0 for (b, c) in flach}
    t = Tabelle.aus_blattwerten(
        ("d0", "d1", "d2"),
        (Hierarchie.flach("_T", ["a0", "a1"]), Hierarchie.flach("_T", ["b0", "b1", "b2"]),
         Hierarchie.flach("_T", ["c0", "c1"])),
        blatt,
    )  # fmt: skip
    primaer, sekundaer = pruefe(t)
    assert primaer == 2  # (a1, b1, c0) and the equal margin (_T, b1, c0)
    assert sekundaer >= 2 * 3  # at least a rectangle around each of them
    print(f"\nNullebene: primär {primaer}, sekundär {sekundaer}")


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

"""Die veröffentlichten Tabellen des LDS-Ausländerbestands (alle Tabellen, jede Gebietsebene), geschützt mit
`collect.tabellen.schuetze_tabellen` und geprüft mit dem unabhängigen Angreifer, der nur das Veröffentlichte
und den Katalog kennt."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date

import pytest

from integrationsmonitor.catalog.loader import katalog
from integrationsmonitor.collect.tabellen import schuetze_tabellen

from .angreifer import intervalle, katalogwissen, unerfuellt, verletzungen
from .lds import BESTAND, Person, fassung, gemeinden, staaten, zaehlung

ALTER = ["00_05", "06_14", "15_17", "18_24", "25_29", "30_49", "50_64", "65_"]


def schuetze_und_greife_an(zaehler: Counter[Person]) -> tuple[dict, dict]:
    """Schützt die Zählung wie `imon collect` und gibt Veröffentlichung und Intervalle des Angreifers zurück;
    prüft dabei alles, was für jede Zählung gelten muss."""
    k = katalog()
    ds = k.datensaetze[BESTAND]
    assert ds.veroeffentlichung is not None
    ergebnis = schuetze_tabellen(k, BESTAND, "2024", Counter(zaehler), ds.veroeffentlichung.tabellen, 2)
    assert ergebnis.ok
    _f, wahr = fassung(k, "wahr", zaehler)
    assert ergebnis.werte.keys() == wahr.keys()
    for s, w in ergebnis.werte.items():
        assert w is None or w == wahr[s], s  # veröffentlicht heißt: unverändert
    wissen = katalogwissen(k, BESTAND, "2024", {"v": ergebnis.werte})
    assert unerfuellt(wissen, {("v", *s): w for s, w in wahr.items()}) == []  # der Angreifer irrt nicht
    assert not wissen.klein, sorted(wissen.klein)[:5]
    iv = intervalle(wissen, hoechstens=10)
    befund = verletzungen(iv)
    assert befund == {}, {z: (wahr[z[1:]], uo) for z, uo in list(befund.items())[:10]}
    return ergebnis.werte, iv


def test_versteckte_kleine_summe_zweier_altersgruppen() -> None:
    """Eine Gemeinde mit 72 Personen, davon je eine in zwei Altersgruppen: veröffentlicht wären die übrigen
    sechs Gruppen mit zusammen 70 – dann sind die beiden geheimen zusammen 2, jede höchstens 2. Es muss mehr
    gesperrt werden, bis der Angreifer jede geheime Altersgruppe der Gemeinde über 2 heben kann."""
    k = katalog()
    rnd = random.Random(72)
    alle = gemeinden(k)
    klein = "12061017"  # Bersteland, im Amt Unterspreewald
    andere = [g for g in alle if g != klein]
    zaehler = zaehlung(k, rnd, {g: rnd.choice([0, 3, 8, 25, 60]) for g in andere})
    je_gruppe = staaten(k, date(2024, 12, 31))
    verteilung = dict(zip(ALTER, [1, 1, 10, 10, 10, 15, 15, 10], strict=True))
    for alter, n in verteilung.items():
        for i in range(n):
            gruppe = ["eu", "drittstaat", "asyl"][i % 3]
            zaehler[(klein, gruppe, je_gruppe[gruppe][i % 2], "mw"[i % 2], alter)] += 1
    werte, iv = schuetze_und_greife_an(zaehler)

    kreis = k.kreis.code
    zelle = {a: (klein, "_T", "_T", "_T", a) for a in ALTER}
    assert werte[(klein, "_T", "_T", "_T", "_T")] == 72
    assert werte[zelle["00_05"]] is None and werte[zelle["06_14"]] is None
    veroeffentlicht = sum(w for a in ALTER if (w := werte[zelle[a]]) is not None)
    assert veroeffentlicht <= 72 - 3  # die geheimen Altersgruppen tragen zusammen mindestens 3 Personen
    for a in ("00_05", "06_14"):
        assert iv[("v", *zelle[a])][1] >= 3
    # Kreiszahl und Strukturnullen bleiben veröffentlicht
    assert werte[(kreis, "_T", "_T", "_T", "_T")] == sum(zaehler.values())
    assert werte[(kreis, "eu", "kontinent:aussereuropa", "_T", "_T")] == 0


@pytest.mark.parametrize("seed", [1, 2])
def test_kleine_zufaellige_zaehlung_auf_jeder_ebene_geschuetzt(seed: int) -> None:
    """Wenige Personen in wenigen Gemeinden, darunter Personen „divers“ (Tabellen mit öffentlichen Nullen):
    jede Tabelle, jede Ebene, jede geheime Zelle geschützt."""
    k = katalog()
    rnd = random.Random(seed)
    personen = {g: rnd.choice([1, 2, 4, 9, 30]) for g in rnd.sample(gemeinden(k), 10)}
    zaehler = zaehlung(k, rnd, personen, geschlechter=("m", "w", "m", "w", "d"))
    werte, _iv = schuetze_und_greife_an(zaehler)
    assert sum(w is None for w in werte.values()) > 0


def test_veroeffentlichte_null_verraet_keine_geheime_summe() -> None:
    """Wo Nullen öffentlich sind, wird eine 0 nur veröffentlicht, wenn jede Summe darüber mindestens Schwelle +
    Zahl der Teile Personen hat; der Angreifer kennt die Regel (docs/geheimhaltung.md, Abschnitt 3). So
    gefunden: Königs Wusterhausen mit 60 Personen, davon 20 divers, Lübben mit 5 Personen ohne divers,
    Märkische Heide mit einer. Als Lübben divers als 0 veröffentlicht war, wusste der Angreifer „Lübbens
    geheime Verbandssumme ≥ 5“, und mit der Kreissumme waren die übrigen geheimen Verbände 0 oder 1. Seitdem
    sind Nullen auch nach Geschlecht nur im Kreis öffentlich, und die Prüfung rechnet die Untergrenze ein."""
    k = katalog()
    ds = k.datensaetze[BESTAND]
    assert ds.veroeffentlichung is not None
    zaehler: Counter[Person] = Counter()
    for geschlecht in "mwd":
        zaehler[("12061260", "drittstaat", "121", geschlecht, "30_49")] = 20
    zaehler[("12061316", "drittstaat", "121", "m", "30_49")] = 3
    zaehler[("12061316", "drittstaat", "121", "w", "30_49")] = 2
    zaehler[("12061329", "drittstaat", "121", "m", "30_49")] = 1
    ergebnis = schuetze_tabellen(k, BESTAND, "2024", zaehler, ds.veroeffentlichung.tabellen, 2)
    assert ergebnis.ok  # die eingebaute Prüfung findet nichts
    werte = ergebnis.werte
    verbaende = [g.code for g in k.gebiete.values() if g.ebene == "verband"]
    summen = [("v", v, *["_T"] * 4) for v in verbaende if werte[(v, *["_T"] * 4)] is None]
    assert ("v", "120610316", *["_T"] * 4) in summen  # Lübben gesamt geheim …
    assert werte[("120610316", "_T", "_T", "d", "_T")] is None  # … und die 0 divers darunter auch
    wissen = katalogwissen(k, BESTAND, "2024", {"v": werte})
    assert verletzungen(intervalle(wissen, zellen=summen)) == {}
    assert verletzungen(intervalle(wissen, hoechstens=10)) == {}

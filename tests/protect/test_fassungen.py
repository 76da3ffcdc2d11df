"""Veröffentlichung mit allem, was vorher veröffentlicht wurde (`protect.fassungen`, docs/geheimhaltung.md
Abschnitte 4 und 5): Berichtigungen eines Datensatzes und Monate, deren Summe eine Jahreszahl ist. Geprüft
mit dem unabhängigen Angreifer, der alle Fassungen und die Verknüpfungen kennt."""

from __future__ import annotations

import itertools
import random
from collections import Counter

from integrationsmonitor.catalog.loader import katalog
from integrationsmonitor.catalog.model import Katalog
from integrationsmonitor.indicators.cube import Wuerfel, Zelle
from integrationsmonitor.protect import Verbund, schuetze
from integrationsmonitor.protect.fassungen import Fassung, Veroeffentlicht, veroeffentliche
from integrationsmonitor.protect.tabellensatz import baue, tabellenwerte
from integrationsmonitor.protect.verbund import GESAMTSUMME_KOSTEN

from .angreifer import (
    Wissen,
    gleichungswissen,
    intervalle,
    katalogwissen,
    unerfuellt,
    vereinige,
    verletzungen,
)
from .lds import BESTAND, fassung, gemeinden, zaehlung

# ------------------------------------------------------------------------------------------ Berichtigung


def test_berichtigung_um_eine_person_in_einer_kleinen_gemeinde() -> None:
    """Fassung 2 = Fassung 1 + eine Person in einer Gemeinde mit wenigen Ausländern, mit Merkmalen, die es im
    Kreis schon gibt. Was Fassung 1 geheim hielt, bleibt geheim; ein Angreifer, der beide Fassungen kennt und
    weiß, dass genau eine Person hinzukam, grenzt unterhalb des Kreises keine geheime Zelle ein."""
    k = katalog()
    rnd = random.Random(4)
    alle = gemeinden(k)
    klein = "12061017"  # Bersteland, im Amt Unterspreewald
    personen = {g: rnd.choice([0, 5, 12, 40]) for g in alle if g != klein} | {klein: 3}
    zaehler = zaehlung(k, rnd, personen)
    f1, wahr1 = fassung(k, 1, zaehler)
    v1 = veroeffentliche(k, [f1], [])
    assert v1.ok and not v1.rueckfall

    vorbild = next(p for p in sorted(zaehler) if p[0] != klein and p[1] == "drittstaat")
    neu = (klein, *vorbild[1:])  # Gruppe, Staat, Geschlecht und Alter gibt es im Kreis schon
    f2, wahr2 = fassung(k, 2, zaehler + Counter([neu]))
    v2 = veroeffentliche(k, [f1, f2], [v1])
    assert v2.ok and not v2.rueckfall
    assert v1.geheim <= v2.geheim  # die Muster wachsen nur
    for s, w in v2.werte.items():
        assert w is None or w == wahr2[s]

    wissen = katalogwissen(k, BESTAND, "2024", {1: v1.werte, 2: v2.werte}, hinzu=1)
    wahr = {(1, *s): w for s, w in wahr1.items()} | {(2, *s): w for s, w in wahr2.items()}
    assert unerfuellt(wissen, wahr) == []
    assert not wissen.klein
    befund = verletzungen(intervalle(wissen, hoechstens=10))
    unter_dem_kreis = {z: uo for z, uo in befund.items() if z[1] != k.kreis.code}
    assert unter_dem_kreis == {}, {z: (wahr[z], uo) for z, uo in unter_dem_kreis.items()}
    # Kreisebene: eine Kategorie, die es im Kreis schon gab, verrät die Person auch dort nicht
    assert befund == {}, {z: (wahr[z], uo) for z, uo in befund.items()}


def test_was_frueher_geheim_war_bleibt_geheim_auch_wenn_es_gross_wird() -> None:
    """Eine Gemeinde mit 2 Personen (geheim) bekommt 30 dazu: die Gemeindezahl bleibt geheim."""
    k = katalog()
    rnd = random.Random(5)
    klein = "12061017"
    personen = {g: 20 for g in gemeinden(k) if g != klein} | {klein: 2}
    zaehler = zaehlung(k, rnd, personen)
    f1, _w = fassung(k, 1, zaehler)
    v1 = veroeffentliche(k, [f1], [])
    gesamt = (klein, "_T", "_T", "_T", "_T")
    assert v1.werte[gesamt] is None
    f2, wahr2 = fassung(k, 2, zaehler + zaehlung(k, rnd, {klein: 30}))
    v2 = veroeffentliche(k, [f1, f2], [v1])
    assert wahr2[gesamt] == 32 and v2.werte[gesamt] is None
    assert v1.geheim <= v2.geheim and v2.ok


def test_erste_frau_einer_gemeinde_mit_oeffentlichen_nullen() -> None:
    """Schönwald (Amt Unterspreewald) mit 5 Männern, Fassung 2: eine Frau mehr. So gefunden, als Nullen nach
    Geschlecht auf jeder Ebene öffentlich waren: Fassung 1 zeigte 0 Frauen, und wer wusste, dass genau eine
    Person hinzukam, kannte die erste Frau aus Kreis- und Verbandsrändern. Unterhalb des Kreises ist die 0
    jetzt geheim, das Muster bleibt gleich."""
    k = katalog()
    zaehler = Counter(
        {
            ("12061260", "drittstaat", "121", "m", "30_49"): 30,
            ("12061260", "drittstaat", "121", "w", "30_49"): 30,
            ("12061435", "drittstaat", "121", "m", "30_49"): 5,
        }
    )
    f1, _w1 = fassung(k, 1, zaehler)
    v1 = veroeffentliche(k, [f1], [])
    frauen = ("12061435", "_T", "_T", "w", "_T")
    assert v1.werte[frauen] is None  # 0 Frauen in einer Gemeinde: geheim wie 1 und 2
    f2, _w2 = fassung(k, 2, zaehler + Counter([("12061435", "drittstaat", "121", "w", "30_49")]))
    v2 = veroeffentliche(k, [f1, f2], [v1])
    assert v1.ok and v2.ok and v1.geheim <= v2.geheim
    assert v2.werte[frauen] is None
    wissen = katalogwissen(k, BESTAND, "2024", {1: v1.werte, 2: v2.werte}, hinzu=1)
    # die Frauen in Schönwald und im Amt Unterspreewald (dort gab es vorher auch keine)
    zellen = [(2, *frauen), (2, "120615114", "_T", "_T", "w", "_T")]
    assert verletzungen(intervalle(wissen, zellen=zellen)) == {}


# ----------------------------------------------------------------------------------- Monate und Jahr

JAHR = "2024"
MONATE = [f"{JAHR}-{m:02d}" for m in range(1, 13)]


def _beratung(k: Katalog, monat: str, zellen: dict[tuple[str, str], int]) -> tuple[Fassung, dict]:
    """Die Fassung eines Monats der Beratungskontakte (Beratungsstelle × Kontaktart mit allen Summen)."""
    ds = k.datensaetze["beratungskontakte"]
    assert ds.veroeffentlichung is not None
    ts = baue(k, ds, monat, ds.veroeffentlichung.tabellen)
    kreis = k.kreis.code
    w = Wuerfel(k, ds, [Zelle(kreis, schluessel, float(n)) for schluessel, n in zellen.items()])
    werte = tabellenwerte(ts, w)
    return Fassung(("monat", monat), ds, monat, ts, werte), werte


def _jahreszahlen(k: Katalog, zellen: dict[tuple[str, str], int]) -> Fassung:
    """Die Jahreszahlen der Projekte (nicht summierbar: jede gelieferte Zahl für sich)."""
    ds = k.datensaetze["projektkennzahlen"]
    kreis = k.kreis.code
    ts = baue(k, ds, JAHR, (), geliefert=[(kreis, *s) for s in zellen])
    w = Wuerfel(k, ds, [Zelle(kreis, s, float(n)) for s, n in zellen.items()])
    return Fassung(("jahr", JAHR), ds, JAHR, ts, tabellenwerte(ts, w))


def _verknuepfungen(
    k: Katalog, jahreszellen: list[tuple[str, ...]]
) -> list[tuple[tuple[str, str], tuple[str, str]]]:
    """(Jahreszelle, Monatszelle) nach `jahressumme_von` des Katalogs: Projekt › Beratungsstelle,
    Kennzahl › Kontaktart, nur die genannten Codes."""
    v = k.datensaetze["projektkennzahlen"].veroeffentlichung
    assert v is not None
    (j,) = [j for j in v.jahressummen if j.datensatz == "beratungskontakte"]
    uebersetzung = {(m, hier): dort for m, hier, dort in j.codes}
    paare = []
    for projekt, kennzahl in jahreszellen:
        if ("projekt", projekt) in uebersetzung and ("kennzahl", kennzahl) in uebersetzung:
            paare.append(
                (
                    (projekt, kennzahl),
                    (uebersetzung[("projekt", projekt)], uebersetzung[("kennzahl", kennzahl)]),
                )
            )
    return paare


def _angriff(
    k: Katalog, jahr: Veroeffentlicht, monate: dict[str, Veroeffentlicht], paare: list
) -> tuple[Wissen, dict]:
    """Was der Angreifer aus Jahr und veröffentlichten Monaten weiß; ein fehlender Monat ist unbekannt."""
    kreis = k.kreis.code
    teile = [katalogwissen(k, "projektkennzahlen", JAHR, {"jahr": jahr.werte})]
    for monat, v in monate.items():
        teile.append(katalogwissen(k, "beratungskontakte", monat, {monat: v.werte}))
    fehlend = {(m, kreis, *dort): None for m in MONATE if m not in monate for _hier, dort in paare}
    teile.append(gleichungswissen(fehlend, []))
    gleichungen = [(("jahr", kreis, *hier), [(m, kreis, *dort) for m in MONATE]) for hier, dort in paare]
    wissen = vereinige(*teile, gleichungen=gleichungen)
    return wissen, intervalle(wissen, hoechstens=10)


def test_jahreszahl_zuerst_dann_zwoelf_monate() -> None:
    """Die Jahreszahlen von „LDS integriert“ (Neukunden, Folgetermine) kommen zuerst, dann die Monate einzeln.
    Nach jedem Monat – auch mit noch fehlenden Monaten, die der Angreifer als Unbekannte führt – und am Ende
    mit allen zwölf grenzt er mit „Jahr = Summe der Monate“ keine geheime Zelle ein."""
    k = katalog()
    rnd = random.Random(12)
    stellen = list(k.codelisten["beratungsstelle"].codes)
    arten = list(k.codelisten["kontaktart"].codes)
    typisch = {"erst": 14, "folge_1": 10, "folge_2": 5, "folge_3": 2, "folge_4": 1, "folge_5": 0}
    monatszahlen: dict[str, dict[tuple[str, str], int]] = {}
    for monat in MONATE:
        zellen = {}
        for stelle, art in itertools.product(stellen, arten):
            mittel = typisch[art] if stelle != "integrationsbegleitung_plus" else typisch[art] // 5
            zellen[(stelle, art)] = max(0, mittel + rnd.randint(-2, 2))
        monatszahlen[monat] = zellen
    jahr = {
        ("lds_integriert", kennzahl): sum(monatszahlen[m][("lds_integriert", art)] for m in MONATE)
        for kennzahl, art in [
            ("neukunden", "erst"),
            *((f"folgetermin_{i}", f"folge_{i}") for i in range(1, 6)),
        ]
    }
    jahr |= {("brueckenbau", "besucher"): 250, ("welcomecenter", "neukunden"): 2}
    paare = _verknuepfungen(k, list(jahr))
    assert len(paare) == 6

    jahr_f = _jahreszahlen(k, jahr)
    v_jahr = veroeffentliche(k, [jahr_f], [])
    assert v_jahr.ok
    assert v_jahr.werte[(k.kreis.code, "welcomecenter", "neukunden")] is None  # klein, nicht verknüpft
    folge: list[Fassung] = [jahr_f]
    frueher: list[Veroeffentlicht] = [v_jahr]
    monate: dict[str, Veroeffentlicht] = {}
    for monat in MONATE:
        f, wahr = _beratung(k, monat, monatszahlen[monat])
        v = veroeffentliche(k, [*folge, f], frueher)
        assert v.ok and not v.rueckfall, (monat, v.hinweise)
        assert not [h for h in v.hinweise if "nicht verknüpft" in h]
        for s, w in v.werte.items():
            assert w is None or w == wahr[s]
        folge.append(f)
        frueher.append(v)
        monate[monat] = v
        wissen, iv = _angriff(k, v_jahr, monate, paare)
        assert not wissen.klein
        befund = verletzungen(iv)
        assert befund == {}, (monat, befund)
    # mit allen zwölf Monaten: das Jahr ist die Summe, und trotzdem bleibt jede geheime Zelle geschützt
    assert any(v.werte[(k.kreis.code, "lds_integriert", "folge_4")] is None for v in monate.values())


# 31 Personen in acht Gemeinden, darunter vier „divers“ (eine Zufallszählung, die den Fall unten zeigte)
ZAEHLUNG_22 = """
12061017 drittstaat 133 m 00_05 1|12061192 drittstaat 121 w 25_29 1|12061192 eu 125 m 25_29 1
12061192 eu 125 w 00_05 1|12061352 asyl 997 m 50_64 1|12061352 drittstaat 120 m 65_ 1
12061352 drittstaat 120 w 18_24 1|12061352 drittstaat 121 m 30_49 1|12061352 drittstaat 122 m 50_64 1
12061352 drittstaat 132 d 50_64 1|12061352 drittstaat 132 m 50_64 2|12061352 drittstaat 133 w 25_29 1
12061352 eu 125 w 00_05 1|12061352 eu 126 w 00_05 1|12061352 eu 127 m 06_14 1|12061433 asyl 997 w 06_14 1
12061448 asyl 997 m 00_05 1|12061448 eu 126 d 30_49 1|12061448 eu 126 m 50_64 1|12061510 asyl 545 m 06_14 1
12061510 asyl 997 d 50_64 1|12061510 asyl 997 m 06_14 1|12061510 asyl 997 w 06_14 1
12061510 asyl 998 m 30_49 1|12061510 asyl 998 w 06_14 1|12061510 asyl 999 m 06_14 1
12061510 drittstaat 133 d 15_17 1|12061510 eu 124 m 06_14 1|12061510 eu 126 m 00_05 1
12061510 eu 126 w 00_05 1|12061510 eu 126 w 65_ 1
"""


def test_neu_gesperrte_zelle_einer_berichtigung_bleibt_geschuetzt() -> None:
    """Eine Person (männlich, Merkmale gibt es im Kreis schon) kommt in Steinreich (Amt Unterspreewald) dazu.
    So gefunden, als Nullen nach Geschlecht auf jeder Ebene öffentlich waren: Fassung 2 sperrte „Amt
    Unterspreewald, männlich“ neu (7 veröffentlicht, dann 8 geheim), und Amt +1 und Kreis männlich +1 verrieten
    sie. Jetzt bleibt das Muster gleich, und der Angreifer findet in Gemeinde und Amt nichts."""
    k = katalog()
    zaehler: Counter[tuple[str, ...]] = Counter()
    for zeile in ZAEHLUNG_22.replace("\n", "|").split("|"):
        if zeile.strip():
            *schluessel, n = zeile.split()
            zaehler[tuple(schluessel)] += int(n)
    assert sum(zaehler.values()) == 32
    f1, _w1 = fassung(k, 1, zaehler)
    v1 = veroeffentliche(k, [f1], [])
    f2, wahr2 = fassung(k, 2, zaehler + Counter([("12061471", "drittstaat", "122", "m", "15_17")]))
    v2 = veroeffentliche(k, [f1, f2], [v1])
    assert v1.ok and v2.ok and v1.geheim <= v2.geheim
    assert not [s for s in v2.geheim - v1.geheim if s[0] != k.kreis.code]  # below the Kreis: nothing new
    wissen = katalogwissen(k, BESTAND, "2024", {1: v1.werte, 2: v2.werte}, hinzu=1)
    zellen = [(2, *s) for s in sorted(v2.geheim) if s[0] in ("12061471", "120615114")]
    assert zellen
    befund = verletzungen(intervalle(wissen, zellen=zellen))
    assert befund == {}, {z: (wahr2[z[1:]], uo) for z, uo in befund.items()}


def test_jahr_als_summe_von_zwoelf_monaten_ohne_katalog() -> None:
    """Ein Verbund ohne Katalog: je Monat a + b = Summe, dazu das Jahr = Summe der zwölf a. Das Jahr ist
    veröffentlicht, kleine a sind geheim: kein Monat darf aus dem Jahr und den übrigen folgen."""
    a = [5, 1, 7, 2, 9, 0, 6, 8, 4, 12, 3, 10]
    b = [20, 18, 25, 3, 30, 22, 1, 19, 27, 24, 26, 21]
    werte: dict[tuple[str, ...], int] = {("jahr",): sum(a)}
    gleichungen: list[tuple[tuple[str, ...], list[tuple[str, ...]]]] = [
        (("jahr",), [(f"{m:02d}", "a") for m in range(1, 13)])
    ]
    for m, (wa, wb) in enumerate(zip(a, b, strict=True), start=1):
        monat = f"{m:02d}"
        werte |= {(monat, "a"): wa, (monat, "b"): wb, (monat, "_T"): wa + wb}
        gleichungen.append(((monat, "_T"), [(monat, "a"), (monat, "b")]))
    v = Verbund(werte=werte, gleichungen=gleichungen, kosten={("jahr",): GESAMTSUMME_KOSTEN})
    schutz = schuetze(v)
    assert schutz.befund.ok and not schutz.rueckfall
    assert ("jahr",) not in schutz.geheim
    assert {z for z, w in werte.items() if w <= 2} <= schutz.geheim
    wissen = gleichungswissen(v.veroeffentlicht(schutz.geheim), gleichungen)
    assert not wissen.klein
    assert verletzungen(intervalle(wissen)) == {}

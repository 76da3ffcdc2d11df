"""Geheimhaltung an gebauten Tabellen mit bekannter Antwort, geprüft mit dem unabhängigen Angreifer.

Nullregel (docs/geheimhaltung.md, Abschnitt 3): 0, 1 und 2 sind gleich geheim; der Angreifer weiß über eine
geheime Zelle nur „≥ 0“. Schutzregel (Abschnitt 2): für jede geheime Zelle o − u ≥ 2 und o ≥ Schwelle + 1.
"""

from __future__ import annotations

import itertools

import pytest

from integrationsmonitor.protect import (
    Hierarchie,
    Schluessel,
    Sperrung,
    Tabelle,
    Verbund,
    anwenden,
    primaer,
    schuetze,
    schuetzen,
)

from .angreifer import gleichungswissen, intervalle, tabellenwissen, verletzungen

AB = Hierarchie.flach("_T", ["a", "b"])
GESCHLECHT = Hierarchie.flach("_T", ["m", "w"])
# Gemeinde → Amt → Kreis
REGION = Hierarchie(
    {"K": None, "A1": "K", "A2": "K", "G1": "A1", "G2": "A1", "G3": "A1", "G4": "A2", "G5": "A2"}
)


def geschuetzt(t: Tabelle, s: Sperrung) -> dict[Schluessel, tuple[int, float]]:
    """Prüft mit dem unabhängigen Angreifer: keine Verletzung, keine kleine Zahl veröffentlicht, jede
    veröffentlichte Zahl unverändert. Gibt die Intervalle der geheimen Zellen zurück."""
    veroeffentlicht = anwenden(t, s)
    assert veroeffentlicht.keys() == t.werte.keys()
    for z, w in veroeffentlicht.items():
        assert w is None if z in s.geheim else w == t.werte[z], z
    assert s.primaer == primaer(t, s.schwelle)
    assert s.primaer <= s.geheim and not (s.primaer & s.sekundaer)
    wissen = tabellenwissen(t, veroeffentlicht, s.schwelle)
    assert not wissen.klein
    iv = intervalle(wissen, schwelle=s.schwelle)
    assert verletzungen(iv, s.schwelle) == {}
    return iv


def test_2x2_mit_einer_kleinen_zelle_sperrt_ein_rechteck() -> None:
    t = Tabelle.aus_blattwerten(
        ["x", "y"], [AB, AB], {("a", "a"): 1, ("a", "b"): 5, ("b", "a"): 7, ("b", "b"): 9}
    )
    s = schuetzen(t)
    assert s.primaer == {("a", "a")}
    assert s.sekundaer == {("a", "b"), ("b", "a"), ("b", "b")}
    geschuetzt(t, s)
    iv = intervalle(tabellenwissen(t, anwenden(t, s)), exakt=True)
    assert iv[("a", "a")] == (0, 6)  # nach unten bis 0, nach oben bis min(a-Zeile 6, a-Spalte 8)
    veroeffentlicht = anwenden(t, s)
    assert veroeffentlicht[("_T", "_T")] == 22
    assert veroeffentlicht[("a", "_T")] == 6  # alle Randsummen bleiben veröffentlicht


def test_zeile_0_1_9_braucht_mehr_als_einen_partner() -> None:
    """0 und 1 sind beide geheim, ergeben aber zusammen nur 1: die 9 muss mit, sonst ist jede höchstens 1."""
    xyz = Hierarchie.flach("_T", ["x", "y", "z"])
    t = Tabelle.aus_blattwerten(["d"], [xyz], {("x",): 0, ("y",): 1, ("z",): 9})
    s = schuetzen(t)
    assert s.primaer == {("x",), ("y",)}
    assert s.sekundaer == {("z",)}
    iv = geschuetzt(t, s)
    assert anwenden(t, s)[("_T",)] == 10
    assert iv[("x",)][1] >= 3


def test_zeile_0_1_9_in_einer_tabelle_mit_zwei_dimensionen() -> None:
    """Dieselbe Zeile in einer Tabelle nach Gebiet × Kategorie: die Sperrung reicht über zwei Zeilen."""
    xyz = Hierarchie.flach("_T", ["x", "y", "z"])
    werte: dict[Schluessel, int] = {
        ("G1", "x"): 0, ("G1", "y"): 1, ("G1", "z"): 9,
        ("G2", "x"): 6, ("G2", "y"): 8, ("G2", "z"): 15,
        ("G3", "x"): 11, ("G3", "y"): 7, ("G3", "z"): 30,
    }  # fmt: skip
    region = Hierarchie.flach("K", ["G1", "G2", "G3"])
    t = Tabelle.aus_blattwerten(["region", "kategorie"], [region, xyz], werte)
    s = schuetzen(t)
    assert s.primaer == {("G1", "x"), ("G1", "y")}
    geschuetzt(t, s)
    assert len(s.sekundaer) >= 3  # eine Zelle der Zeile G1 und in einer anderen Zeile die Gegenstücke
    assert anwenden(t, s)[("K", "_T")] == 87


def test_nullen_sind_geheim_und_werden_geschuetzt() -> None:
    t = Tabelle.aus_blattwerten(
        ["x", "y"], [AB, AB], {("a", "a"): 0, ("a", "b"): 5, ("b", "a"): 7, ("b", "b"): 0}
    )
    s = schuetzen(t)
    assert s.primaer == {("a", "a"), ("b", "b")}
    geschuetzt(t, s)
    assert anwenden(t, s)[("_T", "_T")] == 12


def test_ohne_kleine_zahl_wird_nichts_gesperrt() -> None:
    t = Tabelle.aus_blattwerten(
        ["x", "y"], [AB, AB], {("a", "a"): 3, ("a", "b"): 5, ("b", "a"): 7, ("b", "b"): 4}
    )
    s = schuetzen(t)
    assert s.geheim == frozenset()
    assert anwenden(t, s) == dict(t.werte)


def test_region_hierarchie_mal_geschlecht_sperrt_innerhalb_des_amts() -> None:
    werte: dict[Schluessel, int] = {
        ("G1", "m"): 1, ("G1", "w"): 6,
        ("G2", "m"): 8, ("G2", "w"): 9,
        ("G3", "m"): 20, ("G3", "w"): 25,
        ("G4", "m"): 30, ("G4", "w"): 31,
        ("G5", "m"): 12, ("G5", "w"): 14,
    }  # fmt: skip
    t = Tabelle.aus_blattwerten(["region", "geschlecht"], [REGION, GESCHLECHT], werte)
    s = schuetzen(t)
    assert s.primaer == {("G1", "m")}
    # das billigste Rechteck: die Nachbargemeinde im selben Amt mit den kleineren Werten
    assert s.sekundaer == {("G1", "w"), ("G2", "m"), ("G2", "w")}
    geschuetzt(t, s)
    veroeffentlicht = anwenden(t, s)
    for region in ("K", "A1", "A2"):
        for g in ("m", "w", "_T"):
            assert veroeffentlicht[(region, g)] is not None  # Amts- und Kreiszahlen bleiben exakt


def test_kleine_zelle_auf_amtsebene_wird_ueber_beide_hierarchien_geschuetzt() -> None:
    werte: dict[Schluessel, int] = {
        ("G1", "m"): 1, ("G1", "w"): 6,
        ("G2", "m"): 0, ("G2", "w"): 9,
        ("G3", "m"): 1, ("G3", "w"): 25,
        ("G4", "m"): 30, ("G4", "w"): 31,
        ("G5", "m"): 12, ("G5", "w"): 14,
    }  # fmt: skip
    t = Tabelle.aus_blattwerten(["region", "geschlecht"], [REGION, GESCHLECHT], werte)
    s = schuetzen(t)
    # A1/m = 2 ist selbst klein, die 0 in G2 ebenso geheim wie die 1 in G1 und G3
    assert s.primaer == {("G1", "m"), ("G2", "m"), ("G3", "m"), ("A1", "m")}
    geschuetzt(t, s)
    assert ("K", "_T") not in s.geheim


def test_schwelle_ist_einstellbar() -> None:
    t = Tabelle.aus_blattwerten(["g"], [GESCHLECHT], {("m",): 3, ("w",): 10})
    assert primaer(t) == frozenset()
    assert primaer(t, schwelle=3) == {("m",)}
    s = schuetzen(t, schwelle=3)
    # eindimensional: der einzige Partner ist die andere Zelle
    assert s.sekundaer == {("w",)}
    iv = geschuetzt(t, s)
    assert iv[("m",)][1] >= 4  # Schwelle 3: o ≥ 4


def test_negative_schwelle_wird_abgelehnt() -> None:
    t = Tabelle.aus_blattwerten(["g"], [GESCHLECHT], {("m",): 3, ("w",): 10})
    with pytest.raises(ValueError, match="Schwelle"):
        primaer(t, schwelle=-1)


def test_gemeinde_als_einziges_kind_ihres_verbands() -> None:
    region = Hierarchie({"K": None, "V1": "K", "V2": "K", "G1": "V1", "G2": "V2", "G3": "V2"})
    werte: dict[Schluessel, int] = {
        ("G1", "m"): 2,
        ("G1", "w"): 5,
        ("G2", "m"): 4,
        ("G2", "w"): 6,
        ("G3", "m"): 7,
        ("G3", "w"): 8,
    }
    t = Tabelle.aus_blattwerten(["region", "geschlecht"], [region, GESCHLECHT], werte)
    s = schuetzen(t)
    assert ("V1", "m") in s.primaer  # V1 = G1, also dieselbe kleine Zahl
    geschuetzt(t, s)


def test_wuerfel_2x2x2_braucht_acht_ecken() -> None:
    werte: dict[Schluessel, int] = {z: 5 + i for i, z in enumerate(itertools.product("ab", "ab", "ab"))}
    werte[("a", "a", "a")] = 1
    t = Tabelle.aus_blattwerten(["x", "y", "z"], [AB, AB, AB], werte)
    s = schuetzen(t)
    assert s.primaer == {("a", "a", "a")}
    assert s.sekundaer == set(itertools.product("ab", "ab", "ab")) - {("a", "a", "a")}
    geschuetzt(t, s)


def test_strukturnull_wird_nicht_gesperrt_und_als_0_veroeffentlicht() -> None:
    """Eine Zelle, die nach den Regeln des Katalogs 0 sein muss, kennt der Angreifer: sie zu sperren schützte
    nichts. Die kleine Zelle daneben braucht einen anderen Partner."""
    werte = {"T": 20, "a": 1, "b": 7, "c": 12, "s": 0}
    v = Verbund(werte=werte, gleichungen=[("T", ["a", "b", "c", "s"])], strukturnull=frozenset({"s"}))
    schutz = schuetze(v)
    assert schutz.befund.ok and not schutz.rueckfall
    assert schutz.primaer == {"a"}
    assert "s" not in schutz.geheim
    assert schutz.geheim == {"a", "b"}  # der billigste Partner: die kleinere Zahl
    veroeffentlicht = v.veroeffentlicht(schutz.geheim)
    assert veroeffentlicht["s"] == 0 and veroeffentlicht["T"] == 20
    wissen = gleichungswissen(veroeffentlicht, [("T", ["a", "b", "c", "s"])])
    wissen.strukturnull.add("s")
    assert verletzungen(intervalle(wissen)) == {}


def test_verbund_mit_fest_geheimer_und_bekannter_zelle() -> None:
    """Was früher geheim war, bleibt geheim; was schon veröffentlicht ist, kann nichts schützen."""
    werte = {"T": 30, "a": 5, "b": 10, "c": 15}
    g = [("T", ["a", "b", "c"])]
    v = Verbund(werte=werte, gleichungen=g, geheim_fest=frozenset({"a"}), bekannt=frozenset({"b"}))
    schutz = schuetze(v)
    assert schutz.geheim == {"a", "c"} and not schutz.rueckfall
    wissen = gleichungswissen(v.veroeffentlicht(schutz.geheim), g)
    assert verletzungen(intervalle(wissen)) == {}

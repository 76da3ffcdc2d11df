"""Geheimhaltung an Hand gebauten Tabellen mit bekannter Antwort, geprüft mit dem Angreifer."""

from __future__ import annotations

import itertools
import math

import pytest

from integrationsmonitor.protect import (
    Hierarchie,
    Schluessel,
    Sperrung,
    Tabelle,
    anwenden,
    intervall,
    ist_geschuetzt,
    primaer,
    schuetzen,
    schutzgrenzen,
)

AB = Hierarchie.flach("_T", ["a", "b"])
GESCHLECHT = Hierarchie.flach("_T", ["m", "w"])
# Gemeinde → Amt → Kreis
REGION = Hierarchie(
    {"K": None, "A1": "K", "A2": "K", "G1": "A1", "G2": "A1", "G3": "A1", "G4": "A2", "G5": "A2"}
)


def angriff_haelt(t: Tabelle, s: Sperrung) -> None:
    """Jede primäre Zelle nach der Schutzregel geschützt, keine sekundäre exakt bestimmbar."""
    for z in s.primaer:
        lo, hi = intervall(t, s.geheim, z)
        unten, oben = schutzgrenzen(t.werte[z], s.schutzbereich)
        assert lo <= unten + 1e-6 and hi >= oben - 1e-6, (z, t.werte[z], lo, hi)
    for z in s.sekundaer:
        assert ist_geschuetzt(t, s.geheim, z, primaer=False), z


def test_2x2_mit_einer_kleinen_zelle_sperrt_ein_rechteck() -> None:
    t = Tabelle.aus_blattwerten(
        ["x", "y"], [AB, AB], {("a", "a"): 1, ("a", "b"): 5, ("b", "a"): 7, ("b", "b"): 9}
    )
    s = schuetzen(t)
    assert s.primaer == {("a", "a")}
    assert s.sekundaer == {("a", "b"), ("b", "a"), ("b", "b")}
    assert (s.anzahl_primaer, s.anzahl_sekundaer) == (1, 3)
    angriff_haelt(t, s)
    lo, hi = intervall(t, s.geheim, ("a", "a"))
    assert (lo, hi) == pytest.approx((0, 6))  # min(b,b)-Zelle = 9 nach unten, min(5, 7) nach oben
    veroeffentlicht = anwenden(t, s)
    assert veroeffentlicht[("a", "a")] is None
    assert veroeffentlicht[("_T", "_T")] == 22
    assert veroeffentlicht[("a", "_T")] == 6  # alle Randsummen bleiben veröffentlicht


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
    angriff_haelt(t, s)
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
    assert s.primaer == {("G1", "m"), ("G3", "m"), ("A1", "m")}  # A1/m = 2 ist selbst klein
    assert ("G2", "m") not in s.geheim  # 0 ist nicht geheim
    angriff_haelt(t, s)
    assert ("K", "_T") not in s.geheim


def test_null_ist_nicht_geheim_und_ohne_kleine_zahl_wird_nichts_gesperrt() -> None:
    t = Tabelle.aus_blattwerten(
        ["x", "y"], [AB, AB], {("a", "a"): 0, ("a", "b"): 5, ("b", "a"): 7, ("b", "b"): 0}
    )
    s = schuetzen(t)
    assert s.geheim == frozenset()
    assert anwenden(t, s) == dict(t.werte)


def test_schwelle_ist_einstellbar() -> None:
    t = Tabelle.aus_blattwerten(["g"], [GESCHLECHT], {("m",): 3, ("w",): 10})
    assert primaer(t) == frozenset()
    assert primaer(t, schwelle=3) == {("m",)}
    s = schuetzen(t, schwelle=3)
    # eindimensional: der einzige Partner ist die andere Zelle
    assert s.sekundaer == {("w",)}
    angriff_haelt(t, s)


def test_groesserer_schutzbereich_verlangt_mehr_spielraum() -> None:
    werte: dict[Schluessel, int] = {("a", "a"): 1, ("a", "b"): 1, ("b", "a"): 7, ("b", "b"): 9}
    t = Tabelle.aus_blattwerten(["x", "y"], [AB, AB], werte)
    s1 = schuetzen(t, schutzbereich=1)
    angriff_haelt(t, s1)
    s3 = schuetzen(t, schutzbereich=3)
    angriff_haelt(t, s3)
    lo, hi = intervall(t, s3.geheim, ("a", "a"))
    assert lo <= 0 + 1e-6 and hi >= 4 - 1e-6


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
    angriff_haelt(t, s)


def test_wuerfel_2x2x2_braucht_acht_ecken() -> None:
    werte: dict[Schluessel, int] = {z: 5 + i for i, z in enumerate(itertools.product("ab", "ab", "ab"))}
    werte[("a", "a", "a")] = 1
    t = Tabelle.aus_blattwerten(["x", "y", "z"], [AB, AB, AB], werte)
    s = schuetzen(t)
    assert s.anzahl_primaer == 1
    assert s.sekundaer == set(itertools.product("ab", "ab", "ab")) - {("a", "a", "a")}
    angriff_haelt(t, s)


def test_angreifer_sieht_veroeffentlichte_zellen_exakt_und_ohne_schranke_unendlich() -> None:
    t = Tabelle.aus_blattwerten(["g"], [GESCHLECHT], {("m",): 1, ("w",): 4})
    assert intervall(t, frozenset(), ("w",)) == (4.0, 4.0)
    alles = frozenset(t.werte)
    lo, hi = intervall(t, alles, ("m",))
    assert lo == 0 and math.isinf(hi)
    assert intervall(t, {("m",), ("w",)}, ("m",)) == pytest.approx((0, 5))

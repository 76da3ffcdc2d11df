"""Der unabhängige Angreifer der Tests selbst: findet er, was er finden muss, und nimmt er nichts Falsches an?"""

from __future__ import annotations

import math

import pytest

from integrationsmonitor.catalog.loader import katalog
from integrationsmonitor.catalog.model import Tabellenangabe
from integrationsmonitor.protect import Hierarchie, Tabelle

from .angreifer import (
    Widerspruch,
    gleichungswissen,
    intervalle,
    katalogwissen,
    tabellenwissen,
    unerfuellt,
    vereinige,
    verletzungen,
)

ZEILE = [("T", ["x", "y", "z"])]
GESCHLECHT = [Tabellenangabe(("geschlecht",), nullen_oeffentlich=True)]


def test_zwei_geheime_zellen_mit_der_summe_1_sind_verletzt() -> None:
    """Die Zeile [0, 1, 9] mit veröffentlichter Summe: 0 und 1 allein geheim ergeben zusammen 1."""
    w = gleichungswissen({"T": 10, "x": None, "y": None, "z": 9}, ZEILE)
    iv = intervalle(w, exakt=True)
    assert iv == {"x": (0, 1), "y": (0, 1)}
    assert verletzungen(iv) == iv
    # mit der 9 geheim ist jede der drei Zellen 0 bis 10
    w = gleichungswissen({"T": 10, "x": None, "y": None, "z": None}, ZEILE)
    assert intervalle(w, exakt=True) == dict.fromkeys("xyz", (0, 10))
    assert verletzungen(intervalle(w)) == {}


def test_zwei_geheime_zellen_mit_der_summe_4_sind_geschuetzt_mit_der_summe_2_nicht() -> None:
    assert verletzungen(intervalle(gleichungswissen({"T": 13, "x": None, "y": None, "z": 9}, ZEILE))) == {}
    iv = intervalle(gleichungswissen({"T": 11, "x": None, "y": None, "z": 9}, ZEILE), exakt=True)
    assert verletzungen(iv) == {"x": (0, 2), "y": (0, 2)}  # o − u = 2, aber o < 3: „klein“ bewiesen


def test_ohne_gleichung_ist_eine_geheime_zelle_nach_oben_offen() -> None:
    iv = intervalle(gleichungswissen({"a": None, "b": 4}, []), exakt=True)
    assert iv["a"][0] == 0 and math.isinf(iv["a"][1])
    assert verletzungen(iv) == {}


def test_ganzzahlig_enger_als_linear() -> None:
    """2a + 2b = 2 hat linear a ∈ [0, 1], ganzzahlig ebenso; 2a = 3 − 2b hat gar keine ganzzahlige Lösung."""
    w = gleichungswissen({"a": None, "b": None}, [])
    w.bedingung({"a": 2, "b": 2}, 2, 2)
    assert intervalle(w, exakt=True) == {"a": (0, 1), "b": (0, 1)}
    w = gleichungswissen({"a": None, "b": None}, [])
    w.bedingung({"a": 2, "b": 2}, 3, 3)
    with pytest.raises(Widerspruch):
        intervalle(w)


def test_veroeffentlichte_summe_die_nicht_aufgeht_ist_ein_widerspruch() -> None:
    with pytest.raises(Widerspruch):
        intervalle(gleichungswissen({"T": 10, "x": 3, "y": 3, "z": 3}, ZEILE))


def test_rechteck_in_einer_tabelle_mit_randsummen() -> None:
    ab = Hierarchie.flach("_T", ["a", "b"])
    t = Tabelle.aus_blattwerten(
        ["x", "y"], [ab, ab], {("a", "a"): 1, ("a", "b"): 5, ("b", "a"): 7, ("b", "b"): 9}
    )
    geheim = {("a", "a"), ("a", "b"), ("b", "a"), ("b", "b")}
    veroeffentlicht = {z: (None if z in geheim else w) for z, w in t.werte.items()}
    iv = intervalle(tabellenwissen(t, veroeffentlicht), exakt=True)
    assert iv[("a", "a")] == (0, 6) and iv[("b", "b")] == (8, 14)
    nur_eine = {z: (None if z == ("a", "a") else w) for z, w in t.werte.items()}
    assert verletzungen(intervalle(tabellenwissen(t, nur_eine))) == {("a", "a"): (1, 1)}
    # kleine Zahlen, die veröffentlicht sind, meldet das Wissen; 0 eingeschlossen
    assert tabellenwissen(t, dict(t.werte)).klein == {("a", "a")}


def test_verknuepfung_zwischen_zwei_staenden() -> None:
    """Jahr = Summe der Monate: zwei geheime Monate mit bekanntem Jahr grenzen sich gegenseitig ein."""
    monate = gleichungswissen({("m", 1): 40, ("m", 2): None, ("m", 3): None}, [])
    jahr = gleichungswissen({("j",): 42}, [])
    w = vereinige(monate, jahr, gleichungen=[(("j",), [("m", 1), ("m", 2), ("m", 3)])])
    assert verletzungen(intervalle(w)) == {("m", 2): (0, 2), ("m", 3): (0, 2)}


def test_nullregel_wo_nullen_oeffentlich_sind() -> None:
    """Geschlecht mit öffentlichen Nullen: bei 13 Personen (≥ Schwelle + 3 Teile) sind die geheimen ≥ 1,
    zwei geheime mit zusammen 3 also je 1 oder 2 – verletzt; bei 4 Personen sind Nullen geheim wie überall."""
    k = katalog()
    kreis = k.kreis.code

    def wissen(werte: dict[str, int | None]) -> dict[object, tuple[int, float]]:
        veroeffentlicht = {(kreis, "_T", g): w for g, w in werte.items()}
        w = katalogwissen(k, "einbuergerungen", "2024", {"v": veroeffentlicht}, tabellen=GESCHLECHT)
        return {z[3]: uo for z, uo in intervalle(w, exakt=True).items()}

    assert wissen({"_T": 13, "m": 10, "w": None, "d": None}) == {"w": (1, 2), "d": (1, 2)}
    assert wissen({"_T": 14, "m": 10, "w": None, "d": None}) == {"w": (1, 3), "d": (1, 3)}
    assert wissen({"_T": 4, "m": None, "w": None, "d": None}) == dict.fromkeys("mwd", (0, 4))
    # eine veröffentlichte 0 ist dort erlaubt, eine 1 nicht
    veroeffentlicht = {(kreis, "_T", g): w for g, w in {"_T": 20, "m": 19, "w": 1, "d": 0}.items()}
    w = katalogwissen(k, "einbuergerungen", "2024", {"v": veroeffentlicht}, tabellen=GESCHLECHT)
    assert w.klein == {("v", kreis, "_T", "w")}


def test_veroeffentlichte_null_unter_geheimer_summe_beweist_eine_grosse_summe() -> None:
    """Eine 0 ist dort nur veröffentlicht, wenn die Summe mindestens Schwelle + 3 Teile hat: die übrigen
    geheimen Zellen sind dann ≥ 1 – auch wenn die Summe selbst geheim ist."""
    k = katalog()
    kreis = k.kreis.code
    veroeffentlicht = {(kreis, "_T", g): w for g, w in {"_T": None, "m": None, "w": None, "d": 0}.items()}
    w = katalogwissen(k, "einbuergerungen", "2024", {"v": veroeffentlicht}, tabellen=GESCHLECHT)
    iv = intervalle(w, exakt=True)
    assert iv[("v", kreis, "_T", "_T")][0] == 5
    assert iv[("v", kreis, "_T", "m")][0] == 1 and iv[("v", kreis, "_T", "w")][0] == 1


def test_veroeffentlichte_null_unter_kleiner_summe_ist_ein_widerspruch() -> None:
    k = katalog()
    veroeffentlicht = {(k.kreis.code, "_T", g): w for g, w in {"_T": 4, "m": None, "w": None, "d": 0}.items()}
    with pytest.raises(Widerspruch, match="kleinen Summe"):
        katalogwissen(k, "einbuergerungen", "2024", {"v": veroeffentlicht}, tabellen=GESCHLECHT)


def test_fassungen_mit_genau_einer_hinzugekommenen_person() -> None:
    """Fassung 1 zeigt 10 Männer, 10 Frauen, 0 divers; Fassung 2 hält Frauen und divers geheim, 21 gesamt.
    Ohne Wissen über die Berichtigung sind Frauen 1 bis 10. Wer weiß, dass genau eine Person dazukam, weiß:
    Frauen 10 oder 11, divers 0 oder 1 – und weil divers geheim ist, wo Nullen öffentlich sind, ist es die
    erste Person „divers“ (die Grenze in docs/geheimhaltung.md, Abschnitt 4)."""
    k = katalog()
    kreis = k.kreis.code

    def fassung(werte: dict[str, int | None]) -> dict[tuple[str, ...], int | None]:
        return {(kreis, "_T", g): w for g, w in werte.items()}

    f1 = fassung({"_T": 20, "m": 10, "w": 10, "d": 0})
    f2 = fassung({"_T": 21, "m": 10, "w": None, "d": None})
    ohne = katalogwissen(k, "einbuergerungen", "2024", {1: f1, 2: f2}, tabellen=GESCHLECHT)
    assert intervalle(ohne, exakt=True)[(2, kreis, "_T", "w")] == (1, 10)
    mit = katalogwissen(k, "einbuergerungen", "2024", {1: f1, 2: f2}, tabellen=GESCHLECHT, hinzu=1)
    iv = intervalle(mit, exakt=True)
    assert iv[(2, kreis, "_T", "w")] == (10, 10) and iv[(2, kreis, "_T", "d")] == (1, 1)
    assert set(verletzungen(iv)) == {(2, kreis, "_T", "w"), (2, kreis, "_T", "d")}
    wahr = {
        (n, *s): w
        for n, f in ((1, f1), (2, fassung({"_T": 21, "m": 10, "w": 10, "d": 1})))
        for s, w in f.items()
    }
    assert unerfuellt(mit, wahr) == []  # der Angreifer nimmt nichts an, was nicht stimmt
    wahr[(2, kreis, "_T", "m")] = 9
    assert unerfuellt(mit, wahr)


def test_strukturnullen_kommen_aus_den_regeln() -> None:
    """Gruppe „eu“ nur mit EU-Staaten; Deutsche (000) sind in keiner Gruppe: beide sind bekannte Nullen."""
    from .angreifer import tabellenbau

    k = katalog()
    ds = k.datensaetze["auslaender_bestand"]
    bau = tabellenbau(k, ds, "2024")
    kreis = k.kreis.code
    assert (kreis, "eu", "kontinent:aussereuropa", "_T", "_T") in bau.strukturnull
    assert (kreis, "_T", "000", "_T", "_T") in bau.strukturnull
    assert (kreis, "drittstaat", "kontinent:europa", "_T", "_T") not in bau.strukturnull
    assert (kreis, "eu", "_T", "_T", "_T") not in bau.strukturnull
    # jede Zelle der Geschlechtstabellen steht nur in Tabellen mit öffentlichen Nullen, außer den Summen
    assert (kreis, "_T", "_T", "d", "_T") in bau.nullen_offen
    assert (kreis, "_T", "_T", "_T", "_T") not in bau.nullen_offen
    assert (kreis, "_T", "_T", "_T", "65_") not in bau.nullen_offen


@pytest.mark.parametrize(
    "datensatz",
    sorted(
        d.id
        for d in katalog().datensaetze.values()
        if d.geschuetzt and d.summierbar and d.veroeffentlichung is not None and d.veroeffentlichung.tabellen
    ),
)
def test_der_angreifer_leitet_dieselben_tabellen_ab_wie_tabellensatz(datensatz: str) -> None:
    """Gegenprobe: Zellen, Gleichungen und Nullregel, die der Angreifer selbst aus dem Katalog liest, sind die
    der Produktion (sonst wüsste einer von beiden zu wenig). Strukturnullen kennt der Angreifer mindestens
    so viele: eine Regel schließt auch Summen über Merkmale aus, die die Tabelle nicht zeigt (Deutsche)."""
    from integrationsmonitor.protect.tabellensatz import baue

    from .angreifer import tabellenbau

    k = katalog()
    ds = k.datensaetze[datensatz]
    assert ds.veroeffentlichung is not None
    zeitraum = "2024-03" if ds.zeitraum == "monat" else "2024"
    ts = baue(k, ds, zeitraum, ds.veroeffentlichung.tabellen)
    bau = tabellenbau(k, ds, zeitraum)
    assert set(bau.zellen) == set(ts.zellen)
    assert {(s, frozenset(t)) for s, t in bau.gleichungen} == {(s, frozenset(t)) for s, t in ts.gleichungen}
    assert bau.strukturnull >= ts.strukturnull
    assert bau.nullen_offen == set(ts.untergrenze)
    assert set(map(frozenset, bau.blaetter)) == set(map(frozenset, ts.blaetter))

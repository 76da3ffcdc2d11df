"""Die Typen: Hierarchien, vollständige Tabellen mit Randsummen, Gleichungen."""

from __future__ import annotations

import pytest

from integrationsmonitor.protect import Hierarchie, Tabelle, als_verbund
from integrationsmonitor.protect.verbund import GESAMTSUMME_KOSTEN

GESCHLECHT = Hierarchie.flach("_T", ["m", "w"])
REGION = Hierarchie({"K": None, "A1": "K", "A2": "K", "G1": "A1", "G2": "A1", "G3": "A2"})


def test_hierarchie_kennt_wurzel_kinder_blaetter_und_tiefe() -> None:
    assert REGION.wurzel == "K"
    assert REGION.kinder["A1"] == ("G1", "G2")
    assert REGION.blaetter == ("G1", "G2", "G3")
    assert [REGION.tiefe(c) for c in ("K", "A2", "G3")] == [0, 1, 2]


@pytest.mark.parametrize(
    ("eltern", "meldung"),
    [
        ({"a": None, "b": None}, "genau eine Wurzel"),
        ({"_T": None, "a": "x"}, "fehlt"),
        ({"_T": None, "a": "b", "b": "a"}, "Kreis"),
    ],
)
def test_kaputte_hierarchie_wird_abgelehnt(eltern: dict[str, str | None], meldung: str) -> None:
    with pytest.raises(ValueError, match=meldung):
        Hierarchie(eltern)


def test_aus_blattwerten_bildet_jede_randsumme() -> None:
    t = Tabelle.aus_blattwerten(
        ["region", "geschlecht"],
        [REGION, GESCHLECHT],
        {("G1", "m"): 1, ("G1", "w"): 2, ("G2", "m"): 3, ("G3", "w"): 4},
    )
    assert len(t.werte) == 6 * 3
    assert t.werte[("A1", "_T")] == 6
    assert t.werte[("K", "w")] == 6
    assert t.werte[("K", "_T")] == 10
    assert t.werte[("G3", "m")] == 0
    # Region: 2 Eltern (K, A1, A2 → 3) × 3 Geschlechtscodes; Geschlecht: 1 Elter × 6 Regionen
    assert len(t.gleichungen) == 3 * 3 + 6
    assert t.ist_gesamtsumme(("K", "_T"))
    assert t.summenkoordinaten(("A1", "m")) == 1


def test_unvollstaendige_oder_nicht_additive_tabelle_wird_abgelehnt() -> None:
    t = Tabelle.aus_blattwerten(["g"], [GESCHLECHT], {("m",): 2, ("w",): 3})
    werte = dict(t.werte)
    with pytest.raises(ValueError, match="nicht die Summe"):
        Tabelle(("g",), (GESCHLECHT,), {**werte, ("_T",): 6})
    with pytest.raises(ValueError, match="jede Kombination"):
        Tabelle(("g",), (GESCHLECHT,), {("m",): 2, ("_T",): 2})
    with pytest.raises(ValueError, match="nicht negative ganze Zahl"):
        Tabelle(("g",), (GESCHLECHT,), {("m",): -1, ("w",): 1, ("_T",): 0})
    with pytest.raises(ValueError, match="nicht negative ganze Zahl"):
        Tabelle(("g",), (GESCHLECHT,), {("m",): True, ("w",): 0, ("_T",): 1})
    with pytest.raises(ValueError, match="feinsten Ebene"):
        Tabelle.aus_blattwerten(["g"], [GESCHLECHT], {("_T",): 1})


def test_als_verbund_hat_jede_gleichung_und_eine_teure_gesamtsumme() -> None:
    t = Tabelle.aus_blattwerten(
        ["region", "geschlecht"], [REGION, GESCHLECHT], {("G1", "m"): 1, ("G2", "w"): 3, ("G3", "w"): 4}
    )
    v = als_verbund(t)
    assert dict(v.werte) == dict(t.werte)
    assert {(s, tuple(teile)) for s, teile in v.gleichungen} == {(g.summe, g.teile) for g in t.gleichungen}
    assert v.schwelle == 2 and v.preis(("K", "_T")) == GESAMTSUMME_KOSTEN
    assert v.preis(("G1", "m")) < v.preis(("A1", "m")) < v.preis(("A1", "_T"))  # Summen sind teurer
    # primär geheim: 0 bis Schwelle, 0 eingeschlossen (Nullregel)
    assert v.primaer == {z for z, w in t.werte.items() if w <= 2}
    assert ("G3", "m") in v.primaer

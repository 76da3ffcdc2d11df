"""Targets (Zielwerte) in the catalogue: accepted with their source, refused with a German message that names
the file and the indicator."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from integrationsmonitor.catalog.errors import KatalogFehler
from integrationsmonitor.catalog.loader import LDS_DIR, lade_katalog
from integrationsmonitor.catalog.model import Ziel

QUELLE = "Integrationskonzept LDS 2020, Kap. 3"


def _mit(tmp_path: Path, aendern) -> Path:
    ziel = tmp_path / "katalog"
    shutil.copytree(LDS_DIR, ziel)
    pfad = ziel / "indikatoren.yaml"
    daten = yaml.safe_load(pfad.read_text(encoding="utf-8"))
    aendern({i["id"]: i for i in daten})
    pfad.write_text(yaml.safe_dump(daten, allow_unicode=True), encoding="utf-8")
    return ziel


def _setze(indikator: str, ziele: object):
    return lambda d: d[indikator].update(ziele=ziele)


def test_lds_ziele_sind_als_beispiel_gekennzeichnet() -> None:
    k = lade_katalog()
    mit_zielen = {i.id: i for i in k.indikatoren.values() if i.ziele}
    assert len(mit_zielen) >= 4
    quote = mit_zielen["einbuergerungsquote"]
    assert [(z.jahr, z.wert, z.gebiet) for z in quote.ziele] == [(2024, 1.5, "12061"), (2026, 2.0, "12061")]
    for ind in mit_zielen.values():
        assert ind.richtung != "neutral"
        for z in ind.ziele:
            # the report states no target value, so every shipped target says it is an example
            assert z.quelle.startswith("Beispielziel (Demo)"), (ind.id, z.quelle)
    assert mit_zielen["sgb2_quote_auslaender"].richtung == "niedriger_besser"


def test_ziele_werden_geladen_sortiert_und_gebiet_ist_standardmaessig_der_kreis(tmp_path: Path) -> None:
    ziele = [
        {"jahr": 2026, "wert": 70, "quelle": QUELLE},
        {"jahr": 2025, "wert": 67.5, "quelle": QUELLE},
        {"jahr": 2026, "wert": 50.0, "quelle": QUELLE, "gebiet": 12061260},  # YAML reads an AGS as a number
    ]
    k = lade_katalog(_mit(tmp_path, _setze("dezentrale_unterbringung", ziele)))
    ind = k.indikatoren["dezentrale_unterbringung"]
    assert ind.ziele == (
        Ziel(2025, 67.5, QUELLE, "12061"),
        Ziel(2026, 70.0, QUELLE, "12061"),
        Ziel(2026, 50.0, QUELLE, "12061260"),
    )
    assert isinstance(ind.ziele[1].wert, float)
    assert [z.jahr for z in ind.ziele_fuer("12061")] == [2025, 2026]
    assert ind.ziele_fuer("12061260") == (Ziel(2026, 50.0, QUELLE, "12061260"),)
    assert ind.ziele_fuer("12061020") == ()


WO = "indikatoren.yaml: Indikator"


@pytest.mark.parametrize(
    ("aendern", "meldung"),
    [
        (
            _setze("sprachkurse", [{"jahr": 2026, "wert": 50, "quelle": QUELLE, "farbe": "rot"}]),
            f"{WO} sprachkurse, Ziel 2026: unbekannter Schlüssel „farbe“ (erlaubt: jahr, wert, quelle, gebiet)",
        ),
        (
            _setze(
                "sprachkurse",
                [{"jahr": 2026, "wert": 50, "quelle": QUELLE}, {"jahr": 2026, "wert": 55, "quelle": QUELLE}],
            ),
            f"{WO} sprachkurse, Ziel 2026: das Jahr 2026 hat mehr als einen Zielwert für Gebiet 12061",
        ),
        (
            _setze("einbuergerungsquote", [{"jahr": 2026, "wert": "2,0", "quelle": QUELLE}]),
            f"{WO} einbuergerungsquote, Ziel 2026: der Zielwert „2,0“ ist keine Zahl",
        ),
        (
            _setze("einbuergerungsquote", [{"jahr": 2026, "wert": True, "quelle": QUELLE}]),
            f"{WO} einbuergerungsquote, Ziel 2026: der Zielwert „True“ ist keine Zahl",
        ),
        (
            _setze("einbuergerungsquote", [{"jahr": 2026, "quelle": QUELLE}]),
            f"{WO} einbuergerungsquote, Ziel 2026: der Zielwert (wert) fehlt",
        ),
        (
            _setze("einbuergerungsquote", [{"jahr": 2026, "wert": float("nan"), "quelle": QUELLE}]),
            f"{WO} einbuergerungsquote, Ziel 2026: der Zielwert muss eine endliche Zahl sein",
        ),
        (
            _setze("ehrenamtliche", [{"jahr": 2026, "wert": 170}]),
            f"{WO} ehrenamtliche, Ziel 2026: die Quelle (quelle) fehlt",
        ),
        (
            _setze("ehrenamtliche", [{"jahr": 2026, "wert": 170, "quelle": "  "}]),
            f"{WO} ehrenamtliche, Ziel 2026: die Quelle (quelle) fehlt",
        ),
        (
            _setze("ehrenamtliche", [{"wert": 170, "quelle": QUELLE}]),
            f"{WO} ehrenamtliche, Ziel Nr. 1: das Jahr (jahr) fehlt",
        ),
        (
            _setze("ehrenamtliche", [{"jahr": "2026", "wert": 170, "quelle": QUELLE}]),
            f"{WO} ehrenamtliche, Ziel Nr. 1: „2026“ ist keine Jahreszahl",
        ),
        (
            _setze("ehrenamtliche", [{"jahr": 2226, "wert": 170, "quelle": QUELLE}]),
            f"{WO} ehrenamtliche, Ziel Nr. 1: das Jahr 2226 liegt außerhalb von 1950–2100",
        ),
        (
            _setze("ehrenamtliche", {"jahr": 2026, "wert": 170, "quelle": QUELLE}),
            f"{WO} ehrenamtliche: „ziele“ muss eine Liste von Zielwerten sein",
        ),
        (
            _setze("ehrenamtliche", ["2026: 170"]),
            f"{WO} ehrenamtliche, Ziel Nr. 1: erwartet ist ein Eintrag mit jahr, wert und quelle",
        ),
        (
            _setze("auslaenderanteil", [{"jahr": 2026, "wert": 9.0, "quelle": QUELLE}]),
            f"{WO} auslaenderanteil: Zielwerte brauchen eine Richtung (richtung: hoeher_besser oder "
            "niedriger_besser); der Indikator ist neutral",
        ),
        (
            _setze("vermittlungen", [{"jahr": 2026, "wert": 100, "quelle": QUELLE}]),
            f"{WO} vermittlungen: Zielwerte gelten für den Wert insgesamt; der Indikator wird nur aufgeschlüsselt gezeigt",
        ),
        (
            _setze(
                "dezentrale_unterbringung", [{"jahr": 2026, "wert": 60, "quelle": QUELLE, "gebiet": "99999"}]
            ),
            f"{WO} dezentrale_unterbringung, Ziel 2026: unbekanntes Gebiet 99999",
        ),
        (
            _setze(
                "einbuergerungsquote", [{"jahr": 2026, "wert": 2, "quelle": QUELLE, "gebiet": "12061260"}]
            ),
            f"{WO} einbuergerungsquote, Ziel 2026: für Königs Wusterhausen, Stadt gibt es keine Werte "
            "(Ebene gemeinde; geliefert wird: kreis)",
        ),
        (
            _setze("dezentrale_unterbringung", [{"jahr": 2026, "wert": 101, "quelle": QUELLE}]),
            f"{WO} dezentrale_unterbringung, Ziel 2026: der Zielwert 101 liegt über 100 (prozent)",
        ),
        (
            _setze("sprachkurse", [{"jahr": 2026, "wert": -5, "quelle": QUELLE}]),
            f"{WO} sprachkurse, Ziel 2026: der Zielwert -5 ist negativ",
        ),
    ],
)
def test_fehlerhafte_ziele_werden_mit_meldung_abgelehnt(tmp_path: Path, aendern, meldung: str) -> None:
    verzeichnis = _mit(tmp_path, aendern)
    with pytest.raises(KatalogFehler) as info:
        lade_katalog(verzeichnis)
    treffer = [f for f in info.value.fehler if meldung in f]
    assert treffer, info.value.fehler
    assert treffer[0].startswith(str(verzeichnis / "indikatoren.yaml") + ": Indikator ")


def test_alle_fehler_der_ziele_auf_einmal(tmp_path: Path) -> None:
    def aendern(d):
        d["sprachkurse"]["ziele"] = [{"jahr": 2026, "wert": "viele", "quelle": QUELLE}]
        d["ehrenamtliche"]["ziele"] = [{"jahr": 2026, "wert": 170}]
        d["bevoelkerung"]["ziele"] = [{"jahr": 2026, "wert": 190000, "quelle": QUELLE}]

    with pytest.raises(KatalogFehler) as info:
        lade_katalog(_mit(tmp_path, aendern))
    text = str(info.value)
    assert "Indikator sprachkurse, Ziel 2026: der Zielwert „viele“ ist keine Zahl" in text
    assert "Indikator ehrenamtliche, Ziel 2026: die Quelle (quelle) fehlt" in text
    assert "Indikator bevoelkerung: Zielwerte brauchen eine Richtung" in text
    assert len(info.value.fehler) == 3

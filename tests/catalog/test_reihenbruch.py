"""Breaks of a series (`reihenbruch` of a dataset): loaded, checked, inherited by the indicators."""

from __future__ import annotations

import pytest

from integrationsmonitor.catalog.errors import KatalogFehler
from integrationsmonitor.catalog.loader import _reihenbrueche, lade_katalog
from integrationsmonitor.catalog.model import Reihenbruch


def test_zensus_2022_bruch_der_amtlichen_bevoelkerung_wird_geerbt() -> None:
    k = lade_katalog()
    zensus = Reihenbruch("2023", "Zensus 2022")
    assert k.datensaetze["bevoelkerung_amtlich"].reihenbrueche == (zensus,)
    assert k.reihenbrueche(k.indikatoren["bevoelkerung_amtlich"]) == (zensus,)  # numerator
    assert k.reihenbrueche(k.indikatoren["auslaenderanteil_amtlich"]) == (zensus,)  # denominator
    assert k.reihenbrueche(k.indikatoren["auslaenderanteil"]) == ()  # Melderegister: no break


def test_reihenbruch_als_eintrag_oder_liste() -> None:
    raw = {"id": "q", "zeitraum": "quartal", "reihenbruch": [{"ab": "2024Q1", "text": " Neu "}]}
    assert _reihenbrueche(raw) == (Reihenbruch("2024-Q1", "Neu"),)
    assert _reihenbrueche({"id": "j", "reihenbruch": {"ab": 2023, "text": "Zensus 2022"}}) == (
        Reihenbruch("2023", "Zensus 2022"),
    )
    assert _reihenbrueche({"id": "ohne"}) == ()


@pytest.mark.parametrize(
    ("eintrag", "meldung"),
    [
        ({"ab": 2023}, "erwartet {ab: <erster Zeitraum der neuen Basis>, text: ...}"),
        ("2023", "erwartet"),
        ({"ab": "2023-13", "text": "x"}, "kein gültiger Zeitraum vom Typ jahr"),
    ],
)
def test_fehlerhafter_reihenbruch_nennt_datensatz(eintrag: object, meldung: str) -> None:
    with pytest.raises(KatalogFehler) as fehler:
        _reihenbrueche({"id": "bevoelkerung_amtlich", "reihenbruch": eintrag})
    text = str(fehler.value)
    assert "Datensatz bevoelkerung_amtlich: reihenbruch" in text and meldung in text

"""Monthly counts in the quarterly FactSheet: the sum of the quarter's three months, or nothing."""

from __future__ import annotations

import pytest

from integrationsmonitor.publish import formatting as fmt
from integrationsmonitor.publish.factsheet import baue_factsheet
from integrationsmonitor.store.ingest import liefere
from integrationsmonitor.store.selectors import DbQuelle

pytestmark = pytest.mark.django_db

KOPF = "gebiet;zeitraum;beratungsstelle;kontaktart;wert;kennzeichen"


def _monat(katalog, monat: str, gesamt: int | None) -> None:
    zeile = f"12061;{monat};_T;_T;{'' if gesamt is None else gesamt};{'g' if gesamt is None else ''}"
    e = liefere(katalog=katalog, daten=f"{KOPF}\n{zeile}\n".encode(), datei_name=f"b_{monat}.csv",
                datensatz="beratungskontakte", zeitraum=monat, benutzer="test")  # fmt: skip
    assert e.angenommen, e.probleme


def _karte(katalog, quartal: str):
    q = DbQuelle(katalog)
    karten = {k.id: k for k in baue_factsheet(katalog, q, quartal, q.eingang).kennzahlen}
    return karten.get("beratungskontakte")


def test_the_quarter_shows_the_sum_of_its_months_and_the_change(katalog):
    for monat, n in [("2024-07", 40), ("2024-08", 35), ("2024-09", 50), ("2024-10", 60), ("2024-11", 45),
                     ("2024-12", 41)]:  # fmt: skip
        _monat(katalog, monat, n)
    karte = _karte(katalog, "2024-Q4")
    assert karte is not None
    assert (karte.titel, karte.wert, karte.periode) == (
        "Beratungskontakte der Beratungsstellen im Quartal", "146", "4. Quartal 2024",
    )  # fmt: skip
    assert karte.veraenderung == f"{fmt.veraenderung(146 - 125, 'anzahl')} gegenüber 3. Quartal 2024"
    assert _karte(katalog, "2024-Q3").veraenderung == ""  # no months of the second quarter


def test_a_missing_month_leaves_the_card_out_and_a_secret_month_makes_the_sum_secret(katalog):
    _monat(katalog, "2024-10", 60)
    _monat(katalog, "2024-11", 45)
    assert _karte(katalog, "2024-Q4") is None  # December not delivered: no partial sum
    _monat(katalog, "2024-12", None)
    karte = _karte(katalog, "2024-Q4")
    assert karte is not None and karte.wert == fmt.FEHLT
    assert karte.fussnote.startswith("Dezember 2024:")

"""Offices deliver at different times: cards, charts and the Gemeinde comparison keep the newest period with a
value and say which delivery a newer period is still waiting for (issue 11, "never a blank headline")."""

from __future__ import annotations

import pytest
from django.test import Client

from integrationsmonitor.catalog.model import Katalog
from integrationsmonitor.store.selectors import vergiss_wuerfel

from .conftest import liefern

# The Ausländerbehörde delivers 2025 for the Kreis only; the registers have not delivered 2025 yet.
AUSLAENDER_2025 = """gebiet;zeitraum;gruppe;staatsangehoerigkeit;geschlecht;altersgruppe;wert;kennzeichen
12061;2025;_T;_T;_T;_T;15500;
"""
WARTET = "2025: Bevölkerung laut Einwohnermelderegister (Einwohnermeldeämter) steht noch aus"


@pytest.fixture
def fruehe_lieferung(daten: list, katalog: Katalog) -> None:
    vergiss_wuerfel()
    liefern(katalog, "auslaender_bestand", "2025", "abh_bestand_2025.csv", AUSLAENDER_2025)


def _karte(html: str, indikator: str) -> str:
    karte = html[html.index(f'<a href="/indikatoren/{indikator}/">') :]
    return karte[: karte.index("</li>")]


def test_karte_zeigt_letzten_wert_und_was_aussteht(client: Client, fruehe_lieferung: None) -> None:
    html = client.get("/").content.decode()
    anteil = _karte(html, "auslaenderanteil")
    assert '<p class="kennzahl">8,2 %</p>' in anteil  # 2024: 14933 / 182110
    assert '<p class="karte-zeit">2024</p>' in anteil
    assert "+0,5 Prozentpunkte gegenüber 2023" in anteil
    assert f'<p class="ausstehend">{WARTET}</p>' in anteil
    assert "Kein Wert" not in anteil and '<p class="kennzahl">.</p>' not in anteil
    bestand = _karte(html, "auslaender_gesamt")
    assert '<p class="kennzahl">15.500</p>' in bestand and '<p class="karte-zeit">2025</p>' in bestand
    assert "ausstehend" not in bestand  # delivered: nothing waits


def test_ohne_fruehe_lieferung_kein_hinweis(client: Client, daten: list) -> None:
    assert 'class="ausstehend"' not in client.get("/").content.decode()


def test_indikatorseite_endet_beim_letzten_wert(client: Client, fruehe_lieferung: None) -> None:
    html = client.get("/indikatoren/auslaenderanteil/").content.decode()
    verlauf = html[html.index('id="verlauf"') : html.index('id="gemeinden"')]
    assert f'<p class="ausstehend">{WARTET}</p>' in verlauf
    assert "2025" not in verlauf.replace(WARTET, "")  # neither chart nor table show an empty 2025
    gemeinden = html[html.index('id="gemeinden"') :]
    gemeinden = gemeinden[: gemeinden.index("</section>")]
    assert "Stand: 2024" in gemeinden and "Stand: 2025" not in gemeinden
    assert f'<p class="ausstehend">{WARTET}</p>' in gemeinden
    assert "8.932" in gemeinden  # Bestensee's population 2024 in the table


def test_gemeindevergleich_wartet_auf_gemeindewerte(client: Client, daten: list, katalog: Katalog) -> None:
    """The registers have delivered 2025 as well, the Ausländerbehörde only for the Kreis: the Kreis shows
    2025, the Gemeinden stay at 2024 with the reason."""
    vergiss_wuerfel()
    liefern(katalog, "auslaender_bestand", "2025", "abh_bestand_2025.csv", AUSLAENDER_2025)
    liefern(
        katalog,
        "bevoelkerung_melderegister",
        "2025",
        "melderegister_2025.csv",
        "gebiet;zeitraum;geschlecht;altersgruppe;wert;kennzeichen\n12061;2025;_T;_T;184000;\n"
        "12061020;2025;_T;_T;9000;\n12061112;2025;_T;_T;6500;\n",
    )
    html = client.get("/indikatoren/auslaenderanteil/").content.decode()
    gemeinden = html[html.index('id="gemeinden"') :]
    gemeinden = gemeinden[: gemeinden.index("</section>")]
    assert "Stand: 2024" in gemeinden
    assert '<p class="ausstehend">2025: kein Wert (Zelle nicht geliefert)</p>' in gemeinden
    start = client.get("/").content.decode()
    assert '<p class="kennzahl">8,4 %</p>' in _karte(start, "auslaenderanteil")  # 15500 / 184000


def test_hinweis_auf_englisch(client: Client, fruehe_lieferung: None) -> None:
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/").content.decode()
    assert "2025: still waiting for Bevölkerung laut Einwohnermelderegister (Einwohnermeldeämter)" in _karte(
        html, "auslaenderanteil"
    )

"""The map of an indicator page: SVG choropleth of the Gemeinden and Ämter, legend, attribution, table."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from django.test import Client

from integrationsmonitor.catalog.model import Katalog

from .conftest import AUSLAENDER_2024, liefern

SVG = "{http://www.w3.org/2000/svg}"


def _karten(client: Client, url: str = "/indikatoren/auslaenderanteil/") -> str:
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="karten"' in html
    return html[html.index('id="karten"') : html.index('id="gemeinden"')]


def _svg(abschnitt: str, id_: str) -> ET.Element:
    figur = re.search(rf'<figure class="landkarte" id="{id_}">(.*?)</figure>', abschnitt, re.S)
    assert figur is not None
    svg = re.search(r"<svg .*?</svg>", figur.group(1), re.S)
    assert svg is not None
    return ET.fromstring(svg.group(0))


def _titel(svg: ET.Element) -> dict[str | None, str | None]:
    return {
        p.get("data-code"): p.findtext(f"{SVG}title") for p in svg.iter(f"{SVG}path") if p.get("data-code")
    }


def _legende(abschnitt: str) -> list[tuple[str, str]]:
    return re.findall(
        r'<li><svg.*?</svg> <span lang="de">([^<]+)</span> <span[^>]*>\((\d+)\)</span></li>', abschnitt
    )


def _fuellung(svg: ET.Element) -> dict[str | None, str | None]:
    return {p.get("data-code"): p.get("fill") for p in svg.iter(f"{SVG}path") if p.get("data-code")}


def test_gemeindekarte_mit_titeln_legende_und_namensnennung(client: Client, daten: list) -> None:
    abschnitt = _karten(client)
    svg = _svg(abschnitt, "karte-gemeinden")
    assert svg.get("role") == "img"
    assert svg.get("aria-label", "").startswith(
        "Karte: Ausländeranteil in den Gemeinden, 2024. Höchster Wert: Bestensee (5,6 %),"
        " niedrigster: Eichwalde (4,6 %)."
    )
    titel = _titel(svg)
    assert len(titel) == 37
    assert titel["12061020"] == "Bestensee: 5,6 %"
    assert titel["12061112"] == "Eichwalde: 4,6 %"
    # the other Gemeinden were not delivered: hatched, with the reason
    assert titel["12061005"].startswith("Alt Zauche-Wußwerk/Stara Niwa-Wózwjerch: keine Angabe (")
    assert "style=" not in abschnitt and "<style" not in abschnitt
    legende = _legende(abschnitt)
    assert ("4,6 bis unter 5,6 %", "1") in legende
    assert ("5,6 %", "1") in legende
    assert ("keine Angabe: Zelle nicht geliefert", "35") in legende  # hatched, with the reason
    assert (
        '<a href="https://www.bkg.bund.de" lang="de">© GeoBasis-DE / BKG 2021 (Daten verändert)</a>'
        in abschnitt
    )
    # table alternative: the Gemeinde comparison's table on the same page
    assert '<a class="zur-tabelle" href="#gemeinden-tabelle" lang="de">' in abschnitt


def test_aemterkarte_mit_eigener_tabelle(client: Client, daten: list) -> None:
    abschnitt = _karten(client)
    svg = _svg(abschnitt, "karte-aemter")
    titel = _titel(svg)
    assert len(titel) == 16
    assert titel["120610020"] == "Bestensee: 5,6 %"
    assert '<table class="zahlen" id="aemter-tabelle">' in abschnitt
    assert '<th scope="row">Eichwalde</th>\n        <td>4,6 %</td>' in abschnitt
    assert '<a class="zur-tabelle" href="#aemter-tabelle" lang="de">' in abschnitt
    assert abschnitt.count("© GeoBasis-DE / BKG 2021 (Daten verändert)") == 2


def test_geheime_gemeinde_heisst_geheim(client: Client, daten: list, katalog: Katalog) -> None:
    # Eichwalde with 2 foreigners: at most the threshold of 2, so published as secret
    liefern(
        katalog,
        "auslaender_bestand",
        "2024",
        "abh_bestand_2024_neu.csv",
        AUSLAENDER_2024.replace("12061112;2024;_T;_T;_T;_T;300;", "12061112;2024;_T;_T;_T;_T;2;"),
    )
    abschnitt = _karten(client)
    svg = _svg(abschnitt, "karte-gemeinden")
    titel = _titel(svg)
    assert titel["12061112"] == "Eichwalde: keine Angabe (geheim gehalten)"
    assert _fuellung(svg)["12061112"] == "url(#karte-gemeinden-ohne-wert)"
    assert ("keine Angabe: geheim gehalten", "1") in _legende(abschnitt)
    assert titel["12061020"] == "Bestensee: 5,6 %"
    assert re.search(
        r'<th scope="row">Eichwalde</th>\s*<td><abbr title="geheim gehalten">\.</abbr>', abschnitt
    )


@pytest.mark.parametrize(
    "pfad",
    [
        "/indikatoren/einbuergerungen/",  # delivered for the Kreis only
        "/indikatoren/top_staatsangehoerigkeiten/",  # only meaningful broken down: no map of the total
    ],
)
def test_keine_karte_ohne_gemeindewerte(client: Client, daten: list, pfad: str) -> None:
    response = client.get(pfad)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Gemeinden im Vergleich" in html
    assert 'id="karten"' not in html and "GeoBasis-DE" not in html


def test_neuere_lieferung_nur_fuer_den_kreis_leert_die_karte_nicht(
    client: Client, daten: list, katalog: Katalog
) -> None:
    liefern(
        katalog,
        "auslaender_bestand",
        "2025",
        "abh_bestand_2025.csv",
        "gebiet;zeitraum;gruppe;staatsangehoerigkeit;geschlecht;altersgruppe;wert;kennzeichen\n"
        "12061;2025;_T;_T;_T;_T;15500;\n",
    )
    svg = _svg(_karten(client), "karte-gemeinden")
    assert svg.findtext(f"{SVG}title") == "Ausländeranteil in den Gemeinden, 2024"
    html = client.get("/indikatoren/auslaenderanteil/").content.decode()
    assert "Stand: 2024, ohne Aufschlüsselung." in html  # the comparison below, the map's table: same period
    assert _titel(svg)["12061020"] == "Bestensee: 5,6 %"

"""Start page and indicator list: Handlungsfelder, key figures in German format, accessible skeleton."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from integrationsmonitor.catalog.model import Katalog


def test_startseite_zeigt_handlungsfelder_in_ihrer_ordnung(
    client: Client, daten: list, katalog: Katalog
) -> None:
    html = client.get("/").content.decode()
    rahmendaten = html.index(">Rahmendaten<")
    sprache = html.index(">Sprache<")
    gesundheit = html.index(">Gesundheit<")
    assert rahmendaten < sprache < gesundheit
    assert "Handlungsfeld 1:" in html and "Handlungsfeld 10:" in html


def test_kennzahlen_im_deutschen_format(client: Client, daten: list) -> None:
    html = client.get("/").content.decode()
    assert '<p class="kennzahl">14.933</p>' in html  # Ausländerinnen und Ausländer 2024
    assert '<p class="kennzahl">8,2 %</p>' in html  # 14933 / 182110
    assert '<p class="kennzahl">182.110</p>' in html
    assert "+0,5 Prozentpunkte gegenüber 2023" in html  # 8,2 % against 7,7 %
    assert "+1.033 gegenüber 2023" in html  # 14933 - 13900
    assert "+2.110 gegenüber 2023" in html


def test_kennzahl_ohne_lieferung_zeigt_punkt_und_grund(client: Client, daten: list) -> None:
    html = client.get("/").content.decode()
    karte = html[html.index("/indikatoren/lds_integriert_neukunden/") :]
    karte = karte[: karte.index("</li>")]
    assert '<p class="kennzahl">.</p>' in karte
    assert "noch keine Lieferung" in karte


def test_startseite_ohne_daten(client: Client, db: None) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert "Datenstand: noch keine Lieferungen." in response.content.decode()


def test_grundgeruest_barrierefrei(client: Client, daten: list) -> None:
    html = client.get("/").content.decode()
    assert '<html lang="de">' in html
    assert '<a class="sprunglink" href="#inhalt">' in html and '<main id="inhalt"' in html
    assert html.count("<h1") == 1
    for landmarke in ("<header", "<nav", "<main", "<footer"):
        assert landmarke in html
    assert "cdn" not in html.lower() and "<script" not in html
    assert re.search(r'<link rel="stylesheet" href="/static/web/site\.css">', html)


@pytest.mark.parametrize("url", ["/", "/indikatoren/", "/indikatoren/auslaenderanteil/", "/anmelden/"])
def test_jede_seite_hat_eine_h1_und_lang_de(client: Client, daten: list, url: str) -> None:
    html = client.get(url).content.decode()
    assert html.count("<h1") == 1
    assert '<html lang="de">' in html


def test_indikatorliste_nach_handlungsfeld(client: Client, db: None, katalog: Katalog) -> None:
    html = client.get("/indikatoren/").content.decode()
    for ind in katalog.indikatoren.values():
        assert f'href="/indikatoren/{ind.id}/"' in html
    assert html.index(">Rahmendaten<") < html.index("/indikatoren/bevoelkerung/") < html.index(">Sprache<")


def test_stylesheet_wird_ausgeliefert(client: Client, db: None) -> None:
    response = client.get("/static/web/site.css")
    assert response.status_code == 200
    inhalt = b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
    assert ":focus" in inhalt and "@import" not in inhalt and "http" not in inhalt

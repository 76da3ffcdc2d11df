"""Start page and indicator list: Handlungsfelder, key figures in German format, accessible skeleton."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from django.test import Client
from django.utils import translation

from integrationsmonitor.catalog.model import Katalog, Ziel
from integrationsmonitor.web.kennzahlen import in_worten


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


def _karte(html: str, indikator: str) -> str:
    karte = html[html.index(f'<a href="/indikatoren/{indikator}/">') :]
    return karte[: karte.index("</li>")]


def test_kennzahl_ohne_lieferung_sagt_noch_keine_daten(client: Client, daten: list) -> None:
    karte = _karte(client.get("/").content.decode(), "lds_integriert_neukunden")
    assert '<p class="keine-daten">noch keine Daten</p>' in karte
    assert 'class="kennzahl"' not in karte and "<svg" not in karte  # no bare "." and no empty picture


def test_karte_mit_wert_veraenderung_in_worten_und_sparkline(client: Client, daten: list) -> None:
    karte = _karte(client.get("/").content.decode(), "auslaenderanteil")
    assert '<p class="kennzahl">8,2 %</p>' in karte and '<p class="karte-zeit">2024</p>' in karte
    assert '<span aria-hidden="true">+0,5 Prozentpunkte gegenüber 2023</span>' in karte
    assert '<span class="visuell-versteckt">gestiegen um 0,5 Prozentpunkte gegenüber 2023</span>' in karte
    svg = karte[karte.index("<svg") : karte.index("</svg>")]
    assert 'role="img"' in svg
    assert "Verlauf 2023 bis 2024: von 7,7 % auf 8,2 %." in svg  # first and last value in the aria-label
    assert "Tabelle der Indikatorseite" in svg
    assert re.search(r'<path d="M[\d.]+ [\d.]+L[\d.]+ [\d.]+"', svg)  # two years: one line, two points


def test_karte_zeigt_zielstatus(
    client: Client, daten: list, katalog: Katalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    ind = katalog.indikatoren["einbuergerungen"]
    ziel = Ziel(2024, 300.0, "Integrationskonzept (Test)", katalog.kreis.code)
    monkeypatch.setitem(katalog.indikatoren, "einbuergerungen", replace(ind, ziele=(ziel,)))
    karte = _karte(client.get("/").content.decode(), "einbuergerungen")
    assert '<p class="kennzahl">250</p>' in karte
    assert "Ziel nicht erreicht (Ziel für 2024: 300)" in karte
    assert "Verlauf: nur ein Wert, 2024: 250." in karte  # one year: a dot, said so
    assert 'class="veraenderung"' not in karte  # nothing to compare with


def test_negative_veraenderung_mit_minuszeichen() -> None:
    with translation.override("de"):
        assert in_worten("\u22122,0 Prozentpunkte", "gegenüber 2023") == (
            "gesunken um 2,0 Prozentpunkte gegenüber 2023"
        )
        assert in_worten("±0", "gegenüber 2023") == "unverändert gegenüber 2023"
    with translation.override("en"):
        assert in_worten("+2.110", "gegenüber 2023").startswith("up by 2.110")


def test_handlungsfelder_kompakt_leere_in_einer_zeile(client: Client, daten: list) -> None:
    html = client.get("/").content.decode()
    assert '<div class="felder">' in html
    # every field either lists its indicators or says in one line that it has none (no empty list);
    # which fields are still empty changes as the catalogue grows (issue 14: Bildung has indicators now)
    felder = [abschnitt[: abschnitt.index("</section>")] for abschnitt in html.split('id="hf-')[1:]]
    assert len(felder) == 11
    for feld in felder:
        leer = "Noch keine Indikatoren festgelegt." in feld
        assert leer != ("<ul" in feld), feld[:40]
    bildung = next(f for f in felder if f.startswith('bildung"'))
    assert 'href="/indikatoren/#hf-bildung">Alle 5 Indikatoren in diesem Handlungsfeld</a>' in bildung
    assert 'href="/indikatoren/#hf-kontext">Alle 13 Indikatoren in diesem Handlungsfeld</a>' in html


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

"""Targets on the pages: status with sign and words (never colour alone), the table of targets, the target
line in the chart and the target column in its data table."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from django.test import Client

from integrationsmonitor.catalog.model import Katalog, Ziel
from integrationsmonitor.indicators.model import SeriesRow
from integrationsmonitor.web.tabelle import reihen_tabelle

QUELLE = "Integrationskonzept LDS 2020, Kap. 8"


@pytest.fixture
def mit_zielen(katalog: Katalog, monkeypatch: pytest.MonkeyPatch) -> Katalog:
    """Targets independent of the shipped examples: Einbürgerungsquote 1,5 % (2024) and 2,0 % (2026),
    Einbürgerungen 300 (2024), dezentrale Unterbringung 70 % (2026) for the Kreis."""

    def setze(indikator: str, *ziele: tuple[int, float]) -> None:
        ind = katalog.indikatoren[indikator]
        neu = tuple(Ziel(j, w, QUELLE, katalog.kreis.code) for j, w in ziele)
        monkeypatch.setitem(katalog.indikatoren, indikator, replace(ind, ziele=neu))

    setze("einbuergerungsquote", (2024, 1.5), (2026, 2.0))
    setze("einbuergerungen", (2024, 300))
    setze("dezentrale_unterbringung", (2026, 70.0))
    setze("sprachkurse")
    return katalog


def _html(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _abschnitt(html: str, anfang: str, ende: str) -> str:
    return html[html.index(anfang) : html.index(ende, html.index(anfang))]


def test_status_mit_zeichen_und_text(client: Client, daten: list, mit_zielen: Katalog) -> None:
    # 250 naturalisations in 2024 / 13.900 foreigners at the end of 2023 = 1,8 %
    html = _html(client, "/indikatoren/einbuergerungsquote/")
    ziele = _abschnitt(html, 'id="ziele"', "</section>")
    assert ">Zielwerte</h2>" in ziele
    assert (
        '<p class="zielstatus zielstatus-erreicht zielstatus-kasten">'
        '<span class="zielstatus-symbol" aria-hidden="true">✓</span> <strong>Ziel erreicht</strong> – '
        '<span lang="de">2024: 1,8 % – Ziel für 2024 (1,5 %) erreicht, 0,3 Prozentpunkte darüber.</span></p>'
    ) in ziele


def test_tabelle_der_zielwerte(client: Client, daten: list, mit_zielen: Katalog) -> None:
    html = _html(client, "/indikatoren/einbuergerungsquote/")
    ziele = _abschnitt(html, 'id="ziele"', "</section>")
    assert '<caption id="ziele-titel">Zielwerte, Landkreis Dahme-Spreewald</caption>' in ziele
    kopf = re.findall(r'<th scope="col">([^<]+)</th>', ziele)
    assert kopf == ["Zieljahr", "Zielwert", "Stand", "Status", "Quelle"]
    zeilen = re.findall(r'<th scope="row">(\d{4})</th>(.*?)</tr>', ziele, re.S)
    assert [j for j, _ in zeilen] == ["2024", "2026"]
    z2024, z2026 = (zeile for _, zeile in zeilen)
    assert "<td>1,5 %</td><td>1,8 % (2024)</td>" in z2024 and "> Ziel erreicht</span>" in z2024
    assert f'<td class="text" lang="de">{QUELLE}</td>' in z2024
    # 2026 is ahead; without a value for 2023 the trend cannot be judged
    assert "<td>2,0 %</td><td>1,8 % (2024)</td>" in z2026
    assert '<span class="zielstatus-symbol" aria-hidden="true">?</span> Tendenz offen' in z2026


def test_diagramm_und_datentabelle_nennen_die_ziele(client: Client, daten: list, mit_zielen: Katalog) -> None:
    html = _html(client, "/indikatoren/einbuergerungsquote/")
    verlauf = _abschnitt(html, 'id="verlauf"', "</section>")
    figur = _abschnitt(verlauf, '<figure class="diagramm">', "</figure>")
    assert "Zielwerte (gestrichelte Linie): 1,5 % für 2024, 2,0 % für 2026." in figur
    assert ">Zielwert</text>" in figur and 'stroke-dasharray="6,4"' in figur
    tabelle = _abschnitt(verlauf, '<table class="zahlen"', "</table>")
    assert '<th scope="col">Zielwert</th>' in tabelle
    assert re.search(
        r'<th scope="row">2024</th>\s*<td>1,8 %</td><td>250</td><td>13.900</td><td>1,5 %</td>', tabelle
    )
    # the target year ahead gets its own row: no value yet, the target beside it
    zeile_2026 = re.search(r'<th scope="row">2026</th>(.*?)</tr>', tabelle, re.S)
    assert zeile_2026 is not None
    assert '<abbr title="keine Lieferung">.</abbr>' in zeile_2026.group(1)
    assert zeile_2026.group(1).rstrip().endswith("<td>2,0 %</td>")


def test_englisch_uebersetzt_das_wort_der_text_bleibt_deutsch(
    client: Client, daten: list, mit_zielen: Katalog
) -> None:
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = _html(client, "/indikatoren/einbuergerungsquote/")
    ziele = _abschnitt(html, 'id="ziele"', "</section>")
    assert ">Targets</h2>" in ziele and "<strong>Target met</strong>" in ziele
    assert '<span lang="de">2024: 1,8 % – Ziel für 2024' in ziele
    assert "Targets, Landkreis Dahme-Spreewald" in ziele and "trend unclear" in ziele


def test_status_gilt_dem_gesamtwert_auch_bei_aufschluesselung(
    client: Client, daten: list, mit_zielen: Katalog
) -> None:
    html = _html(client, "/indikatoren/einbuergerungen/?nach=geschlecht")
    ziele = _abschnitt(html, 'id="ziele"', "</section>")
    assert (
        '<span class="zielstatus-symbol" aria-hidden="true">✗</span> <strong>Ziel nicht erreicht</strong>'
        in ziele
    )
    assert "2024: 250 – Ziel für 2024 (300) nicht erreicht, 50 darunter." in ziele
    verlauf = _abschnitt(html, 'id="verlauf"', "</section>")
    assert "Zielwert" not in verlauf  # targets apply to the total, not to each category


def test_gebiet_ohne_ziele_und_ziel_ohne_wert(client: Client, daten: list, mit_zielen: Katalog) -> None:
    html = _html(client, "/indikatoren/dezentrale_unterbringung/?gebiet=12061020")
    ziele = _abschnitt(html, 'id="ziele"', "</section>")
    assert "Für Bestensee sind keine Zielwerte festgelegt." in ziele
    assert "Zielwerte gibt es für: Landkreis Dahme-Spreewald." in ziele
    assert "<table" not in ziele
    html = _html(client, "/indikatoren/dezentrale_unterbringung/")
    ziele = _abschnitt(html, 'id="ziele"', "</section>")
    assert "<strong>kein Wert</strong>" in ziele and "Noch kein Wert geliefert." in ziele
    assert "<td>70,0 %</td><td>.</td>" in ziele


def test_indikator_ohne_ziele_hat_keinen_zielabschnitt(
    client: Client, daten: list, mit_zielen: Katalog
) -> None:
    html = _html(client, "/indikatoren/auslaenderanteil/")
    assert 'id="ziele"' not in html and "Zielwert" not in html
    html = _html(client, "/indikatoren/sprachkurse/")
    assert 'id="ziele"' not in html


def test_kennzahl_auf_der_startseite_mit_status(client: Client, daten: list, mit_zielen: Katalog) -> None:
    html = _html(client, "/")
    karte = html[html.index("/indikatoren/einbuergerungsquote/") :]
    karte = karte[: karte.index("</li>")]
    assert (
        '<p class="zielstatus zielstatus-erreicht"><span class="zielstatus-symbol" aria-hidden="true">✓</span>'
        " Ziel erreicht (Ziel für 2024: 1,5 %)</p>"
    ) in karte
    ohne = html[html.index("/indikatoren/auslaenderanteil/") :]
    assert "zielstatus" not in ohne[: ohne.index("</li>")]


def test_reihen_tabelle_mit_zielspalte(db: None) -> None:
    rows = [
        SeriesRow("sprachkurse", "12061", "2023", None, 35.0),
        SeriesRow("sprachkurse", "12061", "2024", None, 42.0),
    ]
    t = reihen_tabelle(rows, beschriftung="Sprachkurse", einheit="anzahl", ziele={"2024": 40.0, "2026": 50.0})
    assert t.spalten == ["Wert", "Zielwert"]
    assert [(z.kopf, [c.text for c in z.zellen]) for z in t.zeilen] == [
        ("2023", ["35", "–"]),
        ("2024", ["42", "40"]),
        ("2026", [".", "50"]),
    ]
    assert t.fussnoten == [(1, "keine Lieferung")]

"""The page of one indicator: chart, table, Gemeinden, definition, source office, deliveries."""

from __future__ import annotations

import re

from django.test import Client

from integrationsmonitor.catalog.model import Katalog
from integrationsmonitor.store.ingest import Lieferergebnis

from .conftest import EINBUERGERUNGEN_2024, liefern


def _html(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_diagramm_als_svg_in_figure_mit_textalternative(client: Client, daten: list) -> None:
    html = _html(client, "/indikatoren/auslaenderanteil/")
    figur = re.search(r'<figure class="diagramm">(.*?)</figure>', html, re.S)
    assert figur is not None
    assert re.search(r'<svg[^>]*role="img"', figur.group(1))
    assert "aria-label=" in figur.group(1)
    assert (
        '<figcaption lang="de">Liniendiagramm: Ausländeranteil, Landkreis Dahme-Spreewald 2023 bis 2024.'
        in figur.group(1)
    )


def test_tabelle_mit_deutschen_zahlen_zaehler_und_nenner(client: Client, daten: list) -> None:
    html = _html(client, "/indikatoren/auslaenderanteil/")
    assert '<caption id="reihe-titel">Ausländeranteil, Landkreis Dahme-Spreewald</caption>' in html
    assert '<th scope="col">Zeitraum</th>' in html and '<th scope="row">2024</th>' in html
    assert "<td>8,2 %</td><td>14.933</td><td>182.110</td>" in html
    assert "<td>7,7 %</td><td>13.900</td><td>180.000</td>" in html


def test_gemeindevergleich_tabelle_und_balken(client: Client, daten: list) -> None:
    html = _html(client, "/indikatoren/auslaenderanteil/")
    vergleich = html[html.index('id="gemeinden"') : html.index('id="definition"')]
    assert "Ausländeranteil in den Gemeinden, 2024" in vergleich
    assert '<th scope="row">Bestensee</th>\n        <td>5,6 %</td><td>500</td><td>8.932</td>' in vergleich
    assert (
        "Balkendiagramm: Ausländeranteil in den Gemeinden, 2024. Höchster Wert: 5,6 % (Bestensee)."
        in vergleich
    )
    assert vergleich.count("<svg") == 1
    # sorted by name (DIN 5007: Märkisch… after Luckau, before Mittenwalde)
    namen = re.findall(r'<th scope="row">([^<]+)</th>', vergleich)
    assert (
        namen.index("Luckau, Stadt")
        < namen.index("Märkisch Buchholz, Stadt")
        < namen.index("Mittenwalde, Stadt")
    )
    assert len(namen) == 37


def test_fehlender_wert_ist_punkt_mit_grund_nicht_null(client: Client, daten: list) -> None:
    html = _html(client, "/indikatoren/auslaender_nach_gruppe/")
    zeile_2023 = re.search(r'<th scope="row">2023</th>\s*(.*?)</tr>', html, re.S)
    assert zeile_2023 is not None
    zellen = re.findall(r"<td>(.*?)</td>", zeile_2023.group(1))
    assert len(zellen) == 3
    for zelle in zellen:
        assert '<abbr title="Zelle nicht geliefert">.</abbr>' in zelle
        assert ">0<" not in zelle
    assert '<li value="1" lang="de">Zelle nicht geliefert</li>' in html
    assert "<td>9.000</td><td>2.933</td><td>3.000</td>" in html


def test_definition_quelle_und_lieferungen(client: Client, daten: list[Lieferergebnis]) -> None:
    html = _html(client, "/indikatoren/auslaenderanteil/")
    definition = html[html.index('id="definition"') : html.index('id="lieferungen"')]
    assert "je 100 Einwohnerinnen und Einwohner" in definition
    assert '<dd lang="de">Ausländerbehörde</dd>' in definition
    assert "Einwohnermelderegister (Einwohnermeldeämter), Stand 31.12." in definition
    assert "Keine Wertung" in definition
    lieferungen = html[html.index('id="lieferungen"') :]
    assert '<th scope="col">Lieferant</th>' in lieferungen and '<th scope="col">Fassung</th>' in lieferungen
    assert '<td lang="de">Ausländerbehörde</td>' in lieferungen  # office
    assert re.search(r"<td>\d\d\.\d\d\.\d{4}</td>", lieferungen)  # received date, German format
    assert re.search(r'<td class="zahl">1</td>\s*<td class="zahl">11</td>', lieferungen)  # version, cells
    assert "statistikstelle" not in lieferungen  # staff account names are not public


def test_oeffentliche_herkunft_ohne_hash_und_dateiname(angemeldet: Client, daten: list) -> None:
    """Hashes and file names are for the internal history only, also for signed-in staff on public pages."""
    bestand_2024 = next(
        e.lieferung for e in daten if e.lieferung and e.lieferung.datei_name == "abh_bestand_2024.csv"
    )
    for c in (Client(), angemeldet):
        html = c.get("/indikatoren/auslaenderanteil/").content.decode()
        assert not re.search(r"[0-9a-f]{64}", html)
        assert bestand_2024.datei_hash[:12] not in html
        assert "SHA-256" not in html and "abh_bestand_2024.csv" not in html
    intern = angemeldet.get("/lieferungen/").content.decode()
    assert bestand_2024.datei_hash in intern and f">{bestand_2024.datei_hash[:12]}</code>" in intern
    assert "abh_bestand_2024.csv" in intern


def test_fassung_zaehlt_berichtigungen(client: Client, katalog: Katalog, daten: list) -> None:
    liefern(
        katalog,
        "einbuergerungen",
        "2024",
        "einbuergerungen_2024_b.csv",
        EINBUERGERUNGEN_2024.replace("250", "251"),
    )
    html = client.get("/indikatoren/einbuergerungen/").content.decode()
    zeile = re.search(r'<th scope="row">2024</th>(.*?)</tr>', html[html.index('id="lieferungen"') :], re.S)
    assert zeile is not None
    assert re.search(r'<td class="zahl">2</td>\s*<td class="zahl">1</td>', zeile.group(1))


def test_lieferant_konto_nur_fuer_angemeldete(angemeldet: Client, daten: list[Lieferergebnis]) -> None:
    html = angemeldet.get("/indikatoren/auslaenderanteil/").content.decode()
    assert "statistikstelle" in html[html.index('id="lieferungen"') :]


def test_nur_kreisdaten_ohne_gemeindevergleich(client: Client, daten: list) -> None:
    html = _html(client, "/indikatoren/einbuergerungen/")
    assert "liegen nur für den Landkreis insgesamt vor" in html
    assert "Einbürgerungsbehörde" in html
    assert html.count("<svg") == 1


def test_top_n_als_balken_nach_kategorien(client: Client, daten: list) -> None:
    html = _html(client, "/indikatoren/top_staatsangehoerigkeiten/")
    assert "Balkendiagramm: Häufigste Staatsangehörigkeiten, Landkreis Dahme-Spreewald, 2024." in html
    assert '<th scope="col">Syrien</th><th scope="col">Polen</th>' in html
    assert "<td>11.933</td><td>3.000</td>" in html


def test_gemeindevergleich_nennt_die_summe_statt_der_haeufigsten(client: Client, daten: list) -> None:
    """The Gemeinden of a top-N indicator show all foreigners per Gemeinde, and the title says so."""
    html = _html(client, "/indikatoren/top_staatsangehoerigkeiten/")
    titel = "Ausländerinnen und Ausländer insgesamt (alle Staatsangehörigkeiten) in den Gemeinden, 2024"
    assert titel in html
    assert "Häufigste Staatsangehörigkeiten in den Gemeinden" not in html
    vergleich = html[html.index(titel) :]
    assert "<td>500</td>" in vergleich and "<td>300</td>" in vergleich  # Bestensee, Eichwalde: all foreigners


def test_aufschluesselung_und_gebiet_waehlen(client: Client, daten: list) -> None:
    html = _html(client, "/indikatoren/auslaender_gesamt/?nach=gruppe")
    assert '<option value="gruppe" selected>' in html
    assert '<th scope="col">Drittstaatsangehörige</th>' in html
    html = _html(client, "/indikatoren/auslaenderanteil/?gebiet=12061020")
    assert '<option value="12061020" selected>Bestensee</option>' in html
    assert "<td>5,6 %</td><td>500</td><td>8.932</td>" in html


def test_unbekannte_parameter_werden_mit_hinweis_ignoriert(client: Client, daten: list) -> None:
    html = _html(client, "/indikatoren/auslaenderanteil/?nach=religion&gebiet=99999")
    assert "Eine Aufschlüsselung „religion“ gibt es für diesen Indikator nicht." in html
    assert "Das Gebiet „99999“ gibt es für diesen Indikator nicht; gezeigt wird der Landkreis." in html
    assert "<td>8,2 %</td>" in html
    # a Gemeinde for a dataset delivered at Kreis level only
    html = _html(client, "/indikatoren/einbuergerungen/?gebiet=12061020")
    assert "gezeigt wird der Landkreis" in html


def test_unbekannter_indikator_404(client: Client, db: None) -> None:
    assert client.get("/indikatoren/gibt_es_nicht/").status_code == 404


def test_indikator_ohne_lieferung(client: Client, db: None) -> None:
    html = _html(client, "/indikatoren/vermittlungen/")
    assert "Für diesen Indikator liegen noch keine Werte vor." in html
    assert "Noch keine Lieferung." in html
    assert "<svg" not in html

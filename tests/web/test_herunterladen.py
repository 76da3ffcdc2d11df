"""Every figure of an indicator page downloadable: CSV and XLSX of exactly the table shown, SVG and PNG of
the picture, a permalink with region, breakdown and period, and an embed page allowed in frames."""

from __future__ import annotations

import csv
import html as htmllib
import io
import re
import struct
import xml.etree.ElementTree as ET

import openpyxl
import pytest
from django.test import Client

from integrationsmonitor.catalog.model import Katalog

from .conftest import AUSLAENDER_2024, liefern

SVG = "{http://www.w3.org/2000/svg}"
Zeile = list[str]


def _seite(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _text(zelle: str) -> str:
    """A cell of the page's table as plain text: "." for a missing value, flags after the number."""
    text = htmllib.unescape(re.sub(r"<sup>.*?</sup>", "", zelle))
    return re.sub(r"<[^>]+>", "", text).replace("\xa0", " ").strip()


def _seitentabelle(html: str, tid: str) -> list[Zeile]:
    tabelle = re.search(rf'<table class="zahlen" id="{tid}">(.*?)</table>', html, re.S)
    assert tabelle is not None, tid
    kopf = [_text(z) for z in re.findall(r'<th scope="col">(.*?)</th>', tabelle.group(1), re.S)]
    zeilen = [kopf]
    for zeile in re.findall(r"<tr>\s*<th scope=\"row\">(.*?)</th>(.*?)</tr>", tabelle.group(1), re.S):
        zeilen.append([_text(zeile[0]), *(_text(z) for z in re.findall(r"<td>(.*?)</td>", zeile[1], re.S))])
    return zeilen


def _vergleichbar(zelle: str) -> str:
    """Page "14.933", "8,2 %" and download "14933", "8,2" alike; "." with or without its note number."""
    if zelle.startswith("."):
        return "."
    return zelle.replace(".", "").replace(" %", "").replace(" ‰", "").replace("\u2212", "-")


def _csv(client: Client, url: str) -> tuple[list[Zeile], list[str]]:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    inhalt = response.content
    assert inhalt.startswith(b"\xef\xbb\xbf")  # like the open data's "CSV für Excel"
    zeilen = list(csv.reader(io.StringIO(inhalt.decode("utf-8-sig")), delimiter=";"))
    leer = zeilen.index([])
    return zeilen[:leer], [z[0] for z in zeilen[leer + 1 :]]


def _links(html: str, endung: str) -> list[str]:
    return [htmllib.unescape(h) for h in re.findall(rf'href="([^"]+\.{endung}\?[^"]*)"', html)]


FIGUREN = [
    ("/indikatoren/auslaenderanteil/", "entwicklung", "reihe"),
    ("/indikatoren/auslaenderanteil/", "gemeinden", "gemeinden-tabelle"),
    ("/indikatoren/auslaenderanteil/", "karte-aemter", "aemter-tabelle"),
    ("/indikatoren/auslaender_nach_gruppe/", "entwicklung", "reihe"),
    ("/indikatoren/einbuergerungen/", "entwicklung", "reihe"),
    ("/indikatoren/auslaenderanteil/?gebiet=12061020", "entwicklung", "reihe"),
]


@pytest.mark.parametrize(("url", "abbildung", "tid"), FIGUREN)
def test_csv_und_xlsx_enthalten_genau_die_zahlen_der_tabelle(
    client: Client, daten: list, url: str, abbildung: str, tid: str
) -> None:
    html = _seite(client, url)
    seite = _seitentabelle(html, tid)
    assert len(seite) > 1
    (csv_url,) = [u for u in _links(html, "csv") if f"/{abbildung}.csv?" in u]
    tabelle, notizen = _csv(client, csv_url)
    assert tabelle[0] == seite[0]  # the German headers of the page
    assert [[_vergleichbar(z) for z in zeile] for zeile in tabelle[1:]] == [
        [_vergleichbar(z) for z in zeile] for zeile in seite[1:]
    ]
    assert any(n.startswith("Quelle: ") for n in notizen)
    assert any(n.startswith("Lizenz: Datenlizenz Deutschland") for n in notizen)
    assert any(n.startswith("Webseite: http://testserver/indikatoren/") for n in notizen)

    response = client.get(csv_url.replace(".csv?", ".xlsx?"))
    assert response.status_code == 200
    mappe = openpyxl.load_workbook(io.BytesIO(response.content))
    assert mappe.sheetnames == ["Daten", "Metadaten"]
    xlsx = [["" if w is None else w for w in z] for z in mappe["Daten"].iter_rows(values_only=True)]
    assert [str(w) for w in xlsx[0]] == seite[0]
    for zeile_xlsx, zeile_csv in zip(xlsx[1:], tabelle[1:], strict=True):
        for w, c in zip(zeile_xlsx, zeile_csv, strict=True):
            assert (w if isinstance(w, str) else str(w).replace(".", ",")) == c or float(w) == float(
                c.replace(",", ".")
            )


def test_dateiname_nennt_indikator_abbildung_und_zeitraum(client: Client, daten: list) -> None:
    response = client.get("/indikatoren/auslaenderanteil/gemeinden.csv?gebiet=12061&zeitraum=2024")
    assert response["Content-Disposition"] == 'attachment; filename="auslaenderanteil_gemeinden_2024.csv"'
    response = client.get("/indikatoren/auslaenderanteil/entwicklung.xlsx?gebiet=12061020&zeitraum=2024")
    assert response["Content-Disposition"] == (
        'attachment; filename="auslaenderanteil_entwicklung_bestensee_2024.xlsx"'
    )


def test_geheime_zelle_bleibt_im_download_geheim(client: Client, daten: list, katalog: Katalog) -> None:
    # Eichwalde with 2 foreigners: at most the threshold of 2, so published as secret (as in test_karte)
    liefern(
        katalog,
        "auslaender_bestand",
        "2024",
        "abh_bestand_2024_neu.csv",
        AUSLAENDER_2024.replace("12061112;2024;_T;_T;_T;_T;300;", "12061112;2024;_T;_T;_T;_T;2;"),
    )
    html = _seite(client, "/indikatoren/auslaenderanteil/")
    seite = {z[0]: z for z in _seitentabelle(html, "gemeinden-tabelle")}
    assert seite["Eichwalde"][1] == "."
    for endung in ("csv", "xlsx"):
        url = f"/indikatoren/auslaenderanteil/gemeinden.{endung}?zeitraum=2024"
        if endung == "csv":
            tabelle, notizen = _csv(client, url)
            zeile = next(z for z in tabelle if z[0] == "Eichwalde")
            assert any("geheim gehalten" in n for n in notizen)
        else:
            mappe = openpyxl.load_workbook(io.BytesIO(client.get(url).content))
            zeile = next(
                [str(w) for w in z] for z in mappe["Daten"].iter_rows(values_only=True) if z[0] == "Eichwalde"
            )
        assert [_vergleichbar(z) for z in zeile] == [_vergleichbar(z) for z in seite["Eichwalde"]]
        assert zeile[1].startswith(".") and zeile[2].startswith(".")  # neither the share nor the count 2
    svg = client.get("/indikatoren/auslaenderanteil/karte-gemeinden.svg?zeitraum=2024").content.decode()
    assert "Eichwalde: keine Angabe (geheim gehalten)" in svg


def _png_groesse(inhalt: bytes) -> tuple[int, int]:
    assert inhalt[:8] == b"\x89PNG\r\n\x1a\n"
    assert inhalt[12:16] == b"IHDR"
    breite, hoehe = struct.unpack(">II", inhalt[16:24])
    return breite, hoehe


@pytest.mark.parametrize("abbildung", ["entwicklung", "gemeinden", "karte-gemeinden"])
def test_grafik_als_svg_mit_titel_und_als_png(client: Client, daten: list, abbildung: str) -> None:
    response = client.get(f"/indikatoren/auslaenderanteil/{abbildung}.svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    wurzel = ET.fromstring(response.content)
    assert wurzel.tag == f"{SVG}svg"
    titel = wurzel.findtext(f"{SVG}title")
    assert titel is not None and titel.startswith("Ausländeranteil")
    texte = " ".join(t.text or "" for t in wurzel.iter(f"{SVG}text"))
    assert "Quelle: Zähler – Ausländerbehörde" in texte
    assert ("© GeoBasis-DE / BKG 2021" in texte) == abbildung.startswith("karte")

    response = client.get(f"/indikatoren/auslaenderanteil/{abbildung}.png")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    breite, hoehe = _png_groesse(response.content)
    assert 600 <= breite <= 4000 and 300 <= hoehe <= 6000
    assert len(response.content) > 10_000  # a drawn picture, not an empty canvas


def test_einbettseite_darf_in_fremde_rahmen_andere_seiten_nicht(client: Client, daten: list) -> None:
    seite = client.get("/indikatoren/auslaenderanteil/")
    assert seite["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in seite["Content-Security-Policy"]
    html = seite.content.decode()
    (einbetten,) = re.findall(
        r'href="(http://testserver/indikatoren/auslaenderanteil/einbetten/gemeinden/[^"]*)"', html
    )
    iframe = re.search(
        r"<textarea[^>]*>(&lt;iframe src=&quot;http://testserver/[^<]*einbetten/entwicklung/[^<]*)</textarea>",
        html,
    )
    assert iframe is not None and "&lt;/iframe&gt;" in iframe.group(1)

    for _mal in range(2):  # rendered, then (with the response cache) served again: the same headers
        response = client.get(htmllib.unescape(einbetten))
        assert response.status_code == 200
        assert "X-Frame-Options" not in response
        politik = response["Content-Security-Policy"]
        assert "frame-ancestors *" in politik and "script-src 'none'" in politik
    text = response.content.decode()
    assert '<h1 lang="de">Ausländeranteil in den Gemeinden, 2024</h1>' in text
    assert 'class="navigation"' not in text  # no site chrome
    assert "<svg" in text and 'id="zahlen"' in text  # the picture and its table
    assert (
        'href="http://testserver/indikatoren/auslaenderanteil/?gebiet=12061&amp;zeitraum=2024#gemeinden"'
        in text
    )


def test_permalink_behaelt_gebiet_aufschluesselung_und_zeitraum(client: Client, daten: list) -> None:
    html = _seite(client, "/indikatoren/auslaenderanteil/")
    links = re.findall(r'<a href="([^"]+)" aria-label="Link zu dieser Auswahl">', html)
    assert htmllib.unescape(links[0]) == (
        "http://testserver/indikatoren/auslaenderanteil/?gebiet=12061&zeitraum=2024#verlauf"
    )
    url = "/indikatoren/auslaender_nach_gruppe/?gebiet=12061&nach=gruppe&zeitraum=2024"
    html = _seite(client, url)
    assert '<option value="2024" selected>2024</option>' in html
    assert "Stand 2024" in html
    link = htmllib.unescape(re.findall(r'<a href="([^"]+)" aria-label="Link zu dieser Auswahl">', html)[0])
    assert link == "http://testserver" + url + "#verlauf"
    wieder = _seite(client, link.removeprefix("http://testserver"))
    assert _seitentabelle(wieder, "reihe") == _seitentabelle(html, "reihe")
    assert len(_seitentabelle(html, "reihe")[0]) > 2  # one column per group: the breakdown was kept


def test_nur_tabelle_ohne_werte_ohne_grafik(client: Client, daten: list) -> None:
    # Bestensee 2023: delivered for the Kreis only, so the table shows "." with its reason and no chart
    url = "/indikatoren/auslaenderanteil/?gebiet=12061020&zeitraum=2023"
    html = _seite(client, url)
    # the series ends at the chosen period
    assert [z[0] for z in _seitentabelle(html, "reihe")[1:]] == ["2023"]
    assert "/entwicklung.svg?" not in html and "/entwicklung.csv?" in html
    tabelle, _notizen = _csv(client, url.replace("/?", "/entwicklung.csv?"))
    assert tabelle[1][0] == "2023" and all(z.startswith(".") for z in tabelle[1][1:])
    assert client.get(url.replace("/?", "/entwicklung.png?")).status_code == 404


def test_zeitraum_waehlt_den_stand_der_gemeinden(client: Client, daten: list) -> None:
    html = _seite(client, "/indikatoren/auslaenderanteil/?zeitraum=2023")
    vergleich = html[html.index('id="gemeinden"') : html.index('id="definition"')]
    assert "Stand: 2023" in vergleich
    assert [z[0] for z in _seitentabelle(html, "reihe")[1:]] == ["2023"]


@pytest.mark.parametrize(
    ("url", "meldung"),
    [
        (
            "/indikatoren/auslaenderanteil/?zeitraum=1999",
            "Den Zeitraum „1999“ gibt es für diesen Indikator nicht",
        ),
        ("/indikatoren/auslaenderanteil/?zeitraum=%3Cb%3E", "Den Zeitraum „&lt;b&gt;“ gibt es"),
    ],
)
def test_ungueltiger_zeitraum_auf_der_seite_deutscher_hinweis(
    client: Client, daten: list, url: str, meldung: str
) -> None:
    assert meldung in _seite(client, url)


@pytest.mark.parametrize(
    ("url", "meldung"),
    [
        ("/indikatoren/auslaenderanteil/entwicklung.csv?zeitraum=1999", "Den Zeitraum „1999“ gibt es"),
        ("/indikatoren/auslaenderanteil/entwicklung.png?gebiet=99999", "Das Gebiet „99999“ gibt es"),
        ("/indikatoren/auslaenderanteil/entwicklung.xlsx?nach=farbe", "Eine Aufschlüsselung „farbe“ gibt es"),
        ("/indikatoren/auslaenderanteil/torte.csv", "Eine Abbildung „torte“ gibt es nicht"),
        ("/indikatoren/gibtsnicht/entwicklung.csv", "Einen Indikator „gibtsnicht“ gibt es nicht"),
        ("/indikatoren/einbuergerungen/gemeinden.csv", "Diese Abbildung zeigt die Seite"),
        ("/indikatoren/auslaenderanteil/einbetten/gemeinden/?zeitraum=x", "Den Zeitraum „x“ gibt es"),
    ],
)
def test_ungueltige_anfrage_404_mit_deutscher_meldung(
    client: Client, daten: list, url: str, meldung: str
) -> None:
    response = client.get(url)
    assert response.status_code == 404
    assert meldung in response.content.decode()


def test_unbekanntes_format_404(client: Client, daten: list) -> None:
    assert client.get("/indikatoren/auslaenderanteil/entwicklung.pdf").status_code == 404


def _factsheet_tabelle(html: str, id_: str) -> list[Zeile]:
    tabelle = re.search(rf'<caption id="tab-{id_}">.*?</caption>(.*?)</table>', html, re.S)
    assert tabelle is not None, id_
    thead = re.search(r"<thead>(.*?)</thead>", tabelle.group(1), re.S)
    assert thead is not None
    kopf = [_text(z) for z in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", thead.group(1), re.S)]
    zeilen = [kopf]
    for zeile in re.findall(r"<tr><th scope=\"row\">(.*?)</th>(.*?)</tr>", tabelle.group(1), re.S):
        zeilen.append([_text(zeile[0]), *(_text(z) for z in re.findall(r"<td>(.*?)</td>", zeile[1], re.S))])
    return zeilen


def test_factsheet_abbildungen_zum_herunterladen(client: Client, daten: list, katalog: Katalog) -> None:
    from integrationsmonitor.publish.services import erstelle_factsheet

    ausgabe, _neu = erstelle_factsheet(katalog, "2024-Q4", benutzer="test")
    html = _seite(client, "/factsheet/2024-Q4/")
    links = _links(html, "csv")
    assert links and all(u.startswith("/factsheet/2024-Q4/") for u in links)
    assert "einbetten" not in html  # a FactSheet issue has downloads and links, no embed page
    for url in links:
        id_ = url.rsplit("/", 1)[1].split(".", 1)[0]
        seite = _factsheet_tabelle(html, id_)
        tabelle, notizen = _csv(client, url)
        assert tabelle[0] == seite[0]
        assert [[_vergleichbar(z) for z in zeile] for zeile in tabelle[1:]] == [
            [_vergleichbar(z) for z in zeile] for zeile in seite[1:]
        ]
        assert any(n.startswith("Quelle: ") for n in notizen)
        assert any(
            n.startswith(f"Webseite: http://testserver/factsheet/2024-Q4/?auflage={ausgabe.auflage}#abb-")
            for n in notizen
        )
    response = client.get(links[0].replace(".csv?", ".png?"))
    assert response.status_code == 200 and _png_groesse(response.content)[0] >= 600
    assert client.get("/factsheet/2024-Q4/gibtsnicht.csv").status_code == 404
    assert client.get("/factsheet/1999-Q1/" + links[0].rsplit("/", 1)[1]).status_code == 404

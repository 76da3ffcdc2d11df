"""Open data: files per indicator and dataset in four formats, the DCAT-AP.de catalogue, the page."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

import openpyxl
import pytest
import python_calamine
from django.test import Client
from django.urls import resolve

from integrationsmonitor.catalog.model import Katalog
from integrationsmonitor.publish import opendata, opendata_export
from integrationsmonitor.publish.opendata import LIZENZ_URI
from integrationsmonitor.store.selectors import DbQuelle

from .conftest import liefern

# Foreign men and women in 2022 are secret (primary suppression at the source); only the total is open.
AUSLAENDER_2022 = """gebiet;zeitraum;gruppe;staatsangehoerigkeit;geschlecht;altersgruppe;wert;kennzeichen
12061;2022;_T;_T;_T;_T;13000;
12061;2022;_T;_T;m;_T;.;g
12061;2022;_T;_T;w;_T;;g
"""
BEVOELKERUNG_2022 = """gebiet;zeitraum;geschlecht;altersgruppe;wert;kennzeichen
12061;2022;_T;_T;179000;
12061;2022;m;_T;88000;
12061;2022;w;_T;91000;
"""
FORMATE = ("csv", "excel.csv", "xlsx", "json")


@pytest.fixture
def mit_geheimen(daten: list, katalog: Katalog) -> None:
    liefern(katalog, "auslaender_bestand", "2022", "abh_bestand_2022.csv", AUSLAENDER_2022)
    liefern(katalog, "bevoelkerung_melderegister", "2022", "melderegister_2022.csv", BEVOELKERUNG_2022)


def _laden(client: Client, pfad: str) -> bytes:
    response = client.get("/" + pfad)
    assert response.status_code == 200, response.content[:300]
    return response.content


def _zeilen(inhalt: bytes, endung: str) -> list[dict[str, Any]]:
    """The data rows of a file as dicts; numbers as float, empty cells as None, whatever the format."""
    if endung == "json":
        return [
            {k: (float(v) if isinstance(v, int | float) else (v or None)) for k, v in z.items()}
            for z in json.loads(inhalt)["data"]
        ]
    if endung == "xlsx":
        mappe = openpyxl.load_workbook(io.BytesIO(inhalt))
        tabelle = [list(z) for z in mappe["Daten"].iter_rows(values_only=True)]
        kalamin = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(inhalt))
        roh = kalamin.get_sheet_by_name("Daten").to_python()
        assert [[None if c == "" else c for c in z] for z in roh] == tabelle  # both readers agree
        kopf, *rest = tabelle
        return [
            {k: (float(v) if isinstance(v, int | float) else v) for k, v in zip(kopf, z, strict=True)}
            for z in rest
        ]
    text = inhalt.decode("utf-8-sig")
    trenner = ";" if endung == "excel.csv" else ","
    zeilen = list(csv.DictReader(io.StringIO(text), delimiter=trenner))

    def zahl(wert: str) -> float | str | None:
        if wert == "":
            return None
        try:
            return float(wert.replace(",", ".") if trenner == ";" else wert)
        except ValueError:
            return wert

    zahlen = {"value", "numerator", "denominator"}
    return [{k: (zahl(v) if k in zahlen else (v or None)) for k, v in z.items()} for z in zeilen]


def _zeile(zeilen: list[dict[str, Any]], **wo: str | None) -> dict[str, Any]:
    treffer = [z for z in zeilen if all(z.get(k) == v for k, v in wo.items())]
    assert len(treffer) == 1, (wo, treffer[:3])
    return treffer[0]


@pytest.mark.parametrize("endung", FORMATE)
def test_indikatorwerte_wie_api_in_jedem_format(client: Client, daten: list, endung: str) -> None:
    zeilen = _zeilen(_laden(client, f"opendaten/indikatoren/auslaenderanteil.{endung}"), endung)
    api = json.loads(client.get("/api/v1/indikatoren/auslaenderanteil/reihe?region=12061").content)["data"]
    for eintrag in api:
        z = _zeile(zeilen, region="12061", period=eintrag["period"], breakdown=None)
        assert z["value"] == eintrag["value"] and z["numerator"] == eintrag["numerator"]
    bestensee = _zeile(zeilen, region="12061020", period="2024", breakdown=None)
    assert (bestensee["region_name"], bestensee["value"]) == ("Bestensee", 500 / 8932 * 100)
    assert bestensee["status"] is None
    ungeliefert = _zeile(zeilen, region="12061260", period="2024", breakdown=None)  # Gemeinde not delivered
    assert ungeliefert["value"] is None and ungeliefert["status"] == "." and ungeliefert["reason"]
    assert {z["region_level"] for z in zeilen} == {"kreis", "verband", "gemeinde"}


def test_pflicht_aufschluesselung_ohne_zeile_insgesamt(client: Client, daten: list) -> None:
    zeilen = _zeilen(_laden(client, "opendaten/indikatoren/auslaender_nach_gruppe.csv"), "csv")
    assert {z["breakdown"] for z in zeilen} == {"gruppe"}
    eu = _zeile(zeilen, region="12061", period="2024", category="eu")
    assert (eu["category_name"], eu["value"]) == ("EU-Bürgerinnen und -Bürger", 3000)


@pytest.mark.parametrize("endung", FORMATE)
def test_geheime_zellen_ohne_wert_mit_status_in_jedem_format(
    client: Client, mit_geheimen: None, endung: str
) -> None:
    ind = _zeilen(_laden(client, f"opendaten/indikatoren/auslaenderanteil.{endung}"), endung)
    for geschlecht in ("m", "w"):
        z = _zeile(ind, region="12061", period="2022", breakdown="geschlecht", category=geschlecht)
        assert (z["value"], z["numerator"], z["status"]) == (None, None, "g")
        assert z["denominator"] == (88000 if geschlecht == "m" else 91000)  # not derived from a secret cell
    insgesamt = _zeile(ind, region="12061", period="2022", breakdown=None)
    assert insgesamt["value"] == 13000 / 179000 * 100 and insgesamt["status"] is None
    ds = _zeilen(_laden(client, f"opendaten/datensaetze/auslaender_bestand.{endung}"), endung)
    geheim = [z for z in ds if z["period"] == "2022" and z["geschlecht"] != "_T"]
    assert [(z["geschlecht"], z["value"], z["status"]) for z in geheim] == [
        ("m", None, "g"),
        ("w", None, "g"),
    ]
    assert _zeile(ds, period="2022", geschlecht="_T")["value"] == 13000


def test_geheime_werte_auch_in_der_api_ohne_zahl(client: Client, mit_geheimen: None) -> None:
    daten = json.loads(client.get("/api/v1/indikatoren/auslaenderanteil/reihe?by=geschlecht").content)["data"]
    for z in (z for z in daten if z["period"] == "2022"):
        assert (z["value"], z["numerator"], z["flag"]) == (None, None, "g")


def test_excel_csv_mit_bom_semikolon_und_dezimalkomma(client: Client, daten: list) -> None:
    inhalt = _laden(client, "opendaten/indikatoren/auslaenderanteil.excel.csv")
    assert inhalt.startswith(b"\xef\xbb\xbfindicator;region;region_name;")
    text = inhalt.decode("utf-8-sig")
    zeile = next(
        z
        for z in text.split("\r\n")
        if z.startswith("auslaenderanteil;12061;Landkreis Dahme-Spreewald;kreis;2024;;")
    )
    assert f";{repr(14933 / 182110 * 100).replace('.', ',')};" in zeile
    assert ";14933;182110" in zeile
    utf8 = _laden(client, "opendaten/indikatoren/auslaenderanteil.csv")
    assert utf8.startswith(b"indicator,region,") and f",{14933 / 182110 * 100!r},".encode() in utf8


def test_xlsx_hat_metadatenblatt(client: Client, daten: list) -> None:
    inhalt = _laden(client, "opendaten/indikatoren/auslaenderanteil.xlsx")
    mappe = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(inhalt))
    assert mappe.sheet_names == ["Daten", "Metadaten"]
    meta = {z[0]: z[1] for z in mappe.get_sheet_by_name("Metadaten").to_python() if z[0]}
    assert meta["Titel"] == "Ausländeranteil"
    assert meta["Lizenz"] == "Datenlizenz Deutschland – Namensnennung – Version 2.0 (dl-de/by-2-0)"
    assert meta["Herausgeber"] == "Landkreis Dahme-Spreewald"
    assert meta["Webseite"] == "http://testserver/indikatoren/auslaenderanteil/"
    assert re.fullmatch(
        r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0[12]:00", meta["Datenstand (letzte Lieferung eingegangen)"]
    )
    assert meta["status"].startswith("Kennzeichen")  # column meanings follow the metadata


def test_json_und_csvw_metadaten(client: Client, daten: list) -> None:
    inhalt = json.loads(_laden(client, "opendaten/datensaetze/einbuergerungen.json"))
    assert inhalt["metadata"]["source"].startswith("Einbürgerungsbehörde")
    assert [s["name"] for s in inhalt["columns"]][-2:] == ["value", "status"]
    assert inhalt["data"] == [
        {
            "dataset": "einbuergerungen", "region": "12061", "region_name": "Landkreis Dahme-Spreewald",
            "region_level": "kreis", "period": "2024", "staatsangehoerigkeit": "_T",
            "staatsangehoerigkeit_name": "insgesamt", "geschlecht": "_T", "geschlecht_name": "insgesamt",
            "value": 250, "status": "",
        }
    ]  # fmt: skip
    response = client.get("/opendaten/datensaetze/einbuergerungen.csv")
    assert (
        response["Link"]
        == '<einbuergerungen.csv-metadata.json>; rel="describedby"; type="application/csvm+json"'
    )
    csvw = json.loads(_laden(client, "opendaten/datensaetze/einbuergerungen.csv-metadata.json"))
    assert csvw["url"] == "http://testserver/opendaten/datensaetze/einbuergerungen.csv"
    assert csvw["dc:license"] == {"@id": LIZENZ_URI}
    kopf = response.content.decode().splitlines()[0].split(",")
    assert [s["name"] for s in csvw["tableSchema"]["columns"]] == kopf


def test_unbekannte_datei_404(client: Client, db: None) -> None:
    for pfad in (
        "indikatoren/gibtesnicht.csv",
        "indikatoren/auslaenderanteil.pdf",
        "datensaetze/auslaenderanteil.csv",
    ):
        response = client.get(f"/opendaten/{pfad}")
        assert (
            response.status_code == 404
            and "gibt es nicht" in json.loads(response.content)["error"]["message"]
        )


def test_statische_dateien_gleich_den_ausgelieferten(client: Client, daten: list, katalog: Katalog) -> None:
    dateien = {d.pfad: d for d in opendata_export.dateien(katalog, DbQuelle(katalog), "http://testserver/")}
    for kennung in katalog.indikatoren:
        for endung in (*FORMATE, "csv-metadata.json"):
            assert f"opendaten/indikatoren/{kennung}.{endung}" in dateien
    assert len(dateien) == 5 * (len(katalog.indikatoren) + len(katalog.datensaetze)) + 1
    for pfad in (
        "opendaten/indikatoren/auslaenderanteil.xlsx",
        "opendaten/datensaetze/auslaender_bestand.excel.csv",
        "opendaten/dcat.jsonld",
    ):
        response = client.get("/" + pfad)
        assert (
            response.content == dateien[pfad].inhalt and response["Content-Type"] == dateien[pfad].medientyp
        )


def _praefixe_bekannt(knoten: Any, kontext: dict[str, str]) -> None:
    """Every compact IRI used as a key or type has its prefix in @context (so the document expands)."""
    if isinstance(knoten, dict):
        for k, v in knoten.items():
            if not k.startswith("@"):
                assert k.split(":")[0] in kontext, k
            if k == "@type":
                assert v.split(":")[0] in kontext, v
            _praefixe_bekannt(v, kontext)
    elif isinstance(knoten, list):
        for v in knoten:
            _praefixe_bekannt(v, kontext)


def test_dcat_katalog_mit_verteilung_je_format_und_lizenz(
    client: Client, daten: list, katalog: Katalog
) -> None:
    response = client.get("/opendaten/dcat.jsonld")
    assert response["Content-Type"] == "application/ld+json"
    doc = json.loads(response.content)
    kontext = doc["@context"]
    assert kontext["dcat"] == "http://www.w3.org/ns/dcat#" and kontext["dct"] == "http://purl.org/dc/terms/"
    assert kontext["dcatde"] == "http://dcat-ap.de/def/dcatde/"
    _praefixe_bekannt({k: v for k, v in doc.items() if k != "@context"}, kontext)
    assert doc["@type"] == "dcat:Catalog" and doc["dct:license"] == {"@id": LIZENZ_URI}
    assert doc["dct:publisher"]["foaf:name"] == "Landkreis Dahme-Spreewald"
    datensaetze = {d["dct:identifier"]: d for d in doc["dcat:dataset"]}
    assert set(datensaetze) == {f"indikatoren/{i}" for i in katalog.indikatoren} | {
        f"datensaetze/{d}" for d in katalog.datensaetze
    }
    anteil = datensaetze["indikatoren/auslaenderanteil"]
    assert anteil["@type"] == "dcat:Dataset" and anteil["dct:modified"]["@type"] == "xsd:dateTime"
    assert anteil["dcatde:politicalGeocodingURI"] == {
        "@id": "http://dcat-ap.de/def/politicalGeocoding/districtKey/12061"
    }
    assert {"@id": "http://publications.europa.eu/resource/authority/data-theme/SOCI"} in anteil["dcat:theme"]
    assert {"@value": "Rahmendaten Bevölkerung und Zuwanderung", "@language": "de"} in anteil["dcat:keyword"]
    assert anteil["dct:temporal"]["dcat:startDate"]["@value"] == "2023-01-01"
    for d in datensaetze.values():
        verteilungen = d["dcat:distribution"]
        assert len(verteilungen) == len(FORMATE)
        for v in verteilungen:
            assert v["@type"] == "dcat:Distribution" and v["dct:license"] == {"@id": LIZENZ_URI}
            assert v["dcatde:licenseAttributionByText"] == "Landkreis Dahme-Spreewald, Integrationsmonitor"
            url = v["dcat:downloadURL"]["@id"]
            assert url == v["dcat:accessURL"]["@id"] and url.startswith("http://testserver/opendaten/")
            resolve(url.removeprefix("http://testserver"))  # every file has a route
        endungen = sorted(v["dcat:downloadURL"]["@id"].split("/")[-1].split(".", 1)[1] for v in verteilungen)
        assert endungen == sorted(FORMATE)
    assert client.get(anteil["dcat:distribution"][2]["dcat:downloadURL"]["@id"]).status_code == 200
    dienst = doc["dcat:service"]
    assert client.get(dienst["dcat:endpointDescription"]["@id"]).status_code == 200


def test_seite_opendaten_verlinkt_alle_dateien(client: Client, daten: list, katalog: Katalog) -> None:
    response = client.get("/opendaten/")
    html = response.content.decode()
    assert response.status_code == 200 and "<h1>Offene Daten</h1>" in html
    assert 'href="/opendaten/" aria-current="page"' in html  # in the main navigation
    links = re.findall(r'href="((?:indikatoren|datensaetze)/[^"]+)"', html)
    assert len(links) == 4 * (len(katalog.indikatoren) + len(katalog.datensaetze))
    for link in links:
        resolve("/opendaten/" + link)
    assert 'id="datensatz-auslaender_bestand"' in html  # the DCAT landing pages of datasets
    assert "Datenlizenz Deutschland – Namensnennung – Version 2.0" in html


def test_seite_opendaten_englisch(client: Client, db: None) -> None:
    client.cookies["django_language"] = "en"
    html = client.get("/opendaten/").content.decode()
    assert "<h1>Open data</h1>" in html and "Open data</a></li>" in html


def test_datei_einmal_je_datenstand_erzeugt(
    client: Client, daten: list, katalog: Katalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    erzeugt: list[str] = []
    original = opendata.datei

    def zaehlend(*args: Any) -> opendata.Datei | None:
        erzeugt.append(args[3])
        return original(*args)

    monkeypatch.setattr(opendata, "datei", zaehlend)
    erste = client.get("/opendaten/indikatoren/auslaenderanteil.json")
    assert client.get("/opendaten/indikatoren/auslaenderanteil.json").content == erste.content
    assert erzeugt == ["auslaenderanteil.json"]
    liefern(
        katalog,
        "einbuergerungen",
        "2023",
        "einbuergerungen_2023.csv",
        "gebiet;zeitraum;staatsangehoerigkeit;geschlecht;wert\n12061;2023;_T;_T;231\n",
    )
    client.get("/opendaten/indikatoren/auslaenderanteil.json")
    assert erzeugt == ["auslaenderanteil.json"] * 2

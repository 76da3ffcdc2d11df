"""The read API /api/v1/…: same numbers as the dashboard and `imon series`, German JSON errors, provenance."""

from __future__ import annotations

import argparse
import json
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from integrationsmonitor.catalog.model import Katalog
from integrationsmonitor.cli.befehle import series
from integrationsmonitor.publish import formatting as fmt
from integrationsmonitor.store.ingest import Lieferergebnis
from integrationsmonitor.store.selectors import DbQuelle
from integrationsmonitor.web.indikatorseite import indikatorseite

from .conftest import AUSLAENDER_2024, liefern


def _json(client: Client, url: str, status: int = 200) -> Any:
    response = client.get(url)
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def _imon_series(katalog: Katalog, capsys: pytest.CaptureFixture[str], **optionen: str | None) -> Any:
    args = argparse.Namespace(indikator="auslaenderanteil", region=None, by=None, format="json")
    for name, wert in optionen.items():
        setattr(args, name, wert)
    assert series(katalog, args) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("region", ["12061", "12061020"])
def test_reihe_gleich_dashboard_und_imon_series(
    client: Client, daten: list, katalog: Katalog, capsys: pytest.CaptureFixture[str], region: str
) -> None:
    antwort = _json(client, f"/api/v1/indikatoren/auslaenderanteil/reihe?region={region}")
    assert antwort["data"] == _imon_series(katalog, capsys, region=region)
    werte = {z["period"]: z["value"] for z in antwort["data"]}
    if region == "12061":
        assert werte == {"2023": 13900 / 180000 * 100, "2024": 14933 / 182110 * 100}
        assert antwort["region"] == {"code": "12061", "name": "Landkreis Dahme-Spreewald", "level": "kreis"}
    else:
        assert werte["2024"] == 500 / 8932 * 100
    # the dashboard table shows the same values, rounded for display
    seite = indikatorseite(katalog, DbQuelle(katalog), katalog.indikatoren["auslaenderanteil"], None, region)
    angezeigt = {z.kopf: z.zellen[0].text for z in seite.tabelle.zeilen}
    assert angezeigt == {p: fmt.wert(w, "prozent") for p, w in werte.items()}
    html = client.get(f"/indikatoren/auslaenderanteil/?gebiet={region}").content.decode()
    assert f"<td>{fmt.wert(werte['2024'], 'prozent')}</td>" in html


def test_reihe_mit_aufschluesselung_wie_imon_series(
    client: Client, daten: list, katalog: Katalog, capsys: pytest.CaptureFixture[str]
) -> None:
    antwort = _json(client, "/api/v1/indikatoren/auslaender_nach_gruppe/reihe")
    erwartet = _imon_series(katalog, capsys, indikator="auslaender_nach_gruppe")
    assert antwort["by"] == "gruppe" and antwort["data"] == erwartet
    assert {"code": "eu", "name": "EU-Bürgerinnen und -Bürger"} in antwort["categories"]
    eu_2024 = next(z for z in antwort["data"] if z["period"] == "2024" and z["gruppe"] == "eu")
    assert eu_2024["value"] == 3000
    fehlt = next(z for z in antwort["data"] if z["period"] == "2023")  # only the total was delivered
    assert (fehlt["value"], fehlt["flag"]) == (None, ".") and fehlt["reason"]


def test_unbekannter_indikator_404_mit_deutscher_meldung(client: Client, db: None) -> None:
    for url in ("/api/v1/indikatoren/gibtesnicht", "/api/v1/indikatoren/gibtesnicht/reihe"):
        fehler = _json(client, url, 404)["error"]
        assert fehler["status"] == 404
        assert fehler["message"].startswith("Unbekannter Indikator „gibtesnicht“")
    assert "Unbekannte Adresse" in _json(client, "/api/v1/gibtesnicht", 404)["error"]["message"]


@pytest.mark.parametrize(
    ("abfrage", "meldung"),
    [
        ("region=99999", "Unbekanntes Gebiet „99999“"),
        (
            "by=staatsangehoerigkeit",
            "Indikator auslaenderanteil lässt sich nicht nach ‚staatsangehoerigkeit‘",
        ),
    ],
)
def test_falsches_gebiet_oder_aufschluesselung_400(
    client: Client, db: None, abfrage: str, meldung: str
) -> None:
    fehler = _json(client, f"/api/v1/indikatoren/auslaenderanteil/reihe?{abfrage}", 400)["error"]
    assert fehler["message"].startswith(meldung)


def test_gebiet_auf_falscher_ebene_400(client: Client, db: None) -> None:
    fehler = _json(client, "/api/v1/indikatoren/einbuergerungen/reihe?region=12061020", 400)["error"]
    assert fehler["message"] == (
        "Das Gebiet „12061020“ (Bestensee) gibt es für diesen Indikator nicht; möglich sind die Ebenen: kreis."
    )


def test_indikator_mit_definition_quellen_und_links(client: Client, daten: list) -> None:
    ind = _json(client, "/api/v1/indikatoren/auslaenderanteil")
    assert ind["unit"] == "prozent" and ind["periods"] == ["2023", "2024"]
    assert [q["dataset"] for q in ind["sources"]] == ["auslaender_bestand", "bevoelkerung_melderegister"]
    assert ind["links"]["series"] == "http://testserver/api/v1/indikatoren/auslaenderanteil/reihe"
    assert (
        ind["links"]["downloads"]["xlsx"] == "http://testserver/opendaten/indikatoren/auslaenderanteil.xlsx"
    )
    liste = _json(client, "/api/v1/indikatoren")["indicators"]
    assert "auslaenderanteil" in {i["id"] for i in liste}


def test_lieferungen_mit_herkunft_ohne_benutzernamen(
    client: Client, daten: list[Lieferergebnis], katalog: Katalog
) -> None:
    neu = liefern(katalog, "auslaender_bestand", "2024", "abh_bestand_2024_v2.csv", AUSLAENDER_2024 + "\n")
    response = client.get("/api/v1/lieferungen")
    assert b"statistikstelle" not in response.content  # the uploading user is not public
    alle = json.loads(response.content)["deliveries"]
    assert len(alle) == 6 and alle[0]["id"] == neu.lieferung.id  # newest first
    alt = next(d for d in alle if d["file_name"] == "abh_bestand_2024.csv")
    assert alt["status"] == "ersetzt" and alt["superseded_by"] == neu.lieferung.id and not alt["active"]
    assert set(alt) >= {
        "dataset",
        "period",
        "supplier",
        "supplier_name",
        "received",
        "status",
        "sha256",
        "cells",
    }
    assert alt["supplier_name"] == "Ausländerbehörde" and re.fullmatch(r"[0-9a-f]{64}", alt["sha256"])
    aktive = _json(client, "/api/v1/lieferungen?dataset=auslaender_bestand&active=true")["deliveries"]
    assert [(d["period"], d["file_name"]) for d in aktive] == [
        ("2024", "abh_bestand_2024_v2.csv"),
        ("2023", "abh_bestand_2023.csv"),
    ]
    assert (
        "Unbekannter Datensatz „x“" in _json(client, "/api/v1/lieferungen?dataset=x", 400)["error"]["message"]
    )
    assert (
        "true oder false" in _json(client, "/api/v1/lieferungen?active=vielleicht", 400)["error"]["message"]
    )


def test_etag_304_bis_zur_naechsten_lieferung(client: Client, daten: list, katalog: Katalog) -> None:
    url = "/api/v1/indikatoren/auslaenderanteil/reihe"
    erste = client.get(url)
    etag = erste["ETag"]
    assert erste.status_code == 200 and etag and erste["Last-Modified"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    liefern(
        katalog,
        "einbuergerungen",
        "2023",
        "einbuergerungen_2023.csv",
        "gebiet;zeitraum;staatsangehoerigkeit;geschlecht;wert\n12061;2023;_T;_T;231\n",
    )
    danach = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert danach.status_code == 200 and danach["ETag"] != etag


def test_nur_lesen(client: Client, db: None) -> None:
    response = client.post("/api/v1/indikatoren")
    assert response.status_code == 405 and response["Allow"] == "GET, HEAD"
    assert "Nur GET und HEAD" in json.loads(response.content)["error"]["message"]


def _api_pfade() -> set[str]:
    """Every path below api/v1/ in the URL configuration, in OpenAPI notation."""
    pfade: set[str] = set()

    def gehe(muster: list[Any], praefix: str) -> None:
        for m in muster:
            if isinstance(m, URLResolver):
                gehe(m.url_patterns, praefix + str(m.pattern))
            elif isinstance(m, URLPattern) and m.name != "api_unbekannt":
                pfad = praefix + str(m.pattern)
                if pfad.startswith("api/v1/"):
                    pfade.add("/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", pfad.removeprefix("api/v1/")))

    gehe(get_resolver().url_patterns, "")
    return pfade


def _refs(knoten: Any) -> list[str]:
    if isinstance(knoten, dict):
        return [v for k, v in knoten.items() if k == "$ref"] + [r for v in knoten.values() for r in _refs(v)]
    if isinstance(knoten, list):
        return [r for v in knoten for r in _refs(v)]
    return []


def test_openapi_beschreibt_jeden_api_pfad(client: Client, db: None) -> None:
    doc = _json(client, "/api/v1/openapi.json")
    assert doc["openapi"].startswith("3.1.") and doc["info"]["title"] and doc["info"]["version"]
    assert doc["servers"] == [{"url": "http://testserver/api/v1"}]
    pfade = _api_pfade()
    assert len(pfade) >= 6 and "/indikatoren/{indikator_id}/reihe" in pfade
    assert set(doc["paths"]) == pfade
    for pfad, eintrag in doc["paths"].items():
        assert set(eintrag) == {"get"}, pfad
        operation = eintrag["get"]
        assert operation["summary"] and "200" in operation["responses"]
        assert all("description" in a for a in operation["responses"].values())
        im_pfad = set(re.findall(r"{(\w+)}", pfad))
        deklariert = {p["name"] for p in operation.get("parameters", []) if p["in"] == "path"}
        assert im_pfad == deklariert, pfad
        assert all(p["required"] for p in operation.get("parameters", []) if p["in"] == "path")
    for ref in _refs(doc):
        ziel: Any = doc
        for teil in ref.removeprefix("#/").split("/"):
            ziel = ziel[teil]
        assert isinstance(ziel, dict)
    # every described path answers (with the demo indicator for the parameter)
    for pfad in pfade:
        assert client.get("/api/v1" + pfad.replace("{indikator_id}", "auslaenderanteil")).status_code == 200

"""Proof on a second county: the site runs on catalogues written by `imon kreis-anlegen` (IMON_CATALOG_DIR).

Landkreis Ahrweiler (Rheinland-Pfalz, Verbandsgemeinden) and the kreisfreie Stadt Düsseldorf get their
catalogues, a few small deliveries through the real delivery path (synthetic figures in the layout of
`imon deliver`, the same as tests/web/conftest.py for the default county), and then the start page, an
indicator page with its map and the FactSheet must name that county and show its areas.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.test import Client

from integrationsmonitor.catalog.anlegen import kreis_anlegen
from integrationsmonitor.catalog.loader import katalog as lade
from integrationsmonitor.catalog.model import Katalog
from integrationsmonitor.publish.bericht import baue_bericht, herausgeber
from integrationsmonitor.publish.factsheet import baue_factsheet
from integrationsmonitor.publish.services import erstelle_factsheet
from integrationsmonitor.store.selectors import DbQuelle

from .conftest import liefern

SVG = "{http://www.w3.org/2000/svg}"

# Synthetic figures (not the real ones), in the delivery layout: the Kreis and four Gemeinden
# (Adenau, Bad Neuenahr-Ahrweiler, Remagen, Sinzig); the other Gemeinden are not delivered.
AHR_BEVOELKERUNG = """gebiet;zeitraum;geschlecht;altersgruppe;wert;kennzeichen
07131;{jahr};_T;_T;{kreis};
07131001;{jahr};_T;_T;3000;
07131007;{jahr};_T;_T;28500;
07131070;{jahr};_T;_T;17200;
07131077;{jahr};_T;_T;17900;
"""
AHR_AUSLAENDER = """gebiet;zeitraum;gruppe;staatsangehoerigkeit;geschlecht;altersgruppe;wert;kennzeichen
07131;{jahr};_T;_T;_T;_T;{kreis};
07131001;{jahr};_T;_T;_T;_T;150;
07131007;{jahr};_T;_T;_T;_T;2900;
07131070;{jahr};_T;_T;_T;_T;1500;
07131077;{jahr};_T;_T;_T;_T;1250;
"""
# The kreisfreie Stadt delivers its Kreis and its one Gemeinde (the same figure).
DUS_BEVOELKERUNG = """gebiet;zeitraum;geschlecht;altersgruppe;wert;kennzeichen
05111;{jahr};_T;_T;{wert};
05111000;{jahr};_T;_T;{wert};
"""
DUS_AUSLAENDER = """gebiet;zeitraum;gruppe;staatsangehoerigkeit;geschlecht;altersgruppe;wert;kennzeichen
05111;{jahr};_T;_T;_T;_T;{wert};
05111000;{jahr};_T;_T;_T;_T;{wert};
"""


@pytest.fixture(scope="module")
def verzeichnisse(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    basis = tmp_path_factory.mktemp("kreise")
    return {ags: kreis_anlegen(ags, basis / ags).verzeichnis for ags in ("07131", "05111")}


def _katalog_setzen(settings, verzeichnis: Path) -> Katalog:
    settings.IMON_CATALOG_DIR = str(verzeichnis)
    k = lade(settings.IMON_CATALOG_DIR)  # what the site runs on (the catalogue in use, cached per directory)
    assert k.quelle == str(verzeichnis)
    return k


@pytest.fixture
def ahrweiler(settings, db: None, verzeichnisse: dict[str, Path]) -> Katalog:
    k = _katalog_setzen(settings, verzeichnisse["07131"])
    for jahr, bev, ausl in (("2023", 129800, 9300), ("2024", 130500, 9800)):
        liefern(k, "bevoelkerung_melderegister", jahr, f"melderegister_{jahr}.csv",
                AHR_BEVOELKERUNG.format(jahr=jahr, kreis=bev))  # fmt: skip
        liefern(
            k,
            "auslaender_bestand",
            jahr,
            f"abh_bestand_{jahr}.csv",
            AHR_AUSLAENDER.format(jahr=jahr, kreis=ausl),
        )
    return k


@pytest.fixture
def duesseldorf(settings, db: None, verzeichnisse: dict[str, Path]) -> Katalog:
    k = _katalog_setzen(settings, verzeichnisse["05111"])
    for jahr, bev, ausl in (("2023", 631000, 146000), ("2024", 633000, 150000)):
        liefern(k, "bevoelkerung_melderegister", jahr, f"melderegister_{jahr}.csv",
                DUS_BEVOELKERUNG.format(jahr=jahr, wert=bev))  # fmt: skip
        liefern(
            k,
            "auslaender_bestand",
            jahr,
            f"abh_bestand_{jahr}.csv",
            DUS_AUSLAENDER.format(jahr=jahr, wert=ausl),
        )
    return k


def _svg(html: str, id_: str) -> ET.Element:
    figur = re.search(rf'<figure class="landkarte" id="{id_}">(.*?)</figure>', html, re.S)
    assert figur is not None, id_
    svg = re.search(r"<svg .*?</svg>", figur.group(1), re.S)
    assert svg is not None
    return ET.fromstring(svg.group(0))


def _titel(svg: ET.Element) -> dict[str | None, str | None]:
    return {
        p.get("data-code"): p.findtext(f"{SVG}title") for p in svg.iter(f"{SVG}path") if p.get("data-code")
    }


def test_start_page_names_the_county(client: Client, ahrweiler: Katalog) -> None:
    html = client.get("/").content.decode()
    assert "Landkreis Ahrweiler" in html
    assert "Dahme-Spreewald" not in html and "LDS" not in html
    assert "7,5 %" in html  # Ausländeranteil 2024: 9.800 of 130.500


def test_indicator_page_maps_the_gemeinden_and_verbandsgemeinden(client: Client, ahrweiler: Katalog) -> None:
    antwort = client.get("/indikatoren/auslaenderanteil/")
    assert antwort.status_code == 200
    html = antwort.content.decode()
    assert "Landkreis Ahrweiler" in html and "Dahme" not in html
    gemeinden = _titel(_svg(html, "karte-gemeinden"))
    assert len(gemeinden) == 74 and all(c and c.startswith("07131") for c in gemeinden)
    assert gemeinden["07131007"] == "Bad Neuenahr-Ahrweiler: 10,2 %"  # 2.900 of 28.500
    verbaende = _titel(_svg(html, "karte-aemter"))
    assert len(verbaende) == 8 and "071315001" in verbaende
    assert "Verbandsgemeinde Adenau" in html
    assert "Ausländeranteil in den Verbandsgemeinden und verbandsfreien Gemeinden, 2024" in html
    assert "Verbandsgemeinden und verbandsfreie Gemeinden" in html  # the area choice names their kinds
    assert "amtsfrei" not in html
    assert "© GeoBasis-DE / BKG 2021 (Daten verändert)" in html


def test_factsheet_names_the_county_in_html_and_pdf(client: Client, ahrweiler: Katalog) -> None:
    fs = baue_factsheet(ahrweiler, DbQuelle(ahrweiler), "2024-Q4")
    assert fs.kreis == "Landkreis Ahrweiler"
    assert "top_staatsangehoerigkeiten" not in [a.id for a in fs.abbildungen]  # totals only: no empty ranking
    assert fs.karte is not None and "07131007" in fs.karte.svg
    ausgabe, neu = erstelle_factsheet(ahrweiler, "2024-Q4", benutzer="test")
    assert neu
    html = client.get("/factsheet/2024-Q4/").content.decode()
    assert "Landkreis Ahrweiler" in html and "9.800" in html
    pdf = client.get("/factsheet/2024-Q4.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content == bytes(ausgabe.pdf)
    import io

    from pypdf import PdfReader

    text = " ".join(" ".join(s.extract_text() for s in PdfReader(io.BytesIO(pdf.content)).pages).split())
    assert "Landkreis Ahrweiler" in text and "Dahme" not in text


def test_report_names_the_county_and_maps_its_gemeinden(ahrweiler: Katalog) -> None:
    bericht = baue_bericht(ahrweiler, DbQuelle(ahrweiler), 2024)
    assert (bericht.kreis, bericht.herausgeber) == (
        "Landkreis Ahrweiler",
        "Landkreis Ahrweiler, Kreisverwaltung",
    )
    karte = next(k for k in bericht.karten if k.id == "auslaenderanteil")
    assert 'data-code="07131070"' in karte.svg and "12061" not in karte.svg


def test_kreisfreie_stadt_runs_without_a_map(client: Client, duesseldorf: Katalog) -> None:
    html = client.get("/").content.decode()
    assert "Kreisfreie Stadt Düsseldorf" in html and "Dahme" not in html
    assert "Kennzahlen zur Integration, geordnet" in html and "im Landkreis" not in html
    englisch = client.get("/?sprache=en").content.decode()
    assert "Key figures on integration, by the fields of action" in englisch
    antwort = client.get("/indikatoren/auslaenderanteil/")
    assert antwort.status_code == 200
    seite = antwort.content.decode()
    assert "23,7 %" in seite  # 150.000 of 633.000
    assert 'class="landkarte"' not in seite  # one area compares nothing
    assert "Kreisfreie Stadt" in seite and "gemeinschaftsfrei" not in seite  # only the city to choose
    assert "Gemeinden im Vergleich" not in seite  # the city is its one Gemeinde
    fs = baue_factsheet(duesseldorf, DbQuelle(duesseldorf), "2024-Q4")
    assert fs.kreis == "Kreisfreie Stadt Düsseldorf" and fs.karte is None
    assert herausgeber(duesseldorf) == "Kreisfreie Stadt Düsseldorf, Stadtverwaltung"


def test_catalogues_do_not_leak_into_each_other(client: Client, settings, db: None, verzeichnisse) -> None:
    """Each directory is its own cached catalogue; the default comes back when the setting is empty."""
    ahr, dus = lade(str(verzeichnisse["07131"])), lade(str(verzeichnisse["05111"]))
    assert ahr is lade(str(verzeichnisse["07131"])) and ahr is not dus
    assert (ahr.kreis.code, dus.kreis.code, lade("").kreis.code) == ("07131", "05111", "12061")
    settings.IMON_CATALOG_DIR = str(verzeichnisse["07131"])
    assert "Landkreis Ahrweiler" in client.get("/").content.decode()
    settings.IMON_CATALOG_DIR = ""
    assert lade(settings.IMON_CATALOG_DIR).kreis.name == "Landkreis Dahme-Spreewald"
    html = client.get("/").content.decode()  # no answer of another county's catalogue kept in the cache
    assert "Dahme-Spreewald" in html and "Ahrweiler" not in html and "Düsseldorf" not in html


def test_a_map_file_broken_while_the_site_runs_gives_pages_without_a_map(
    client: Client, settings, db: None, verzeichnisse: dict[str, Path], tmp_path: Path
) -> None:
    """The loader refuses a broken karte.geojson (tests/catalog/test_kartendatei.py); if the file breaks
    after the catalogue was loaded, the indicator page and the FactSheet render without a map."""
    import shutil

    from integrationsmonitor.publish import karte as pk

    verzeichnis = tmp_path / "ahrweiler"
    shutil.copytree(verzeichnisse["07131"], verzeichnis)
    k = _katalog_setzen(settings, verzeichnis)
    for jahr, bev, ausl in (("2023", 129800, 9300), ("2024", 130500, 9800)):
        liefern(k, "bevoelkerung_melderegister", jahr, f"melderegister_{jahr}.csv",
                AHR_BEVOELKERUNG.format(jahr=jahr, kreis=bev))  # fmt: skip
        liefern(k, "auslaender_bestand", jahr, f"abh_bestand_{jahr}.csv",
                AHR_AUSLAENDER.format(jahr=jahr, kreis=ausl))  # fmt: skip
    (verzeichnis / "karte.geojson").write_text('{"type":"FeatureCollection","features":[{"type"', "utf-8")
    pk._geometrie_und_fehler.cache_clear()
    try:
        for adresse in ("/indikatoren/auslaenderanteil/", "/indikatoren/auslaenderanteil/?ansicht=karte"):
            antwort = client.get(adresse)
            assert antwort.status_code == 200, adresse
            html = antwort.content.decode()
            assert "10,2 %" in html and 'class="landkarte"' not in html  # the figures, no map
            assert "Die Karte kann derzeit nicht gezeigt werden (Kartendatei fehlerhaft)" in html
        assert baue_factsheet(k, DbQuelle(k), "2024-Q4").karte is None
        assert "kein gültiges JSON" in pk.kartenfehler(k.kreis.code, k.quelle)
    finally:
        pk._geometrie_und_fehler.cache_clear()


def test_delivery_form_names_profiles_that_do_not_fit(monkeypatch, tmp_path: Path, verzeichnisse) -> None:
    """Every shipped table profile fits a generated catalogue (gebiet: {kreis: true}); one that does not
    is named in the form with its reason instead of being dropped silently."""
    from integrationsmonitor.collect import tabellenprofil as tp
    from integrationsmonitor.web.forms import LieferungForm

    k = lade(str(verzeichnisse["07131"]))
    form = LieferungForm(katalog=k)
    assert {"ba_beschaeftigte", "abh_fachkraefteverfahren", "jobcenter_elb"} <= set(form.profile)
    assert "Nicht angeboten" not in form.fields["profil"].help_text
    (tmp_path / "ba_beschaeftigte.yaml").write_bytes(tp.profil_pfad("ba_beschaeftigte").read_bytes())
    text = tp.profil_pfad("jobcenter_elb").read_text(encoding="utf-8")
    (tmp_path / "jobcenter_elb.yaml").write_text(text.replace("kreis: true", 'code: "12061"'), "utf-8")
    monkeypatch.setattr(tp, "PROFIL_DIR", tmp_path)
    form = LieferungForm(katalog=k)
    assert set(form.profile) == {"ba_beschaeftigte"}
    hilfe = str(form.fields["profil"].help_text)
    assert "Nicht angeboten, weil sie nicht zum Katalog passen (imon check nennt sie): " in hilfe
    assert "Tabellenprofil jobcenter_elb passt nicht zum Katalog (Landkreis Ahrweiler)" in hilfe
    assert "gebiet.code ‚12061‘ ist kein Gebiet des Katalogs" in form.as_div()

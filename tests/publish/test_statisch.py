"""`imon export-site`: the public site as static files — readable without JavaScript, no broken links."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
from django.test import override_settings

from integrationsmonitor.publish.services import erstelle_factsheet
from integrationsmonitor.publish.statisch import ExportFehler, datei_fuer, exportiere
from web.conftest import LIEFERUNGEN, liefern

LINK = re.compile(r'\b(?:href|src)="([^"]*)"')
LIVE = "https://integration.example.org"


@pytest.fixture
def site(db, katalog, tmp_path) -> Path:
    for lf in LIEFERUNGEN:
        liefern(katalog, *lf)
    erstelle_factsheet(katalog, "2024-Q4", benutzer="test")
    with override_settings(IMON_SITE_URL=LIVE):
        exportiere(tmp_path / "site")
    return tmp_path / "site"


def test_every_internal_link_of_every_page_resolves(site):
    seiten = list(site.rglob("*.html"))
    assert len(seiten) >= 10
    geprueft = 0
    for seite in seiten:
        for link in LINK.findall(seite.read_text(encoding="utf-8")):
            ziel, _ = urldefrag(link)
            if not ziel or urlsplit(ziel).scheme in ("http", "https", "mailto"):
                continue
            assert (seite.parent / ziel).resolve().is_file(), f"{seite.relative_to(site)}: {link}"
            geprueft += 1
    assert geprueft > 100


def test_pages_carry_the_figures_and_need_no_server(site):
    start = (site / "index.html").read_text(encoding="utf-8")
    assert "14.933" in start
    for seite in site.rglob("*.html"):
        html = seite.read_text(encoding="utf-8")
        assert "<script" not in html, seite
        assert 'method="post"' not in html.lower(), seite  # language switch and logout need the server
        assert "http://testserver" not in html and "http://localhost" not in html
    factsheet = (site / "factsheet" / "2024-Q4" / "index.html").read_text(encoding="utf-8")
    assert "8,2 %" in factsheet and 'role="img"' in factsheet
    assert (site / "factsheet" / "2024-Q4__auflage-1.pdf").read_bytes().startswith(b"%PDF")
    assert (site / "bericht" / "2024" / "index.html").is_file()
    assert (site / "static" / "web" / "site.css").is_file()
    assert f'href="{LIVE}/anmelden/"' in start  # server-only parts link to the live site
    assert not (site / "traeger").exists() and not (site / "verwaltung").exists()  # no login pages copied
    indikator = (site / "indikatoren" / "auslaenderanteil" / "index.html").read_text(encoding="utf-8")
    aktionen = re.findall(r'<form\b[^>]*\baction="([^"]*)"', indikator)
    # the site search and the region filter ask the live site
    assert aktionen == [f"{LIVE}/suche/", f"{LIVE}/indikatoren/auslaenderanteil/"]
    for abbildung in re.findall(r'href="([^"]*\.(?:csv|xlsx|svg|png)(?:\?[^"]*)?)"', indikator):
        if "/opendaten/" not in abbildung:  # a figure's files are made by the live site on request
            assert abbildung.startswith(f"{LIVE}/indikatoren/auslaenderanteil/"), abbildung
    assert f"{LIVE}/indikatoren/auslaenderanteil/einbetten/" in indikator
    dcat = (site / "opendaten" / "dcat.jsonld").read_text(encoding="utf-8")
    assert f"{LIVE}/opendaten/indikatoren/auslaenderanteil.csv" in dcat and "testserver" not in dcat
    assert (site / "opendaten" / "indikatoren" / "auslaenderanteil.csv-metadata.json").is_file()


def test_english_pages_live_under_en_and_the_switch_links_the_same_page(site):
    de = (site / "indikatoren" / "auslaenderanteil" / "index.html").read_text(encoding="utf-8")
    en_datei = site / "en" / "indikatoren" / "auslaenderanteil" / "index.html"
    en = en_datei.read_text(encoding="utf-8")
    assert '<html lang="de"' in de and '<html lang="en"' in en
    assert "<form" not in de.split("<footer")[1]  # the switch in the footer is links, not a form
    schalter_de = re.search(r'<p class="sprachwahl">(.*?)</p>', de).group(1)
    schalter_en = re.search(r'<p class="sprachwahl">(.*?)</p>', en).group(1)
    assert (
        schalter_de
        == '<a href="../../en/indikatoren/auslaenderanteil/index.html" lang="en" hreflang="en">English</a>'
    )
    assert (
        schalter_en
        == '<a href="../../../indikatoren/auslaenderanteil/index.html" lang="de" hreflang="de">Deutsch</a>'
    )
    assert "14.933" in (site / "en" / "index.html").read_text(encoding="utf-8")  # German number format stays
    assert {p.relative_to(site / "en").parts[0] for p in (site / "en").rglob("*") if p.is_file()} <= {
        "index.html",
        "indikatoren",
        "factsheet",
        "bericht",
        "opendaten",
        "handlungsfelder",
        "kurse",
        "angebote",
        "mitmachen",  # the initiatives; the interest form and the role pages need the server
    }
    assert (
        not list((site / "en").rglob("*.pdf")) and not (site / "en" / "static").exists()
    )  # files exist once
    assert not (site / "initiative").exists() and not (site / "mitmachen" / "interesse").exists()
    seiten_de = {p.relative_to(site) for p in site.rglob("index.html") if p.parts[len(site.parts)] != "en"}
    seiten_en = {p.relative_to(site / "en") for p in (site / "en").rglob("index.html")}
    assert seiten_de == seiten_en


def test_a_non_empty_folder_is_refused_and_left_alone(db, tmp_path):
    ziel = tmp_path / "voll"
    ziel.mkdir()
    (ziel / "eigene.html").write_text("behalten", encoding="utf-8")
    with pytest.raises(ExportFehler, match="nicht leer"):
        exportiere(ziel)
    assert [p.name for p in ziel.iterdir()] == ["eigene.html"]


@pytest.mark.parametrize(
    ("url", "datei"),
    [
        ("/", "index.html"),
        ("/indikatoren/x/", "indikatoren/x/index.html"),
        ("/factsheet/2024-Q4.pdf?auflage=2", "factsheet/2024-Q4__auflage-2.pdf"),
        ("/opendaten/a.csv", "opendaten/a.csv"),
    ],
)
def test_urls_become_files(url, datei):
    assert datei_fuer(url) == datei

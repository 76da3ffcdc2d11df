"""The annual report: a chapter per Handlungsfeld, every indicator with chart, table, change and target."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from integrationsmonitor.publish.bericht import baue_bericht
from integrationsmonitor.publish.services import bericht, bericht_html, bericht_pdf
from integrationsmonitor.store.selectors import DbQuelle

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture(scope="module")
def bericht_2024(demo, django_db_blocker):
    with django_db_blocker.unblock():
        return bericht(demo, 2024)


def _text(pdf: bytes) -> str:
    return " ".join(" ".join(s.extract_text() for s in PdfReader(io.BytesIO(pdf)).pages).split())


def test_every_handlungsfeld_is_a_chapter_and_every_indicator_an_entry(demo, bericht_2024):
    assert [k.id for k in bericht_2024.kapitel] == [
        h.id for h in sorted(demo.handlungsfelder.values(), key=lambda h: h.nr)
    ]
    eintraege = {e.id: e for k in bericht_2024.kapitel for e in k.eintraege}
    assert set(eintraege) == set(demo.indikatoren)
    anteil = eintraege["auslaenderanteil"]
    assert anteil.wert == "8,2 %"
    assert anteil.veraenderung.startswith("+0,5 Prozentpunkte gegenüber 2023")
    assert anteil.abbildung is not None and anteil.abbildung.tabelle.zeilen[0][-1] == "8,2 %"
    assert eintraege["einbuergerungen"].veraenderung.startswith("+55 ")
    assert all(e.ziel_label for e in eintraege.values())  # a status (or "kein Ziel") everywhere
    quote = eintraege["einbuergerungsquote"]  # demo targets: 1,5 % for 2024, 2,0 % for 2026
    assert (quote.ziel_symbol, quote.ziel_label) == ("✓", "Ziel erreicht")
    assert quote.abbildung is not None and "Zielwert" in json.dumps(quote.abbildung.spec, ensure_ascii=False)
    assert "Zielwert" not in json.dumps(eintraege["bevoelkerung"].abbildung.spec, ensure_ascii=False)


def test_the_report_of_an_earlier_year_stops_at_its_end(demo, django_db_blocker):
    with django_db_blocker.unblock():
        b = baue_bericht(demo, DbQuelle(demo), 2020)
    anteil = next(e for k in b.kapitel for e in k.eintraege if e.id == "auslaenderanteil")
    assert anteil.abbildung is not None and anteil.abbildung.tabelle.kopf[-1] == "2020"
    assert "2024" not in anteil.abbildung.tabelle.kopf


def test_pdf_and_html_carry_the_same_figures(bericht_2024):
    pdf = bericht_pdf(bericht_2024)
    reader = PdfReader(io.BytesIO(pdf))
    text = _text(pdf)
    assert len(reader.pages) > 10 and reader.trailer["/Root"]["/Lang"] in ("de", "de-DE")
    for erwartet in ("Integrationsmonitoring 2024", "Inhalt", "Rahmendaten", "Ausländeranteil", "8,2 %",
                     "14.933", "Veränderung", "Ziel", "Quelle:"):  # fmt: skip
        assert erwartet in text, erwartet
    html = bericht_html(bericht_2024)
    assert html.startswith("<!DOCTYPE html>") and '<html lang="de">' in html
    assert "8,2 %" in html and "14.933" in html and "<style>" in html
    assert "Das Wichtigste in Kürze" in html  # the summary: one table without a chart
    assert html.count('role="img"') == html.count("<table") - 1  # every chart with its table


def test_site_serves_the_report(client, demo):
    seite = client.get("/bericht/2024/")
    assert seite.status_code == 200 and "8,2 %" in seite.content.decode()
    pdf = client.get("/bericht/2024.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert client.get("/bericht/1990/").status_code == 404


def test_imon_report_writes_pdf_and_html(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "IMON_DATABASE_URL"}
    imon = str(Path(sys.executable).parent / "imon")
    db = f"sqlite:///{tmp_path / 'leer.sqlite3'}"
    leer = subprocess.run([imon, "report", "2024", "-o", str(tmp_path), "--db", db],
                          capture_output=True, text=True, env=env, timeout=180)  # fmt: skip
    assert leer.returncode == 1 and "der Bericht wäre leer" in leer.stderr
    assert not (tmp_path / "bericht_2024.pdf").exists()
    falsch = subprocess.run([imon, "report", "24", "--db", db], capture_output=True, text=True, env=env,
                            timeout=180)  # fmt: skip
    assert falsch.returncode == 2 and "YEAR: 24 liegt außerhalb" in falsch.stderr

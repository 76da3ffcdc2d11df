"""The quarterly FactSheet: the demo's figures in a tagged PDF and on the site, archived with its deliveries."""

from __future__ import annotations

import io
import re

import pytest
from django.contrib.auth import get_user_model
from PIL import Image
from pypdf import PdfReader

from integrationsmonitor.publish.factsheet import baue_factsheet
from integrationsmonitor.publish.models import FactSheetAusgabe
from integrationsmonitor.publish.services import (
    aenderungen_seit,
    erstelle_factsheet,
    factsheet_der_ausgabe,
    factsheet_pdf,
    factsheet_png,
)
from integrationsmonitor.registry.models import Rolle, Zugang
from integrationsmonitor.store.ingest import TRENNER, liefere
from integrationsmonitor.store.models import Lieferung
from integrationsmonitor.store.selectors import DbQuelle

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def _text(pdf: bytes) -> str:
    """The PDF's text with every run of white space (line breaks in cards) as one space."""
    return " ".join(" ".join(seite.extract_text() for seite in PdfReader(io.BytesIO(pdf)).pages).split())


@pytest.fixture(scope="module")
def ausgabe(demo, django_db_blocker):
    with django_db_blocker.unblock():
        a, neu = erstelle_factsheet(demo, "2024-Q4", benutzer="test")
    assert neu
    return a


def test_pdf_has_the_demo_key_figures_on_two_to_four_pages(ausgabe):
    pdf = bytes(ausgabe.pdf)
    reader = PdfReader(io.BytesIO(pdf))
    text = _text(pdf)
    assert 2 <= len(reader.pages) <= 4
    for erwartet in ("FactSheet Migration & Integration", "Landkreis Dahme-Spreewald", "4. Quartal 2024",
                     "14.933", "8,2 %", "+0,5 Prozentpunkte gegenüber 2023", "Einbürgerungen",
                     "häufigsten Staatsangehörigkeiten", "Polen", "Quelle: Ausländerbehörde", "Datenstand"):  # fmt: skip
        assert erwartet in text, erwartet


def test_pdf_is_tagged_in_german_with_embedded_fonts(ausgabe):
    reader = PdfReader(io.BytesIO(bytes(ausgabe.pdf)))
    root = reader.trailer["/Root"]
    assert root["/Lang"] in ("de", "de-DE")
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert "FactSheet" in reader.metadata.title
    fonts = {}
    for seite in reader.pages:
        for f in seite["/Resources"]["/Font"].values():
            f = f.get_object()
            nachkommen = f.get("/DescendantFonts")
            desc = (nachkommen[0].get_object() if nachkommen else f)["/FontDescriptor"].get_object()
            fonts[f["/BaseFont"]] = any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    assert fonts and all(fonts.values()), fonts
    assert all("DejaVu" in str(name) for name in fonts)


def test_a_rendered_page_is_not_blank(demo, ausgabe):
    seite = Image.open(
        io.BytesIO(factsheet_png(factsheet_der_ausgabe(demo, ausgabe), ausgabe.erstellt_am)[0])
    )
    graustufen = seite.convert("L")
    haeufigkeit = graustufen.histogram()  # pixels per grey level 0..255
    assert seite.width > 300 and seite.height > 400
    assert 1 - max(haeufigkeit) / (seite.width * seite.height) > 0.03  # text, chart and tables cover it
    assert sum(haeufigkeit[:80]) > 500  # dark text is there


def test_the_archive_keeps_an_issue_and_its_numbers_after_a_correction(demo, ausgabe, django_db_blocker):
    """Correct the foreigners of 2024 (every cell doubled keeps the margins consistent)."""
    alt = Lieferung.objects.get(datensatz="auslaender_bestand", zeitraum="2024", status="aktiv")
    assert ausgabe.lieferungen.filter(id=alt.id).exists()
    merkmale = list(demo.datensaetze["auslaender_bestand"].merkmale)
    zeilen = ["gebiet;zeitraum;" + ";".join(merkmale) + ";wert;kennzeichen"]
    for b in alt.beobachtungen.all():
        wert = "" if b.wert is None else str(int(b.wert) * 2)
        zeilen.append(f"{b.gebiet};2024;{';'.join(b.merkmale.split(TRENNER))};{wert};{b.kennzeichen}")
    with django_db_blocker.unblock():
        ergebnis = liefere(katalog=demo, daten="\n".join(zeilen).encode(), datei_name="berichtigt.csv",
                           datensatz="auslaender_bestand", zeitraum="2024", benutzer="test")  # fmt: skip
        assert ergebnis.angenommen, ergebnis.probleme[:3]
        try:
            archiv = factsheet_der_ausgabe(demo, ausgabe)
            zahlen = {k.id: k.wert for k in archiv.kennzahlen}
            assert (zahlen["auslaender_gesamt"], zahlen["auslaenderanteil"]) == ("14.933", "8,2 %")
            heute = {k.id: k.wert for k in baue_factsheet(demo, DbQuelle(demo), "2024-Q4").kennzahlen}
            assert heute["auslaender_gesamt"] == "29.866"
            neu_pdf = factsheet_pdf(archiv, ausgabe.erstellt_am)
            assert neu_pdf == bytes(ausgabe.pdf)  # the same inputs give the same PDF, byte for byte
            aenderungen = aenderungen_seit(demo, ausgabe)
            assert any("2024: Lieferung vom" in t and "ersetzt" in t for t in aenderungen.lieferungen)
            assert (
                "Ausländerinnen und Ausländer: 14.933 (2024) → heute 29.866 (2024)" in aenderungen.kennzahlen
            )
            zweite, neu = erstelle_factsheet(demo, "2024-Q4", benutzer="test", neue_auflage=True)
            assert neu and zweite.auflage == 2 and "29.866" in _text(bytes(zweite.pdf))
            assert erstelle_factsheet(demo, "2024-Q4", benutzer="test")[0] == zweite  # no third by accident
        finally:
            FactSheetAusgabe.objects.filter(auflage__gt=1).delete()
            Lieferung.objects.filter(id=ergebnis.lieferung.id).update(status="ersetzt")
            Lieferung.objects.filter(id=alt.id).update(status="aktiv", ersetzt_durch=None)
            Lieferung.objects.filter(id=ergebnis.lieferung.id).delete()


def test_site_shows_the_issue_as_html_and_pdf(client, demo, ausgabe):
    liste = client.get("/factsheet/")
    assert liste.status_code == 200 and "4. Quartal 2024" in liste.content.decode()
    seite = client.get("/factsheet/2024-Q4/")
    html = seite.content.decode()
    assert seite.status_code == 200
    assert "14.933" in html and "8,2 %" in html
    assert html.count('role="img"') >= 5 and html.count("<table") >= 5  # every chart with its table
    assert 'href="/factsheet/2024-Q4.pdf?auflage=1"' in html
    pdf = client.get("/factsheet/2024-Q4.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content == bytes(ausgabe.pdf)
    assert client.get("/factsheet/2031-Q1/").status_code == 404


def test_site_shows_key_figures_as_cards(client, demo, ausgabe):
    html = client.get("/factsheet/2024-Q4/").content.decode()
    karten = re.findall(r'<li class="fs-karte">(.*?)</li>', html, re.S)
    assert len(karten) >= 8 and 'class="kennzahl"' not in html
    sgb = next(k for k in karten if "SGB-II-Quote der Ausländerinnen und Ausländer" in k)
    assert '<h3 class="fs-karte-titel">' in sgb and '<p class="fs-karte-wert">25,4 %</p>' in sgb
    assert '<p class="fs-karte-zeit">2024</p>' in sgb
    assert '<p class="fs-karte-veraenderung">\u22122,0 Prozentpunkte gegenüber 2023</p>' in sgb
    assert "-2,0" not in html  # negatives with the minus sign U+2212, not a hyphen


def test_only_staff_create_issues(client, demo, ausgabe):
    assert client.post("/factsheet/erstellen/", {"zeitraum": "2024-Q3"}).status_code == 302
    assert not FactSheetAusgabe.objects.filter(zeitraum="2024-Q3").exists()  # redirected to the login
    nutzer = get_user_model().objects.create_user("leser", password="x-geheim-1")
    client.force_login(nutzer)
    client.post("/factsheet/erstellen/", {"zeitraum": "2024-Q3"})
    assert not FactSheetAusgabe.objects.filter(zeitraum="2024-Q3").exists()
    Zugang.objects.create(benutzer=nutzer, rolle=Rolle.ADMIN)  # the admin role publishes
    antwort = client.post("/factsheet/erstellen/", {"zeitraum": "2024-Q3"}, follow=True)
    assert FactSheetAusgabe.objects.filter(zeitraum="2024-Q3").count() == 1
    assert "erstellt und archiviert" in antwort.content.decode()
    falsch = client.post("/factsheet/erstellen/", {"zeitraum": "2024-Q7"}, follow=True)
    assert "FactSheet nicht erstellt" in falsch.content.decode()
    FactSheetAusgabe.objects.filter(zeitraum="2024-Q3").delete()


def test_course_register_figures_join_the_key_figures_once_courses_exist(demo, django_db_blocker):
    """Last in the module: it adds the demo's language courses to the shared demo database."""
    from datetime import date

    from integrationsmonitor.indicators.engine import reihe
    from integrationsmonitor.publish import formatting as fmt
    from integrationsmonitor.registry.kurse.demo import baue_kurse_demo

    q = DbQuelle(demo)
    assert "kursregister_plaetze" not in {
        k.id for k in baue_factsheet(demo, q, "2024-Q4", q.eingang).kennzahlen
    }
    with django_db_blocker.unblock():
        baue_kurse_demo(demo, heute=date(2025, 5, 15))  # courses from May 2025 on, delivered on save
    q = DbQuelle(demo)
    karten = {k.id: k for k in baue_factsheet(demo, q, "2025-Q4", q.eingang).kennzahlen}
    assert {"sprachkurse", "kursregister_plaetze", "kursregister_auslastung"} <= karten.keys()
    plaetze = {r.period: r.value for r in reihe(demo, q, "kursregister_plaetze")}
    assert karten["kursregister_plaetze"].periode == "2025"
    assert karten["kursregister_plaetze"].wert == fmt.wert(plaetze["2025"], "anzahl") != fmt.FEHLT

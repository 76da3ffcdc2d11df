"""The annual report as a handout (issue 11, item 7): title page with logo and imprint, the Verwaltung's
foreword and chapter commentary, a summary, "noch keine Daten" for fields without data, charts sized to
their data, Gemeinde maps with the BKG attribution; hostile texts print as text. One PDF build serves
several assertions."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.utils import timezone
from PIL import Image
from pypdf import PdfReader

from integrationsmonitor.publish.bericht import KEINE_DATEN, VORWORT
from integrationsmonitor.publish.karte import NAMENSNENNUNG
from integrationsmonitor.publish.models import Berichtstext
from integrationsmonitor.publish.pdf import STANDARD_LOGO, kompiliere, logo_fehler
from integrationsmonitor.publish.services import bericht, speichere_berichtstexte
from integrationsmonitor.publish.texte import absaetze

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

FEINDLICH = (
    'Vorwort #set page(fill: red) $x^2$ ] [ \\ @quelle <marke> *fett* _schräg_ = Titel #pagebreak() "Ende"'
)
KOMMENTAR = "Die Zahl der Einbürgerungen ist 2024 deutlich gestiegen.\n\nZweiter Absatz des Kommentars."


def _text(pdf: bytes) -> str:
    return " ".join(" ".join(s.extract_text() for s in PdfReader(io.BytesIO(pdf)).pages).split())


@pytest.fixture(scope="module")
def gebaut(demo, django_db_blocker):
    """(report, PDF, page images) of 2024 with a hostile foreword and a chapter commentary."""
    with django_db_blocker.unblock():
        speichere_berichtstexte(2024, {VORWORT: FEINDLICH, "werte": KOMMENTAR}, benutzer="test")
        b = bericht(demo, 2024)
    jetzt = timezone.now().replace(microsecond=0)
    daten, bilder = b.als_dict(), b.bilder()
    pdf = kompiliere("bericht", daten, bilder=bilder, zeitpunkt=jetzt)
    seiten = kompiliere("bericht", daten, bilder=bilder, zeitpunkt=jetzt, format="png", ppi=20)
    assert isinstance(pdf, bytes) and isinstance(seiten, list)
    yield b, pdf, seiten
    with django_db_blocker.unblock():  # the demo database is shared by the session: leave no texts behind
        Berichtstext.objects.filter(jahr=2024).delete()


def test_title_page_imprint_foreword_summary_and_commentary(gebaut):
    b, pdf, _seiten = gebaut
    reader = PdfReader(io.BytesIO(pdf))
    titelseite = " ".join(reader.pages[0].extract_text().split())
    assert "Integrationsmonitoring 2024" in titelseite and "Landkreis Dahme-Spreewald" in titelseite
    assert "Herausgeber: Landkreis Dahme-Spreewald, Kreisverwaltung" in titelseite
    impressum = " ".join(reader.pages[1].extract_text().split())
    for erwartet in ("Impressum", "Datenstand", "Lieferungen eingegangen bis", "Lizenz der Daten",
                     "Datenlizenz Deutschland", NAMENSNENNUNG):  # fmt: skip
        assert erwartet in impressum, erwartet
    text = _text(pdf)
    assert "Vorwort" in text and "Das Wichtigste in Kürze" in text
    assert "Die Zahl der Einbürgerungen ist 2024 deutlich gestiegen." in text
    assert "Zweiter Absatz des Kommentars." in text
    assert b.kapitel[[k.id for k in b.kapitel].index("werte")].kommentar == absaetze(KOMMENTAR)


def test_hostile_foreword_prints_as_text(gebaut):
    _b, pdf, seiten = gebaut
    text = _text(pdf)
    for teil in ("#set page(fill: red)", "$x^2$", "] [ \\ @quelle <marke>", "*fett* _schräg_", "= Titel",
                 '#pagebreak() "Ende"'):  # fmt: skip
        assert teil in text, teil
    rot = Image.open(io.BytesIO(seiten[2])).convert("RGB").getpixel((5, 5))
    assert rot == (255, 255, 255)  # the foreword's page is not red: the markup was not run


def test_summary_has_key_figures_with_target_status(gebaut):
    b, pdf, _seiten = gebaut
    zeilen = {e.id: e for _k, eintraege in b.uebersicht for e in eintraege}
    assert zeilen["auslaenderanteil"].wert == "8,2 %"
    assert (zeilen["einbuergerungsquote"].ziel_symbol, zeilen["einbuergerungsquote"].ziel_label) == (
        "✓",
        "Ziel erreicht",
    )
    assert all(e.wert not in ("", ".") for e in zeilen.values())
    assert "✓ Ziel erreicht" in _text(pdf)


def test_every_field_has_data_in_2024(gebaut):
    b, _pdf, _seiten = gebaut
    assert [k.id for k in b.kapitel if not k.hat_daten] == []


def test_fields_without_data_are_one_line(demo, django_db_blocker):
    # in 2018 the fields the demo measures only since 2019/2020 (Bildung, Gesundheit, Sport und Kultur) have no data
    with django_db_blocker.unblock():
        b = bericht(demo, 2018)
    leer = [k for k in b.kapitel if not k.hat_daten]
    assert {"gesundheit", "sport_kultur"} <= {k.id for k in leer}
    pdf = kompiliere(
        "bericht", b.als_dict(), bilder=b.bilder(), zeitpunkt=timezone.now().replace(microsecond=0)
    )
    assert isinstance(pdf, bytes)
    text = _text(pdf)
    for k in leer:
        for e in k.eintraege:
            assert f"{e.name}: {KEINE_DATEN}" in text
    assert all(e.abbildung is None for k in leer for e in k.eintraege)


def test_charts_are_sized_to_their_data(gebaut):
    b, _pdf, _seiten = gebaut
    eintraege = [e for k in b.kapitel for e in k.eintraege if e.abbildung is not None]
    for e in eintraege:
        assert e.abbildung is not None
        perioden = len(e.abbildung.tabelle.kopf) - 1
        if perioden == 1 and len(e.abbildung.tabelle.zeilen) == 1:
            assert e.diagramm_breite == 0  # a single value is stated, not drawn
        elif perioden <= 3:
            assert e.diagramm_breite < 160 or e.abbildung.spec.get("height", 0) <= 200
    lang = next(e for e in eintraege if e.id == "auslaenderanteil")
    assert lang.diagramm_breite == 160 and lang.abbildung is not None
    kurz = [e for e in eintraege if 1 < len(e.abbildung.tabelle.kopf) - 1 <= 3]
    assert kurz and all(e.abbildung.spec["height"] < lang.abbildung.spec["height"] for e in kurz)


def test_maps_of_rates_with_the_bkg_attribution(gebaut):
    b, pdf, _seiten = gebaut
    karten = {k.id: k for k in b.karten}
    assert "auslaenderanteil" in karten and "bevoelkerung" not in karten  # shares, not counts
    assert karten["auslaenderanteil"].titel == "Ausländeranteil in den Gemeinden, 2024"
    text = _text(pdf)
    assert "Ausländeranteil in den Gemeinden, 2024" in text
    assert text.count(f"Kartengrundlage: {NAMENSNENNUNG}") == len(karten)
    links = [
        a.get_object()["/A"].get("/URI")
        for seite in PdfReader(io.BytesIO(pdf)).pages
        for a in seite.get("/Annots", [])
        if "/A" in a.get_object()
    ]
    assert "https://www.bkg.bund.de" in [str(u).rstrip("/") for u in links]


def test_page_count_is_sane_and_no_page_is_mostly_blank(gebaut):
    _b, pdf, seiten = gebaut
    # about one page per Handlungsfeld's indicators plus title, imprint, foreword, summary and maps
    assert 12 <= len(PdfReader(io.BytesIO(pdf)).pages) <= 60
    assert len(seiten) == len(PdfReader(io.BytesIO(pdf)).pages)
    for nr, png in enumerate(seiten, start=1):
        seite = Image.open(io.BytesIO(png)).convert("L")
        haeufigkeit = seite.histogram()
        bedeckt = 1 - haeufigkeit[255] / (seite.width * seite.height)
        assert bedeckt > 0.02, f"Seite {nr} ist fast leer ({bedeckt:.3f})"


def test_missing_or_broken_logo_gives_the_report_without_logo(gebaut, tmp_path):
    b, _pdf, _seiten = gebaut
    fehlt = tmp_path / "fehlt.png"
    kaputt = tmp_path / "kaputt.png"
    kaputt.write_bytes(b"\x89PNG\r\n\x1a\n kein Bild")
    textdatei = tmp_path / "logo.txt"
    textdatei.write_text("kein Logo")
    assert logo_fehler(STANDARD_LOGO) is None
    assert logo_fehler(fehlt) == f"Logo {fehlt}: die Datei gibt es nicht"
    assert "nur PNG- oder SVG-Dateien" in (logo_fehler(textdatei) or "")
    for logo in (fehlt, kaputt, textdatei):
        pdf = kompiliere("bericht", b.als_dict(), bilder=b.bilder(), zeitpunkt=timezone.now(), logo=logo)
        assert isinstance(pdf, bytes) and pdf.startswith(b"%PDF")
        assert "Logo" not in str(PdfReader(io.BytesIO(pdf)).pages[0].extract_text())


def test_imon_check_names_an_unusable_logo(settings, tmp_path):
    from integrationsmonitor.web.betriebspruefung import pruefe_betrieb

    settings.IMON_LOGO = str(tmp_path / "logo.png")
    befunde = [f.text for f in pruefe_betrieb()]
    assert any(
        t.startswith(f"IMON_LOGO: Logo {tmp_path / 'logo.png'}: die Datei gibt es nicht") for t in befunde
    )
    settings.IMON_LOGO = str(STANDARD_LOGO)
    assert not any(t.startswith("IMON_LOGO") for t in (f.text for f in pruefe_betrieb()))


def test_paragraphs_of_a_text():
    assert absaetze("  Erster\nTeil.\r\n\r\n\n Zweiter\x00 Absatz. \n\n  ") == [
        "Erster Teil.",
        "Zweiter Absatz.",
    ]
    assert absaetze("") == [] and absaetze("\n \n") == []
    assert Path(STANDARD_LOGO).suffix == ".svg"

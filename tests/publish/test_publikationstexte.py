"""Foreword, chapter commentary and FactSheet commentary edited in the web (issue 11, item 7): only the
publishing role (admin) may save; the texts appear escaped on the pages and as text in the PDFs."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from pypdf import PdfReader

from integrationsmonitor.publish.models import KOMMENTAR_MAX, Berichtstext, FactSheetAusgabe
from integrationsmonitor.publish.services import erstelle_factsheet
from integrationsmonitor.registry.models import Rolle, Zugang

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

VORWORT = "Liebe Leserinnen und Leser, <script>alert(1)</script> & #set text(red)"


def _text(pdf: bytes) -> str:
    return " ".join(" ".join(s.extract_text() for s in PdfReader(io.BytesIO(pdf)).pages).split())


def _client(rolle: str | None) -> Client:
    c = Client()
    nutzer = get_user_model().objects.create_user(f"nutzer-{rolle}", password="x-geheim-1")
    if rolle is not None:
        Zugang.objects.create(
            benutzer=nutzer, rolle=rolle, lieferant="abh" if rolle == Rolle.LIEFERSTELLE else ""
        )
    c.force_login(nutzer)
    return c


@pytest.fixture(scope="module")
def ausgabe(demo, django_db_blocker):
    with django_db_blocker.unblock():
        a, _neu = erstelle_factsheet(demo, "2024-Q4", benutzer="test")
    return a


def test_the_public_and_other_roles_cannot_edit_the_report_texts(client, demo):
    daten = {"vorwort": "fremd", "werte": "fremd"}
    anonym = client.post("/bericht/2024/texte/", daten)
    assert anonym.status_code == 302 and anonym["Location"].startswith("/anmelden/")
    assert client.get("/bericht/2024/texte/").status_code == 302
    for rolle in (None, Rolle.ANALYST, Rolle.LIEFERSTELLE):
        c = _client(rolle)
        assert c.get("/bericht/2024/texte/").status_code == 403, rolle
        assert c.post("/bericht/2024/texte/", daten).status_code == 403, rolle
    assert not Berichtstext.objects.exists()
    assert "/bericht/2024/texte/" not in client.get("/bericht/2024/").content.decode()


def test_admin_saves_foreword_and_commentary_shown_escaped_and_in_the_pdf(demo):
    c = _client(Rolle.ADMIN)
    seite = c.get("/bericht/2024/")
    assert 'href="/bericht/2024/texte/"' in seite.content.decode()
    formular = c.get("/bericht/2024/texte/").content.decode()
    assert 'name="vorwort"' in formular and 'name="werte"' in formular and 'name="kontext"' in formular
    antwort = c.post(
        "/bericht/2024/texte/", {"vorwort": VORWORT, "werte": "Mehr Einbürgerungen.\n\nZweitens."}
    )
    assert antwort.status_code == 302 and antwort["Location"] == "/bericht/2024/"
    assert Berichtstext.objects.get(jahr=2024, abschnitt="vorwort").geaendert_von == "nutzer-admin"
    html = Client().get("/bericht/2024/").content.decode()
    assert (
        "&lt;script&gt;alert(1)&lt;/script&gt; &amp; #set text(red)" in html and "<script>alert" not in html
    )
    assert "<p>Mehr Einbürgerungen.</p><p>Zweitens.</p>" in html
    text = _text(Client().get("/bericht/2024.pdf").content)
    assert VORWORT in text and "Mehr Einbürgerungen. Zweitens." in text
    c.post("/bericht/2024/texte/", {"vorwort": "", "werte": "Mehr Einbürgerungen.\n\nZweitens."})
    assert list(Berichtstext.objects.values_list("abschnitt", flat=True)) == ["werte"]  # empty: removed


def test_factsheet_commentary_is_edited_by_admin_only_and_rebuilds_the_pdf(client, demo, ausgabe):
    url = "/factsheet/2024-Q4/kommentar/"
    assert client.post(url, {"kommentar": "fremd"}).status_code == 302
    assert _client(Rolle.ANALYST).post(url, {"kommentar": "fremd"}).status_code == 403
    admin = _client(Rolle.ADMIN)
    assert url in admin.get("/factsheet/2024-Q4/").content.decode()
    zu_lang = admin.post(url, {"kommentar": "x" * (KOMMENTAR_MAX + 1), "auflage": ausgabe.auflage})
    assert zu_lang.status_code == 200 and "höchstens" in zu_lang.content.decode()
    alt = FactSheetAusgabe.objects.get(pk=ausgabe.pk).pdf_sha256
    text = "Die Einbürgerungen sind gestiegen <b>#fett</b> $1$ @ref."
    assert admin.post(url, {"kommentar": text, "auflage": ausgabe.auflage}).status_code == 302
    neu = FactSheetAusgabe.objects.get(pk=ausgabe.pk)
    assert neu.kommentar == text and neu.pdf_sha256 != alt and neu.inhalt["kommentar"] == [text]
    pdf = client.get("/factsheet/2024-Q4.pdf").content
    assert text in _text(pdf) and "Ausländeranteil in den Gemeinden" in _text(pdf)
    assert len(PdfReader(io.BytesIO(pdf)).pages) <= 3  # pages filled: the map sits on page 3
    assert "&lt;b&gt;#fett&lt;/b&gt;" in client.get("/factsheet/2024-Q4/").content.decode()

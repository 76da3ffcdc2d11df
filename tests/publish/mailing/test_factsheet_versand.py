"""A subscriber receives the archived FactSheet through a real SMTP server (aiosmtpd)."""

from __future__ import annotations

import hashlib

import pytest
from django.contrib.auth import get_user_model

from integrationsmonitor.publish.mailing.models import Zustellung
from integrationsmonitor.publish.mailing.services import warteschlange_abarbeiten
from integrationsmonitor.publish.services import erstelle_factsheet, factsheet_versenden
from integrationsmonitor.registry.models import Rolle, Zugang
from web.conftest import LIEFERUNGEN, liefern

from .conftest import SITE, SmtpServer
from .test_versand import bestaetigt

pytestmark = pytest.mark.django_db


@pytest.fixture
def ausgabe(katalog):
    for lf in LIEFERUNGEN:
        liefern(katalog, *lf)
    return erstelle_factsheet(katalog, "2024-Q4", benutzer="test")[0]


def test_a_subscriber_gets_the_factsheet_pdf_once(smtp: SmtpServer, ausgabe) -> None:
    bestaetigt(smtp, "leserin@example.org")
    schluessel, anzahl = factsheet_versenden(ausgabe)
    assert (schluessel, anzahl) == ("factsheet-2024-Q4-1", 1)
    assert factsheet_versenden(ausgabe) == (schluessel, 1)  # a second press queues nothing more
    warteschlange_abarbeiten()
    warteschlange_abarbeiten()
    mails = [m for m in smtp.an("leserin@example.org") if "Quartal" in m.nachricht["Subject"]]
    assert len(mails) == 1
    mail = mails[0]
    assert str(mail.nachricht["Subject"]).strip() == (
        "FactSheet Migration & Integration – 4. Quartal 2024 – Landkreis Dahme-Spreewald"
    )
    assert "Ausländerinnen und Ausländer (2024): 14.933" in mail.text()
    assert f"{SITE}/factsheet/2024-Q4/" in mail.text()
    assert "/newsletter/abmelden/" in mail.text()  # the unsubscribe link of the mailing list
    [pdf] = [t for t in mail.nachricht.iter_attachments() if t.get_content_type() == "application/pdf"]
    inhalt = pdf.get_content()
    assert hashlib.sha256(inhalt).hexdigest() == ausgabe.pdf_sha256


def test_staff_send_from_the_factsheet_page(client, smtp: SmtpServer, ausgabe) -> None:
    bestaetigt(smtp, "a@example.org")
    assert client.post("/factsheet/2024-Q4/versenden/").status_code == 302
    assert not Zustellung.objects.exists()  # not logged in: to the login page, nothing queued
    amt = get_user_model().objects.create_user("amt", password="x-geheim-1")
    Zugang.objects.create(benutzer=amt, rolle=Rolle.ADMIN)  # the admin role sends
    client.force_login(amt)
    seite = client.get("/factsheet/2024-Q4/").content.decode()
    assert "An die Verteilerliste senden" in seite and 'href="/newsletter/"' in seite
    antwort = client.post("/factsheet/2024-Q4/versenden/", {"auflage": "1"}, follow=True)
    assert "für 1 Abonnentinnen und Abonnenten eingereiht" in antwort.content.decode()
    assert Zustellung.objects.count() == 1

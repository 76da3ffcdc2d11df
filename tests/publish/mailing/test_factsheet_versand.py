"""A subscriber receives the archived FactSheet through a real SMTP server (aiosmtpd)."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from integrationsmonitor.publish.factsheet_versand import factsheet_versenden
from integrationsmonitor.publish.mailing.models import Abonnent, Rundschreiben, Zustellung
from integrationsmonitor.publish.mailing.services import abmelden, anmelden
from integrationsmonitor.publish.mailing.warteschlange import warteschlange_abarbeiten
from integrationsmonitor.publish.services import erstelle_factsheet
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
    assert factsheet_versenden(ausgabe) == (schluessel, 0)  # a second press queues nothing more
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


def _admin(client) -> None:
    amt = get_user_model().objects.create_user("amt", password="x-geheim-1")
    Zugang.objects.create(benutzer=amt, rolle=Rolle.ADMIN)  # the admin role sends
    client.force_login(amt)


def _bestaetigung(seite: str) -> str:
    treffer = re.search(r'name="bestaetigung" value="([^"]+)"', seite)
    assert treffer, seite
    return treffer.group(1)


def test_staff_send_only_after_preview_and_confirmation(client, smtp: SmtpServer, ausgabe) -> None:
    bestaetigt(smtp, "a@example.org")
    assert client.post("/factsheet/2024-Q4/versenden/").status_code == 302
    assert client.get("/factsheet/2024-Q4/versenden/").status_code == 302  # not logged in: to the login page
    assert not Zustellung.objects.exists()
    _admin(client)
    seite = client.get("/factsheet/2024-Q4/").content.decode()
    assert 'href="/factsheet/2024-Q4/versenden/?auflage=1"' in seite and 'href="/newsletter/"' in seite
    assert (
        "An die Verteilerliste senden" in seite and 'method="post"' not in seite.split("versenden")[1][:200]
    )

    vorschau = client.get("/factsheet/2024-Q4/versenden/?auflage=1").content.decode()
    assert not Zustellung.objects.exists()  # looking is not sending
    assert "FactSheet Migration &amp; Integration – 4. Quartal 2024 – Landkreis Dahme-Spreewald" in vorschau
    assert "Ausländerinnen und Ausländer (2024): 14.933" in vorschau  # the plain text part
    assert 'sandbox=""' in vorschau and "srcdoc=" in vorschau and "&lt;h1&gt;" in vorschau  # the HTML part
    assert "/newsletter/abmelden/VORSCHAU/" in vorschau  # the footer, as the queue adds it
    assert "factsheet_2024-Q4.pdf" in vorschau
    assert "An 1 Empfängerin oder Empfänger senden" in vorschau

    # a single click on an old form (no confirmation) sends nothing
    antwort = client.post("/factsheet/2024-Q4/versenden/", {"auflage": "1"}, follow=True)
    assert "Nichts gesendet" in antwort.content.decode()
    assert not Zustellung.objects.exists()

    token = _bestaetigung(vorschau)
    antwort = client.post(
        "/factsheet/2024-Q4/versenden/", {"auflage": "1", "bestaetigung": token}, follow=True
    )
    assert "für 1 Abonnentinnen und Abonnenten eingereiht" in antwort.content.decode()
    assert Zustellung.objects.count() == 1
    # double submit: the same confirmation again queues nothing and says so
    antwort = client.post(
        "/factsheet/2024-Q4/versenden/", {"auflage": "1", "bestaetigung": token}, follow=True
    )
    assert "Nichts gesendet" in antwort.content.decode()
    assert Zustellung.objects.count() == 1
    warteschlange_abarbeiten()
    assert len([m for m in smtp.an("a@example.org") if "Quartal" in m.nachricht["Subject"]]) == 1


def test_a_confirmation_for_another_number_sends_nothing(client, smtp: SmtpServer, ausgabe) -> None:
    bestaetigt(smtp, "a@example.org")
    _admin(client)
    token = _bestaetigung(client.get("/factsheet/2024-Q4/versenden/?auflage=1").content.decode())
    bestaetigt(smtp, "b@example.org")  # joined while the preview was open: it named 1, now it would be 2
    antwort = client.post(
        "/factsheet/2024-Q4/versenden/", {"auflage": "1", "bestaetigung": token}, follow=True
    )
    seite = antwort.content.decode()
    assert "Empfänger hat sich geändert" in seite
    assert "An 2 Empfängerinnen und Empfänger senden" in seite
    assert not Zustellung.objects.exists()


def test_an_issue_sent_to_nobody_is_sent_later_to_new_subscribers_once(
    client, smtp: SmtpServer, ausgabe
) -> None:
    _admin(client)
    schluessel, anzahl = factsheet_versenden(
        ausgabe
    )  # e.g. from `imon factsheet --send` before anyone subscribed
    assert anzahl == 0 and Rundschreiben.objects.filter(schluessel=schluessel).exists()
    seite = client.get("/factsheet/2024-Q4/versenden/?auflage=1").content.decode()
    assert "Zurzeit gibt es keine bestätigte Empfängerin" in seite and 'name="bestaetigung"' not in seite

    erste = bestaetigt(smtp, "erste@example.org")
    seite = client.get("/factsheet/2024-Q4/versenden/?auflage=1").content.decode()
    assert "An 1 Empfängerin oder Empfänger senden" in seite
    client.post("/factsheet/2024-Q4/versenden/", {"auflage": "1", "bestaetigung": _bestaetigung(seite)})
    warteschlange_abarbeiten()

    bestaetigt(smtp, "zweite@example.org")
    seite = client.get("/factsheet/2024-Q4/versenden/?auflage=1").content.decode()
    assert "An 1 Empfängerin oder Empfänger senden" in seite  # only the new one; the first has it
    assert "Bisher: 1 gesendet, 0 in der Warteschlange, 0 fehlgeschlagen." in seite
    client.post("/factsheet/2024-Q4/versenden/", {"auflage": "1", "bestaetigung": _bestaetigung(seite)})
    warteschlange_abarbeiten()

    for adresse in ("erste@example.org", "zweite@example.org"):
        assert len([m for m in smtp.an(adresse) if "Quartal" in m.nachricht["Subject"]]) == 1, adresse

    # the first unsubscribes and subscribes again: she has the issue already and gets it not again
    assert abmelden(erste.abmelde_token)
    smtp.empfangen.clear()
    bestaetigt(smtp, "erste@example.org")
    assert factsheet_versenden(ausgabe) == (schluessel, 0)
    warteschlange_abarbeiten()
    assert [m.nachricht["Subject"] for m in smtp.empfangen if "Quartal" in m.nachricht["Subject"]] == []


def test_a_mail_dropped_by_an_unsubscription_goes_out_after_resubscribing(smtp: SmtpServer, ausgabe) -> None:
    leserin = bestaetigt(smtp, "leserin@example.org")
    assert factsheet_versenden(ausgabe)[1] == 1
    assert abmelden(leserin.abmelde_token)  # before the queue ran: her mail is dropped (abgebrochen)
    assert Zustellung.objects.get().status == Zustellung.Status.ABGEBROCHEN
    smtp.empfangen.clear()
    bestaetigt(smtp, "leserin@example.org")
    assert factsheet_versenden(ausgabe)[1] == 1
    assert factsheet_versenden(ausgabe)[1] == 0
    warteschlange_abarbeiten()
    assert len([m for m in smtp.an("leserin@example.org") if "Quartal" in m.nachricht["Subject"]]) == 1


def test_a_former_reader_who_comes_back_without_confirming_keeps_her_record(
    smtp: SmtpServer, ausgabe
) -> None:
    """Expired unconfirmed subscriptions are deleted, but not the record of what a former reader has got:
    otherwise a later subscription would get the same issue again."""
    leserin = bestaetigt(smtp, "leserin@example.org")
    factsheet_versenden(ausgabe)
    warteschlange_abarbeiten()
    assert abmelden(leserin.abmelde_token)
    anmelden("leserin@example.org")  # comes back, never confirms
    anmelden("fremd@example.org")  # never on the list
    warteschlange_abarbeiten(jetzt=timezone.now() + timedelta(days=8))  # both links expired
    assert not Abonnent.objects.filter(email="fremd@example.org").exists()  # deleted, as before
    leserin.refresh_from_db()
    assert leserin.status == Abonnent.Status.ABGEMELDET  # back to unsubscribed, with her deliveries
    assert Zustellung.objects.filter(abonnent=leserin, status=Zustellung.Status.GESENDET).count() == 1

    smtp.empfangen.clear()
    bestaetigt(smtp, "leserin@example.org")  # subscribes again, for real
    assert factsheet_versenden(ausgabe)[1] == 0

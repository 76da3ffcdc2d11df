"""The mailing list through the web pages, with every mail read from a real SMTP server (aiosmtpd)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from integrationsmonitor.publish.mailing import services
from integrationsmonitor.publish.mailing.models import Abonnent, Zustellung
from integrationsmonitor.publish.mailing.services import rundschreiben_einreihen
from integrationsmonitor.publish.mailing.warteschlange import warteschlange_abarbeiten

from .conftest import SITE, SmtpServer

pytestmark = pytest.mark.django_db


def anmelden(client: Client, adresse: str, sprache: str = "de", **weiteres: str) -> str:
    """Subscribe through the form; then the queue (`imon mail-queue`) sends the confirmation mail, which is
    never sent inside the request."""
    response = client.post("/newsletter/", {"email": adresse, "sprache": sprache, "homepage": "", **weiteres})
    assert response.status_code == 200
    warteschlange_abarbeiten()
    return response.content.decode()


def bestaetigen_im_browser(client: Client, link: str) -> None:
    seite = client.get(link)
    assert seite.status_code == 200
    html = seite.content.decode()
    assert "Anmeldung bestätigen" in html and f'action="{link}"' in html
    response = client.post(link)
    assert response.status_code == 200
    assert "Anmeldung bestätigt" in response.content.decode()


def test_double_opt_in_durch_die_webseiten(client: Client, smtp: SmtpServer) -> None:
    formular = client.get("/newsletter/")
    assert formular.status_code == 200
    html = formular.content.decode()
    assert '<label for="id_email">' in html and 'autocomplete="email"' in html
    assert 'aria-describedby="id_email_helptext"' in html
    assert "csrfmiddlewaretoken" in html
    assert 'aria-current="page"' not in html  # not the login page ("anmelden") of the navigation
    assert re.search(r'<div hidden>\s*<label for="id_homepage">', html)  # honeypot hidden from people

    seite = anmelden(client, " Anna.Beispiel@Example.org ")
    assert "Bitte E-Mail-Postfach prüfen" in seite
    abonnent = Abonnent.objects.get()
    assert (abonnent.email, abonnent.status) == ("anna.beispiel@example.org", Abonnent.Status.AUSSTEHEND)

    [mail] = smtp.empfangen
    assert mail.an == ["anna.beispiel@example.org"]
    assert mail.nachricht["Subject"].strip().startswith("Bitte bestätigen: FactSheet")
    assert mail.nachricht["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = mail.link("bestaetigen")
    assert f"{SITE}{link}" in mail.html()
    assert mail.link("abmelden") in mail.html()  # the unsubscribe link is in every mail, this one too

    assert client.get(link).status_code == 200
    assert (
        Abonnent.objects.get().status == Abonnent.Status.AUSSTEHEND
    )  # opening the link alone confirms nothing
    bestaetigen_im_browser(client, link)
    abonnent.refresh_from_db()
    assert abonnent.status == Abonnent.Status.BESTAETIGT and abonnent.bestaetigt_am is not None

    # The link works once; a second use says so (404), and changes nothing.
    zweimal = client.post(link)
    assert zweimal.status_code == 404 and "Link ungültig" in zweimal.content.decode()


def test_anmeldung_verraet_nicht_ob_die_adresse_bekannt_ist(client: Client, smtp: SmtpServer) -> None:
    neu = anmelden(client, "neu@example.org")
    bestaetigen_im_browser(client, smtp.an("neu@example.org")[0].link("bestaetigen"))
    smtp.empfangen.clear()

    bekannt = anmelden(client, "neu@example.org")  # confirmed: no second subscription, no mail
    assert smtp.empfangen == []
    assert Abonnent.objects.count() == 1 and Abonnent.objects.get().status == Abonnent.Status.BESTAETIGT

    def inhalt(html: str) -> str:
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)

    assert inhalt(bekannt) == inhalt(neu)  # the very same page


def test_erneute_anmeldung_einer_offenen_adresse_sendet_neuen_link(smtp: SmtpServer) -> None:
    jetzt = timezone.now()
    services.anmelden("offen@example.org", jetzt=jetzt)
    warteschlange_abarbeiten(jetzt)
    services.anmelden("offen@example.org", jetzt=jetzt + timedelta(minutes=1))  # too soon: no second mail
    warteschlange_abarbeiten(jetzt + timedelta(minutes=1))
    assert len(smtp.empfangen) == 1
    services.anmelden("offen@example.org", "en", jetzt=jetzt + timedelta(minutes=6))
    warteschlange_abarbeiten(jetzt + timedelta(minutes=6))
    erster, zweiter = smtp.empfangen
    assert erster.link("bestaetigen") != zweiter.link("bestaetigen")
    assert zweiter.nachricht["Subject"].strip().startswith("Please confirm: FactSheet")  # language follows
    assert "someone – probably you – has subscribed" in zweiter.text()

    token_alt = erster.link("bestaetigen").rstrip("/").rsplit("/", 1)[1]
    token_neu = zweiter.link("bestaetigen").rstrip("/").rsplit("/", 1)[1]
    assert services.bestaetigen(token_alt) == services.Bestaetigung.UNGUELTIG  # the new link replaced it
    assert services.bestaetigen(token_neu) == services.Bestaetigung.BESTAETIGT


def test_honeypot_und_ungueltige_adresse(client: Client, smtp: SmtpServer) -> None:
    seite = anmelden(client, "bot@example.org", homepage="https://spam.example")
    assert "Bitte E-Mail-Postfach prüfen" in seite  # the bot sees the usual page …
    assert not Abonnent.objects.exists() and smtp.empfangen == []  # … and nothing happened

    response = client.post("/newsletter/", {"email": "kein-at-zeichen", "sprache": "de"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html
    feld = re.search(r"<input[^>]*id=\"id_email\"[^>]*>", html)
    assert feld is not None
    assert 'aria-invalid="true"' in feld.group(0)
    assert 'aria-describedby="id_email_helptext id_email_error"' in feld.group(0)
    assert 'id="id_email_error"' in html
    assert not Abonnent.objects.exists()


def test_abgelaufener_bestaetigungslink(client: Client, smtp: SmtpServer) -> None:
    damals = timezone.now() - timedelta(days=8)
    services.anmelden("spaet@example.org", jetzt=damals)
    warteschlange_abarbeiten(damals)
    link = smtp.empfangen[0].link("bestaetigen")
    response = client.get(link)
    assert response.status_code == 404 and "abgelaufen" in response.content.decode()
    assert client.post(link).status_code == 404
    assert Abonnent.objects.get().status == Abonnent.Status.AUSSTEHEND
    warteschlange_abarbeiten()  # never confirmed, link expired: the address is deleted
    assert not Abonnent.objects.exists()


def test_abmeldelink_aus_der_mail_beendet_den_versand(client: Client, smtp: SmtpServer) -> None:
    for adresse in ["a@example.org", "b@example.org"]:
        anmelden(client, adresse)
        bestaetigen_im_browser(client, smtp.an(adresse)[0].link("bestaetigen"))
    smtp.empfangen.clear()
    rundschreiben_einreihen("factsheet-2024-Q3", "FactSheet 3. Quartal 2024", "Zahlen")
    warteschlange_abarbeiten()
    [mail] = smtp.an("a@example.org")
    link = mail.link("abmelden")
    assert f"{SITE}{link}" in mail.html()

    frage = client.get(link)
    assert frage.status_code == 200 and "Vom FactSheet abmelden" in frage.content.decode()
    assert Abonnent.objects.get(email="a@example.org").status == Abonnent.Status.BESTAETIGT  # GET only asks
    response = client.post(link)
    assert response.status_code == 200 and "Sie sind abgemeldet" in response.content.decode()
    a = Abonnent.objects.get(email="a@example.org")
    assert a.status == Abonnent.Status.ABGEMELDET and a.abgemeldet_am is not None

    smtp.empfangen.clear()
    rundschreiben_einreihen("factsheet-2024-Q4", "FactSheet 4. Quartal 2024", "Zahlen")
    warteschlange_abarbeiten()
    assert [m.an for m in smtp.empfangen] == [["b@example.org"]]
    assert not Zustellung.objects.filter(abonnent=a, rundschreiben__schluessel="factsheet-2024-Q4").exists()

    wieder = client.get(link)  # the old link still says where things stand
    assert wieder.status_code == 200 and "Sie sind abgemeldet" in wieder.content.decode()
    assert client.get("/newsletter/abmelden/unbekannt/").status_code == 404


def test_ein_klick_abmeldung_nach_rfc_8058_ohne_csrf_token(smtp: SmtpServer) -> None:
    services.anmelden("a@example.org")
    warteschlange_abarbeiten()
    services.bestaetigen(smtp.empfangen[0].link("bestaetigen").rstrip("/").rsplit("/", 1)[1])
    smtp.empfangen.clear()
    rundschreiben_einreihen("factsheet-2024-Q4", "FactSheet 4. Quartal 2024", "Zahlen")
    warteschlange_abarbeiten()
    [mail] = smtp.empfangen
    ziel = mail.nachricht["List-Unsubscribe"].strip().strip("<>")
    assert ziel.startswith(f"{SITE}/newsletter/abmelden/")

    # What a mail provider does: POST to the header's URL, no cookie, no CSRF token.
    postfach = Client(enforce_csrf_checks=True)
    response = postfach.post(
        ziel.removeprefix(SITE),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert Abonnent.objects.get().status == Abonnent.Status.ABGEMELDET


def test_anmelden_waehrend_der_mailserver_ausfaellt(client: Client, smtp: SmtpServer) -> None:
    smtp.stoppen()
    seite = anmelden(client, "geduldig@example.org")
    assert "Bitte E-Mail-Postfach prüfen" in seite  # no error page: the mail is sent later
    assert Abonnent.objects.get().bestaetigung_gesendet_am is None

    smtp.starten()
    ergebnis = warteschlange_abarbeiten()
    assert ergebnis.bestaetigungen == 1
    [mail] = smtp.empfangen
    bestaetigen_im_browser(client, mail.link("bestaetigen"))
    assert warteschlange_abarbeiten().bestaetigungen == 0


def test_verwaltung_zeigt_abonnenten_und_zustellungen(client: Client, smtp: SmtpServer) -> None:
    services.anmelden("a@example.org")
    warteschlange_abarbeiten()
    services.bestaetigen(smtp.empfangen[0].link("bestaetigen").rstrip("/").rsplit("/", 1)[1])
    rundschreiben_einreihen("factsheet-2024-Q4", "FactSheet 4. Quartal 2024", "Zahlen")
    admin = get_user_model().objects.create_superuser("admin", "admin@example.org", "admin-123")
    client.force_login(admin)

    html = client.get("/admin/mailing/abonnent/").content.decode()
    assert "a@example.org" in html and "bestätigt" in html
    assert client.get("/admin/mailing/abonnent/add/").status_code == 403  # only the double opt-in adds
    html = client.get("/admin/mailing/zustellung/").content.decode()
    assert "in der Warteschlange" in html
    html = client.get("/admin/mailing/rundschreiben/").content.decode()
    assert "factsheet-2024-Q4" in html
    abonnent = Abonnent.objects.get()
    detail = client.get(f"/admin/mailing/abonnent/{abonnent.pk}/change/").content.decode()
    assert abonnent.abmelde_token not in detail  # no tokens on screen

    z = Zustellung.objects.get()
    Zustellung.objects.filter(pk=z.pk).update(status=Zustellung.Status.FEHLGESCHLAGEN)
    response = client.post(
        "/admin/mailing/zustellung/", {"action": "erneut_einreihen", "_selected_action": [z.pk]}
    )
    assert response.status_code == 302
    assert Zustellung.objects.get().status == Zustellung.Status.WARTEND

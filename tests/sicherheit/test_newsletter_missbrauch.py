"""Finding 7 of issue #10 (and the newsletter part of finding 5): `victim+0…24@…` got 25 mails in 0,3 s, 100
addresses 100 mails; the confirmation mail was sent inside the request (a hung mail server held every
worker, and the timing told whether an address was confirmed); concurrent sign-ups gave 500.

Now a sign-up only queues the confirmation mail (`imon mail-queue` sends it), within limits per client,
per mailbox and for the whole site (web.drossel), and every outcome gives the same page."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import textwrap
import threading
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.mail.backends.smtp import EmailBackend
from django.db import connection
from django.db.models import F
from django.test import Client

from integrationsmonitor.publish.mailing import services
from integrationsmonitor.publish.mailing.models import Abonnent
from integrationsmonitor.publish.mailing.warteschlange import warteschlange_abarbeiten
from integrationsmonitor.web.models import Drosselereignis
from publish.mailing.conftest import SmtpServer, smtp  # noqa: F401  # the real SMTP server fixture

pytestmark = pytest.mark.django_db


def anmelden(client: Client, adresse: str, von: str = "198.51.100.7", **weiteres: str) -> Any:
    return client.post(
        "/newsletter/", {"email": adresse, "sprache": "de", "homepage": "", **weiteres}, REMOTE_ADDR=von
    )


def seite(response: Any) -> tuple[int, str]:
    """Status and page without the CSRF token (which differs per response)."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())
    return response.status_code, html


@pytest.fixture
def smtp_oeffnungen(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every SMTP connection Django's mail backend opens."""
    geoeffnet: list[int] = []
    original = EmailBackend.open

    def oeffnen(self: EmailBackend) -> Any:
        geoeffnet.append(1)
        return original(self)

    monkeypatch.setattr(EmailBackend, "open", oeffnen)
    return geoeffnet


def test_plus_adressen_bekommen_hoechstens_drei_mails(
    client: Client,
    smtp: SmtpServer,  # noqa: F811
) -> None:
    for i in range(25):  # from 25 clients, so only the mailbox limit applies
        assert anmelden(client, f"Victim+{i}@Example.org", von=f"203.0.113.{i}").status_code == 200
    warteschlange_abarbeiten()
    assert len(smtp.empfangen) == 3  # IMON_NEWSLETTER_JE_POSTFACH
    assert Abonnent.objects.count() == 3
    assert all(a.startswith("victim+") for m in smtp.empfangen for a in m.an)


def test_grenze_je_client(client: Client, smtp: SmtpServer) -> None:  # noqa: F811
    antworten = [seite(anmelden(client, f"leser{i}@example.org")) for i in range(12)]
    assert len(set(antworten)) == 1  # the 6th to 12th request see the same page
    warteschlange_abarbeiten()
    assert len(smtp.empfangen) == Abonnent.objects.count() == 5  # IMON_NEWSLETTER_JE_CLIENT per hour
    assert anmelden(Client(), "andere@example.org", von="203.0.113.99").status_code == 200
    assert Abonnent.objects.filter(email="andere@example.org").exists()  # another client is not affected

    Drosselereignis.objects.update(zeitpunkt=F("zeitpunkt") - timedelta(minutes=61))  # an hour later
    anmelden(client, "leser12@example.org")
    assert Abonnent.objects.filter(email="leser12@example.org").exists()


def test_grenze_fuer_die_ganze_website(client: Client, smtp: SmtpServer, settings: Any) -> None:  # noqa: F811
    settings.IMON_NEWSLETTER_JE_STUNDE = 10
    for i in range(30):
        anmelden(client, f"leser{i}@example{i}.org", von=f"203.0.113.{i}")
    warteschlange_abarbeiten()
    assert len(smtp.empfangen) == Abonnent.objects.count() == 10


def test_keine_smtp_verbindung_in_der_anfrage(
    client: Client,
    smtp: SmtpServer,  # noqa: F811
    smtp_oeffnungen: list[int],
) -> None:
    antwort = anmelden(client, "geduldig@example.org")
    assert antwort.status_code == 200
    assert smtp_oeffnungen == [] and smtp.empfangen == []  # the request only queued the mail
    assert Abonnent.objects.get().bestaetigung_gesendet_am is None

    ergebnis = warteschlange_abarbeiten()  # what `imon mail-queue` does
    assert ergebnis.bestaetigungen == 1 and smtp_oeffnungen  # the queue does connect
    [mail] = smtp.an("geduldig@example.org")
    assert "/newsletter/bestaetigen/" in mail.text()


def test_haengender_mailserver_haelt_keine_anfrage_auf(client: Client, settings: Any) -> None:
    """A server that accepts the connection and never answers: the request does not wait for it."""
    with socket.socket() as haengt:
        haengt.bind(("127.0.0.1", 0))
        haengt.listen(1)
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", haengt.getsockname()[1]
        settings.EMAIL_TIMEOUT = 5  # a request that talked SMTP would give up after 5 s, and connect first
        haengt.settimeout(0.0)
        assert anmelden(client, "a@example.org").status_code == 200
        with pytest.raises(BlockingIOError):
            haengt.accept()  # nobody connected


def test_gleiche_antwort_fuer_jeden_ausgang(client: Client, smtp: SmtpServer) -> None:  # noqa: F811
    erste = seite(anmelden(client, "neu@example.org", von="198.51.100.1"))  # new
    warteschlange_abarbeiten()
    services.bestaetigen(smtp.an("neu@example.org")[0].link("bestaetigen").rstrip("/").rsplit("/", 1)[1])
    anmelden(client, "offen@example.org", von="198.51.100.1")

    ausgaenge = {
        "bestätigt": anmelden(client, "neu@example.org", von="198.51.100.2"),
        "wartet in der Warteschlange": anmelden(client, "offen@example.org", von="198.51.100.3"),
        "ungültig? nein: bot": anmelden(client, "bot@example.org", von="198.51.100.4", homepage="x"),
    }
    for i in range(5):
        anmelden(client, f"viel{i}@example.org", von="198.51.100.5")
    ausgaenge["über der Grenze je Client"] = anmelden(client, "noch-neu@example.org", von="198.51.100.5")
    for name, antwort in ausgaenge.items():
        assert seite(antwort) == erste, name
    assert "Bitte E-Mail-Postfach prüfen" in erste[1] and erste[0] == 200
    assert not Abonnent.objects.filter(email__in=["bot@example.org", "noch-neu@example.org"]).exists()


def test_postfach_normalisiert_plus_und_gross_klein() -> None:
    assert services.postfach("Victim+7@Example.ORG") == "victim@example.org"
    assert services.postfach("victim@example.org") == "victim@example.org"
    assert services.postfach("a+b+c@x.example") == "a@x.example"


@pytest.mark.django_db(transaction=True)
def test_gleichzeitige_anmeldungen_auf_postgresql_ohne_500() -> None:
    """Threads against the test client, each with its own connection (PostgreSQL only: the SQLite test
    database lives in shared-cache memory, whose locks do not wait; the next test uses a SQLite file)."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL: threads in this process; SQLite: see the next test (a SQLite file)")
    codes: list[int] = []
    start = threading.Barrier(24)

    def anfrage(i: int) -> None:
        try:
            adresse = "gleich@example.org" if i % 2 else f"leser{i}@example.org"
            c = Client(raise_request_exception=False)
            start.wait()
            codes.append(anmelden(c, adresse, von=f"203.0.113.{i}").status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=anfrage, args=(i,)) for i in range(24)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert codes == [200] * 24
    assert Abonnent.objects.filter(email="gleich@example.org").count() == 1
    assert Abonnent.objects.count() == 13


GLEICHZEITIG = textwrap.dedent(
    """
    import json, sys, threading
    from concurrent.futures import ThreadPoolExecutor

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    call_command("migrate", verbosity=0)
    n = int(sys.argv[1])
    start = threading.Barrier(n)

    def anmelden(i):
        try:
            adresse = "gleich@example.org" if i % 2 else f"leser{i}@example.org"
            client = Client(raise_request_exception=False)
            start.wait()
            daten = {"email": adresse, "sprache": "de", "homepage": ""}
            return client.post("/newsletter/", daten, REMOTE_ADDR=f"203.0.113.{i}").status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(n) as pool:
        codes = list(pool.map(anmelden, range(n)))
    from integrationsmonitor.publish.mailing.models import Abonnent

    gleich = Abonnent.objects.filter(email="gleich@example.org").count()
    print(json.dumps({"codes": codes, "abonnenten": Abonnent.objects.count(), "gleich": gleich}))
    """
)


def test_gleichzeitige_anmeldungen_auf_einer_sqlite_datei_ohne_500(tmp_path: Path) -> None:
    """40 sign-ups at once (half of them the same address) in one process with 40 threads on a SQLite file,
    as `imon serve` runs; before, several of them ended in 500 (database is locked)."""
    skript = tmp_path / "gleichzeitig.py"
    skript.write_text(GLEICHZEITIG, encoding="utf-8")
    env = {
        **os.environ,
        "IMON_DATABASE_URL": f"sqlite:///{tmp_path / 'imon.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "integrationsmonitor.web.settings",
        "IMON_DATA_DIR": str(tmp_path),
        "IMON_SMTP_HOST": "127.0.0.1",
        "IMON_SMTP_PORT": "9",  # nothing may be sent here anyway
    }
    fertig = subprocess.run(
        [sys.executable, str(skript), "40"], capture_output=True, text=True, env=env, timeout=300
    )
    assert fertig.returncode == 0, fertig.stderr[-3000:]
    ergebnis = json.loads(fertig.stdout.strip().splitlines()[-1])
    assert ergebnis["codes"] == [200] * 40, fertig.stderr[-3000:]
    assert ergebnis["gleich"] == 1
    assert ergebnis["abonnenten"] == 21

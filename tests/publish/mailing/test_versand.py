"""The queue against a real SMTP server (aiosmtpd): outage and restart, retries, no mail lost, none twice."""

from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from integrationsmonitor.publish.mailing import services, warteschlange
from integrationsmonitor.publish.mailing.models import Abonnent, Rundschreiben, Zustellung
from integrationsmonitor.publish.mailing.services import (
    Anhang,
    abmelden,
    anmelden,
    bestaetigen,
    rundschreiben_einreihen,
)
from integrationsmonitor.publish.mailing.warteschlange import warteschlange_abarbeiten

from .conftest import ABSENDER, SITE, SmtpServer

pytestmark = pytest.mark.django_db

# A small but real PDF; its bytes must arrive unchanged.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n" + bytes(range(256))
)
TEXT = "FactSheet Migration & Integration, 4. Quartal 2024\n\nAusländeranteil: 8,2 %\nAusländer: 14.933\n"
HTML = "<!DOCTYPE html><html lang='de'><body><h1>FactSheet 4. Quartal 2024</h1><p>14.933</p></body></html>"


def bestaetigt(smtp: SmtpServer, adresse: str, sprache: str = "de") -> Abonnent:
    """Subscribe through the service, let the queue send the confirmation mail, read it from the server,
    confirm with its link."""
    anmelden(adresse, sprache)
    warteschlange_abarbeiten(max=0)  # sends the queued confirmation mail only, no circular
    [mail] = smtp.an(adresse)
    token = mail.link("bestaetigen").rstrip("/").rsplit("/", 1)[1]
    assert bestaetigen(token) == services.Bestaetigung.BESTAETIGT
    return Abonnent.objects.get(email=adresse)


def einreihen(schluessel: str = "factsheet-2024-Q4") -> Rundschreiben:
    return rundschreiben_einreihen(
        schluessel,
        "FactSheet Migration & Integration – 4. Quartal 2024",
        TEXT,
        HTML,
        [Anhang("factsheet-2024-Q4.pdf", PDF, "application/pdf")],
    )


def test_ausfall_des_mailservers_verliert_nichts_und_sendet_nichts_doppelt(smtp: SmtpServer) -> None:
    adressen = ["a@example.org", "b@example.org", "c@example.org"]
    for adresse in adressen:
        bestaetigt(smtp, adresse)
    anmelden("offen@example.org")  # pending: never confirmed
    weg = bestaetigt(smtp, "weg@example.org")
    assert abmelden(weg.abmelde_token)
    smtp.empfangen.clear()

    rundschreiben = einreihen()
    assert rundschreiben.zustellungen.count() == 3

    smtp.stoppen()
    start = timezone.now()
    ergebnis = warteschlange_abarbeiten()
    assert (ergebnis.gesendet, ergebnis.zurueckgestellt, ergebnis.fehlgeschlagen) == (0, 3, 0)
    assert "Mailserver nicht erreichbar" in ergebnis.letzter_fehler
    for z in Zustellung.objects.all():
        assert z.status == Zustellung.Status.WARTEND
        assert z.versuche == 1
        assert "Mailserver nicht erreichbar" in z.letzter_fehler
        assert z.naechster_versuch_am >= start + warteschlange.WARTEZEIT_BASIS
        assert z.message_id  # fixed before the first attempt, kept for the retry

    message_ids = dict(Zustellung.objects.values_list("abonnent__email", "message_id"))
    smtp.starten()  # same port
    assert warteschlange_abarbeiten().bearbeitet == 0  # not due yet: the backoff holds
    assert smtp.empfangen == []

    spaeter = timezone.now() + timedelta(hours=1)
    ergebnis = warteschlange_abarbeiten(jetzt=spaeter)
    assert (ergebnis.gesendet, ergebnis.zurueckgestellt, ergebnis.fehlgeschlagen) == (3, 0, 0)
    assert sorted(a for m in smtp.empfangen for a in m.an) == adressen  # each exactly once
    for mail in smtp.empfangen:
        assert mail.von == ABSENDER
        assert mail.nachricht["Message-ID"] == message_ids[mail.an[0]]
    for z in Zustellung.objects.all():
        assert (z.status, z.versuche, z.letzter_fehler) == (Zustellung.Status.GESENDET, 2, "")
        assert z.gesendet_am is not None

    assert warteschlange_abarbeiten(jetzt=spaeter + timedelta(days=1)).bearbeitet == 0
    assert len(smtp.empfangen) == 3  # nothing sent twice
    assert smtp.an("offen@example.org") == [] and smtp.an("weg@example.org") == []


def test_gleicher_schluessel_reiht_nicht_doppelt_ein(smtp: SmtpServer) -> None:
    bestaetigt(smtp, "a@example.org")
    erstes = einreihen()
    bestaetigt(smtp, "neu@example.org")  # confirmed after the issue was queued
    zweites = rundschreiben_einreihen("factsheet-2024-Q4", "anderer Betreff", "anderer Text")
    assert zweites.pk == erstes.pk and zweites.betreff == erstes.betreff
    assert Rundschreiben.objects.count() == 1
    assert Zustellung.objects.count() == 1
    smtp.empfangen.clear()
    assert warteschlange_abarbeiten().gesendet == 1
    assert [m.an for m in smtp.empfangen] == [["a@example.org"]]


def test_mail_hat_abmeldelink_kopfzeilen_und_unveraenderten_anhang(smtp: SmtpServer) -> None:
    abonnent = bestaetigt(smtp, "a@example.org")
    smtp.empfangen.clear()
    einreihen()
    warteschlange_abarbeiten()
    [mail] = smtp.empfangen
    link = f"{SITE}/newsletter/abmelden/{abonnent.abmelde_token}/"

    # Django folds long headers after the colon; the leading space is folding whitespace, ignored by clients.
    assert mail.nachricht["Subject"].strip() == "FactSheet Migration & Integration – 4. Quartal 2024"
    assert mail.nachricht["List-Unsubscribe"].strip() == f"<{link}>"
    assert mail.nachricht["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "Ausländeranteil: 8,2 %" in mail.text() and link in mail.text()
    html = mail.html()
    assert "<h1>FactSheet 4. Quartal 2024</h1>" in html and f'href="{link}"' in html
    assert html.index(link) < html.index("</body>")  # the footer sits inside the document

    [anhang] = list(mail.nachricht.iter_attachments())
    assert anhang.get_filename() == "factsheet-2024-Q4.pdf"
    assert anhang.get_content_type() == "application/pdf"
    assert anhang.get_content() == PDF


def test_anhang_aus_datei_und_text_ohne_html(smtp: SmtpServer, tmp_path: Path) -> None:
    bestaetigt(smtp, "a@example.org", sprache="en")
    smtp.empfangen.clear()
    datei = tmp_path / "factsheet-2025-Q1.pdf"
    datei.write_bytes(PDF)
    rundschreiben_einreihen(
        "factsheet-2025-Q1", "FactSheet 1. Quartal 2025", "Zahlen <&> Fakten", anhaenge=[datei]
    )
    warteschlange_abarbeiten()
    [mail] = smtp.empfangen
    assert "Zahlen &lt;&amp;&gt; Fakten" in mail.html()  # HTML made from the text, escaped
    assert (
        "Unsubscribe" in mail.html() and "Unsubscribe:" in mail.text()
    )  # footer in the subscriber's language
    [anhang] = list(mail.nachricht.iter_attachments())
    assert (anhang.get_filename(), anhang.get_content_type(), anhang.get_content()) == (
        "factsheet-2025-Q1.pdf",
        "application/pdf",
        PDF,
    )


def test_abgemeldet_nach_dem_einreihen_bekommt_nichts(smtp: SmtpServer) -> None:
    a = bestaetigt(smtp, "a@example.org")
    bestaetigt(smtp, "b@example.org")
    einreihen()
    assert abmelden(a.abmelde_token)
    smtp.empfangen.clear()
    ergebnis = warteschlange_abarbeiten()
    assert ergebnis.gesendet == 1
    assert [m.an for m in smtp.empfangen] == [["b@example.org"]]
    assert Zustellung.objects.get(abonnent=a).status == Zustellung.Status.ABGEBROCHEN


def test_abgelehnter_empfaenger_vorlaeufig_und_endgueltig(smtp: SmtpServer) -> None:
    for adresse in ["voll@example.org", "unbekannt@example.org", "gut@example.org"]:
        bestaetigt(smtp, adresse)
    smtp.ablehnen = {"voll@example.org": "452 Mailbox full", "unbekannt@example.org": "550 No such user"}
    smtp.empfangen.clear()
    einreihen()

    ergebnis = warteschlange_abarbeiten()
    assert (ergebnis.gesendet, ergebnis.zurueckgestellt, ergebnis.fehlgeschlagen) == (1, 1, 1)
    assert "550 No such user" in ergebnis.fehler[0]
    voll = Zustellung.objects.get(abonnent__email="voll@example.org")
    assert (voll.status, voll.versuche) == (Zustellung.Status.WARTEND, 1) and "452" in voll.letzter_fehler
    unbekannt = Zustellung.objects.get(abonnent__email="unbekannt@example.org")
    assert unbekannt.status == Zustellung.Status.FEHLGESCHLAGEN and "550" in unbekannt.letzter_fehler

    smtp.ablehnen.clear()
    assert warteschlange_abarbeiten(jetzt=timezone.now() + timedelta(hours=1)).gesendet == 1
    assert len(smtp.an("voll@example.org")) == 1 and smtp.an("unbekannt@example.org") == []

    # Staff can queue a failed mail again (admin action); it is then sent once.
    assert warteschlange.erneut_einreihen([unbekannt.pk]) == 1
    assert warteschlange_abarbeiten().gesendet == 1
    assert len(smtp.an("unbekannt@example.org")) == 1


def test_nach_hoechstzahl_versuchen_fehlgeschlagen(smtp: SmtpServer, settings: object) -> None:
    settings.IMON_MAIL_MAX_VERSUCHE = 3  # type: ignore[attr-defined]
    bestaetigt(smtp, "a@example.org")
    einreihen()
    smtp.stoppen()
    jetzt = timezone.now()
    for versuch in range(1, 4):
        ergebnis = warteschlange_abarbeiten(jetzt=jetzt)
        assert ergebnis.bearbeitet == 1 and Zustellung.objects.get().versuche == versuch
        jetzt += timedelta(days=1)
    assert ergebnis.fehlgeschlagen == 1 and "aufgegeben nach 3 Versuchen" in ergebnis.fehler[0]
    z = Zustellung.objects.get()
    assert (z.status, z.versuche) == (Zustellung.Status.FEHLGESCHLAGEN, 3)
    assert warteschlange_abarbeiten(jetzt=jetzt).bearbeitet == 0  # failed stays failed (until queued again)


def test_wartezeit_waechst_exponentiell_bis_zur_obergrenze() -> None:
    assert [warteschlange.wartezeit(n) for n in (1, 2, 3)] == [timedelta(minutes=m) for m in (5, 10, 20)]
    assert warteschlange.wartezeit(30) == warteschlange.WARTEZEIT_HOECHSTENS


def test_beanspruchte_zustellung_sendet_nur_ihr_worker(smtp: SmtpServer) -> None:
    """What another worker has claimed (state sendend) is not sent by this one; a dead worker's claim expires."""
    bestaetigt(smtp, "a@example.org")
    bestaetigt(smtp, "b@example.org")
    einreihen()
    smtp.empfangen.clear()
    jetzt = timezone.now()
    fremd = warteschlange._beanspruchen(jetzt)  # the other worker, which then dies
    assert fremd is not None and fremd.status == Zustellung.Status.SENDEND
    assert Zustellung.objects.filter(status=Zustellung.Status.SENDEND).count() == 1

    ergebnis = warteschlange_abarbeiten(jetzt=jetzt)
    assert ergebnis.gesendet == 1
    assert [m.an for m in smtp.empfangen] == [
        [e] for e in ["a@example.org", "b@example.org"] if e != fremd.abonnent.email
    ]
    assert Zustellung.objects.get(pk=fremd.pk).status == Zustellung.Status.SENDEND

    ergebnis = warteschlange_abarbeiten(jetzt=jetzt + warteschlange.SPERRFRIST + timedelta(seconds=1))
    assert (ergebnis.wieder_freigegeben, ergebnis.gesendet) == (1, 1)
    assert len(smtp.an(fremd.abonnent.email)) == 1
    assert len(smtp.empfangen) == 2


def test_hoechstens_max_zustellungen_je_lauf(smtp: SmtpServer) -> None:
    for adresse in ["a@example.org", "b@example.org", "c@example.org"]:
        bestaetigt(smtp, adresse)
    einreihen()
    smtp.empfangen.clear()
    assert warteschlange_abarbeiten(max=2).gesendet == 2
    assert warteschlange_abarbeiten(max=2).gesendet == 1
    assert len(smtp.empfangen) == 3


def test_einreihen_prueft_eingaben() -> None:
    with pytest.raises(ValueError, match="Zeilenumbruch"):
        rundschreiben_einreihen("x", "Betreff\nBcc: alle@example.org", "Text")
    with pytest.raises(ValueError, match="leer"):
        rundschreiben_einreihen(" ", "Betreff", "Text")
    assert not Rundschreiben.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_zwei_worker_gleichzeitig_senden_jede_mail_genau_einmal(smtp: SmtpServer) -> None:
    """Two workers (threads, each with its own database connection) work the same queue at the same time.

    PostgreSQL only: the SQLite test database lives in shared-cache memory, whose table locks do not wait
    (busy timeout) as a SQLite file does. test_cli.py runs two worker processes on a SQLite file instead."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL: parallel workers in threads; SQLite: see test_cli.py (processes)")
    adressen = [f"leser{i:02d}@example.org" for i in range(12)]
    for adresse in adressen:
        bestaetigt(smtp, adresse)
    einreihen()
    smtp.empfangen.clear()
    smtp.verzoegerung = 0.02

    ergebnisse: list[warteschlange.Abarbeitung] = []
    fehler: list[BaseException] = []

    def worker() -> None:
        try:
            ergebnisse.append(warteschlange_abarbeiten())
        except BaseException as exc:  # reported below; a thread must not swallow it
            fehler.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not fehler, fehler
    assert sum(e.gesendet for e in ergebnisse) == 12
    assert sorted(a for m in smtp.empfangen for a in m.an) == adressen  # each exactly once
    assert Zustellung.objects.filter(status=Zustellung.Status.GESENDET).count() == 12

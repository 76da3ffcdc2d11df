"""Sending a FactSheet issue to the mailing list: the mail as it will arrive (preview), how many would get it
now, and queueing it — first to everyone confirmed, later to whoever subscribed since.

One circular per issue and edition (key `factsheet-<zeitraum>-<auflage>`); the queue keeps one Zustellung
per circular and subscriber, so no address gets the same issue twice however often it is sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from django.conf import settings
from django.core.mail import EmailMultiAlternatives

from .mailing import nachrichten
from .mailing.models import Abonnent, Rundschreiben, RundschreibenAnhang
from .mailing.selectors import offene_empfaenger, versandstand
from .mailing.services import Anhang, nachsenden, rundschreiben_einreihen
from .models import FactSheetAusgabe

VORSCHAU_ADRESSE = "empfaengerin@example.org"  # stands for each recipient in the preview


@dataclass(frozen=True)
class Entwurf:
    schluessel: str
    betreff: str
    text: str
    html: str
    anhaenge: tuple[Anhang, ...]


@dataclass(frozen=True)
class Vorschau:
    """The mail as the first recipient will get it, and the state of sending."""

    schluessel: str
    betreff: str
    absender: str
    text: str
    html: str
    anhaenge: list[tuple[str, int]]  # file name, bytes
    empfaenger: int  # confirmed subscribers who would get it now
    stand: dict[str, int]  # this deliveries per state
    eingereiht: bool  # the circular exists (sent at least once, perhaps to nobody)


def schluessel(ausgabe: FactSheetAusgabe) -> str:
    return f"factsheet-{ausgabe.zeitraum}-{ausgabe.auflage}"


def entwurf(ausgabe: FactSheetAusgabe) -> Entwurf:
    """Subject, text, HTML and the PDF of an archived issue (its key figures and a link to the HTML version)."""
    inhalt = ausgabe.inhalt
    titel = f"{inhalt['titel']} – {inhalt['ausgabe']} – {inhalt['kreis']}"
    url = f"{settings.IMON_SITE_URL}/factsheet/{ausgabe.zeitraum}/"
    zeilen = [titel, "", "Die wichtigsten Zahlen:"]
    zeilen += [f"- {k['titel']} ({k['periode']}): {k['wert']}" for k in inhalt["kennzahlen"]]
    zeilen += ["", f"Das FactSheet liegt als PDF bei und steht im Netz: {url}"]
    html = (
        f"<h1>{escape(titel)}</h1><ul>"
        + "".join(
            f"<li>{escape(k['titel'])} ({escape(k['periode'])}): <strong>{escape(k['wert'])}</strong></li>"
            for k in inhalt["kennzahlen"]
        )
        + f'</ul><p>Das FactSheet liegt als PDF bei und steht im Netz: <a href="{escape(url)}">{escape(url)}</a></p>'
    )
    pdf = Anhang(f"factsheet_{ausgabe.zeitraum}.pdf", bytes(ausgabe.pdf), "application/pdf")
    return Entwurf(schluessel(ausgabe), titel, "\n".join(zeilen), html, (pdf,))


def _rundschreiben(
    ausgabe: FactSheetAusgabe,
) -> tuple[Rundschreiben | None, Rundschreiben, list[RundschreibenAnhang]]:
    """The stored circular (None if never sent) and what the mail is made of: the stored one, else the draft."""
    gespeichert = Rundschreiben.objects.filter(schluessel=schluessel(ausgabe)).first()
    if gespeichert is not None:
        return gespeichert, gespeichert, list(gespeichert.anhaenge.all())
    e = entwurf(ausgabe)
    r = Rundschreiben(schluessel=e.schluessel, betreff=e.betreff, text=e.text, html=e.html)
    anhaenge = [
        RundschreibenAnhang(
            dateiname=a.dateiname, mime_typ=a.mime_typ, inhalt=a.inhalt, groesse=len(a.inhalt)
        )
        for a in e.anhaenge
    ]
    return None, r, anhaenge


def vorschau(ausgabe: FactSheetAusgabe) -> Vorschau:
    """The mail with the footer and unsubscribe link a (German) subscriber gets, built by the same code the
    queue uses; the link's token is a placeholder."""
    gespeichert, r, anhaenge = _rundschreiben(ausgabe)
    muster = Abonnent(email=VORSCHAU_ADRESSE, sprache=Abonnent.Sprache.DE, abmelde_token="VORSCHAU")
    mail = nachrichten.rundschreiben_nachricht(r, anhaenge, muster, "")
    assert isinstance(mail, EmailMultiAlternatives)
    html = next((str(inhalt) for inhalt, typ in mail.alternatives if typ == "text/html"), "")
    return Vorschau(
        schluessel=r.schluessel,
        betreff=str(mail.subject),
        absender=str(mail.from_email),
        text=str(mail.body),
        html=html,
        anhaenge=[(a.dateiname, a.groesse) for a in anhaenge],
        empfaenger=offene_empfaenger(gespeichert).count(),
        stand=versandstand(gespeichert),
        eingereiht=gespeichert is not None,
    )


def factsheet_versenden(ausgabe: FactSheetAusgabe) -> tuple[str, int]:
    """Queue an archived issue (PDF attached, link to the HTML version) for every confirmed subscriber who has
    not received it; returns (key, mails queued now). The first call makes the circular and queues it for
    everyone confirmed; a later one only for who subscribed since (or everyone, if the first reached
    nobody); a repeated one queues nothing. `imon mail-queue` sends them."""
    e = entwurf(ausgabe)
    vorhanden = Rundschreiben.objects.filter(schluessel=e.schluessel).exists()
    r = rundschreiben_einreihen(e.schluessel, e.betreff, e.text, e.html, e.anhaenge)
    neu = 0 if vorhanden else r.zustellungen.count()
    return e.schluessel, neu + nachsenden(r)

"""What writes the mailing list: subscribe (double opt-in), confirm, unsubscribe, and queue a circular.

Nothing is sent here: `imon mail-queue` works the queue (publish.mailing.warteschlange).
"""

from __future__ import annotations

import mimetypes
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from integrationsmonitor.web import drossel

from .models import Abonnent, Rundschreiben, RundschreibenAnhang, Zustellung
from .selectors import abonnent_zum_bestaetigen, offene_empfaenger, token_hash

BESTAETIGUNG_GUELTIG = timedelta(days=7)  # a confirmation link is valid this long
ERNEUT_SENDEN_NACH = timedelta(minutes=5)  # a pending address gets at most one confirmation mail per 5 min


# ---------------------------------------------------------------- subscribers


def normalisiere_email(email: str) -> str:
    """Addresses are compared and stored in lower case (one subscription per mailbox)."""
    email = email.strip().lower()
    validate_email(email)
    return email


def neuer_token() -> str:
    return secrets.token_urlsafe(32)


def postfach(email: str) -> str:
    """The mailbox an address delivers to, for the per-mailbox limit: lower case, without a plus part
    (`Victim+7@Example.org` → `victim@example.org`)."""
    lokal, _, domain = email.strip().lower().rpartition("@")
    return f"{lokal.split('+', 1)[0]}@{domain}"


def anmelden(
    email: str, sprache: str = "de", *, client: str | None = None, jetzt: datetime | None = None
) -> None:
    """Request a subscription: a confirmation mail with a link is queued for the address (double opt-in);
    `imon mail-queue` (warteschlange_abarbeiten) sends it. Nothing is sent here.

    A pending address gets a new link (the old one stops working), at most once per ERNEUT_SENDEN_NACH; a
    confirmed address gets nothing (no second subscription, no mail); an unsubscribed address starts over.
    Limits (web.drossel.grenze, see README): per client (`client`, e.g. web.drossel.client_adresse; None: not
    limited) IMON_NEWSLETTER_JE_CLIENT requests per hour; IMON_NEWSLETTER_JE_STUNDE confirmation mails per
    hour for the whole site; IMON_NEWSLETTER_JE_POSTFACH per mailbox (plus part and case ignored) and day.
    Over a limit, nothing happens. Returns nothing, and the caller shows the same page in every case, so
    nobody learns whether an address is on the list; every case does the same reads and one commit.
    Raises ValidationError for an invalid address.
    """
    email = normalisiere_email(email)
    jetzt = jetzt or timezone.now()
    if sprache not in Abonnent.Sprache.values:
        sprache = Abonnent.Sprache.DE
    client_schluessel = drossel.schluessel(client) if client is not None else None
    postfach_schluessel = drossel.schluessel(postfach(email))

    def eintragen() -> None:
        with transaction.atomic():
            if client_schluessel is not None:  # every request counts, also one that changes nothing
                drossel.vermerken(drossel.NEWSLETTER_CLIENT, client_schluessel, jetzt)
            erlaubt = _innerhalb_der_grenzen(client_schluessel, postfach_schluessel, jetzt)
            abonnent = Abonnent.objects.select_for_update().filter(email=email).first()
            if not erlaubt:
                return
            if abonnent is None:
                abonnent = Abonnent(email=email, abmelde_token=neuer_token())
            elif abonnent.status == Abonnent.Status.BESTAETIGT:
                return  # already on the list: no second subscription, no mail
            elif abonnent.status == Abonnent.Status.AUSSTEHEND and (
                abonnent.bestaetigung_gesendet_am is None or _kuerzlich_gesendet(abonnent, jetzt)
            ):
                return  # its confirmation mail is still in the queue, or was sent minutes ago
            abonnent.sprache = sprache
            abonnent.status = Abonnent.Status.AUSSTEHEND
            abonnent.bestaetigungs_token_hash = ""  # the old link stops working; the queue makes a new one
            abonnent.token_gueltig_bis = jetzt + BESTAETIGUNG_GUELTIG
            abonnent.bestaetigung_gesendet_am = None  # in the queue
            abonnent.angemeldet_am = jetzt
            abonnent.bestaetigt_am = None
            abonnent.abgemeldet_am = None
            abonnent.save()
            drossel.vermerken(drossel.NEWSLETTER_MAIL, "", jetzt)
            drossel.vermerken(drossel.NEWSLETTER_POSTFACH, postfach_schluessel, jetzt)

    try:
        drossel.wiederholt(eintragen)
    except IntegrityError:  # the same address was entered at the same moment: the other request did it
        return


def _innerhalb_der_grenzen(client: str | None, postfach: str, jetzt: datetime) -> bool:
    """All three counts are read in every case (the answer's timing must not depend on which limit holds)."""
    stunde, tag = timedelta(hours=1), timedelta(days=1)
    je_client = drossel.anzahl(drossel.NEWSLETTER_CLIENT, client, stunde, jetzt) if client is not None else 0
    gesamt = drossel.anzahl(drossel.NEWSLETTER_MAIL, "", stunde, jetzt)
    je_postfach = drossel.anzahl(drossel.NEWSLETTER_POSTFACH, postfach, tag, jetzt)
    return (
        je_client <= drossel.grenze("IMON_NEWSLETTER_JE_CLIENT")  # this request is already counted
        and gesamt < drossel.grenze("IMON_NEWSLETTER_JE_STUNDE")
        and je_postfach < drossel.grenze("IMON_NEWSLETTER_JE_POSTFACH")
    )


def anfrage_ohne_wirkung(client: str | None, *, jetzt: datetime | None = None) -> None:
    """A request that changes nothing (a bot filled in the hidden field) still counts for its client."""
    if client is not None:
        schluessel = drossel.schluessel(client)
        drossel.wiederholt(lambda: drossel.vermerken(drossel.NEWSLETTER_CLIENT, schluessel, jetzt))


def _kuerzlich_gesendet(abonnent: Abonnent, jetzt: datetime) -> bool:
    """A pending address got its confirmation mail only minutes ago (guards against mail bombing)."""
    gesendet = abonnent.bestaetigung_gesendet_am
    return (
        abonnent.status == Abonnent.Status.AUSSTEHEND
        and gesendet is not None
        and jetzt - gesendet < ERNEUT_SENDEN_NACH
    )


class Bestaetigung:
    BESTAETIGT = "bestaetigt"
    UNGUELTIG = "ungueltig"  # unknown, already used, expired, or unsubscribed meanwhile


def bestaetigen(token: str, *, jetzt: datetime | None = None) -> str:
    """Confirm a subscription with the token from the confirmation mail (one use). Returns a Bestaetigung."""
    jetzt = jetzt or timezone.now()
    abonnent = abonnent_zum_bestaetigen(token, jetzt)
    if abonnent is None:
        return Bestaetigung.UNGUELTIG
    geaendert = Abonnent.objects.filter(
        pk=abonnent.pk, status=Abonnent.Status.AUSSTEHEND, bestaetigungs_token_hash=token_hash(token)
    ).update(
        status=Abonnent.Status.BESTAETIGT,
        bestaetigt_am=jetzt,
        bestaetigungs_token_hash="",
        token_gueltig_bis=None,
    )
    return Bestaetigung.BESTAETIGT if geaendert else Bestaetigung.UNGUELTIG


def abmelden(token: str, *, jetzt: datetime | None = None) -> bool:
    """Unsubscribe with the token from any mail's unsubscribe link; mails still queued for the address are
    dropped. Idempotent. False only for an unknown token."""
    jetzt = jetzt or timezone.now()
    if not token:
        return False
    with transaction.atomic():
        abonnent = Abonnent.objects.select_for_update().filter(abmelde_token=token).first()
        if abonnent is None:
            return False
        if abonnent.status != Abonnent.Status.ABGEMELDET:
            abonnent.status = Abonnent.Status.ABGEMELDET
            abonnent.abgemeldet_am = jetzt
            abonnent.bestaetigungs_token_hash = ""
            abonnent.token_gueltig_bis = None
            abonnent.save()
        abonnent.zustellungen.filter(status=Zustellung.Status.WARTEND).update(
            status=Zustellung.Status.ABGEBROCHEN, letzter_fehler="abgemeldet"
        )
    return True


# ---------------------------------------------------------------- circulars


@dataclass(frozen=True)
class Anhang:
    dateiname: str
    inhalt: bytes
    mime_typ: str = "application/octet-stream"


def _als_anhang(anhang: Anhang | Path | tuple[str, bytes, str]) -> Anhang:
    if isinstance(anhang, Anhang):
        return anhang
    if isinstance(anhang, Path):
        mime, _ = mimetypes.guess_type(anhang.name)
        return Anhang(anhang.name, anhang.read_bytes(), mime or "application/octet-stream")
    name, inhalt, mime = anhang
    return Anhang(name, bytes(inhalt), mime or "application/octet-stream")


def rundschreiben_einreihen(
    schluessel: str,
    betreff: str,
    text: str,
    html: str = "",
    anhaenge: Iterable[Anhang | Path | tuple[str, bytes, str]] = (),
    *,
    jetzt: datetime | None = None,
) -> Rundschreiben:
    """Queue a circular (e.g. a FactSheet issue) for every subscriber confirmed now: one Zustellung each.

    Idempotent by `schluessel` (e.g. "factsheet-2024-Q4"): if a circular with that key exists it is returned
    unchanged and nothing more is queued, whatever the other arguments say. `text` is the plain-text body,
    `html` the HTML body (a fragment or a whole document; empty: made from the text); the unsubscribe
    footer is added to both per subscriber and language. `anhaenge`: Anhang(name, bytes, mime type), a Path,
    or a (name, bytes, mime type) tuple. Nothing is sent here: `imon mail-queue` sends.
    """
    schluessel, betreff = schluessel.strip(), betreff.strip()
    if not schluessel or not betreff or not text.strip():
        raise ValueError("Schlüssel, Betreff und Text dürfen nicht leer sein")
    if "\n" in betreff or "\r" in betreff:
        raise ValueError("Der Betreff darf keinen Zeilenumbruch enthalten")
    vorhanden = Rundschreiben.objects.filter(schluessel=schluessel).first()
    if vorhanden is not None:
        return vorhanden
    jetzt = jetzt or timezone.now()
    dateien = [_als_anhang(a) for a in anhaenge]
    try:
        with transaction.atomic():
            rundschreiben = Rundschreiben.objects.create(
                schluessel=schluessel, betreff=betreff, text=text, html=html, erstellt_am=jetzt
            )
            RundschreibenAnhang.objects.bulk_create(
                RundschreibenAnhang(
                    rundschreiben=rundschreiben,
                    dateiname=a.dateiname,
                    mime_typ=a.mime_typ,
                    inhalt=a.inhalt,
                    groesse=len(a.inhalt),
                )
                for a in dateien
            )
            empfaenger = Abonnent.objects.filter(status=Abonnent.Status.BESTAETIGT).values_list(
                "pk", flat=True
            )
            Zustellung.objects.bulk_create(
                [
                    Zustellung(rundschreiben=rundschreiben, abonnent_id=pk, naechster_versuch_am=jetzt)
                    for pk in empfaenger
                ],
                batch_size=500,
            )
    except IntegrityError:  # queued by someone else at the same moment
        return Rundschreiben.objects.get(schluessel=schluessel)
    return rundschreiben


def nachsenden(rundschreiben: Rundschreiben, *, jetzt: datetime | None = None) -> int:
    """Queue an existing circular for the confirmed subscribers who have not received it (e.g. those who
    subscribed after it went out, or all of them if it went out to none); returns how many were queued.

    Nobody gets it twice: one Zustellung per circular and subscriber (a unique constraint), so a second call,
    or two at the same moment, queue nothing more. A delivery dropped because the address had unsubscribed
    meanwhile goes back to the queue if the address is confirmed again; a failed one stays failed.
    """
    jetzt = jetzt or timezone.now()
    with transaction.atomic():
        wieder = Zustellung.objects.filter(
            rundschreiben=rundschreiben,
            status=Zustellung.Status.ABGEBROCHEN,
            abonnent__status=Abonnent.Status.BESTAETIGT,
        ).update(status=Zustellung.Status.WARTEND, versuche=0, naechster_versuch_am=jetzt, letzter_fehler="")
        vorher = rundschreiben.zustellungen.count()
        Zustellung.objects.bulk_create(
            [
                Zustellung(rundschreiben=rundschreiben, abonnent_id=pk, naechster_versuch_am=jetzt)
                for pk in offene_empfaenger(rundschreiben).values_list("pk", flat=True)
            ],
            batch_size=500,
            ignore_conflicts=True,  # queued by someone else at the same moment: theirs stands
        )
        return wieder + rundschreiben.zustellungen.count() - vorher

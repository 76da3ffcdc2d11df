"""Everything that writes the mailing list: subscribe (double opt-in), confirm, unsubscribe, queue a circular,
and work the queue.

Delivery guarantees of `warteschlange_abarbeiten`:

- Each Zustellung is claimed in its own short transaction before it is sent (PostgreSQL: SELECT … FOR UPDATE
  SKIP LOCKED; SQLite, which has no row locks: a conditional UPDATE wartend → sendend). Only the worker whose
  claim succeeded sends it, so two workers never send one mail twice.
- The moment the SMTP server has accepted a mail (DATA answered with 2xx) it is marked `gesendet`, in its own
  commit, before the next mail is sent.
- When the server cannot be reached or answers with a temporary error, the mail goes back to `wartend` with
  one attempt more and an exponentially growing wait (5 min, 10 min, … at most 6 h); after
  settings.IMON_MAIL_MAX_VERSUCHE attempts it is `fehlgeschlagen` (kept, and can be queued again in the
  admin). A recipient the server refuses for good (5xx) fails at once.
- A worker that died while sending leaves its mail in `sendend`; after SPERRFRIST it goes back to the queue.
  The only window in which that can send a mail twice is the instant between the server's 2xx and our commit.
"""

from __future__ import annotations

import contextlib
import logging
import mimetypes
import secrets
import smtplib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.validators import validate_email
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from integrationsmonitor.web import drossel

from . import nachrichten
from .models import Abonnent, Rundschreiben, RundschreibenAnhang, Zustellung
from .selectors import abonnent_zum_bestaetigen, offene_empfaenger, token_hash

log = logging.getLogger(__name__)

BESTAETIGUNG_GUELTIG = timedelta(days=7)  # a confirmation link is valid this long
ERNEUT_SENDEN_NACH = timedelta(minutes=5)  # a pending address gets at most one confirmation mail per 5 min
WARTEZEIT_BASIS = timedelta(minutes=5)  # backoff after the first failed attempt, doubling
WARTEZEIT_HOECHSTENS = timedelta(hours=6)
SPERRFRIST = timedelta(minutes=15)  # a mail in `sendend` for this long belongs to a dead worker


# ---------------------------------------------------------------- subscribers


def normalisiere_email(email: str) -> str:
    """Addresses are compared and stored in lower case (one subscription per mailbox)."""
    email = email.strip().lower()
    validate_email(email)
    return email


def _neuer_token() -> str:
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
                abonnent = Abonnent(email=email, abmelde_token=_neuer_token())
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


# ---------------------------------------------------------------- the queue


@dataclass
class Abarbeitung:
    """What one run of the queue did."""

    gesendet: int = 0
    zurueckgestellt: int = 0  # temporary failure, will be retried
    fehlgeschlagen: int = 0  # failed for good in this run
    abgebrochen: int = 0  # subscriber unsubscribed meanwhile
    bestaetigungen: int = 0  # confirmation mails sent (queued by `anmelden`, or back after a failure)
    wieder_freigegeben: int = 0  # left in `sendend` by a dead worker, back in the queue
    fehler: list[str] = field(default_factory=list)  # the permanent failures
    letzter_fehler: str = ""  # the last temporary error (why mails were put back)

    @property
    def bearbeitet(self) -> int:
        return self.gesendet + self.zurueckgestellt + self.fehlgeschlagen + self.abgebrochen


class SmtpNichtErreichbar(ConnectionError):
    """The mail server could not be reached (or refused the login) in this run."""


class _Smtp:
    """One connection to the mail server for a whole run, opened when first needed.

    Once the server cannot be reached, the run tries no more: the remaining due mails are put back with the
    same error instead of each waiting for its own connection timeout."""

    def __init__(self) -> None:
        self.backend = get_connection(fail_silently=False)
        self.offen = False
        self.stoerung: str | None = None

    def senden(self, nachricht: EmailMessage) -> None:
        if self.stoerung is not None:
            raise SmtpNichtErreichbar(self.stoerung)
        if not self.offen:
            try:
                self.backend.open()
            except OSError as exc:
                self.stoerung = f"Mailserver nicht erreichbar: {_beschreibe(exc)}"
                raise SmtpNichtErreichbar(self.stoerung) from exc
            self.offen = True
        try:
            gesendet = self.backend.send_messages([nachricht])
        except OSError:
            self.schliessen()  # the next mail starts with a fresh connection
            raise
        if gesendet != 1:
            raise smtplib.SMTPException("Der Mailserver hat die Nachricht nicht angenommen")

    def schliessen(self) -> None:
        if self.offen:
            with contextlib.suppress(OSError):
                self.backend.close()
            self.offen = False


def _beschreibe(exc: BaseException) -> str:
    if isinstance(exc, SmtpNichtErreichbar):
        return str(exc)
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "; ".join(
            f"{adresse}: {code} {antwort.decode(errors='replace') if isinstance(antwort, bytes) else antwort}"
            for adresse, (code, antwort) in exc.recipients.items()
        )
    if isinstance(exc, smtplib.SMTPResponseException):
        antwort = exc.smtp_error
        return (
            f"{exc.smtp_code} {antwort.decode(errors='replace') if isinstance(antwort, bytes) else antwort}"
        )
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def _endgueltig(exc: BaseException) -> bool:
    """Only a recipient refused for good (5xx) fails at once; everything else may pass and is retried."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return bool(exc.recipients) and all(code >= 500 for code, _ in exc.recipients.values())
    return False


def wartezeit(versuche: int) -> timedelta:
    """The wait after the n-th failed attempt: 5 min, 10 min, 20 min, … at most 6 h."""
    return min(WARTEZEIT_BASIS * (1 << max(versuche - 1, 0)), WARTEZEIT_HOECHSTENS)


def _beanspruchen(jetzt: datetime) -> Zustellung | None:
    """Claim the next due Zustellung for this worker (state wartend → sendend), committed before sending."""
    faellig = Zustellung.objects.filter(
        status=Zustellung.Status.WARTEND, naechster_versuch_am__lte=jetzt
    ).order_by("naechster_versuch_am", "id")
    if connection.features.has_select_for_update_skip_locked:
        with transaction.atomic():
            zustellung = faellig.select_for_update(skip_locked=True).first()
            if zustellung is None:
                return None
            zustellung.status = Zustellung.Status.SENDEND
            zustellung.beansprucht_am = jetzt
            zustellung.message_id = zustellung.message_id or nachrichten.neue_message_id()
            zustellung.save(update_fields=["status", "beansprucht_am", "message_id"])
            return zustellung
    while True:  # SQLite: whoever turns wartend into sendend owns it; a loser tries the next one
        pk = faellig.values_list("pk", flat=True).first()
        if pk is None:
            return None
        with transaction.atomic():
            if Zustellung.objects.filter(pk=pk, status=Zustellung.Status.WARTEND).update(
                status=Zustellung.Status.SENDEND, beansprucht_am=jetzt
            ):
                zustellung = Zustellung.objects.get(pk=pk)
                if not zustellung.message_id:
                    zustellung.message_id = nachrichten.neue_message_id()
                    zustellung.save(update_fields=["message_id"])
                return zustellung


def _abschliessen(zustellung: Zustellung, **werte: object) -> None:
    """Write the outcome; only while this worker still owns the Zustellung (state sendend)."""
    Zustellung.objects.filter(pk=zustellung.pk, status=Zustellung.Status.SENDEND).update(**werte)


def _zurueckstellen(zustellung: Zustellung, fehler: str, jetzt: datetime, ergebnis: Abarbeitung) -> None:
    versuche = zustellung.versuche + 1
    if versuche >= settings.IMON_MAIL_MAX_VERSUCHE:
        _abschliessen(
            zustellung, status=Zustellung.Status.FEHLGESCHLAGEN, versuche=versuche, letzter_fehler=fehler
        )
        ergebnis.fehlgeschlagen += 1
        ergebnis.fehler.append(
            f"{zustellung.abonnent.email}: {fehler} (aufgegeben nach {versuche} {'Versuch' if versuche == 1 else 'Versuchen'})"
        )
        return
    _abschliessen(
        zustellung,
        status=Zustellung.Status.WARTEND,
        versuche=versuche,
        letzter_fehler=fehler,
        naechster_versuch_am=jetzt + wartezeit(versuche),
    )
    ergebnis.zurueckgestellt += 1
    ergebnis.letzter_fehler = fehler


class _Rundschreibenspeicher(dict[int, tuple[Rundschreiben, list[RundschreibenAnhang]]]):
    """Each circular and its attachments are read once per run, not once per subscriber."""

    def hole(self, rundschreiben_id: int) -> tuple[Rundschreiben, list[RundschreibenAnhang]]:
        if rundschreiben_id not in self:
            rundschreiben = Rundschreiben.objects.get(pk=rundschreiben_id)
            self[rundschreiben_id] = (rundschreiben, list(rundschreiben.anhaenge.all()))
        return self[rundschreiben_id]


def _zustellen(
    zustellung: Zustellung,
    smtp: _Smtp,
    speicher: _Rundschreibenspeicher,
    jetzt: datetime,
    ergebnis: Abarbeitung,
) -> None:
    abonnent = zustellung.abonnent
    if abonnent.status != Abonnent.Status.BESTAETIGT:
        _abschliessen(zustellung, status=Zustellung.Status.ABGEBROCHEN, letzter_fehler="abgemeldet")
        ergebnis.abgebrochen += 1
        return
    rundschreiben, anhaenge = speicher.hole(zustellung.rundschreiben_id)
    try:
        nachricht = nachrichten.rundschreiben_nachricht(
            rundschreiben, anhaenge, abonnent, zustellung.message_id
        )
        smtp.senden(nachricht)
    except OSError as exc:
        fehler = _beschreibe(exc)
        if _endgueltig(exc):
            _abschliessen(
                zustellung,
                status=Zustellung.Status.FEHLGESCHLAGEN,
                versuche=F("versuche") + 1,
                letzter_fehler=fehler,
            )
            ergebnis.fehlgeschlagen += 1
            ergebnis.fehler.append(f"{abonnent.email}: {fehler}")
        else:
            _zurueckstellen(zustellung, fehler, jetzt, ergebnis)
        return
    _abschliessen(
        zustellung,
        status=Zustellung.Status.GESENDET,
        versuche=F("versuche") + 1,
        gesendet_am=timezone.now(),
        letzter_fehler="",
    )
    ergebnis.gesendet += 1


def _haengende_freigeben(jetzt: datetime) -> int:
    return Zustellung.objects.filter(
        status=Zustellung.Status.SENDEND, beansprucht_am__lt=jetzt - SPERRFRIST
    ).update(
        status=Zustellung.Status.WARTEND,
        letzter_fehler="Versand wurde unterbrochen (Prozess beendet); wird wiederholt",
    )


def _bestaetigungen_nachholen(smtp: _Smtp, jetzt: datetime) -> int:
    """Confirmation mails queued by `anmelden` (or put back after a failed attempt), each with a new link."""
    gesendet = 0
    offen = Abonnent.objects.filter(
        status=Abonnent.Status.AUSSTEHEND,
        bestaetigung_gesendet_am__isnull=True,
        angemeldet_am__gt=jetzt - BESTAETIGUNG_GUELTIG,
    ).values_list("pk", flat=True)
    for pk in list(offen):
        if smtp.stoerung is not None:
            break
        token = _neuer_token()
        if not Abonnent.objects.filter(
            pk=pk, status=Abonnent.Status.AUSSTEHEND, bestaetigung_gesendet_am__isnull=True
        ).update(
            bestaetigung_gesendet_am=jetzt,
            bestaetigungs_token_hash=token_hash(token),
            token_gueltig_bis=jetzt + BESTAETIGUNG_GUELTIG,
        ):
            continue  # another worker has it
        abonnent = Abonnent.objects.get(pk=pk)
        try:
            smtp.senden(nachrichten.bestaetigungs_nachricht(abonnent, token))
        except OSError as exc:
            log.warning("Bestätigungs-E-Mail an Abonnent %s wieder nicht gesendet: %s", pk, _beschreibe(exc))
            Abonnent.objects.filter(pk=pk, bestaetigungs_token_hash=token_hash(token)).update(
                bestaetigung_gesendet_am=None
            )
            continue
        gesendet += 1
    return gesendet


def _abgelaufene_anmeldungen_loeschen(jetzt: datetime) -> int:
    """Addresses that were never confirmed are deleted once their link has expired (data minimisation).

    An address that was on the list before (it has deliveries) and came back without confirming is kept as
    unsubscribed, as it was before it came back: its deliveries say which issues it already has, so a
    later subscription does not get them twice."""
    abgelaufen = Abonnent.objects.filter(
        Q(token_gueltig_bis__lt=jetzt) | Q(token_gueltig_bis__isnull=True),
        status=Abonnent.Status.AUSSTEHEND,
        angemeldet_am__lt=jetzt - BESTAETIGUNG_GUELTIG,
    )
    frueher = Zustellung.objects.values("abonnent_id")
    abgelaufen.filter(pk__in=frueher).update(
        status=Abonnent.Status.ABGEMELDET,
        abgemeldet_am=jetzt,
        bestaetigungs_token_hash="",
        token_gueltig_bis=None,
    )
    geloescht, _ = abgelaufen.exclude(pk__in=frueher).delete()
    return geloescht


def warteschlange_abarbeiten(jetzt: datetime | None = None, max: int | None = None) -> Abarbeitung:
    """Send every Zustellung that is due at `jetzt` (default: now), at most `max` of them.

    Also sends the queued confirmation mails of new subscriptions, puts mails of dead workers back into
    the queue and deletes subscription requests never confirmed. Safe to run in several processes at once.
    """
    jetzt = jetzt or timezone.now()
    ergebnis = Abarbeitung()
    ergebnis.wieder_freigegeben = _haengende_freigeben(jetzt)
    smtp = _Smtp()
    speicher = _Rundschreibenspeicher()
    try:
        ergebnis.bestaetigungen = _bestaetigungen_nachholen(smtp, jetzt)
        while max is None or ergebnis.bearbeitet < max:
            zustellung = _beanspruchen(jetzt)
            if zustellung is None:
                break
            _zustellen(zustellung, smtp, speicher, jetzt, ergebnis)
    finally:
        smtp.schliessen()
    _abgelaufene_anmeldungen_loeschen(jetzt)
    return ergebnis


def erneut_einreihen(zustellungen: Sequence[int], *, jetzt: datetime | None = None) -> int:
    """Put failed Zustellungen back into the queue with fresh attempts (admin action); returns how many."""
    jetzt = jetzt or timezone.now()
    return Zustellung.objects.filter(
        pk__in=zustellungen,
        status=Zustellung.Status.FEHLGESCHLAGEN,
        abonnent__status=Abonnent.Status.BESTAETIGT,
    ).update(status=Zustellung.Status.WARTEND, versuche=0, naechster_versuch_am=jetzt)

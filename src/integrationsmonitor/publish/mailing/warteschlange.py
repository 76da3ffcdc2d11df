"""Work the mailing queue (`imon mail-queue`): send the due circulars and the confirmation mails.

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
import smtplib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from . import nachrichten
from .models import Abonnent, Rundschreiben, RundschreibenAnhang, Zustellung
from .selectors import token_hash
from .services import BESTAETIGUNG_GUELTIG, neuer_token

log = logging.getLogger(__name__)

WARTEZEIT_BASIS = timedelta(minutes=5)  # backoff after the first failed attempt, doubling
WARTEZEIT_HOECHSTENS = timedelta(hours=6)
SPERRFRIST = timedelta(minutes=15)  # a mail in `sendend` for this long belongs to a dead worker


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
        token = neuer_token()
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

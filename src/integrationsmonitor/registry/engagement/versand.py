"""The mails of /mitmachen/, sent by the mail loop (`imon mail-queue` calls `abarbeiten` after the FactSheet
queue, with the same SMTP settings): the confirmation link to the volunteer, then, once confirmed, one mail
per matching initiative with the volunteer's address as Reply-To; after the last one the request is
deleted. Requests older than IMON_MITMACHEN_FRIST_TAGE days (never confirmed, or not deliverable in that
time) are deleted too.

Safe to run in several processes: a request is claimed (`in_arbeit_seit`) by a conditional update before
its mails are sent; each initiative that got its mail is noted at once, so a retry after an outage sends
only the missing ones.
"""

from __future__ import annotations

import contextlib
import logging
import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from integrationsmonitor.catalog import bezeichnungen as bz
from integrationsmonitor.publish.mailing.nachrichten import absolute_url, neue_message_id
from integrationsmonitor.registry.kurse.finder import gemeinden, kurzer_ortsname
from integrationsmonitor.store.katalog import aktueller_katalog

from .models import Angebotsart, Initiative, Mitmachanfrage
from .selectors import empfaenger, frist, token_hash

log = logging.getLogger(__name__)

SPERRFRIST = timedelta(minutes=15)  # a claim this old belongs to a dead worker


@dataclass
class Lauf:
    """What one run did."""

    bestaetigungen: int = 0  # confirmation mails sent
    weitergeleitet: int = 0  # mails to initiatives sent
    erledigt: int = 0  # requests forwarded to all their initiatives and deleted
    geloescht: int = 0  # requests deleted after the deadline
    fehler: list[str] = field(default_factory=list)


class _Verbindung:
    """One SMTP connection per run, opened when first needed; after a failure the run sends no more."""

    def __init__(self) -> None:
        self.backend = get_connection(fail_silently=False)
        self.offen = False
        self.stoerung = ""

    def senden(self, nachricht: EmailMessage, was: str) -> bool:
        """Send one mail; `was` names it in a failure message (by the request's id: no address is ever logged
        or printed, neither the volunteer's nor an initiative's)."""
        if self.stoerung:
            return False
        try:
            if not self.offen:
                self.backend.open()
                self.offen = True
            if self.backend.send_messages([nachricht]) != 1:
                raise OSError("Der Mailserver hat die Nachricht nicht angenommen")
        except OSError as exc:
            self.stoerung = f"Mitmachen: {was} nicht gesendet: {_ohne_adressen(str(exc), nachricht)}"
            log.warning(self.stoerung)
            return False
        return True

    def gestoert(self) -> bool:
        return bool(self.stoerung)

    def schliessen(self) -> None:
        if self.offen:
            with contextlib.suppress(OSError):
                self.backend.close()
            self.offen = False


def _ohne_adressen(text: str, nachricht: EmailMessage) -> str:
    """`text` (an SMTP error, e.g. "{'x@example.org': (550, …)}") without the mail's addresses."""
    for adresse in [*nachricht.to, *nachricht.reply_to]:
        text = re.sub(re.escape(adresse), "<Adresse>", text, flags=re.IGNORECASE)
    return text


def bestaetigungs_url(token: str, sprache: str) -> str:
    return absolute_url(reverse("engagement:bestaetigen", args=[token]) + f"?sprache={sprache}")


def _nachricht(
    vorlage: str, kontext: dict[str, Any], sprache: str, an: str, antwort_an: str | None = None
) -> EmailMessage:
    """A plain-text mail from `engagement/mail/<vorlage>.txt` and `<vorlage>_betreff.txt` in `sprache`."""
    with translation.override(sprache):
        betreff = render_to_string(f"engagement/mail/{vorlage}_betreff.txt", kontext).strip()
        text = render_to_string(f"engagement/mail/{vorlage}.txt", kontext)
    return EmailMessage(
        subject=betreff,
        body=text,
        from_email=settings.IMON_MAIL_FROM,
        to=[an],
        reply_to=[antwort_an] if antwort_an else None,
        headers={"Message-ID": neue_message_id()},
    )


def _bestaetigungs_nachricht(anfrage: Mitmachanfrage, token: str) -> EmailMessage:
    kontext = {"bestaetigen": bestaetigungs_url(token, anfrage.sprache), "tage": frist().days}
    return _nachricht("bestaetigung", kontext, anfrage.sprache, anfrage.email)


def _weiterleitung(anfrage: Mitmachanfrage, initiative: Initiative, ausweich: bool) -> EmailMessage:
    """The request for one initiative, in German; answering it goes to the volunteer (Reply-To)."""
    kontext = {
        "initiative": initiative,
        "gemeinde": kurzer_ortsname(gemeinden().get(anfrage.gemeinde, anfrage.gemeinde)),
        "arten": [str(Angebotsart(a).label) for a in anfrage.arten if a in Angebotsart.values],
        "nachricht": anfrage.nachricht,
        "email": anfrage.email,
        "ausweich": ausweich,
        "im_kreis": bz.im_kreis(aktueller_katalog().kreis.typ),  # "im Landkreis", "in der Stadt"
    }
    return _nachricht("weiterleitung", kontext, "de", initiative.email, antwort_an=anfrage.email)


def _bestaetigungen_senden(smtp: _Verbindung, jetzt: datetime, lauf: Lauf) -> None:
    offen = Mitmachanfrage.objects.filter(
        bestaetigt_am__isnull=True, bestaetigung_gesendet_am__isnull=True, angelegt_am__gt=jetzt - frist()
    ).values_list("pk", flat=True)
    for pk in list(offen):
        token = secrets.token_urlsafe(32)
        if not Mitmachanfrage.objects.filter(pk=pk, bestaetigung_gesendet_am__isnull=True).update(
            bestaetigung_gesendet_am=jetzt, token_hash=token_hash(token)
        ):
            continue  # another worker has it
        anfrage = Mitmachanfrage.objects.get(pk=pk)
        if smtp.senden(_bestaetigungs_nachricht(anfrage, token), f"Bestätigungs-E-Mail der Anfrage {pk}"):
            lauf.bestaetigungen += 1
        else:  # back into the queue; the next run makes a new link
            Mitmachanfrage.objects.filter(pk=pk).update(bestaetigung_gesendet_am=None, token_hash="")
            lauf.fehler.append(smtp.stoerung)
            return


def _beanspruchen(pk: int, jetzt: datetime) -> bool:
    return bool(
        Mitmachanfrage.objects.filter(pk=pk)
        .filter(Q(in_arbeit_seit__isnull=True) | Q(in_arbeit_seit__lt=jetzt - SPERRFRIST))
        .update(in_arbeit_seit=jetzt)
    )


def _weiterleiten(smtp: _Verbindung, jetzt: datetime, lauf: Lauf) -> None:
    bestaetigt = Mitmachanfrage.objects.filter(bestaetigt_am__isnull=False, angelegt_am__gt=jetzt - frist())
    for pk in list(bestaetigt.values_list("pk", flat=True)):
        if smtp.gestoert() or not _beanspruchen(pk, jetzt):
            continue
        anfrage = Mitmachanfrage.objects.get(pk=pk)
        initiativen, ausweich = empfaenger(anfrage.gemeinde, anfrage.arten)
        erledigt = set(anfrage.weitergeleitet_an or [])
        for initiative in initiativen:
            if initiative.pk in erledigt:
                continue
            was = f"Weiterleitung der Anfrage {pk} an die Initiative {initiative.pk}"
            if not smtp.senden(_weiterleitung(anfrage, initiative, ausweich), was):
                break
            erledigt.add(initiative.pk)
            Mitmachanfrage.objects.filter(pk=pk).update(weitergeleitet_an=sorted(erledigt))
            lauf.weitergeleitet += 1
        if smtp.gestoert():
            Mitmachanfrage.objects.filter(pk=pk).update(in_arbeit_seit=None)
            lauf.fehler.append(smtp.stoerung)
            return
        anfrage.delete()  # forwarded: nothing of it is kept
        lauf.erledigt += 1


def abgelaufene_loeschen(jetzt: datetime | None = None) -> int:
    """Delete the requests older than the deadline (confirmed or not); returns how many."""
    jetzt = jetzt or timezone.now()
    geloescht, _ = Mitmachanfrage.objects.filter(angelegt_am__lte=jetzt - frist()).delete()
    return geloescht


def abarbeiten(jetzt: datetime | None = None) -> Lauf:
    """One run: deletion of expired requests, confirmation mails, forwarding of confirmed requests. The
    deletion comes first and again at the end (in `finally`): whatever goes wrong while sending (also an
    error that is no OSError), no expired request outlives the run."""
    jetzt = jetzt or timezone.now()
    lauf = Lauf()
    lauf.geloescht = abgelaufene_loeschen(jetzt)
    smtp = _Verbindung()
    try:
        _bestaetigungen_senden(smtp, jetzt, lauf)
        _weiterleiten(smtp, jetzt, lauf)
    finally:
        smtp.schliessen()
        lauf.geloescht += abgelaufene_loeschen(jetzt)
    return lauf


def abarbeiten_und_melden(*, immer: bool = False) -> Lauf:
    """One run for `imon mail-queue`: a German line on stdout if anything happened (or `immer`), the
    failures on stderr."""
    import sys

    lauf = abarbeiten()
    if immer or lauf.bestaetigungen or lauf.weitergeleitet or lauf.geloescht:
        print(
            f"Mitmachen: {lauf.bestaetigungen} Bestätigungs-E-Mails, {lauf.weitergeleitet} Weiterleitungen an "
            f"Initiativen, {lauf.erledigt} Anfragen weitergeleitet und gelöscht, {lauf.geloescht} abgelaufen "
            "und gelöscht",
            flush=True,
        )
    for fehler in lauf.fehler:
        sys.stderr.write(f"{fehler} (wird im nächsten Lauf wiederholt)\n")
    return lauf

"""Everything that writes a volunteer's interest: the request (double opt-in) and its confirmation.
Mails are sent by `versand.abarbeiten` in the mail loop (`imon mail-queue`), never inside a request.

Limits (web.drossel, like the newsletter sign-up): IMON_MITMACHEN_JE_CLIENT requests per client and hour,
IMON_MITMACHEN_JE_STUNDE confirmation mails per hour for the site, IMON_MITMACHEN_JE_POSTFACH per mailbox
and day. Over a limit nothing happens, and the visitor sees the same page as in every other case.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from integrationsmonitor.publish.mailing.services import normalisiere_email, postfach
from integrationsmonitor.web import drossel

from .models import ZIELSPRACHEN, Angebotsart, Mitmachanfrage, gemeinde_pruefen
from .selectors import anfrage_zum_bestaetigen, token_hash

EINWILLIGUNG_VERSION = "2026-12"  # the consent text of the form (templates/engagement/_einwilligung.html)
NACHRICHT_HOECHSTENS = 500  # characters of the free text


def _zaehlt_client(client: str | None, jetzt: datetime) -> str | None:
    if client is None:
        return None
    schluessel = drossel.schluessel(client)
    drossel.vermerken(drossel.MITMACHEN_CLIENT, schluessel, jetzt)
    return schluessel


def _innerhalb_der_grenzen(client: str | None, fach: str, jetzt: datetime) -> bool:
    stunde, tag = timedelta(hours=1), timedelta(days=1)
    je_client = drossel.anzahl(drossel.MITMACHEN_CLIENT, client, stunde, jetzt) if client is not None else 0
    gesamt = drossel.anzahl(drossel.MITMACHEN_MAIL, "", stunde, jetzt)
    je_postfach = drossel.anzahl(drossel.MITMACHEN_POSTFACH, fach, tag, jetzt)
    return (
        je_client <= drossel.grenze("IMON_MITMACHEN_JE_CLIENT")  # this request is already counted
        and gesamt < drossel.grenze("IMON_MITMACHEN_JE_STUNDE")
        and je_postfach < drossel.grenze("IMON_MITMACHEN_JE_POSTFACH")
    )


def interesse_melden(
    email: str,
    gemeinde: str,
    arten: Sequence[str] = (),
    nachricht: str = "",
    sprache: str = "de",
    *,
    client: str | None = None,
    jetzt: datetime | None = None,
) -> bool:
    """Keep a volunteer's interest until it is confirmed; the mail loop sends the confirmation link.
    Returns whether it was kept (False: over a limit). Raises ValidationError (German) for a wrong address,
    Gemeinde, kind or a text over NACHRICHT_HOECHSTENS characters."""
    email = normalisiere_email(email)
    gemeinde_pruefen(gemeinde)
    falsch = [a for a in arten if a not in Angebotsart.values]
    if falsch:
        raise ValidationError(f"Mitmachen: unbekannte Angebotsart „{falsch[0]}“")
    nachricht = nachricht.strip()
    if len(nachricht) > NACHRICHT_HOECHSTENS:
        raise ValidationError(f"Mitmachen: die Nachricht hat mehr als {NACHRICHT_HOECHSTENS} Zeichen")
    jetzt = jetzt or timezone.now()
    fach = drossel.schluessel(postfach(email))

    def eintragen() -> bool:
        with transaction.atomic():
            schluessel = _zaehlt_client(client, jetzt)  # every request counts, also one that changes nothing
            if not _innerhalb_der_grenzen(schluessel, fach, jetzt):
                return False
            Mitmachanfrage.objects.create(
                email=email,
                gemeinde=gemeinde,
                arten=sorted(set(arten)),
                nachricht=nachricht,
                sprache=sprache if sprache in ("de", *ZIELSPRACHEN) else "de",
                einwilligung_version=EINWILLIGUNG_VERSION,
                einwilligung_am=jetzt,
                angelegt_am=jetzt,
            )
            drossel.vermerken(drossel.MITMACHEN_MAIL, "", jetzt)
            drossel.vermerken(drossel.MITMACHEN_POSTFACH, fach, jetzt)
            return True

    return drossel.wiederholt(eintragen)


def anfrage_ohne_wirkung(client: str | None, *, jetzt: datetime | None = None) -> None:
    """A bot's request (hidden field filled in) changes nothing but still counts for its client."""
    drossel.wiederholt(lambda: _zaehlt_client(client, jetzt or timezone.now()))


def bestaetigen(token: str, *, jetzt: datetime | None = None) -> Mitmachanfrage | None:
    """Confirm a request with the token of its mail (one use); the mail loop then forwards it. None: the
    link is unknown, used or expired."""
    jetzt = jetzt or timezone.now()
    anfrage = anfrage_zum_bestaetigen(token, jetzt)
    if anfrage is None:
        return None
    if not Mitmachanfrage.objects.filter(
        pk=anfrage.pk, bestaetigt_am__isnull=True, token_hash=token_hash(token)
    ).update(bestaetigt_am=jetzt, token_hash=""):
        return None
    anfrage.bestaetigt_am = jetzt
    return anfrage

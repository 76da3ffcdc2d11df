"""Read access to the mailing list."""

from __future__ import annotations

import hashlib
from datetime import datetime

from django.db.models import Count, QuerySet
from django.utils import timezone

from .models import Abonnent, Rundschreiben, Zustellung


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def abonnent_zum_bestaetigen(token: str, jetzt: datetime | None = None) -> Abonnent | None:
    """The pending subscriber whose confirmation link this is, if the link is still valid."""
    jetzt = jetzt or timezone.now()
    return Abonnent.objects.filter(
        status=Abonnent.Status.AUSSTEHEND,
        bestaetigungs_token_hash=token_hash(token),
        token_gueltig_bis__gt=jetzt,
    ).first()


def abonnent_zum_abmelden(token: str) -> Abonnent | None:
    return Abonnent.objects.filter(abmelde_token=token).first() if token else None


def warteschlange_stand() -> dict[str, int]:
    """Number of Zustellungen per state (all states, zero included)."""
    gezaehlt = dict(
        Zustellung.objects.values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    return {status: gezaehlt.get(status, 0) for status in Zustellung.Status.values}


def offene_empfaenger(rundschreiben: Rundschreiben | None) -> QuerySet[Abonnent]:
    """The confirmed subscribers a circular would reach now: those who have not received it and for whom it
    is not queued. A delivery dropped because the address unsubscribed (abgebrochen) counts as not received;
    a failed one does not (the admin puts it back with "erneut einreihen"). None: a circular not yet made."""
    bestaetigt = Abonnent.objects.filter(status=Abonnent.Status.BESTAETIGT)
    if rundschreiben is None or rundschreiben.pk is None:
        return bestaetigt
    return bestaetigt.exclude(
        pk__in=Zustellung.objects.filter(rundschreiben=rundschreiben)
        .exclude(status=Zustellung.Status.ABGEBROCHEN)
        .values("abonnent_id")
    )


def versandstand(rundschreiben: Rundschreiben | None) -> dict[str, int]:
    """Number of this circular's Zustellungen per state (all states, zero included)."""
    if rundschreiben is None or rundschreiben.pk is None:
        return dict.fromkeys(Zustellung.Status.values, 0)
    gezaehlt = dict(
        rundschreiben.zustellungen.values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    return {status: gezaehlt.get(status, 0) for status in Zustellung.Status.values}

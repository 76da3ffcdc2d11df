"""Read access to the mailing list."""

from __future__ import annotations

import hashlib
from datetime import datetime

from django.db.models import Count
from django.utils import timezone

from .models import Abonnent, Zustellung


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

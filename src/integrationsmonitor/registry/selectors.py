"""Reads of the registry: which offers, projects and funding lines a page shows (no writes here)."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet

from . import rollen
from .models import Angebot, Foerderung, Projekt, Rolle
from .rollen import Benutzer


def aktive_angebote(stichtag: date) -> QuerySet[Angebot]:
    """Offers active on `stichtag` (open period ends included) of active providers, for the public list;
    archived ones (places Integreat no longer lists) are left out."""
    return (
        Angebot.objects.filter(traeger__aktiv=True, archiviert=False)
        .filter(Q(aktiv_von__isnull=True) | Q(aktiv_von__lte=stichtag))
        .filter(Q(aktiv_bis__isnull=True) | Q(aktiv_bis__gte=stichtag))
        .select_related("traeger")
        .prefetch_related("orte")
        .order_by("name", "pk")
    )


def bearbeitbare_angebote(benutzer: Benutzer) -> QuerySet[Angebot]:
    """All offers for the admin, a provider's own for a provider user, none for anybody else."""
    qs = Angebot.objects.select_related("traeger").order_by("traeger__name", "name")
    return qs.filter(pk__in=_traeger_filter(benutzer, qs))


def bearbeitbare_projekte(benutzer: Benutzer) -> QuerySet[Projekt]:
    qs = Projekt.objects.select_related("traeger").order_by("traeger__name", "name")
    return qs.filter(pk__in=_traeger_filter(benutzer, qs))


def _traeger_filter(benutzer: Benutzer, qs: QuerySet) -> QuerySet:  # type: ignore[type-arg]
    if rollen.rolle(benutzer) == Rolle.ADMIN:
        return qs.values("pk")
    eigener = rollen.eigener_traeger(benutzer)
    if eigener is None:
        return qs.none().values("pk")
    return qs.filter(traeger=eigener).values("pk")


def foerderungen_mit_berichten() -> list[Foerderung]:
    """Every funding line with its project, provider and report dates (for warnings and the overview)."""
    return list(
        Foerderung.objects.select_related("projekt__traeger")
        .prefetch_related("berichtstermine")
        .order_by("projekt__name", "von", "pk")
    )


def projekte_mit_foerderung() -> list[Projekt]:
    return list(
        Projekt.objects.select_related("traeger")
        .prefetch_related("foerderungen__berichtstermine")
        .order_by("name")
    )

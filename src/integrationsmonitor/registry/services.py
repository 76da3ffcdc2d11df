"""Registry logic: funding warnings and the Amt's funding overview sorted by risk."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import Model
from django.forms import BaseInlineFormSet, ModelForm

from . import selectors
from .models import Berichtstermin, Foerderung, Projekt

ENDET_OHNE_ANSCHLUSS = "endet_ohne_anschluss"
BERICHT_UEBERFAELLIG = "bericht_ueberfaellig"


@dataclass(frozen=True)
class Warnung:
    art: str  # ENDET_OHNE_ANSCHLUSS or BERICHT_UEBERFAELLIG
    projekt: Projekt
    foerderung: Foerderung
    datum: date  # end of funding, or the report's due date
    bericht: Berichtstermin | None = None


@dataclass
class Uebersichtszeile:
    projekt: Projekt
    warnungen: list[Warnung] = field(default_factory=list)
    laufende: list[Foerderung] = field(default_factory=list)  # lines running on the reference date

    @property
    def endet_ohne_anschluss(self) -> list[Warnung]:
        return [w for w in self.warnungen if w.art == ENDET_OHNE_ANSCHLUSS]

    @property
    def ueberfaellig(self) -> list[Warnung]:
        return [w for w in self.warnungen if w.art == BERICHT_UEBERFAELLIG]


def warnmonate() -> int:
    return int(getattr(settings, "IMON_FOERDERUNG_WARNMONATE", 6))


def plus_monate(tag: date, monate: int) -> date:
    """`tag` moved by whole months (the 31st becomes the month's last day)."""
    index = tag.month - 1 + monate
    jahr, monat = tag.year + index // 12, index % 12 + 1
    return date(jahr, monat, min(tag.day, calendar.monthrange(jahr, monat)[1]))


def hat_anschluss(foerderung: Foerderung, alle: list[Foerderung]) -> bool:
    """A follow-up line: another line of the same project that runs beyond this one's end."""
    return any(
        f.pk != foerderung.pk and f.projekt_id == foerderung.projekt_id and f.bis > foerderung.bis
        for f in alle
    )


def foerderwarnungen(heute: date, monate: int | None = None) -> list[Warnung]:
    """Funding that ends within `monate` months (default: setting IMON_FOERDERUNG_WARNMONATE) without a
    follow-up line for the same project, and reports due before `heute` and not submitted."""
    grenze = plus_monate(heute, warnmonate() if monate is None else monate)
    alle = selectors.foerderungen_mit_berichten()
    warnungen: list[Warnung] = []
    for f in alle:
        if heute <= f.bis <= grenze and not hat_anschluss(f, alle):
            warnungen.append(Warnung(ENDET_OHNE_ANSCHLUSS, f.projekt, f, f.bis))
        for b in f.berichtstermine.all():
            if b.eingereicht_am is None and b.faellig_am < heute:
                warnungen.append(Warnung(BERICHT_UEBERFAELLIG, f.projekt, f, b.faellig_am, b))
    return warnungen


def foerderuebersicht(heute: date, monate: int | None = None) -> list[Uebersichtszeile]:
    """One row per project, by risk: funding ending soonest without follow-up first, then overdue reports
    (oldest first), then the rest by name."""
    zeilen = {p.pk: Uebersichtszeile(p) for p in selectors.projekte_mit_foerderung()}
    for z in zeilen.values():
        z.laufende = [f for f in z.projekt.foerderungen.all() if f.von <= heute <= f.bis]
    for w in foerderwarnungen(heute, monate):
        zeilen[w.projekt.pk].warnungen.append(w)

    def risiko(z: Uebersichtszeile) -> tuple[int, date, str]:
        if z.endet_ohne_anschluss:
            return (0, min(w.datum for w in z.endet_ohne_anschluss), z.projekt.name)
        if z.ueberfaellig:
            return (1, min(w.datum for w in z.ueberfaellig), z.projekt.name)
        return (2, date.max, z.projekt.name)

    return sorted(zeilen.values(), key=risiko)


def speichere_mit_orten(form: ModelForm, orte: BaseInlineFormSet) -> Model:  # type: ignore[type-arg]
    """Save an offer or project with its places in one transaction (both already validated)."""
    with transaction.atomic():
        objekt: Model = form.save()
        orte.instance = objekt
        orte.save()
    return objekt

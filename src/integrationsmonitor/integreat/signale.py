"""A saved or deleted course or provider (its name, phone and e-mail show on the page; with
IMON_INTEGREAT_PUSH_BERATUNG also a counselling offer) queues a push of every language's Integreat page,
debounced (warteschlange.aenderung_vormerken). Never fails the change itself: a malformed Integreat
configuration only means no new languages are added here (`imon integreat-push` names the error)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Model
from django.db.models.signals import post_delete, post_save

from integrationsmonitor.registry.kurse.models import Sprachkurs
from integrationsmonitor.registry.models import Angebot, Angebotsort, Traeger

KURSSEITE: tuple[type[Model], ...] = (Sprachkurs, Traeger)  # on the course list; Angebot(sort): counselling


def _konfigurierte_sprachen() -> list[str]:
    from .push import KonfigurationsFehler, tokens_lesen

    text = str(getattr(settings, "IMON_INTEGREAT_TOKENS", "") or "")
    if not text.strip():
        return []
    try:
        return list(tokens_lesen(text))
    except KonfigurationsFehler:
        return []


def kurse_geaendert(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    if kwargs.get("raw"):  # loaddata / restore: nothing changed for the readers of the app
        return
    if sender not in KURSSEITE and not getattr(settings, "IMON_INTEGREAT_PUSH_BERATUNG", False):
        return
    from .warteschlange import aenderung_vormerken

    aenderung_vormerken(_konfigurierte_sprachen())


BEOBACHTET: tuple[type[Model], ...] = (*KURSSEITE, Angebot, Angebotsort)
for _modell in BEOBACHTET:
    post_save.connect(kurse_geaendert, sender=_modell, dispatch_uid=f"integreat-push-{_modell.__name__}")
    post_delete.connect(kurse_geaendert, sender=_modell, dispatch_uid=f"integreat-push-d-{_modell.__name__}")

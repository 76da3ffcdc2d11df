"""Each saved or deleted course delivers the figures of the years it runs in (no manual step)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Sprachkurs


@receiver(post_save, sender=Sprachkurs)
@receiver(post_delete, sender=Sprachkurs)
def kurs_geaendert(sender: type[Sprachkurs], instance: Sprachkurs, **kwargs: Any) -> None:
    from integrationsmonitor.store.katalog import aktueller_katalog
    from integrationsmonitor.store.selectors import gibt_demodaten

    from .lieferung import DATENSATZ, jahre_von, liefere_jahr

    if kwargs.get("raw"):  # loaddata: the deliveries come with the fixture, nothing to deliver again
        return
    katalog = aktueller_katalog()
    if DATENSATZ not in katalog.datensaetze:  # a county catalogue without the course dataset
        return
    demo = gibt_demodaten()
    for jahr in jahre_von(instance):
        liefere_jahr(katalog, jahr, ist_demo=demo)

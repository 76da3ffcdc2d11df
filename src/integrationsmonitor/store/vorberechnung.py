"""Protect a new delivery as soon as it is stored, so that no visitor waits for its protection.

Protecting takes seconds per delivery in a county with many Gemeinden (bench/crowd.py --gross). Without
this, the first page that shows a new delivery would compute it — in every worker of `imon serve` that
gets such a request at the same time. After the transaction that stored the delivery commits, the process
that stored it (`imon deliver`, the upload, an import) computes the publication with the catalogue in use
(`IMON_CATALOG_DIR`) and keeps it in the database (store.schutzergebnis) — in the website's processes in a
thread of its own, so that the request that stored the delivery does not wait for it. A failure here loses nothing:
the delivery is stored, and the first reader computes its publication as before.
"""

from __future__ import annotations

import logging
import threading
from functools import partial
from typing import Any

from django.db import connection, transaction
from django.db.models.signals import post_save

from integrationsmonitor.catalog.model import Katalog

from .katalog import aktueller_katalog
from .models import Lieferung

log = logging.getLogger(__name__)


def schuetze_neue_lieferung(lieferung_id: int) -> bool:
    """Compute and keep the publication of a stored delivery; True if it is a protected one."""
    from .selectors import roher_wuerfel
    from .veroeffentlichung import geschuetzt, veroeffentlichung

    k = aktueller_katalog()
    lf = Lieferung.objects.filter(id=lieferung_id, status=Lieferung.Status.AKTIV).first()
    if lf is None or lf.datensatz not in k.datensaetze or not geschuetzt(k, lf):
        return False
    veroeffentlichung(k, lf, lambda teil: roher_wuerfel(k, teil))
    return True


_im_hintergrund = False


def im_hintergrund(an: bool = True) -> None:
    """In the website's processes (`imon serve`), compute in a thread of its own: the request that stored
    the delivery (an upload's confirmation) answers at once instead of after the protection. Commands
    (`imon deliver`) compute before they end, so the result is there when they return."""
    global _im_hintergrund
    _im_hintergrund = an


def schuetze_fehlende(k: Katalog) -> int:
    """Compute the protection results no process has kept yet (after a catalogue or method change, or
    deliveries stored while the computation failed), in arrival order; returns how many. `imon serve` runs
    it before it starts its workers, without keeping any cube: the workers read what their pages need."""
    from .models import Schutzergebnis
    from .schutzergebnis import schutz_kennung
    from .selectors import roher_wuerfel
    from .veroeffentlichung import geschuetzt, veroeffentlichung

    vorhanden = set(
        Schutzergebnis.objects.filter(schutz=schutz_kennung(k)).values_list("lieferung_id", flat=True)
    )
    fehlend = [
        lf
        for lf in Lieferung.objects.filter(status=Lieferung.Status.AKTIV).order_by("eingegangen_am", "id")
        if lf.id not in vorhanden and lf.datensatz in k.datensaetze and geschuetzt(k, lf)
    ]
    for lf in fehlend:
        veroeffentlichung(k, lf, lambda teil: roher_wuerfel(k, teil))
    return len(fehlend)


def _rechne(lieferung_id: int) -> None:
    try:
        schuetze_neue_lieferung(lieferung_id)
    except Exception:  # the delivery is stored; its first reader computes the publication instead
        log.exception("Lieferung %s: Geheimhaltung nicht vorberechnet", lieferung_id)


def _im_thread(lieferung_id: int) -> None:
    try:
        _rechne(lieferung_id)
    finally:
        connection.close()  # the thread's own connection


def _nach_dem_speichern(lieferung_id: int) -> None:
    if _im_hintergrund:
        threading.Thread(
            target=_im_thread, args=(lieferung_id,), name=f"imon-schutz-{lieferung_id}", daemon=True
        ).start()
    else:
        _rechne(lieferung_id)


def _gespeichert(
    sender: type[Lieferung], instance: Lieferung, created: bool, raw: bool = False, **_: Any
) -> None:
    # only inside a transaction (store.ingest stores record and cells in one): outside one, on_commit would
    # run at once, before the cells are written
    if created and not raw and connection.in_atomic_block:
        transaction.on_commit(partial(_nach_dem_speichern, instance.id))


def verbinde() -> None:
    """Connect the signal (StoreConfig.ready)."""
    post_save.connect(_gespeichert, sender=Lieferung, dispatch_uid="imon-schutz-beim-eingang")

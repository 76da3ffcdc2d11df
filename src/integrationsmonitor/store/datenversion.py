"""The data version: one value that changes with every write a public page can show.

Every `post_save`, `post_delete` and `m2m_changed` of a model of the project's apps (integrationsmonitor.*)
gives the one row of `Datenversion` a new random `kennung` (see `vormerken` for when). Left out are the tables no public page shows: the abuse-limit events (written by requests
themselves), the newsletter's mailing tables and the version row itself. Writes that send no signals
(`QuerySet.update`, `bulk_create`) do not count; the code base uses them only for the mailing tables and
in the demo builders, which also save a delivery.

Readers (web.antwortcache, store.selectors, web.context) call `datenversion()`: one small query, or none
while `fuer_anfrage` holds the value read once for the current request.
"""

from __future__ import annotations

import contextvars
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import connection, transaction
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.test.signals import setting_changed
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from .models import Datenversion

# Tables no public page shows: counting them would empty the cache on every login attempt or mail sent.
NICHT_OEFFENTLICH = {
    "web.drosselereignis",
    "store.datenversion",
    "store.schutzergebnis",
    "store.seitenwerte",
    "beratung.einmalmarke",
    "engagement.mitmachanfrage",  # a volunteer's request until it is forwarded: on no public page
    "store.sammelmeldung",  # an initiative's report until the Amt publishes the year: on no public page
}
NICHT_OEFFENTLICHE_APPS = {"integrationsmonitor.publish.mailing", "integrationsmonitor.integreat"}


@dataclass(frozen=True)
class Version:
    kennung: str
    geaendert_am: datetime


# No row yet (no write since the table was created): the data are as this process found them at its start.
LEER = Version("0", datetime.now(UTC).replace(microsecond=0))
_anfrage: contextvars.ContextVar[Version | None] = contextvars.ContextVar("imon_datenversion", default=None)


def lies() -> Version:
    """The version in the database now (one small query, without the ORM: it runs on every request)."""
    tabelle = connection.ops.quote_name(Datenversion._meta.db_table)
    with connection.cursor() as c:
        c.execute(f"SELECT kennung, geaendert_am FROM {tabelle} WHERE id = 1")
        zeile = c.fetchone()
    if zeile is None:
        return LEER
    am = zeile[1] if isinstance(zeile[1], datetime) else parse_datetime(str(zeile[1]))
    if am is None:
        return Version(str(zeile[0]), LEER.geaendert_am)
    return Version(str(zeile[0]), am if am.tzinfo else am.replace(tzinfo=UTC))  # SQLite keeps UTC, naive


def datenversion() -> Version:
    """The version for the current request (read once per request), else the one in the database now."""
    return _anfrage.get() or lies()


@contextmanager
def fuer_anfrage() -> Iterator[Version]:
    """Read the version once and keep it for everything the current request computes."""
    token = _anfrage.set(lies())
    try:
        yield _anfrage.get() or LEER
    finally:
        _anfrage.reset(token)


def erhoehe() -> Version:
    """Give the data a new version now (outside a transaction or at its commit)."""
    neu = Version(uuid.uuid4().hex, timezone.now())
    if not Datenversion.objects.filter(pk=1).update(kennung=neu.kennung, geaendert_am=neu.geaendert_am):
        Datenversion.objects.update_or_create(
            pk=1, defaults={"kennung": neu.kennung, "geaendert_am": neu.geaendert_am}
        )
    return neu


def _nach_commit() -> None:
    erhoehe()


def zaehlt(modell: type[Model]) -> bool:
    """Whether a write to `modell` can change a public page."""
    meta = modell._meta
    if meta.label_lower in NICHT_OEFFENTLICH or meta.app_config is None:
        return False
    name = meta.app_config.name
    return name.startswith("integrationsmonitor.") and name not in NICHT_OEFFENTLICHE_APPS


def vormerken(using: str | None = None) -> None:
    """Raise the version with the current write.

    Inside a PostgreSQL transaction: once, after the commit, so that writers of different datasets do not
    queue for the one row (readers do not see the transaction before anyway). SQLite holds one write lock
    for the whole database during a transaction, so the row is written at once, inside it; so is it in a
    test case's transaction, which never commits."""
    verbindung = transaction.get_connection(using)
    bloecke = getattr(verbindung, "atomic_blocks", [])
    if (
        not verbindung.in_atomic_block
        or verbindung.vendor == "sqlite"
        or (bloecke and getattr(bloecke[0], "_from_testcase", False))
    ):
        erhoehe()
    elif not any(f is _nach_commit for _s, f, _r in verbindung.run_on_commit):
        transaction.on_commit(_nach_commit, using=using)


def _geaendert(sender: Any, **kwargs: Any) -> None:
    modell = sender if isinstance(sender, type) else type(sender)
    if kwargs.get("raw"):  # loaddata / restore of a fixture: the restored row brings its own version
        return
    if issubclass(modell, Model) and zaehlt(modell):
        vormerken(kwargs.get("using"))


def _m2m_geaendert(sender: Any, instance: Any, action: str, **kwargs: Any) -> None:
    if action.startswith("post_") and zaehlt(type(instance)):
        vormerken(kwargs.get("using"))


_vergessen: list[Callable[[], None]] = []


def beim_vergessen(leeren: Callable[[], None]) -> Callable[[], None]:
    """Register a function that empties a cache kept by data version (decorator)."""
    _vergessen.append(leeren)
    return leeren


def vergiss_alles(**_kwargs: Any) -> None:
    """Empty every cache kept by data version (tests: a rolled-back database may show an old version again;
    a changed setting may change the pages)."""
    for leeren in _vergessen:
        leeren()


def verbinde() -> None:
    """Connect the signals (StoreConfig.ready)."""
    setting_changed.connect(vergiss_alles, dispatch_uid="imon-datenversion-einstellung")
    post_save.connect(_geaendert, dispatch_uid="imon-datenversion-save")
    post_delete.connect(_geaendert, dispatch_uid="imon-datenversion-delete")
    m2m_changed.connect(_m2m_geaendert, dispatch_uid="imon-datenversion-m2m")

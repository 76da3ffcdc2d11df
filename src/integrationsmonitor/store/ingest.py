"""The one service that writes deliveries: validate, version, audit — one transaction per delivery.

Linear in the file and bounded in memory: an unchanged file is recognised by its hash before anything is
checked, rows are checked as they are read, and the cells go to the database in one statement stream (COPY on
PostgreSQL, `executemany` on SQLite), never as Django model objects.

Deliveries of the same dataset and period are serialised: the writing transaction first takes a lock
(PostgreSQL: a transaction advisory lock per dataset and period; SQLite: the database's write lock, taken by
the first statement), then looks at the active delivery. If SQLite stays busy, the transaction is tried again
for up to `WARTEN_SEKUNDEN`; after that the delivery is rejected with a German message, nothing stored.
Every rejected delivery is logged (logger `integrationsmonitor.lieferung`).
"""

from __future__ import annotations

import hashlib
import logging
import random
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from django.db import OperationalError, connection, transaction

from integrationsmonitor.catalog import zeitraum as zr
from integrationsmonitor.catalog.model import Katalog
from integrationsmonitor.formats.delivery_csv import Lieferdatei
from integrationsmonitor.formats.errors import FormatFehler

from . import beitragende
from .models import Beobachtung, Lieferung
from .validation import TRENNER as TRENNER  # re-exported: selectors, registry read it from here
from .validation import Pruefergebnis, pruefe_datei

WARTEN_SEKUNDEN = 120.0  # how long a delivery waits for another writer of the SQLite database
BELEGT = (
    "nicht gespeichert: die Datenbank war {s} Sekunden lang durch einen anderen Schreibvorgang belegt; "
    "bitte die Lieferung später erneut senden"
)
log = logging.getLogger("integrationsmonitor.lieferung")


@dataclass
class Lieferergebnis:
    angenommen: bool
    probleme: list[str] = field(default_factory=list)
    lieferung: Lieferung | None = None
    ersetzt: Lieferung | None = None
    unveraendert: bool = False  # the same file is already the active delivery
    weitere: list[Lieferergebnis] = field(default_factory=list)  # further periods of the same file (GENESIS)
    pruefung: Pruefergebnis | None = None  # the checked cells of a delivery only checked (`nur_pruefen`)
    gesammelt: str = (
        ""  # an organisation's report kept for a later publication (store.sammlung), not delivered
    )


def _abgelehnt(*probleme: str) -> Lieferergebnis:
    return Lieferergebnis(False, list(probleme))


def _protokolliert(
    ergebnis: Lieferergebnis, datensatz: str, zeitraum: str, datei: str, benutzer: str
) -> Lieferergebnis:
    if not ergebnis.angenommen:
        log.warning(
            "Lieferung abgelehnt: Datensatz %s, Zeitraum %s, Datei %s, Benutzer %s, %d Problem(e): %s",
            datensatz,
            zeitraum,
            datei,
            benutzer,
            len(ergebnis.probleme),
            "; ".join(ergebnis.probleme[:3])[:2000],
        )
    return ergebnis


def liefere(
    *,
    katalog: Katalog,
    daten: bytes,
    datei_name: str,
    datensatz: str,
    zeitraum: str,
    benutzer: str,
    lieferant: str | None = None,
    ist_demo: bool = False,
    quell_hash: str | None = None,
    amtlich: bool = False,
    nur_pruefen: bool = False,
) -> Lieferergebnis:
    """Validate a delivery file and store it, superseding the active delivery of that dataset and period.

    With `nur_pruefen`, check only and store nothing: an accepted result carries the unsaved delivery, the
    active one it would supersede (`ersetzt`) and the checked cells (`pruefung`), for the upload's preview.

    A rejected delivery stores nothing and lists its problems (at most 200, then how many more). `quell_hash`
    records the hash of the original file when `daten` was converted from it (GENESIS import); `amtlich`
    marks a table a statistical office has already published and protected (published as delivered, see
    docs/geheimhaltung.md)."""
    ergebnis = _liefere(
        katalog=katalog,
        daten=daten,
        datei_name=datei_name,
        datensatz=datensatz,
        zeitraum=zeitraum,
        benutzer=benutzer,
        lieferant=lieferant,
        ist_demo=ist_demo,
        quell_hash=quell_hash,
        amtlich=amtlich,
        nur_pruefen=nur_pruefen,
    )
    return _protokolliert(ergebnis, datensatz, zeitraum, datei_name, benutzer)


def _liefere(
    *,
    katalog: Katalog,
    daten: bytes,
    datei_name: str,
    datensatz: str,
    zeitraum: str,
    benutzer: str,
    lieferant: str | None,
    ist_demo: bool,
    quell_hash: str | None,
    amtlich: bool,
    nur_pruefen: bool = False,
) -> Lieferergebnis:
    ds = katalog.datensaetze.get(datensatz)
    if ds is None:
        return _abgelehnt(
            f"unbekannter Datensatz ‚{datensatz}‘ (bekannt: {', '.join(sorted(katalog.datensaetze))})"
        )
    lieferant = lieferant or ds.lieferant
    if lieferant != ds.lieferant:
        name = katalog.lieferanten[ds.lieferant].name
        return _abgelehnt(
            f"der Datensatz {datensatz} wird von {ds.lieferant} ({name}) geliefert, nicht von ‚{lieferant}‘"
        )
    try:
        zeitraum = zr.normalisiere(zeitraum, ds.zeitraum)
    except ValueError as exc:
        return _abgelehnt(f"Zeitraum: {exc}")
    alt = Lieferung.objects.filter(
        datensatz=datensatz, zeitraum=zeitraum, status=Lieferung.Status.AKTIV
    ).first()
    if beitragende.gilt(ds):  # figures of organisations: the platform forms the sums, on every path
        try:
            daten, quell_hash = beitragende.neu_gebaut(katalog, ds, zeitraum, daten, datei_name, alt), None
        except FormatFehler as exc:
            return _abgelehnt(str(exc))
        except beitragende.Abgelehnt as exc:
            return _abgelehnt(*exc.probleme)
    datei_hash = quell_hash or hashlib.sha256(daten).hexdigest()
    if alt is not None and alt.datei_hash == datei_hash:  # unchanged: no need to read the file again
        return Lieferergebnis(True, lieferung=alt, unveraendert=True)
    try:
        pruefung = pruefe_datei(katalog, datensatz, zeitraum, Lieferdatei(daten, datei_name))
    except FormatFehler as exc:
        return _abgelehnt(str(exc))
    if not pruefung.ok:
        return _abgelehnt(
            *(f"{datei_name}, {p}" if p.zeile else f"{datei_name}: {p}" for p in pruefung.probleme)
        )
    neu = Lieferung(
        datensatz=datensatz,
        zeitraum=zeitraum,
        lieferant=lieferant,
        datei_name=datei_name[:255],
        datei_hash=datei_hash,
        zellen=pruefung.anzahl_zellen(),
        benutzer=benutzer[:150],
        ist_demo=ist_demo,
        amtlich=amtlich,
    )
    if nur_pruefen:
        return Lieferergebnis(True, lieferung=neu, ersetzt=alt, pruefung=pruefung)
    return _speichere(neu, pruefung)


T = TypeVar("T")


class _Belegt(Exception):
    """SQLite stayed busy for WARTEN_SEKUNDEN."""


def _wiederholt(arbeit: Callable[[], T]) -> T:
    """Run a database step; again, with growing pauses, while SQLite reports "database is locked" (another
    writer holds it), for up to WARTEN_SEKUNDEN (not inside an outer transaction: that must fail whole)."""
    beginn = time.monotonic()
    versuch = 0
    while True:
        try:
            return arbeit()
        except OperationalError as exc:
            if ("locked" not in str(exc) and "busy" not in str(exc)) or connection.in_atomic_block:
                raise
            if time.monotonic() - beginn >= WARTEN_SEKUNDEN:
                raise _Belegt from exc
            time.sleep(min(0.05 * 2**versuch, 2.0) * (0.5 + random.random()))
            versuch += 1


def _speichere(neu: Lieferung, zellen: Pruefergebnis) -> Lieferergebnis:
    """Store a checked delivery in one transaction, serialised with other deliveries of its dataset and
    period."""

    def einmal() -> Lieferergebnis:
        neu.pk = None  # a rolled-back attempt leaves its id behind
        return _speichere_einmal(neu, zellen)

    try:
        return _wiederholt(einmal)
    except _Belegt:
        return _abgelehnt(BELEGT.format(s=round(WARTEN_SEKUNDEN)))


def _sperre(datensatz: str, zeitraum: str) -> None:
    """Take the lock that serialises writers of this dataset and period, before reading the active delivery."""
    with connection.cursor() as c:
        if connection.vendor == "postgresql":
            schluessel = int.from_bytes(
                hashlib.sha256(f"{datensatz}|{zeitraum}".encode()).digest()[:8], "big", signed=True
            )
            c.execute("SELECT pg_advisory_xact_lock(%s)", [schluessel])
        elif connection.vendor == "sqlite":  # the first write takes the database's write lock (RESERVED)
            c.execute(f"UPDATE {Lieferung._meta.db_table} SET status = status WHERE id = -1")
        else:
            list(Lieferung.objects.select_for_update().filter(datensatz=datensatz, zeitraum=zeitraum))


def _speichere_einmal(neu: Lieferung, zellen: Pruefergebnis) -> Lieferergebnis:
    with transaction.atomic():
        _sperre(neu.datensatz, neu.zeitraum)
        alt = (
            Lieferung.objects.select_for_update()
            .filter(datensatz=neu.datensatz, zeitraum=neu.zeitraum, status=Lieferung.Status.AKTIV)
            .first()
        )
        if alt is not None and alt.datei_hash == neu.datei_hash:  # the same file arrived meanwhile
            return Lieferergebnis(True, lieferung=alt, unveraendert=True)
        if alt is not None:
            alt.status = Lieferung.Status.ERSETZT
            alt.save(update_fields=["status"])
        neu.save(force_insert=True)
        _schreibe_zellen(neu.pk, zellen)
        if alt is not None:
            alt.ersetzt_durch = neu
            alt.save(update_fields=["ersetzt_durch"])
    return Lieferergebnis(True, lieferung=neu, ersetzt=alt)


def _zeilen(lieferung_id: int, zellen: Pruefergebnis) -> Iterable[tuple[int, str, str, float | None, str]]:
    for gebiet, merkmale, wert, kennzeichen in zellen.zeilen():
        yield lieferung_id, gebiet, merkmale, wert, kennzeichen


def _schreibe_zellen(lieferung_id: int, zellen: Pruefergebnis) -> None:
    """All cells of a delivery in one stream: COPY on PostgreSQL, one `executemany` elsewhere."""
    meta = Beobachtung._meta
    spalte = {f.name: str(f.column) for f in meta.concrete_fields}
    spalten = [spalte[f] for f in ("lieferung", "gebiet", "merkmale", "wert", "kennzeichen")]
    qn = connection.ops.quote_name
    liste = ", ".join(qn(s) for s in spalten)
    with connection.cursor() as c:
        if connection.vendor == "postgresql":
            with c.cursor.copy(f"COPY {qn(meta.db_table)} ({liste}) FROM STDIN") as copy:
                for zeile in _zeilen(lieferung_id, zellen):
                    copy.write_row(zeile)
        else:
            c.executemany(
                f"INSERT INTO {qn(meta.db_table)} ({liste}) VALUES (%s, %s, %s, %s, %s)",
                cast("Sequence[Sequence[Any]]", _zeilen(lieferung_id, zellen)),  # any iterable will do
            )

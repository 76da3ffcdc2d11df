"""The values pages read from a delivery, kept in the database (`Seitenwerte`): computed once, not per process.

A page reads few values of a delivery (the Kreis of every period for a series, the Gemeinden of the newest
period for a comparison), but computing the first of them loads the delivery's whole published cube: with
ten times the Gemeinden and years that is millions of cells per page and hundreds of megabytes per process.
`store.lieferwerte` keeps what was read per process; this module keeps it across processes and restarts,
so a worker that starts reads the few values instead of the cubes. A value follows only from the delivery
(which never changes), the catalogue, the protection method and the code that builds and reads the published
cube (`wertedateien`: the cube's arithmetic, store/selectors.py and store/lieferwerte.py): `kennung` is a
fingerprint of these, so a change computes anew instead of reading an old value.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sys
import zlib
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path

from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from integrationsmonitor.catalog.model import Katalog
from integrationsmonitor.indicators import cube
from integrationsmonitor.indicators.cube import Auswahl
from integrationsmonitor.indicators.model import Wert

from .models import Lieferung, Seitenwerte
from .schutzergebnis import quellen_fingerabdruck, schutz_kennung

log = logging.getLogger(__name__)

FORMAT = "2"  # raise when the stored layout below changes

Werte = dict[tuple[str, Auswahl], Wert]
Codes = dict[int, frozenset[str]]


def wertedateien() -> list[Path]:
    """The source files a kept value follows from besides the protection (`schutz_kennung` covers that): the
    cube's arithmetic, how the published cube of a delivery is built (store/selectors.py) and how values are
    read from it (store/lieferwerte.py, with its layout)."""
    store = Path(__file__).parent
    return [Path(cube.__file__), store / "selectors.py", store / "lieferwerte.py"]


@cache
def _wuerfel_quelle() -> str:
    return quellen_fingerabdruck(wertedateien(), FORMAT)


def kennung(katalog: Katalog) -> str:
    """Fingerprint of what a kept value depends on besides its delivery (32 hex digits)."""
    roh = f"{FORMAT}:{schutz_kennung(katalog)}:{_wuerfel_quelle()}"
    return hashlib.sha256(roh.encode()).hexdigest()[:32]


def _packe(werte: Mapping[tuple[str, Auswahl], Wert], codes: Mapping[int, frozenset[str]]) -> bytes:
    """A selection (often every code of a long list) is written once per delivery and referred to by its
    number: values of many regions share it."""
    auswahlen: dict[Auswahl, int] = {}
    zeilen = []
    for (g, auswahl), w in werte.items():
        nummer = auswahlen.setdefault(auswahl, len(auswahlen))
        zeilen.append([g, nummer, w.value, w.flag, w.reason])
    inhalt = {
        "auswahlen": [[None if a is None else sorted(a) for a in auswahl] for auswahl in auswahlen],
        "werte": zeilen,
        "codes": {str(i): sorted(c) for i, c in codes.items()},
    }
    return zlib.compress(json.dumps(inhalt, ensure_ascii=False, separators=(",", ":")).encode(), 6)


# One object per distinct selection in the process: a worker reads the values of hundreds of deliveries, and
# their selections (every code of the Staatsangehörigkeit list …) would otherwise be copied for each value.
_AUSWAHLEN: dict[tuple[tuple[str, ...] | None, ...], Auswahl] = {}
_AUSWAHLEN_HOECHSTENS = 100_000


def _gemeinsam(roh: list[list[str] | None]) -> Auswahl:
    schluessel = tuple(None if a is None else tuple(a) for a in roh)
    auswahl = _AUSWAHLEN.get(schluessel)
    if auswahl is None:
        if len(_AUSWAHLEN) >= _AUSWAHLEN_HOECHSTENS:
            _AUSWAHLEN.clear()
        auswahl = _AUSWAHLEN[schluessel] = tuple(None if a is None else frozenset(a) for a in roh)
    return auswahl


def _entpacke(daten: bytes | memoryview) -> tuple[Werte, Codes]:
    inhalt = json.loads(zlib.decompress(bytes(daten)))
    auswahlen = [_gemeinsam(roh) for roh in inhalt["auswahlen"]]
    werte: Werte = {}
    for g, nummer, wert, flag, grund in inhalt["werte"]:
        werte[(sys.intern(g), auswahlen[nummer])] = Wert(wert, flag, grund)
    codes = {int(i): frozenset(c) for i, c in inhalt["codes"].items()}
    return werte, codes


def lies(katalog: Katalog, lieferung_id: int) -> tuple[Werte, Codes]:
    """The kept values of a delivery (empty if none are kept, or the database cannot be read now)."""
    try:
        daten = (
            Seitenwerte.objects.filter(lieferung_id=lieferung_id, kennung=kennung(katalog))
            .values_list("daten", flat=True)
            .first()
        )
    except DatabaseError as e:  # only an aid: the cube answers instead
        log.warning("Seitenwerte der Lieferung %s nicht gelesen: %s", lieferung_id, e)
        return {}, {}
    return ({}, {}) if daten is None else _entpacke(daten)


def speichere(
    katalog: Katalog,
    lieferung_id: int,
    werte: Mapping[tuple[str, Auswahl], Wert],
    codes: Mapping[int, frozenset[str]],
) -> None:
    """Add values to those kept for a delivery. Two processes adding at once may lose one's additions (on
    SQLite the read is not locked): harmless, whoever needs them computes them again. A delivery deleted
    meanwhile or a database busy with a long write is no error either."""
    k = kennung(katalog)
    try:
        with transaction.atomic():
            zeile = (
                Seitenwerte.objects.select_for_update().filter(lieferung_id=lieferung_id, kennung=k).first()
            )
            if zeile is None:
                if not Lieferung.objects.filter(id=lieferung_id).exists():
                    return  # deleted meanwhile (SQLite checks the foreign key only at the outer commit)
                Seitenwerte.objects.create(lieferung_id=lieferung_id, kennung=k, daten=_packe(werte, codes))
                return
            alt_werte, alt_codes = _entpacke(zeile.daten)
            zeile.daten = _packe({**alt_werte, **werte}, {**alt_codes, **codes})
            zeile.geaendert_am = timezone.now()
            zeile.save(update_fields=["daten", "geaendert_am"])
    except (IntegrityError, DatabaseError) as e:
        log.info("Seitenwerte der Lieferung %s nicht gespeichert: %s", lieferung_id, e)


def vergiss_alle(lieferungen: Iterable[int] | None = None) -> None:
    """Delete the kept values (of these deliveries, or all: benchmarks measure cold reads)."""
    q = Seitenwerte.objects.all()
    if lieferungen is not None:
        q = q.filter(lieferung_id__in=list(lieferungen))
    q.delete()

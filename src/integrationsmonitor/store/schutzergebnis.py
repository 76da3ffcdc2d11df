"""Protection results kept in the database: each delivery is protected once, not in every process.

Protecting a delivery (protect.fassungen) takes from milliseconds to seconds, more with many Gemeinden;
its result follows only from the delivery, the earlier deliveries of its unit, the catalogue and the
method. So it is computed once — by whichever process needs it first — and kept in `Schutzergebnis`
under a fingerprint (`schutz_kennung`) of the catalogue's regions, code lists and datasets and of the
source of the method (`verfahrensdateien`: the package `protect`, `store/veroeffentlichung.py`, which
chooses the catalogue's tables and what is protected together, and the cube's arithmetic
`indicators/cube.py`): a changed catalogue or method never reads an old result, it computes anew. A server restart, a second worker or `imon serve` after `imon deliver` read the result instead of
solving again.
"""

from __future__ import annotations

import hashlib
import json
import logging
import zlib
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from django.db import DatabaseError, IntegrityError, transaction

from integrationsmonitor import protect
from integrationsmonitor.catalog.model import Katalog
from integrationsmonitor.indicators import cube
from integrationsmonitor.protect.fassungen import Veroeffentlicht

from .models import Lieferung, Schutzergebnis

log = logging.getLogger(__name__)

FORMAT = "1"  # raise when the stored layout below changes


def verfahrensdateien() -> list[Path]:
    """The source files a kept protection result follows from besides catalogue and deliveries: every module
    of `protect`, the module that builds the published tables from a delivery (store/veroeffentlichung.py)
    and the cube's arithmetic the tables are summed with (indicators/cube.py)."""
    store = Path(__file__).parent
    return [
        *sorted(Path(protect.__file__).parent.glob("*.py")),
        store / "veroeffentlichung.py",
        Path(cube.__file__),
    ]


def quellen_fingerabdruck(dateien: Iterable[Path], format_: str) -> str:
    """SHA-256 over `format_` and the name and bytes of each file (in the given order)."""
    h = hashlib.sha256(format_.encode())
    for datei in dateien:
        h.update(f"{datei.parent.name}/{datei.name}".encode())
        h.update(datei.read_bytes())
    return h.hexdigest()


@cache
def _verfahren() -> str:
    """A fingerprint of the protection method: the source of `verfahrensdateien()`."""
    return quellen_fingerabdruck(verfahrensdateien(), FORMAT)


_KENNUNGEN: dict[int, tuple[Katalog, str]] = {}  # id -> (catalogue kept alive so the id stays unique, value)


def schutz_kennung(katalog: Katalog) -> str:
    """Fingerprint of what a publication depends on besides the deliveries (32 hex digits).

    The catalogue's regions, code lists and datasets as their `repr` (frozen dataclasses, dicts in file
    order, no sets: the same in every process) and the method's source."""
    gemerkt = _KENNUNGEN.get(id(katalog))
    if gemerkt is None or gemerkt[0] is not katalog:
        roh = repr((katalog.kreis, katalog.gebiete, katalog.codelisten, katalog.datensaetze))
        wert = hashlib.sha256(f"{_verfahren()}:{roh}".encode()).hexdigest()[:32]
        gemerkt = _KENNUNGEN[id(katalog)] = (katalog, wert)
    return gemerkt[1]


def _packe(v: Veroeffentlicht) -> bytes:
    zellen = [[*schluessel, wert] for schluessel, wert in v.werte.items()]
    inhalt = {"zellen": zellen, "ok": v.ok, "rueckfall": v.rueckfall, "hinweise": list(v.hinweise)}
    return zlib.compress(json.dumps(inhalt, ensure_ascii=False, separators=(",", ":")).encode(), 6)


def _entpacke(daten: bytes | memoryview) -> Veroeffentlicht:
    inhalt = json.loads(zlib.decompress(bytes(daten)))
    werte = {tuple(z[:-1]): z[-1] for z in inhalt["zellen"]}
    return Veroeffentlicht(werte, inhalt["ok"], inhalt["rueckfall"], tuple(inhalt["hinweise"]))


def lies(lieferungen: Iterable[Lieferung], kennung: str) -> dict[int, Veroeffentlicht]:
    """The kept results of these deliveries (by delivery id), where there are any."""
    ids = [lf.id for lf in lieferungen]
    gefunden: dict[int, Veroeffentlicht] = {}
    for start in range(0, len(ids), 500):  # bounded IN lists (SQLite's variable limit)
        zeilen = Schutzergebnis.objects.filter(lieferung_id__in=ids[start : start + 500], schutz=kennung)
        for lieferung_id, daten in zeilen.values_list("lieferung_id", "daten"):
            gefunden[lieferung_id] = _entpacke(daten)
    return gefunden


def speichere(lf: Lieferung, kennung: str, v: Veroeffentlicht) -> Veroeffentlicht:
    """Keep a result; returns the one that counts. Another process that was quicker wins: its result is
    returned and used, so every process publishes the same cells (a computation cut short by its time
    budget hides more, which differs between runs; two different patterns of one table side by side would
    let an attacker combine them). A database busy with a write is no error: the result is only an aid."""
    try:
        with transaction.atomic():
            Schutzergebnis.objects.create(lieferung_id=lf.id, schutz=kennung, daten=_packe(v))
        return v
    except IntegrityError:
        frueher = lies([lf], kennung).get(lf.id)
        return v if frueher is None else frueher
    except DatabaseError as e:  # e.g. SQLite locked by a long write; the delivery may be gone meanwhile
        log.warning("Schutzergebnis der Lieferung %s nicht gespeichert: %s", lf.id, e)
        return v


def vergiss_alle() -> None:
    """Delete every kept result (a cold start for benchmarks and tests)."""
    Schutzergebnis.objects.all().delete()

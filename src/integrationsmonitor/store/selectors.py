"""Read access to deliveries and observations."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from functools import partial

from django.db.models import QuerySet

from integrationsmonitor.catalog.model import Katalog
from integrationsmonitor.indicators.cube import Wuerfel, Zelle

from .datenversion import beim_vergessen, datenversion
from .ingest import TRENNER
from .lieferwerte import Lieferwerte, gemerkt, vergiss_lieferwerte
from .models import Lieferung
from .veroeffentlichung import einheit, geschuetzt, oeffentlicher_wuerfel, vergiss_veroeffentlichungen


def lieferungen(*, datensatz: str | None = None, nur_aktive: bool = False) -> QuerySet[Lieferung]:
    qs = Lieferung.objects.all()
    if datensatz:
        qs = qs.filter(datensatz=datensatz)
    if nur_aktive:
        qs = qs.filter(status=Lieferung.Status.AKTIV)
    return qs


def gibt_demodaten() -> bool:
    return any(lf.ist_demo for je in aktive_lieferungen().values() for lf in je.values())


# The active deliveries (dataset -> period -> delivery), read once per data version and process
# (store.datenversion): a page no longer reloads every delivery record. The version is read before the
# deliveries, so what is kept under a version is never older than that version.
_aktive: tuple[str, dict[str, dict[str, Lieferung]]] = ("", {})
_aktive_sperre = threading.Lock()


def aktive_lieferungen() -> dict[str, dict[str, Lieferung]]:
    """Every active delivery by dataset and period (shared, read only)."""
    global _aktive
    version = datenversion().kennung
    stand = _aktive
    if stand[0] != version or not version:
        with _aktive_sperre:
            stand = _aktive
            if stand[0] != version or not version:
                je: dict[str, dict[str, Lieferung]] = {}
                for lf in Lieferung.objects.filter(status=Lieferung.Status.AKTIV):
                    je.setdefault(lf.datensatz, {})[lf.zeitraum] = lf
                stand = _aktive = (version, je)
    return stand[1]


@beim_vergessen
def _vergiss_aktive() -> None:
    global _aktive
    _aktive = ("", {})


# Cubes of deliveries already read, shared by all requests of the process. A delivery's cells never change
# after ingest (a correction is a new delivery), so a cube stays valid for as long as its delivery exists;
# the key carries the file hash and arrival time besides the id, because a test database may hand out the
# id of a rolled-back delivery again. Bounded by cells, least recently used first out.
WUERFEL_ZELLEN_HOECHSTENS = 200_000  # about 100 MB (≈ 480 bytes per cell); pages keep their values anyway
_wuerfel_cache: OrderedDict[tuple[object, ...], Wuerfel] = OrderedDict()
_wuerfel_zellen = 0
_wuerfel_sperre = threading.Lock()


def _wuerfel_schluessel(lf: Lieferung, art: str = "roh") -> tuple[object, ...]:
    return (art, lf.id, lf.datensatz, lf.zeitraum, lf.datei_hash, lf.eingegangen_am)


def _gemerkter_wuerfel(katalog: Katalog, lf: Lieferung, art: str = "roh") -> Wuerfel | None:
    with _wuerfel_sperre:
        w = _wuerfel_cache.get(_wuerfel_schluessel(lf, art))
        if w is None or w.katalog is not katalog:  # another catalogue may read the same cells differently
            return None
        _wuerfel_cache.move_to_end(_wuerfel_schluessel(lf, art))
        return w


def _merke_wuerfel(lf: Lieferung, w: Wuerfel, art: str = "roh") -> None:
    global _wuerfel_zellen
    with _wuerfel_sperre:
        alt = _wuerfel_cache.pop(_wuerfel_schluessel(lf, art), None)
        _wuerfel_zellen -= len(alt.exakt) if alt else 0
        _wuerfel_cache[_wuerfel_schluessel(lf, art)] = w
        _wuerfel_zellen += len(w.exakt)
        while _wuerfel_zellen > WUERFEL_ZELLEN_HOECHSTENS and len(_wuerfel_cache) > 1:
            _schluessel, raus = _wuerfel_cache.popitem(last=False)
            _wuerfel_zellen -= len(raus.exakt)


def vergiss_wuerfel(*, auch_gespeicherte: bool = False) -> None:
    """Empty the process's cube cache and the computed publications (benchmarks measure cold reads); with
    `auch_gespeicherte` also the protection results and page values kept in the database
    (store.schutzergebnis, store.seitenwerte)."""
    global _wuerfel_zellen
    with _wuerfel_sperre:
        _wuerfel_cache.clear()
        _wuerfel_zellen = 0
    vergiss_lieferwerte()
    vergiss_veroeffentlichungen(auch_gespeicherte=auch_gespeicherte)
    if auch_gespeicherte:
        from . import seitenwerte

        seitenwerte.vergiss_alle()


class DbQuelle:
    """The active deliveries as cubes, loaded once per dataset and period (one instance per request;
    the cubes themselves are shared across requests, see `_wuerfel_cache`).

    With `stand` (delivery ids), exactly those delivery versions instead, whatever their status now:
    an archived FactSheet is regenerated from the versions it used. `benutzt` collects the ids of the
    deliveries whose cells were read."""

    def __init__(self, katalog: Katalog, stand: Iterable[int] | None = None) -> None:
        self.katalog = katalog
        self.stand = None if stand is None else frozenset(stand)
        self.benutzt: set[int] = set()
        self._aktiv: dict[str, dict[str, Lieferung]] | None = None
        self._wuerfel: dict[tuple[str, str], Wuerfel | None] = {}

    def aktive(self, datensatz: str) -> dict[str, Lieferung]:
        if self._aktiv is None and self.stand is None:
            self._aktiv = aktive_lieferungen()
        if self._aktiv is None:
            self._aktiv = {}
            for lf in Lieferung.objects.filter(id__in=self.stand or ()):
                self._aktiv.setdefault(lf.datensatz, {})[lf.zeitraum] = lf
        return self._aktiv.get(datensatz, {})

    def eingang(self, datensatz: str, zeitraum: str) -> datetime | None:
        """When the delivery behind a dataset and period arrived (its data status)."""
        lf = self.aktive(datensatz).get(zeitraum)
        return None if lf is None else lf.eingegangen_am

    def zeitraeume(self, datensatz: str) -> list[str]:
        return sorted(self.aktive(datensatz))

    def wuerfel(self, datensatz: str, zeitraum: str) -> Wuerfel | None:
        key = (datensatz, zeitraum)
        if key not in self._wuerfel:
            lf = self.aktive(datensatz).get(zeitraum)
            if lf is None:
                self._wuerfel[key] = None
            else:  # values kept per delivery; the cube is loaded only for a value not kept yet
                merk = gemerkt(self.katalog, _wuerfel_schluessel(lf, "werte"), lf.id)
                ds = self.katalog.datensaetze[lf.datensatz]
                self._wuerfel[key] = Lieferwerte(self.katalog, ds, merk, partial(self._lade, lf))
                self.benutzt.add(lf.id)
        return self._wuerfel[key]

    def _lade(self, lf: Lieferung) -> Wuerfel:
        """The published cube: for a protected dataset its protected tables (docs/geheimhaltung.md)."""
        if not geschuetzt(self.katalog, lf):
            return roher_wuerfel(self.katalog, lf)
        w = _gemerkter_wuerfel(self.katalog, lf, "oeffentlich")
        if w is None:
            w = oeffentlicher_wuerfel(self.katalog, lf, lambda teil: roher_wuerfel(self.katalog, teil))
            _merke_wuerfel(lf, w, "oeffentlich")
        return w


def roher_wuerfel(katalog: Katalog, lf: Lieferung) -> Wuerfel:
    """A delivery's cells as delivered, never published as such for a protected dataset (kept per process)."""
    w = _gemerkter_wuerfel(katalog, lf)
    if w is None:
        zeilen = lf.beobachtungen.values_list("gebiet", "merkmale", "wert", "kennzeichen")
        zellen = [
            Zelle(g, tuple(m.split(TRENNER)), wert, k) for g, m, wert, k in zeilen.iterator(chunk_size=5000)
        ]
        w = Wuerfel(katalog, katalog.datensaetze[lf.datensatz], zellen)
        _merke_wuerfel(lf, w)
    return w


def letzter_eingang() -> datetime | None:
    """When the newest active delivery arrived (the data status shown in the page footer)."""
    return max(
        (lf.eingegangen_am for je in aktive_lieferungen().values() for lf in je.values()), default=None
    )


def veroeffentliche_alles(katalog: Katalog, threads: int = 2) -> int:
    """Compute the publication of every active delivery now (the website does it at start, in the
    background, so that the first visitors do not wait); returns the number of cubes read.

    Deliveries that are protected together (one unit: a dataset and year, with its linked datasets) go to
    the same thread; HiGHS releases the interpreter while it solves, so a second core helps."""
    aktiv = list(Lieferung.objects.filter(status=Lieferung.Status.AKTIV).order_by("eingegangen_am", "id"))
    einheiten: dict[tuple[str, ...], list[Lieferung]] = {}
    for lf in aktiv:
        einheiten.setdefault(einheit(katalog, lf), []).append(lf)
    reihen: list[list[Lieferung]] = [[] for _ in range(max(1, threads))]
    for gruppe in sorted(einheiten.values(), key=len, reverse=True):
        min(reihen, key=len).extend(gruppe)

    def arbeite(reihe: list[Lieferung]) -> int:
        from django.db import connection

        try:
            quelle = DbQuelle(katalog)
            return sum(quelle._lade(lf) is not None for lf in reihe)
        finally:
            connection.close()

    if len(reihen) == 1:
        return arbeite(reihen[0])
    with ThreadPoolExecutor(len(reihen), thread_name_prefix="imon-veroeffentlichen") as pool:
        return sum(pool.map(arbeite, reihen))

"""What pages read from a delivery, computed once per delivery and process (a delivery never changes).

Pages read few values of a delivery (the Kreis for a time series, the Gemeinden of the newest period for
a comparison), but the engine asks a cube for them, and a cube holds every cell. The cube cache
(store.selectors) is bounded by cells, so with more active data than it holds, pages that read the
periods in order would evict each other's cubes and load them again on every request (the cliff of #11).
`Lieferwerte` stands in for the published cube of one delivery: a value or code list asked for once is
kept with the delivery (`_GEMERKT`, small), and the cube is loaded only for a value not kept yet.

Kept values also go to the database (store.seitenwerte, after each request: `speichere_neue`), and a
process reads them from there the first time it needs a delivery: with ten times the Gemeinden and years a
worker that starts would otherwise load millions of cells for the pages it warms.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from integrationsmonitor.catalog.model import Datensatz, Katalog
from integrationsmonitor.indicators.cube import Auswahl, Wuerfel
from integrationsmonitor.indicators.model import Wert

WERTE_HOECHSTENS = 2_000_000  # kept values of all deliveries together (about 400 MB would be far beyond)


@dataclass
class _Gemerkt:
    katalog: Katalog
    lieferung_id: int | None = None  # None: not kept in the database
    werte: dict[tuple[str, Auswahl], Wert] = field(default_factory=dict)
    codes: dict[int, frozenset[str]] = field(default_factory=dict)
    neu: dict[tuple[str, Auswahl], Wert] = field(default_factory=dict)  # not in the database yet
    neue_codes: dict[int, frozenset[str]] = field(default_factory=dict)


_GEMERKT: dict[tuple[object, ...], _Gemerkt] = {}
_UNGESPEICHERT: dict[int, _Gemerkt] = {}  # id(_Gemerkt) -> it, with values to store after the request
_anzahl = 0
_sperre = threading.Lock()


def gemerkt(katalog: Katalog, schluessel: tuple[object, ...], lieferung_id: int | None = None) -> _Gemerkt:
    """The kept values of one delivery (key: store.selectors._wuerfel_schluessel) for this catalogue; with
    `lieferung_id`, the values the database keeps for it are read the first time."""
    global _anzahl
    with _sperre:
        g = _GEMERKT.get(schluessel)
        if g is not None and g.katalog is katalog:
            return g
    neu = _Gemerkt(katalog, lieferung_id)
    if lieferung_id is not None:  # outside the lock: a query
        from . import seitenwerte

        neu.werte, neu.codes = seitenwerte.lies(katalog, lieferung_id)
    with _sperre:
        g = _GEMERKT.get(schluessel)
        if g is not None and g.katalog is katalog:  # another thread was quicker
            return g
        if _anzahl > WERTE_HOECHSTENS:  # far more than any page set asks for: start again
            _GEMERKT.clear()
            _anzahl = 0
        _GEMERKT[schluessel] = neu
        _anzahl += len(neu.werte)
        return neu


def _gezaehlt() -> None:
    global _anzahl
    _anzahl += 1  # approximate under threads; only bounds the memory


def vergiss_lieferwerte() -> None:
    global _anzahl
    with _sperre:
        _GEMERKT.clear()
        _UNGESPEICHERT.clear()
        _anzahl = 0


def _vorgemerkt(merk: _Gemerkt) -> None:
    if merk.lieferung_id is not None:
        with _sperre:
            _UNGESPEICHERT[id(merk)] = merk


def speichere_neue() -> int:
    """Put the values computed since the last call into the database (after every request, and after a
    worker warmed its pages); returns the number of deliveries written."""
    from . import seitenwerte

    with _sperre:
        offen = list(_UNGESPEICHERT.values())
        _UNGESPEICHERT.clear()
        arbeit = []
        for merk in offen:
            if merk.neu or merk.neue_codes:
                arbeit.append((merk.katalog, merk.lieferung_id, dict(merk.neu), dict(merk.neue_codes)))
                merk.neu, merk.neue_codes = {}, {}
    for katalog, lieferung_id, werte, codes in arbeit:
        assert lieferung_id is not None
        seitenwerte.speichere(katalog, lieferung_id, werte, codes)
    return len(arbeit)


class Lieferwerte(Wuerfel):
    """The published cube of one delivery as the engine reads it (values kept, cells loaded on demand).

    Everything but `wert` and `codes` (the cells themselves, for open data) is read from the loaded cube."""

    def __init__(
        self, katalog: Katalog, datensatz: Datensatz, merk: _Gemerkt, lade: Callable[[], Wuerfel]
    ) -> None:
        # no Wuerfel.__init__: the cells stay in the cube behind `lade` until one is needed
        self.katalog, self.datensatz = katalog, datensatz
        self._merk, self._lade = merk, lade
        self._echt: Wuerfel | None = None

    def geladen(self) -> Wuerfel:
        if self._echt is None:
            self._echt = self._lade()
        return self._echt

    def wert(self, gebiet: str, auswahl: Auswahl) -> Wert:
        w = self._merk.werte.get((gebiet, auswahl))
        if w is None:
            w = self.geladen().wert(gebiet, auswahl)
            self._merk.werte[(gebiet, auswahl)] = self._merk.neu[(gebiet, auswahl)] = w
            _gezaehlt()
            _vorgemerkt(self._merk)
        return w

    def codes(self, index: int) -> frozenset[str]:
        c = self._merk.codes.get(index)
        if c is None:
            c = self._merk.codes[index] = self._merk.neue_codes[index] = self.geladen().codes(index)
            _vorgemerkt(self._merk)
        return c

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name in ("_merk", "_lade", "_echt"):
            raise AttributeError(name)
        return getattr(self.geladen(), name)

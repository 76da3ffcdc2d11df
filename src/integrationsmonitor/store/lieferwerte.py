"""What pages read from a delivery, computed once per delivery and process (a delivery never changes).

Pages read few values of a delivery (the Kreis for a time series, the Gemeinden of the newest period for
a comparison), but the engine asks a cube for them, and a cube holds every cell. The cube cache
(store.selectors) is bounded by cells, so with more active data than it holds, pages that read the
periods in order would evict each other's cubes and load them again on every request (the cliff of #11).
`Lieferwerte` stands in for the published cube of one delivery: a value or code list asked for once is
kept with the delivery (`_GEMERKT`, small), and the cube is loaded only for a value not kept yet.
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
    werte: dict[tuple[str, Auswahl], Wert] = field(default_factory=dict)
    codes: dict[int, frozenset[str]] = field(default_factory=dict)


_GEMERKT: dict[tuple[object, ...], _Gemerkt] = {}
_anzahl = 0
_sperre = threading.Lock()


def gemerkt(katalog: Katalog, schluessel: tuple[object, ...]) -> _Gemerkt:
    """The kept values of one delivery (key: store.selectors._wuerfel_schluessel) for this catalogue."""
    global _anzahl
    with _sperre:
        g = _GEMERKT.get(schluessel)
        if g is None or g.katalog is not katalog:
            if _anzahl > WERTE_HOECHSTENS:  # far more than any page set asks for: start again
                _GEMERKT.clear()
                _anzahl = 0
            g = _GEMERKT[schluessel] = _Gemerkt(katalog)
        return g


def _gezaehlt() -> None:
    global _anzahl
    _anzahl += 1  # approximate under threads; only bounds the memory


def vergiss_lieferwerte() -> None:
    global _anzahl
    with _sperre:
        _GEMERKT.clear()
        _anzahl = 0


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
            self._merk.werte[(gebiet, auswahl)] = w
            _gezaehlt()
        return w

    def codes(self, index: int) -> frozenset[str]:
        c = self._merk.codes.get(index)
        if c is None:
            c = self._merk.codes[index] = self.geladen().codes(index)
        return c

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name in ("_merk", "_lade", "_echt"):
            raise AttributeError(name)
        return getattr(self.geladen(), name)

"""Where an indicator's figures come from: source offices and the deliveries behind them (read only)."""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from typing import Any

from integrationsmonitor.catalog.model import Datensatz, Indikator, Katalog
from integrationsmonitor.publish.datenstand import katalog_kennung
from integrationsmonitor.store.datenversion import beim_vergessen, datenversion
from integrationsmonitor.store.models import Lieferung
from integrationsmonitor.store.selectors import lieferungen


@dataclass(frozen=True)
class LieferZeile:
    """One delivery as shown on screen (dates and hash are formatted in the template).

    The public pages show office, date and version (`fassung`: 1 for the first delivery of its
    dataset and period, 2 for the first correction, ...); file name and SHA-256 only the internal
    history (`/lieferungen/`)."""

    lieferung: Lieferung
    datensatz_name: str
    lieferant_name: str
    fassung: int = 0  # 0: not counted (the internal history shows status instead)

    @property
    def hash_kurz(self) -> str:
        return self.lieferung.datei_hash[:12]


@dataclass(frozen=True)
class Quelle:
    """A dataset used by an indicator with its supplying office and its active deliveries."""

    rolle: str  # "zaehler", "nenner" or "beide"
    datensatz: Datensatz
    lieferant_name: str
    lieferungen: list[LieferZeile]


def lieferant_name(katalog: Katalog, lieferant_id: str) -> str:
    lf = katalog.lieferanten.get(lieferant_id)
    return lf.name if lf else lieferant_id


def lieferzeile(katalog: Katalog, lf: Lieferung) -> LieferZeile:
    ds = katalog.datensaetze.get(lf.datensatz)
    return LieferZeile(lf, ds.name if ds else lf.datensatz, lieferant_name(katalog, lf.lieferant))


def _fassung(eingaenge: list[tuple[Any, int]], lf: Lieferung) -> int:
    """How many deliveries of the same dataset and period arrived up to and including `lf`."""
    return max(1, sum(1 for am, nr in eingaenge if (am, nr) <= (lf.eingegangen_am, lf.id)))


# quellen() per indicator, kept for one data version (store.datenversion): the deliveries behind a page
# change only with a write, and counting the versions reads every delivery of the datasets.
_gemerkt: dict[tuple[str, str, str], list[Quelle]] = {}
_sperre = threading.Lock()


@beim_vergessen
def _vergiss() -> None:
    with _sperre:
        _gemerkt.clear()


def quellen(katalog: Katalog, ind: Indikator) -> list[Quelle]:
    """The datasets behind numerator and denominator (each once), with the active deliveries, newest period
    first (kept per data version; the lists are shared, never change them)."""
    schluessel = (datenversion().kennung, katalog_kennung(katalog), ind.id)
    with _sperre:
        gemerkt = _gemerkt.get(schluessel)
    if gemerkt is None:
        gemerkt = _quellen(katalog, ind)
        with _sperre:
            if any(k[0] != schluessel[0] for k in _gemerkt):
                _gemerkt.clear()
            _gemerkt[schluessel] = gemerkt
    return gemerkt


def _quellen(katalog: Katalog, ind: Indikator) -> list[Quelle]:
    rollen: dict[str, str] = {ind.zaehler.datensatz: "zaehler"}
    if ind.nenner is not None:
        n = ind.nenner.datensatz
        rollen[n] = "beide" if n in rollen else "nenner"
    result = []
    for ds_id, rolle in rollen.items():
        ds = katalog.datensaetze[ds_id]
        aktive = sorted(
            lieferungen(datensatz=ds_id, nur_aktive=True), key=lambda lf: lf.zeitraum, reverse=True
        )
        eingaenge: dict[str, list[tuple[Any, int]]] = {}
        if aktive:
            for zeitraum, am, nr in Lieferung.objects.filter(datensatz=ds_id).values_list(
                "zeitraum", "eingegangen_am", "id"
            ):
                eingaenge.setdefault(zeitraum, []).append((am, nr))
        zeilen = [
            replace(lieferzeile(katalog, lf), fassung=_fassung(eingaenge.get(lf.zeitraum, []), lf))
            for lf in aktive
        ]
        result.append(Quelle(rolle, ds, lieferant_name(katalog, ds.lieferant), zeilen))
    return result

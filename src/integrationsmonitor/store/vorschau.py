"""The preview of a checked, not yet stored delivery: what it contains and what it would change.

`ingest.liefere(..., nur_pruefen=True)` checks a file and stores nothing; this module tells what storing it
would do: its cells (count, period, regions), the active delivery it supersedes, and the indicators it feeds
with their published values before and after — computed as the public pages compute them, through the
protection at publication (store.veroeffentlichung), so a secret cell's value never appears here either.
Reads the database, writes nothing.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from integrationsmonitor.catalog.model import Indikator, Katalog
from integrationsmonitor.indicators.cube import Wuerfel, Zelle
from integrationsmonitor.indicators.engine import indikator_wert
from integrationsmonitor.indicators.model import SeriesRow
from integrationsmonitor.protect.fassungen import Veroeffentlicht, veroeffentliche
from integrationsmonitor.protect.tabellensatz import tabellensatz

from .ingest import Lieferergebnis
from .models import Lieferung
from .selectors import DbQuelle, roher_wuerfel
from .veroeffentlichung import _einheit_filter, _fassung, geschuetzt, veroeffentlichung

GROESSTE = 5  # largest changes listed


@dataclass(frozen=True)
class Aenderung:
    """One indicator in one region: its published value now (None: none yet) and after the delivery."""

    indikator: Indikator
    gebiet: str
    alt: SeriesRow | None
    neu: SeriesRow

    @property
    def differenz(self) -> float | None:
        if self.alt is None or self.alt.value is None or self.neu.value is None:
            return None
        return self.neu.value - self.alt.value

    @property
    def relativ(self) -> float:
        """Size of the change for ranking: relative to the old value (absolute if that is 0)."""
        d = self.differenz
        if d is None:
            return 0.0
        assert self.alt is not None and self.alt.value is not None
        return abs(d) / abs(self.alt.value) if self.alt.value else abs(d)


@dataclass(frozen=True)
class Vorschau:
    lieferung: Lieferung  # not stored
    ersetzt: Lieferung | None
    zellen: int
    gebiete: tuple[str, ...]  # region codes of the cells, in catalogue order
    kreis: tuple[Aenderung, ...]  # every indicator fed by the dataset, at the Kreis
    groesste: tuple[Aenderung, ...]  # the largest changes over all delivered regions


def _oeffentlich(katalog: Katalog, neu: Lieferung, roh_neu: Wuerfel) -> Wuerfel:
    """The cube the public pages would read once `neu` is stored: for a protected dataset its protected
    tables, protected together with everything published before (as store.veroeffentlichung does)."""
    if not geschuetzt(katalog, neu):
        return roh_neu
    ds = katalog.datensaetze[neu.datensatz]

    def roh(teil: Lieferung) -> Wuerfel:
        return roher_wuerfel(katalog, teil)

    einheit = list(Lieferung.objects.filter(_einheit_filter(katalog, neu)).order_by("eingegangen_am", "id"))
    folge = [_fassung(katalog, t, roh(t)) for t in einheit]
    frueher = [veroeffentlichung(katalog, t, roh) for t in einheit]
    fassung = dataclasses.replace(_fassung(katalog, neu, roh_neu), kennung="vorschau")
    v: Veroeffentlicht = veroeffentliche(katalog, [*folge, fassung], frueher)
    zellen = []
    for s, wert in v.werte.items():
        geliefert = roh_neu.exakt.get((s[0], s[1:]))
        kennzeichen = (
            "g"
            if wert is None
            else (geliefert.kennzeichen if geliefert is not None and geliefert.kennzeichen != "g" else "")
        )
        zellen.append(Zelle(s[0], s[1:], None if wert is None else float(wert), kennzeichen))
    geliefert_schluessel = [(g, *m) for (g, m) in roh_neu.exakt] if not ds.summierbar else ()
    ts = tabellensatz(katalog, ds, neu.zeitraum, geliefert_schluessel)
    leer = frozenset((s[0], s[1:]) for s in ts.strukturnull)
    return Wuerfel(katalog, ds, zellen, ts.gruppen, leer)


class _MitNeuerLieferung(DbQuelle):
    """The active deliveries, with the previewed one in place of its dataset and period."""

    def __init__(self, katalog: Katalog, neu: Lieferung, wuerfel: Wuerfel) -> None:
        super().__init__(katalog)
        self.neu, self.neuer_wuerfel = neu, wuerfel

    def zeitraeume(self, datensatz: str) -> list[str]:
        alle = super().zeitraeume(datensatz)
        if datensatz == self.neu.datensatz and self.neu.zeitraum not in alle:
            alle = sorted([*alle, self.neu.zeitraum])
        return alle

    def wuerfel(self, datensatz: str, zeitraum: str) -> Wuerfel | None:
        if (datensatz, zeitraum) == (self.neu.datensatz, self.neu.zeitraum):
            return self.neuer_wuerfel
        return super().wuerfel(datensatz, zeitraum)


def betroffene_indikatoren(katalog: Katalog, datensatz: str) -> list[Indikator]:
    """The indicators whose numerator or denominator reads the dataset, in catalogue order."""
    return [
        ind
        for ind in katalog.indikatoren.values()
        if ind.zaehler.datensatz == datensatz
        or (ind.nenner is not None and ind.nenner.datensatz == datensatz)
    ]


def vorschau(katalog: Katalog, ergebnis: Lieferergebnis) -> Vorschau:
    """What storing a delivery checked with `nur_pruefen` would change."""
    neu, pruefung = ergebnis.lieferung, ergebnis.pruefung
    assert neu is not None and pruefung is not None, "vorschau needs a result of liefere(nur_pruefen=True)"
    ds = katalog.datensaetze[neu.datensatz]
    roh_neu = Wuerfel(katalog, ds, pruefung.zellen)
    geliefert = {z.gebiet for z in pruefung.zellen}
    gebiete = tuple(g for g in katalog.gebiete if g in geliefert)
    vorher = DbQuelle(katalog)
    nachher = _MitNeuerLieferung(katalog, neu, _oeffentlich(katalog, neu, roh_neu))
    kreis_code = katalog.kreis.code
    kreis, alle = [], []
    for ind in betroffene_indikatoren(katalog, neu.datensatz):
        for gebiet in dict.fromkeys((kreis_code, *gebiete)):
            alt = (
                indikator_wert(katalog, vorher, ind, gebiet, neu.zeitraum)
                if vorher.aktive(ds.id).get(neu.zeitraum) is not None
                else None
            )
            aenderung = Aenderung(
                ind, gebiet, alt, indikator_wert(katalog, nachher, ind, gebiet, neu.zeitraum)
            )
            if gebiet == kreis_code:
                kreis.append(aenderung)
            if aenderung.differenz:
                alle.append(aenderung)
    alle.sort(key=lambda a: (-a.relativ, -abs(a.differenz or 0.0)))
    groesste: dict[tuple[object, ...], Aenderung] = {}
    for a in alle:  # one line per change: regions and indicators showing the very same numbers (an
        # amtsfreie Gemeinde is also its own Verband) are named once
        assert a.alt is not None
        schluessel = (katalog.gebiete[a.gebiet].name, a.indikator.einheit, a.alt.value, a.neu.value)
        groesste.setdefault(schluessel, a)
        if len(groesste) == GROESSTE:
            break
    return Vorschau(
        neu, ergebnis.ersetzt, pruefung.anzahl_zellen(), gebiete, tuple(kreis), tuple(groesste.values())
    )

"""Protection at publication: what the platform publishes of a delivery (docs/geheimhaltung.md).

Whatever path a delivery took (`imon deliver`, a table profile, GENESIS, counselling, the course register,
the demo), every public output reads its cells through here: for a dataset the catalogue marks with a
`veroeffentlichung`, only the catalogue's tables, protected together with everything the platform published
before (earlier versions, the other months of the year, year figures that sum months). Official tables
(`Lieferung.amtlich`, GENESIS) keep their office's own symbols; datasets that count no persons are published
as delivered.

A delivery's publication depends only on the delivery, the ones of its unit that arrived before it and the
catalogue, and deliveries never change after ingest, so each result is computed once and kept: per process
and in the database for every other process and the next start (store.schutzergebnis).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable

from django.db.models import Q

from integrationsmonitor.catalog.model import Katalog
from integrationsmonitor.indicators.cube import Wuerfel, Zelle
from integrationsmonitor.protect.fassungen import Fassung, Veroeffentlicht, veroeffentliche
from integrationsmonitor.protect.tabellensatz import tabellensatz, tabellenwerte

from . import schutzergebnis
from .models import Lieferung
from .schutzergebnis import schutz_kennung

RohLader = Callable[[Lieferung], Wuerfel]
"""Reads a delivery's cells as delivered (the store's cube cache)."""


def geschuetzt(katalog: Katalog, lf: Lieferung) -> bool:
    """Does the platform protect this delivery at publication (rather than publish it as delivered)?"""
    ds = katalog.datensaetze.get(lf.datensatz)
    return ds is not None and ds.geschuetzt and not lf.amtlich


def _schluessel(lf: Lieferung) -> tuple[object, ...]:
    return (lf.id, lf.datensatz, lf.zeitraum, lf.datei_hash, lf.eingegangen_am)


def _gleich_verbunden(katalog: Katalog, ds_id: str) -> set[str]:
    """Datasets that count the same people as this one (`gleich_mit`, both directions, transitively)."""
    kanten: dict[str, set[str]] = {}
    for d in katalog.datensaetze.values():
        for g in d.veroeffentlichung.gleich_mit if d.veroeffentlichung else ():
            kanten.setdefault(d.id, set()).add(g.datensatz)
            kanten.setdefault(g.datensatz, set()).add(d.id)
    return _huelle(kanten, ds_id)


def _jahres_verbunden(katalog: Katalog, ds_id: str) -> set[str]:
    """Yearly datasets whose cells sum months (`jahressumme_von`) and those monthly datasets, both
    directions, transitively: a year summing two monthly datasets joins both."""
    kanten: dict[str, set[str]] = {}
    for d in katalog.datensaetze.values():
        for j in d.veroeffentlichung.jahressummen if d.veroeffentlichung else ():
            kanten.setdefault(d.id, set()).add(j.datensatz)
            kanten.setdefault(j.datensatz, set()).add(d.id)
    return _huelle(kanten, ds_id)


def _huelle(kanten: dict[str, set[str]], start: str) -> set[str]:
    gefunden, offen = {start}, [start]
    while offen:
        for n in kanten.get(offen.pop(), ()):
            if n not in gefunden:
                gefunden.add(n)
                offen.append(n)
    return gefunden


def einheit(katalog: Katalog, lf: Lieferung) -> tuple[str, ...]:
    """A key shared by exactly the deliveries protected together with this one (see `_einheit_filter`)."""
    ds = katalog.datensaetze.get(lf.datensatz)
    if ds is None:
        return (lf.datensatz, lf.zeitraum)
    familie = _gleich_verbunden(katalog, ds.id) | _jahres_verbunden(katalog, ds.id)
    zeitraum = lf.zeitraum[:4] if len(familie) > 1 or ds.zeitraum == "monat" else lf.zeitraum
    return (*sorted(familie), zeitraum)


def _einheit_filter(katalog: Katalog, lf: Lieferung) -> Q:
    """The deliveries an attacker can combine with this one: same dataset and period (and the datasets that
    count the same people), and for monthly data every month of the year, together with the year figures
    that sum them and the other monthly datasets those year figures sum."""
    ds = katalog.datensaetze[lf.datensatz]
    verbunden = _gleich_verbunden(katalog, ds.id)
    if len(verbunden) > 1:
        return Q(datensatz__in=sorted(verbunden), zeitraum=lf.zeitraum)
    jahr = lf.zeitraum[:4]
    q = Q(datensatz=ds.id, zeitraum=lf.zeitraum)
    for d in sorted(_jahres_verbunden(katalog, ds.id)):
        if katalog.datensaetze[d].zeitraum == "monat":
            q |= Q(datensatz=d, zeitraum__startswith=f"{jahr}-")
        else:
            q |= Q(datensatz=d, zeitraum=jahr)
    return q


# Results by delivery and fingerprint of catalogue and method (store.schutzergebnis), kept per process;
# the database keeps them for the other processes and the next start.
# Bounded by cells, least recently used first out: the database keeps every result, so a process holds
# only what its pages read now (a county with ten times the Gemeinden has millions of published cells).
ERGEBNIS_ZELLEN_HOECHSTENS = 200_000
_ergebnisse: OrderedDict[tuple[object, ...], Veroeffentlicht] = OrderedDict()
_ergebnis_zellen = 0
_sperre = threading.RLock()


def _fassung(katalog: Katalog, lf: Lieferung, roh: Wuerfel) -> Fassung:
    ds = katalog.datensaetze[lf.datensatz]
    geliefert = [(g, *m) for (g, m) in roh.exakt] if not ds.summierbar else ()
    ts = tabellensatz(katalog, ds, lf.zeitraum, geliefert)
    return Fassung(lf.id, ds, lf.zeitraum, ts, tabellenwerte(ts, roh), amtlich=lf.amtlich)


def _gemerkt(lf: Lieferung, kennung: str) -> Veroeffentlicht | None:
    schluessel = (*_schluessel(lf), kennung)
    with _sperre:
        v = _ergebnisse.get(schluessel)
        if v is not None:
            _ergebnisse.move_to_end(schluessel)
        return v


def _merke(lf: Lieferung, kennung: str, v: Veroeffentlicht) -> None:
    global _ergebnis_zellen
    schluessel = (*_schluessel(lf), kennung)
    with _sperre:
        alt = _ergebnisse.pop(schluessel, None)
        _ergebnis_zellen += len(v.werte) - (len(alt.werte) if alt is not None else 0)
        _ergebnisse[schluessel] = v
        while _ergebnis_zellen > ERGEBNIS_ZELLEN_HOECHSTENS and len(_ergebnisse) > 1:
            _alt, raus = _ergebnisse.popitem(last=False)
            _ergebnis_zellen -= len(raus.werte)


def _sperre_der_einheit(katalog: Katalog, lf: Lieferung) -> threading.Lock:
    """One lock per unit and process: threads that need the same unit wait for one computation."""
    with _sperre:
        return _einheit_sperren.setdefault((id(katalog), einheit(katalog, lf)), threading.Lock())


_einheit_sperren: dict[tuple[object, ...], threading.Lock] = {}


def veroeffentlichung(katalog: Katalog, lf: Lieferung, roh: RohLader) -> Veroeffentlicht:
    """The publication of a delivery, computed with every earlier delivery of its unit (computed once:
    kept per process and in the database, see store.schutzergebnis)."""
    kennung = schutz_kennung(katalog)
    v = _gemerkt(lf, kennung) or schutzergebnis.lies([lf], kennung).get(lf.id)
    if v is not None:
        _merke(lf, kennung, v)
        return v
    with _sperre_der_einheit(katalog, lf):
        v = _gemerkt(lf, kennung)  # computed by another thread meanwhile
        return v if v is not None else _rechne(katalog, lf, roh, kennung)


def _rechne(katalog: Katalog, lf: Lieferung, roh: RohLader, kennung: str) -> Veroeffentlicht:
    teile = list(
        Lieferung.objects.filter(_einheit_filter(katalog, lf))
        .filter(Q(eingegangen_am__lt=lf.eingegangen_am) | Q(eingegangen_am=lf.eingegangen_am, id__lte=lf.id))
        .order_by("eingegangen_am", "id")
    )
    gespeichert = schutzergebnis.lies([t for t in teile if _gemerkt(t, kennung) is None], kennung)
    folge: list[Fassung] = []
    frueher: list[Veroeffentlicht] = []
    for teil in teile:
        fassung = _fassung(katalog, teil, roh(teil))  # every earlier version is part of the attack
        v = _gemerkt(teil, kennung) or gespeichert.get(teil.id)
        if v is None:
            if not geschuetzt(katalog, teil):
                v = Veroeffentlicht({s: w for s, w in fassung.werte.items()})
            else:
                v = veroeffentliche(katalog, [*folge, fassung], frueher)
                v = schutzergebnis.speichere(teil, kennung, v)
        _merke(teil, kennung, v)
        folge.append(fassung)
        frueher.append(v)
    return frueher[-1]


def oeffentlicher_wuerfel(katalog: Katalog, lf: Lieferung, roh: RohLader) -> Wuerfel:
    """The cube every public output reads: the protected tables of the delivery (secret cells `g`)."""
    ds = katalog.datensaetze[lf.datensatz]
    v = veroeffentlichung(katalog, lf, roh)
    geliefert = roh(lf).exakt
    zellen = []
    for s, wert in v.werte.items():
        alt = geliefert.get((s[0], s[1:]))
        kennzeichen = (
            "g" if wert is None else (alt.kennzeichen if alt is not None and alt.kennzeichen != "g" else "")
        )
        zellen.append(Zelle(s[0], s[1:], None if wert is None else float(wert), kennzeichen))
    ts = tabellensatz(
        katalog, ds, lf.zeitraum, [(g, *m) for (g, m) in geliefert] if not ds.summierbar else ()
    )
    leer = frozenset((s[0], s[1:]) for s in ts.strukturnull)
    return Wuerfel(katalog, ds, zellen, ts.gruppen, leer)


def vergiss_veroeffentlichungen(*, auch_gespeicherte: bool = False) -> None:
    """Forget every computed publication of this process (and with `auch_gespeicherte` the ones kept in
    the database: benchmarks and tests measure the cold computation)."""
    global _ergebnis_zellen
    with _sperre:
        _ergebnisse.clear()
        _ergebnis_zellen = 0
    if auch_gespeicherte:
        schutzergebnis.vergiss_alle()

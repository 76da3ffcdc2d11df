"""Indicator series from delivered cells (pure): formulas, breakdowns, missing values with reasons."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from integrationsmonitor.catalog import bezeichnungen as bz
from integrationsmonitor.catalog import zeitraum as zr
from integrationsmonitor.catalog.model import Aufschluesselung, Indikator, Katalog, Term

from .cube import Auswahl, Wuerfel
from .model import (
    FEHLT_GEHEIM,
    FEHLT_KEINE_LIEFERUNG,
    FEHLT_NENNER_NULL,
    FEHLT_VORJAHR,
    FEHLT_ZELLE,
    SeriesRow,
    Wert,
)

# Reasons of a value that a later delivery can still bring (a delivery or cell not there yet), unlike a
# secret cell or a denominator of 0, which are the published answer for their period.
AUSSTEHEND = frozenset(
    g for r in (FEHLT_KEINE_LIEFERUNG, FEHLT_VORJAHR, FEHLT_ZELLE) for g in (r, f"Nenner: {r}")
)


class Quelle(Protocol):
    """Where the active deliveries come from (the database in production, a dict in tests)."""

    def zeitraeume(self, datensatz: str) -> list[str]: ...

    def wuerfel(self, datensatz: str, zeitraum: str) -> Wuerfel | None: ...


class IndikatorFehler(ValueError):
    """A request that cannot be answered (unknown region or breakdown); German message."""


@dataclass(frozen=True, slots=True)
class Kategorie:
    code: str  # output code (e.g. "PL", "eu", "1")
    name: str
    filter: tuple[str, str]  # (dimension, dataset code)


def _auswahl(katalog: Katalog, term: Term, zeitraum: str, extra: tuple[str, str] | None) -> Auswahl:
    datensatz = katalog.datensaetze[term.datensatz]
    stichtag = zr.stichtag(zeitraum)
    result: list[frozenset[str] | None] = []
    for merkmal, liste_id in datensatz.merkmale.items():
        codes: frozenset[str] | None = None
        bedingung = term.filter.get(merkmal)
        if isinstance(bedingung, dict):
            codes = katalog.codelisten[liste_id].auswahl(bedingung, stichtag)
        elif bedingung is not None:
            codes = frozenset(bedingung)
        if extra is not None and extra[0] == merkmal:
            codes = frozenset({extra[1]}) if codes is None else codes & {extra[1]}
        result.append(codes)
    return tuple(result)


def term_wert(
    katalog: Katalog,
    quelle: Quelle,
    term: Term,
    gebiet: str,
    zeitraum: str,
    extra: tuple[str, str] | None = None,
) -> Wert:
    """The value of one side of a formula for a region and period (with an optional breakdown filter)."""
    periode = zr.verschiebe(zeitraum, term.versatz) if term.versatz else zeitraum
    wuerfel = quelle.wuerfel(term.datensatz, periode)
    if wuerfel is None:
        return Wert(None, "", FEHLT_VORJAHR if term.versatz else FEHLT_KEINE_LIEFERUNG)
    if extra is not None and extra[0] not in wuerfel.datensatz.merkmale:
        extra = None  # breakdown does not apply to this side (e.g. population has no "gruppe")
    return wuerfel.wert(gebiet, _auswahl(katalog, term, periode, extra))


def indikator_wert(
    katalog: Katalog,
    quelle: Quelle,
    ind: Indikator,
    gebiet: str,
    zeitraum: str,
    kategorie: Kategorie | None = None,
) -> SeriesRow:
    extra = kategorie.filter if kategorie else None
    code = kategorie.code if kategorie else None
    z = term_wert(katalog, quelle, ind.zaehler, gebiet, zeitraum, extra)
    if ind.nenner is None:
        value = None if z.value is None else z.value * ind.faktor
        return SeriesRow(ind.id, gebiet, zeitraum, code, value, z.flag, z.reason)
    n = term_wert(katalog, quelle, ind.nenner, gebiet, zeitraum, extra)
    if z.reason == FEHLT_GEHEIM and not n.missing and n.value == 0:
        # kein Nenner (eine Gemeinde ohne Plätze): „Nenner ist 0“ sagt mehr als „geheim“ und verrät nichts
        return SeriesRow(ind.id, gebiet, zeitraum, code, None, n.flag, FEHLT_NENNER_NULL, None, 0.0)
    flag = z.flag or n.flag
    if z.missing or n.missing:
        grund = z.reason if z.missing else f"Nenner: {n.reason}"
        return SeriesRow(ind.id, gebiet, zeitraum, code, None, flag, grund, z.value, n.value)
    assert z.value is not None and n.value is not None
    if n.value == 0:
        return SeriesRow(ind.id, gebiet, zeitraum, code, None, flag, FEHLT_NENNER_NULL, z.value, 0.0)
    return SeriesRow(
        ind.id, gebiet, zeitraum, code, z.value / n.value * ind.faktor, flag, "", z.value, n.value
    )


def zeitraeume(quelle: Quelle, ind: Indikator) -> list[str]:
    """Periods with a delivery of the numerator's dataset."""
    return quelle.zeitraeume(ind.zaehler.datensatz)


def kategorien(
    katalog: Katalog, quelle: Quelle, ind: Indikator, a: Aufschluesselung, gebiet: str, perioden: list[str]
) -> list[Kategorie]:
    """The categories of a breakdown: as configured, or every code that occurs (top N by the last period)."""
    liste = katalog.codeliste_von(ind.zaehler.datensatz, a.merkmal)
    if a.kategorien:
        return [Kategorie(out, name, (a.merkmal, code)) for out, code, name in a.kategorien]
    vorkommend: set[str] = set()
    index = list(katalog.datensaetze[ind.zaehler.datensatz].merkmale).index(a.merkmal)
    for p in perioden:
        wuerfel = quelle.wuerfel(ind.zaehler.datensatz, p)
        if wuerfel is not None:
            vorkommend |= wuerfel.codes(index)
    if perioden:  # only codes the numerator's own filter admits (e.g. no "deutsch" among foreigners)
        erlaubt = _auswahl(katalog, ind.zaehler, perioden[-1], None)[index]
        if erlaubt is not None:
            vorkommend &= erlaubt
    codes = [c for c in liste.codes if c in vorkommend]  # code-list order
    if a.top and perioden:

        def groesse(code: str, wo: str, letzte: str) -> float:
            w = term_wert(katalog, quelle, ind.zaehler, wo, letzte, (a.merkmal, code))
            return w.value if w.value is not None else -1.0

        rang: dict[str, float] = {}
        # ranked by the newest period with values: a newer delivery may hold Kreis totals only
        for letzte in reversed(perioden):
            rang = {c: groesse(c, gebiet, letzte) for c in codes}
            if all(v < 0 for v in rang.values()):  # nothing published here (a Gemeinde): the Kreis's ranking
                rang = {c: groesse(c, katalog.kreis.code, letzte) for c in codes}
            if any(v >= 0 for v in rang.values()):
                break
        codes = sorted(codes, key=lambda c: rang[c], reverse=True)[: a.top]
    return [Kategorie(a.ausgabe_code(liste.codes[c]), liste.codes[c].name, (a.merkmal, c)) for c in codes]


def kategorie_namen(katalog: Katalog, ind: Indikator, a: Aufschluesselung) -> dict[str, str]:
    """Display names of every possible category of a breakdown, keyed by the printed code."""
    if a.kategorien:
        return {out: name for out, _, name in a.kategorien}
    liste = katalog.codeliste_von(ind.zaehler.datensatz, a.merkmal)
    return {a.ausgabe_code(c): c.name for c in liste.codes.values()}


def reihe(
    katalog: Katalog,
    quelle: Quelle,
    indikator_id: str,
    *,
    gebiet: str | None = None,
    nach: str | None = None,
    perioden: list[str] | None = None,
) -> list[SeriesRow]:
    """The series of an indicator in one region: one row per period (and breakdown category)."""
    ind = katalog.indikatoren.get(indikator_id)
    if ind is None:
        raise IndikatorFehler(f"unbekannter Indikator ‚{indikator_id}‘ (siehe `imon indicators`)")
    gebiet = gebiet or katalog.kreis.code
    if gebiet not in katalog.gebiete:
        raise IndikatorFehler(
            f"unbekanntes Gebiet ‚{gebiet}‘ (Kreis {katalog.kreis.code}, {bz.verbaende(katalog)} mit ARS-9, "
            "Gemeinden mit AGS)"
        )
    perioden = perioden if perioden is not None else zeitraeume(quelle, ind)
    if nach is None and ind.standard_aufschluesselung is not None:
        nach = ind.standard_aufschluesselung.name
    if nach is None:
        return [indikator_wert(katalog, quelle, ind, gebiet, p) for p in perioden]
    a = ind.aufschluesselung(nach)
    if a is None:
        erlaubt = ", ".join(x.name for x in ind.aufschluesselungen) or "keine"
        raise IndikatorFehler(
            f"Indikator {ind.id} lässt sich nicht nach ‚{nach}‘ aufschlüsseln (möglich: {erlaubt})"
        )
    alle = kategorien(katalog, quelle, ind, a, gebiet, perioden)
    return [indikator_wert(katalog, quelle, ind, gebiet, p, k) for p in perioden for k in alle]


def wartet(row: SeriesRow) -> bool:
    """No value yet because a delivery (or a cell of it) is still missing, not because it is secret."""
    return row.value is None and row.reason in AUSSTEHEND


def stand(rows: list[SeriesRow]) -> str | None:
    """The newest period with a published answer: a value, or a reason that is final (secret, denominator
    0). Newer periods are still waiting for deliveries; None when every period is waiting."""
    fertig = [r.period for r in rows if not wartet(r)]  # rows are in period order
    return fertig[-1] if fertig else None


def fehlende_lieferungen(katalog: Katalog, quelle: Quelle, ind: Indikator, zeitraum: str) -> list[str]:
    """The datasets of the formula without an active delivery for the period (numerator first)."""
    fehlend: list[str] = []
    for term in (ind.zaehler, ind.nenner):
        if term is None or term.datensatz in fehlend:
            continue
        periode = zr.verschiebe(zeitraum, term.versatz) if term.versatz else zeitraum
        if quelle.wuerfel(term.datensatz, periode) is None:
            fehlend.append(term.datensatz)
    return fehlend

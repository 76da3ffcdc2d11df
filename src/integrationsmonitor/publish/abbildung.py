"""A chart with its table, source and data status — the unit of the FactSheet and the annual report (pure).

Every chart comes with its numbers as a table (periods as columns), its text alternative, the offices
and datasets behind it and when their deliveries arrived; missing values are footnoted with the reason.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from integrationsmonitor.catalog import zeitraum as zr
from integrationsmonitor.catalog.model import Indikator, Katalog
from integrationsmonitor.indicators.model import SeriesRow
from integrationsmonitor.publish import charts
from integrationsmonitor.publish import formatting as fmt

Eingang = Callable[[str, str], datetime | None]  # (dataset, period) -> when its delivery arrived


@dataclass(frozen=True)
class Tabelle:
    kopf: list[str]
    zeilen: list[list[str]]  # first cell: row heading


@dataclass(frozen=True)
class Abbildung:
    id: str
    titel: str
    spec: dict[str, Any]
    svg: str
    alternativtext: str
    tabelle: Tabelle
    quelle: str  # "Quelle: Ausländerbehörde (Ausländerbestand)"
    datenstand: str  # "Datenstand: Lieferung vom 03.02.2025; Stand 31.12.2024"
    fussnoten: list[str] = field(default_factory=list)


def fussnote(row: SeriesRow) -> str:
    return f"{fmt.periode(row.period)}: {row.reason or 'kein Wert'}"


def quellenangabe(katalog: Katalog, indikatoren: Sequence[Indikator]) -> str:
    teile: list[str] = []
    for ind in indikatoren:
        for term in (ind.zaehler, ind.nenner):
            if term is None:
                continue
            ds = katalog.datensaetze[term.datensatz]
            text = f"{katalog.lieferanten[ds.lieferant].name} ({ds.name})"
            if text not in teile:
                teile.append(text)
    return "Quelle: " + "; ".join(teile)


def datenstand(katalog: Katalog, indikatoren: Sequence[Indikator], periode: str, eingang: Eingang) -> str:
    zeiten = [
        t
        for ind in indikatoren
        for term in (ind.zaehler, ind.nenner)
        if term is not None
        for t in [eingang(term.datensatz, periode)]
        if t is not None
    ]
    stand = f"Stand {fmt.datum(zr.stichtag(periode))}"
    if not zeiten:
        return f"Datenstand: {stand}"
    return f"Datenstand: Lieferung vom {fmt.datum(max(zeiten))}; {stand}"


def fussnoten(rows: Sequence[SeriesRow], namen: dict[str, str] | None = None) -> list[str]:
    """One footnote per (category, reason) listing its periods: "Folgetermine: 2016–2018 Zelle nicht geliefert"."""
    gruppen: dict[tuple[str, str], list[str]] = {}
    for r in rows:
        if r.value is None:
            name = (namen or {}).get(r.category or "", r.category or "")
            gruppen.setdefault((name, r.reason or "kein Wert"), []).append(r.period)
    out = []
    for (name, grund), perioden in gruppen.items():
        perioden = sorted(set(perioden))
        spanne = (
            fmt.periode(perioden[0])
            if len(perioden) == 1
            else (f"{fmt.periode(perioden[0])}–{fmt.periode(perioden[-1])}")
        )
        out.append(f"{name + ': ' if name else ''}{spanne} {grund}")
    return out


def bereinigt(rows: list[SeriesRow]) -> list[SeriesRow]:
    """Leave out periods before the first value and categories without any value (never delivered)."""
    mit_wert = [r for r in rows if r.value is not None]
    erste = min((r.period for r in mit_wert), default="")
    kategorien = {r.category for r in mit_wert}
    return [r for r in rows if r.period >= erste and r.category in kategorien]


def zeitreihen_tabelle(
    rows: Sequence[SeriesRow], einheit: str, zeilen: Sequence[tuple[str | None, str]]
) -> Tabelle:
    """Periods as columns, one row per (category, heading)."""
    perioden = sorted({r.period for r in rows})
    werte = {(r.category, r.period): r for r in rows}
    return Tabelle(
        ["", *(fmt.periode(p) for p in perioden)],
        [
            [
                kopf,
                *(fmt.wert(werte[(k, p)].value, einheit) if (k, p) in werte else fmt.FEHLT for p in perioden),
            ]
            for k, kopf in zeilen
        ],
    )


def abbildung(
    id_: str,
    titel: str,
    spec: dict[str, Any],
    tabelle: Tabelle,
    quelle: str,
    datenstand: str,
    fussnoten: list[str],
) -> Abbildung:
    return Abbildung(
        id_, titel, spec, charts.svg(spec), spec["description"], tabelle, quelle, datenstand, fussnoten
    )


def zielpunkte(katalog: Katalog, ind: Indikator) -> list[tuple[str, float]]:
    """The Kreis's targets of an indicator as chart points (period, value)."""
    return [(str(z.jahr), z.wert) for z in ind.ziele_fuer(katalog.kreis.code)]

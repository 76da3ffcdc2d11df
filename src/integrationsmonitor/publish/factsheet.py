"""The quarterly FactSheet's content: key figures and charts with their tables (pure, no Django).

Everything is computed from a `Quelle` by the indicator engine — the same numbers as the dashboard —
and formatted the German way here, once, for the PDF (Typst) and the HTML page alike. For a quarter,
each indicator shows its newest period whose reference date is not after the quarter's end; missing
and secret values appear as `.` with the reason as a footnote (the publication rule).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from integrationsmonitor.catalog import zeitraum as zr
from integrationsmonitor.catalog.model import Indikator, Katalog
from integrationsmonitor.indicators.engine import Quelle, kategorie_namen, reihe, zeitraeume
from integrationsmonitor.indicators.model import SeriesRow
from integrationsmonitor.publish import charts
from integrationsmonitor.publish import formatting as fmt

TITEL = "FactSheet Migration & Integration"
TOP = 12  # nationalities in the ranking

# Key figures on page 1 (indicator ids of the LDS catalogue; ids a county's catalogue lacks are left out).
KENNZAHLEN = [
    "bevoelkerung",
    "auslaender_gesamt",
    "auslaenderanteil",
    "anteil_asylsuchende",
    "einbuergerungen",
    "sgb2_quote_auslaender",
    "lds_integriert_neukunden",
    "sprachkurse",
]

Eingang = Callable[[str, str], datetime | None]  # (dataset, period) -> when its delivery arrived


@dataclass(frozen=True)
class Kennzahl:
    id: str
    titel: str
    wert: str
    periode: str
    veraenderung: str = ""  # "+0,5 Prozentpunkte gegenüber 2023"
    fussnote: str = ""  # why the value is missing


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


@dataclass(frozen=True)
class FactSheet:
    kreis: str
    titel: str
    ausgabe: str  # "4. Quartal 2024"
    zeitraum: str  # "2024-Q4"
    stichtag: str  # "31.12.2024"
    kennzahlen: list[Kennzahl]
    abbildungen: list[Abbildung]

    def als_dict(self) -> dict[str, Any]:
        """Plain data for the Typst template (`spec` left out: the PDF embeds the SVG)."""
        return {
            "kreis": self.kreis,
            "titel": self.titel,
            "ausgabe": self.ausgabe,
            "zeitraum": self.zeitraum,
            "stichtag": self.stichtag,
            "kennzahlen": [vars(k) for k in self.kennzahlen],
            "abbildungen": [
                {
                    "id": a.id,
                    "titel": a.titel,
                    "alternativtext": a.alternativtext,
                    "tabelle": {"kopf": a.tabelle.kopf, "zeilen": a.tabelle.zeilen},
                    "quelle": a.quelle,
                    "datenstand": a.datenstand,
                    "fussnoten": a.fussnoten,
                }
                for a in self.abbildungen
            ],
        }


def quartal_ende(zeitraum: str) -> date:
    """The last day of a FactSheet period (a quarter like 2024-Q4, or a year)."""
    return zr.stichtag(zeitraum)


def normalisiere_ausgabe(text: str) -> str:
    """`2024-Q4`, `2024Q4`, `Q4/2024` → `2024-Q4`; ValueError with a German reason otherwise."""
    return zr.normalisiere(text, "quartal")


def perioden_bis(quelle: Quelle, ind: Indikator, ende: date) -> list[str]:
    """The indicator's periods whose reference date is not after `ende`."""
    return [p for p in zeitraeume(quelle, ind) if zr.stichtag(p) <= ende]


def _fussnote(row: SeriesRow) -> str:
    return f"{fmt.periode(row.period)}: {row.reason or 'kein Wert'}"


def _kennzahl(katalog: Katalog, quelle: Quelle, ind: Indikator, ende: date) -> Kennzahl | None:
    perioden = perioden_bis(quelle, ind, ende)
    if not perioden:
        return None
    rows = reihe(katalog, quelle, ind.id, perioden=perioden[-2:])
    if any(r.category is not None for r in rows):
        return None  # only indicators with one value per period are key figures
    letzte = rows[-1]
    if letzte.value is None:
        return Kennzahl(ind.id, ind.name, fmt.FEHLT, fmt.periode(letzte.period), fussnote=_fussnote(letzte))
    veraenderung = ""
    if len(rows) == 2 and rows[0].value is not None:
        veraenderung = (
            f"{fmt.veraenderung(letzte.value - rows[0].value, ind.einheit)}"
            f" gegenüber {fmt.periode(rows[0].period)}"
        )
    return Kennzahl(
        ind.id, ind.name, fmt.wert(letzte.value, ind.einheit), fmt.periode(letzte.period), veraenderung
    )


def _quelle(katalog: Katalog, indikatoren: Sequence[Indikator]) -> str:
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


def _datenstand(
    katalog: Katalog, indikatoren: Sequence[Indikator], periode: str, eingang: Eingang
) -> str:
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


def _fussnoten(rows: Sequence[SeriesRow], namen: dict[str, str] | None = None) -> list[str]:
    """One footnote per (category, reason) listing its periods: "Folgetermine: 2016–2018 Zelle nicht geliefert"."""
    gruppen: dict[tuple[str, str], list[str]] = {}
    for r in rows:
        if r.value is None:
            name = (namen or {}).get(r.category or "", r.category or "")
            gruppen.setdefault((name, r.reason or "kein Wert"), []).append(r.period)
    out = []
    for (name, grund), perioden in gruppen.items():
        perioden = sorted(set(perioden))
        spanne = fmt.periode(perioden[0]) if len(perioden) == 1 else (
            f"{fmt.periode(perioden[0])}–{fmt.periode(perioden[-1])}"
        )
        out.append(f"{name + ': ' if name else ''}{spanne} {grund}")
    return out


def _bereinigt(rows: list[SeriesRow]) -> list[SeriesRow]:
    """Leave out periods before the first value and categories without any value (never delivered)."""
    mit_wert = [r for r in rows if r.value is not None]
    erste = min((r.period for r in mit_wert), default="")
    kategorien = {r.category for r in mit_wert}
    return [r for r in rows if r.period >= erste and r.category in kategorien]


def _zeitreihen_tabelle(
    rows: Sequence[SeriesRow], einheit: str, zeilen: Sequence[tuple[str | None, str]]
) -> Tabelle:
    """Periods as columns, one row per (category, heading)."""
    perioden = sorted({r.period for r in rows})
    werte = {(r.category, r.period): r for r in rows}
    return Tabelle(
        ["", *(fmt.periode(p) for p in perioden)],
        [
            [kopf, *(fmt.wert(werte[(k, p)].value, einheit) if (k, p) in werte else fmt.FEHLT for p in perioden)]
            for k, kopf in zeilen
        ],
    )


def _abbildung(
    id_: str,
    titel: str,
    spec: dict[str, Any],
    tabelle: Tabelle,
    quelle: str,
    datenstand: str,
    fussnoten: list[str],
) -> Abbildung:
    return Abbildung(id_, titel, spec, charts.svg(spec), spec["description"], tabelle, quelle, datenstand, fussnoten)


class _Bau:
    def __init__(self, katalog: Katalog, quelle: Quelle, ende: date, eingang: Eingang) -> None:
        self.katalog, self.quelle, self.ende, self.eingang = katalog, quelle, ende, eingang

    def ind(self, id_: str) -> Indikator | None:
        return self.katalog.indikatoren.get(id_)

    def zeitreihe(self, id_: str, titel: str, nach: str | None = None) -> Abbildung | None:
        ind = self.ind(id_)
        if ind is None or not (perioden := perioden_bis(self.quelle, ind, self.ende)):
            return None
        rows = _bereinigt(reihe(self.katalog, self.quelle, id_, nach=nach, perioden=perioden))
        a = ind.aufschluesselung(nach) if nach else ind.standard_aufschluesselung
        namen = kategorie_namen(self.katalog, ind, a) if a else None
        if not rows:
            return None
        kategorien = list(dict.fromkeys(r.category for r in rows))
        zeilen = [(k, (namen or {}).get(k or "", k or ind.name)) for k in kategorien]
        spec = charts.zeitreihe(
            rows, titel=titel, einheit=ind.einheit, kategorie_titel=None, kategorie_namen=namen
        )
        return _abbildung(
            id_,
            titel,
            spec,
            _zeitreihen_tabelle(rows, ind.einheit, zeilen),
            _quelle(self.katalog, [ind]),
            _datenstand(self.katalog, [ind], perioden[-1], self.eingang),
            _fussnoten(rows, namen),
        )

    def mehrere(self, ids: Sequence[str], titel: str, id_: str) -> Abbildung | None:
        """Several indicators of the same unit as lines of one chart (each category its own line)."""
        inds = [i for i in (self.ind(x) for x in ids) if i is not None]
        perioden = sorted({p for i in inds for p in perioden_bis(self.quelle, i, self.ende)})
        if not inds or not perioden:
            return None
        rows: list[SeriesRow] = []
        namen: dict[str, str] = {}
        for i in inds:
            a = i.standard_aufschluesselung
            kat_namen = kategorie_namen(self.katalog, i, a) if a else {}
            for r in reihe(self.katalog, self.quelle, i.id, perioden=perioden):
                linie = i.id if r.category is None else f"{i.id}:{r.category}"
                namen[linie] = i.name if r.category is None else kat_namen.get(r.category, r.category)
                rows.append(SeriesRow(r.indicator, r.region, r.period, linie, r.value, r.flag, r.reason))
        rows = _bereinigt(rows)
        namen = {k: n for k, n in namen.items() if any(r.category == k for r in rows)}
        spec = charts.zeitreihe(rows, titel=titel, einheit=inds[0].einheit, kategorie_namen=namen)
        return _abbildung(
            id_,
            titel,
            spec,
            _zeitreihen_tabelle(rows, inds[0].einheit, list(namen.items())),
            _quelle(self.katalog, inds),
            _datenstand(self.katalog, inds, perioden[-1], self.eingang),
            _fussnoten(rows, namen),
        )

    def bevoelkerung(self) -> Abbildung | None:
        """Population and foreigners per year (table), the Ausländeranteil as the chart."""
        anteil = self.ind("auslaenderanteil")
        if anteil is None or not (perioden := perioden_bis(self.quelle, anteil, self.ende)):
            return None
        titel = "Bevölkerung und Ausländeranteil"
        rows = reihe(self.katalog, self.quelle, anteil.id, perioden=perioden)
        spec = charts.zeitreihe(rows, titel="Ausländeranteil", einheit=anteil.einheit)
        zeilen: list[list[str]] = []
        fussnoten = _fussnoten(rows)
        inds = [anteil]
        for id_, kopf in (("bevoelkerung", "Bevölkerung"), ("auslaender_gesamt", "Ausländerinnen und Ausländer")):
            ind = self.ind(id_)
            if ind is None:
                continue
            inds.append(ind)
            werte = {r.period: r for r in reihe(self.katalog, self.quelle, id_, perioden=perioden)}
            zeilen.append([kopf, *(fmt.wert(werte[p].value, ind.einheit) for p in perioden)])
        zeilen.append(["Ausländeranteil", *(fmt.wert(r.value, anteil.einheit) for r in rows)])
        tabelle = Tabelle(["", *(fmt.periode(p) for p in perioden)], zeilen)
        return _abbildung(
            "bevoelkerung",
            titel,
            spec,
            tabelle,
            _quelle(self.katalog, inds),
            _datenstand(self.katalog, inds, perioden[-1], self.eingang),
            fussnoten,
        )

    def top(self) -> Abbildung | None:
        """The most frequent nationalities in the newest period (secret values cannot be ranked)."""
        ind = self.ind("top_staatsangehoerigkeiten")
        if ind is None or not (perioden := perioden_bis(self.quelle, ind, self.ende)):
            return None
        periode = perioden[-1]
        rows = reihe(self.katalog, self.quelle, ind.id, perioden=[periode])
        a = ind.standard_aufschluesselung
        namen = kategorie_namen(self.katalog, ind, a) if a else {}
        bekannt = sorted((r for r in rows if r.value is not None), key=lambda r: -(r.value or 0))[:TOP]
        items = [(namen.get(r.category or "", r.category or ""), r.value) for r in bekannt]
        titel = f"Die {len(items)} häufigsten Staatsangehörigkeiten {fmt.periode(periode)}"
        spec = charts.balken_kategorien(items, titel=titel, einheit=ind.einheit)
        geheim = [r for r in rows if r.value is None and r.flag == "g"]
        fussnoten = (
            [f"{fmt.zahl(len(geheim))} Staatsangehörigkeit(en) geheim gehalten und nicht gereiht"]
            if geheim
            else []
        )
        tabelle = Tabelle(
            ["Staatsangehörigkeit", "Anzahl"], [[n, fmt.wert(v, ind.einheit)] for n, v in items]
        )
        return _abbildung(
            "top_staatsangehoerigkeiten",
            titel,
            spec,
            tabelle,
            _quelle(self.katalog, [ind]),
            _datenstand(self.katalog, [ind], periode, self.eingang),
            fussnoten,
        )


def baue_factsheet(
    katalog: Katalog, quelle: Quelle, zeitraum: str, eingang: Eingang = lambda d, z: None
) -> FactSheet:
    """The FactSheet of a quarter (`2024-Q4`) from the deliveries `quelle` gives."""
    zeitraum = normalisiere_ausgabe(zeitraum)
    ende = quartal_ende(zeitraum)
    bau = _Bau(katalog, quelle, ende, eingang)
    kennzahlen = [
        k
        for i in KENNZAHLEN
        if (ind := katalog.indikatoren.get(i)) is not None
        and (k := _kennzahl(katalog, quelle, ind, ende)) is not None
    ]
    abbildungen = [
        a
        for a in (
            bau.bevoelkerung(),
            bau.zeitreihe("auslaender_nach_gruppe", "Ausländerinnen und Ausländer nach Gruppe"),
            bau.zeitreihe("einbuergerungen", "Einbürgerungen"),
            bau.top(),
            bau.mehrere(
                ["lds_integriert_neukunden", "lds_integriert_folgetermine"],
                "Beratung „LDS integriert“: Neukundinnen und -kunden und Folgetermine",
                "beratung",
            ),
            bau.zeitreihe("sprachkurse", "Sprachkurse"),
        )
        if a is not None
    ]
    return FactSheet(
        kreis=katalog.kreis.name,
        titel=TITEL,
        ausgabe=fmt.periode(zeitraum),
        zeitraum=zeitraum,
        stichtag=fmt.datum(ende),
        kennzahlen=kennzahlen,
        abbildungen=abbildungen,
    )

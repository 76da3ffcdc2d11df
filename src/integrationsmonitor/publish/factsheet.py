"""The quarterly FactSheet's content: key figures and charts with their tables (pure, no Django).

Everything is computed from a `Quelle` by the indicator engine — the same numbers as the dashboard —
and formatted the German way here, once, for the PDF (Typst) and the HTML page alike. For a quarter,
each indicator shows its newest period whose reference date is not after the quarter's end; missing
and secret values appear as `.` with the reason as a footnote (the publication rule).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from integrationsmonitor.catalog import zeitraum as zr
from integrationsmonitor.catalog.model import Indikator, Katalog
from integrationsmonitor.indicators.engine import Quelle, kategorie_namen, reihe, zeitraeume
from integrationsmonitor.indicators.model import SeriesRow
from integrationsmonitor.publish import charts
from integrationsmonitor.publish import formatting as fmt

from .abbildung import (
    Abbildung,
    Eingang,
    Tabelle,
    abbildung,
    bereinigt,
    datenstand,
    fussnote,
    fussnoten,
    quellenangabe,
    zeitreihen_tabelle,
    zielpunkte,
)
from .berichtskarte import Berichtskarte, gemeindekarte
from .texte import absaetze

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
    "kursregister_plaetze",  # the course register (registry.kurse), once providers keep courses there
    "kursregister_auslastung",
]
# Monthly indicators shown as the sum of the quarter's three months (counts only), after the key figures.
QUARTALSSUMMEN = ["beratungskontakte"]


@dataclass(frozen=True)
class Kennzahl:
    id: str
    titel: str
    wert: str
    periode: str
    veraenderung: str = ""  # "+0,5 Prozentpunkte gegenüber 2023"
    fussnote: str = ""  # why the value is missing


@dataclass(frozen=True)
class FactSheet:
    kreis: str
    titel: str
    ausgabe: str  # "4. Quartal 2024"
    zeitraum: str  # "2024-Q4"
    stichtag: str  # "31.12.2024"
    kennzahlen: list[Kennzahl]
    abbildungen: list[Abbildung]
    kommentar: list[str] = field(default_factory=list)  # the editors' paragraphs (publish.texte)
    karte: Berichtskarte | None = None  # the Ausländeranteil in the Gemeinden

    def bilder(self) -> dict[str, str]:
        bilder = {f"{a.id}.svg": a.svg for a in self.abbildungen}
        if self.karte is not None:
            bilder[self.karte.datei] = self.karte.svg
        return bilder

    def als_dict(self) -> dict[str, Any]:
        """Plain data for the Typst template (`spec` left out: the PDF embeds the SVG)."""
        return {
            "kreis": self.kreis,
            "titel": self.titel,
            "ausgabe": self.ausgabe,
            "zeitraum": self.zeitraum,
            "stichtag": self.stichtag,
            "kennzahlen": [vars(k) for k in self.kennzahlen],
            "kommentar": self.kommentar,
            "karte": None if self.karte is None else self.karte.als_dict(),
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


def _kennzahl(katalog: Katalog, quelle: Quelle, ind: Indikator, ende: date) -> Kennzahl | None:
    perioden = perioden_bis(quelle, ind, ende)
    if not perioden:
        return None
    rows = reihe(katalog, quelle, ind.id, perioden=perioden[-2:])
    if any(r.category is not None for r in rows):
        return None  # only indicators with one value per period are key figures
    letzte = rows[-1]
    if letzte.value is None:
        return Kennzahl(ind.id, ind.name, fmt.FEHLT, fmt.periode(letzte.period), fussnote=fussnote(letzte))
    veraenderung = ""
    if len(rows) == 2 and rows[0].value is not None:
        veraenderung = (
            f"{fmt.veraenderung(letzte.value - rows[0].value, ind.einheit)}"
            f" gegenüber {fmt.periode(rows[0].period)}"
        )
    return Kennzahl(
        ind.id, ind.name, fmt.wert(letzte.value, ind.einheit), fmt.periode(letzte.period), veraenderung
    )


def _quartalssumme(katalog: Katalog, quelle: Quelle, ind: Indikator, quartal: str) -> Kennzahl | None:
    """A monthly count as the sum of the quarter's months; None unless all three months are delivered.

    A month whose total is secret makes the quarter's sum secret too (it would reveal the month)."""
    if ind.einheit != "anzahl" or ind.nenner is not None:
        return None

    geliefert = set(zeitraeume(quelle, ind))

    def summe(q: str) -> tuple[float | None, list[SeriesRow]] | None:
        monate = zr.monate_des_quartals(q)
        if not geliefert.issuperset(monate):
            return None
        rows = reihe(katalog, quelle, ind.id, perioden=monate)
        werte = [r.value for r in rows]
        return (None if None in werte else sum(w or 0.0 for w in werte)), rows

    jetzt = summe(quartal)
    if jetzt is None:
        return None
    wert, rows = jetzt
    titel = f"{ind.name} im Quartal"
    if wert is None:
        fehlt = next(r for r in rows if r.value is None)
        return Kennzahl(ind.id, titel, fmt.FEHLT, fmt.periode(quartal), fussnote=fussnote(fehlt))
    vor = zr.vorquartal(quartal)
    vorher = summe(vor)
    veraenderung = ""
    if vorher is not None and vorher[0] is not None:
        veraenderung = f"{fmt.veraenderung(wert - vorher[0], ind.einheit)} gegenüber {fmt.periode(vor)}"
    return Kennzahl(ind.id, titel, fmt.wert(wert, ind.einheit), fmt.periode(quartal), veraenderung)


class _Bau:
    def __init__(self, katalog: Katalog, quelle: Quelle, ende: date, eingang: Eingang) -> None:
        self.katalog, self.quelle, self.ende, self.eingang = katalog, quelle, ende, eingang

    def ind(self, id_: str) -> Indikator | None:
        return self.katalog.indikatoren.get(id_)

    def zeitreihe(self, id_: str, titel: str, nach: str | None = None) -> Abbildung | None:
        ind = self.ind(id_)
        if ind is None or not (perioden := perioden_bis(self.quelle, ind, self.ende)):
            return None
        rows = bereinigt(reihe(self.katalog, self.quelle, id_, nach=nach, perioden=perioden))
        a = ind.aufschluesselung(nach) if nach else ind.standard_aufschluesselung
        namen = kategorie_namen(self.katalog, ind, a) if a else None
        if not rows:
            return None
        kategorien = list(dict.fromkeys(r.category for r in rows))
        zeilen = [(k, (namen or {}).get(k or "", k or ind.name)) for k in kategorien]
        spec = charts.zeitreihe(
            rows,
            titel=titel,
            einheit=ind.einheit,
            kategorie_titel=None,
            kategorie_namen=namen,
            ziele=zielpunkte(self.katalog, ind) if a is None else (),
            brueche=self.katalog.reihenbrueche(ind),
        )
        return abbildung(
            id_,
            titel,
            spec,
            zeitreihen_tabelle(rows, ind.einheit, zeilen),
            quellenangabe(self.katalog, [ind]),
            datenstand(self.katalog, [ind], perioden[-1], self.eingang),
            fussnoten(rows, namen),
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
        rows = bereinigt(rows)
        namen = {k: n for k, n in namen.items() if any(r.category == k for r in rows)}
        spec = charts.zeitreihe(rows, titel=titel, einheit=inds[0].einheit, kategorie_namen=namen)
        return abbildung(
            id_,
            titel,
            spec,
            zeitreihen_tabelle(rows, inds[0].einheit, list(namen.items())),
            quellenangabe(self.katalog, inds),
            datenstand(self.katalog, inds, perioden[-1], self.eingang),
            fussnoten(rows, namen),
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
        noten = fussnoten(rows)
        inds = [anteil]
        for id_, kopf in (
            ("bevoelkerung", "Bevölkerung"),
            ("auslaender_gesamt", "Ausländerinnen und Ausländer"),
        ):
            ind = self.ind(id_)
            if ind is None:
                continue
            inds.append(ind)
            werte = {r.period: r for r in reihe(self.katalog, self.quelle, id_, perioden=perioden)}
            zeilen.append([kopf, *(fmt.wert(werte[p].value, ind.einheit) for p in perioden)])
        zeilen.append(["Ausländeranteil", *(fmt.wert(r.value, anteil.einheit) for r in rows)])
        tabelle = Tabelle(["", *(fmt.periode(p) for p in perioden)], zeilen)
        return abbildung(
            "bevoelkerung",
            titel,
            spec,
            tabelle,
            quellenangabe(self.katalog, inds),
            datenstand(self.katalog, inds, perioden[-1], self.eingang),
            noten,
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
        if not items:
            return None  # delivered without nationalities (only totals): nothing to rank
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
        return abbildung(
            "top_staatsangehoerigkeiten",
            titel,
            spec,
            tabelle,
            quellenangabe(self.katalog, [ind]),
            datenstand(self.katalog, [ind], periode, self.eingang),
            fussnoten,
        )


KARTE = "auslaenderanteil"  # the indicator shown as a Gemeinde map


def baue_factsheet(
    katalog: Katalog,
    quelle: Quelle,
    zeitraum: str,
    eingang: Eingang = lambda d, z: None,
    *,
    kommentar: str = "",
) -> FactSheet:
    """The FactSheet of a quarter (`2024-Q4`) from the deliveries `quelle` gives; `kommentar` is the
    editors' plain text."""
    zeitraum = normalisiere_ausgabe(zeitraum)
    ende = quartal_ende(zeitraum)
    bau = _Bau(katalog, quelle, ende, eingang)
    kennzahlen = [
        k
        for i in KENNZAHLEN
        if (ind := katalog.indikatoren.get(i)) is not None
        and (k := _kennzahl(katalog, quelle, ind, ende)) is not None
    ] + [
        k
        for i in QUARTALSSUMMEN
        if (ind := katalog.indikatoren.get(i)) is not None
        and (k := _quartalssumme(katalog, quelle, ind, zeitraum)) is not None
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
        kommentar=absaetze(kommentar),
        karte=_karte(katalog, quelle, ende),
    )


def _karte(katalog: Katalog, quelle: Quelle, ende: date) -> Berichtskarte | None:
    ind = katalog.indikatoren.get(KARTE)
    return None if ind is None else gemeindekarte(katalog, quelle, ind, perioden_bis(quelle, ind, ende))

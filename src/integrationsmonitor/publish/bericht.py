"""The annual report: a title page with imprint, the foreword, a summary of the key figures with their
target status, then one chapter per Handlungsfeld with its commentary and every indicator with chart,
table, definition, change against the previous year and against its target, and a Gemeinde map where the
indicator has Gemeinde values (pure, no Django).

The same engine and formatting as the dashboard and the FactSheet; the year's end is the cut-off
(periods whose reference date is after 31.12. of the report year are left out). Charts are sized to their
data: one value is a value (no chart), one period with several categories a bar chart as tall as its bars,
a few periods a small chart. Foreword and commentary are the Verwaltung's plain text (``publish.texte``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from integrationsmonitor.catalog.model import EINHEITEN, RICHTUNGEN, Handlungsfeld, Indikator, Katalog
from integrationsmonitor.indicators import ziele
from integrationsmonitor.indicators.engine import Quelle, kategorie_namen, reihe
from integrationsmonitor.publish import charts
from integrationsmonitor.publish import formatting as fmt
from integrationsmonitor.publish import karte as pk
from integrationsmonitor.publish.opendata import LIZENZ_NAME, LIZENZ_URL

from . import zieltexte as zt
from .abbildung import (
    Abbildung,
    Eingang,
    abbildung,
    bereinigt,
    datenstand,
    fussnoten,
    quellenangabe,
    zeitreihen_tabelle,
    zielpunkte,
)
from .berichtskarte import Berichtskarte, gemeindekarte
from .factsheet import perioden_bis
from .texte import absaetze

TITEL = "Integrationsmonitoring"
VORWORT = "vorwort"  # the key of the foreword among the texts; chapters use their Handlungsfeld id
KEINE_DATEN = "noch keine Daten"
# Chart sizes in the PDF: width in mm of the text column (174 mm), chart heights in Vega-Lite pixels.
DIAGRAMM_BREITE = 160
KURZE_BREITE = 110
KURZE_REIHE = 3  # up to this many periods a series gets the small chart
HOEHE = 200
KURZE_HOEHE = 130
LEGENDE_ZUSCHLAG = 60  # room for a legend of many categories


_FELDER = ("id", "name", "definition", "einheit", "richtung", "wert", "veraenderung", "ziel_symbol",
           "ziel_label", "ziel_text")  # fmt: skip


@dataclass(frozen=True)
class Eintrag:
    id: str
    name: str
    definition: str
    einheit: str
    richtung: str
    wert: str  # the report year's value (Kreis, total), "." if missing, "" for breakdown-only indicators
    veraenderung: str  # "+55 (+31,3 %) gegenüber 2023, eine Verbesserung"
    ziel_symbol: str
    ziel_label: str  # "Ziel erreicht", "kein Ziel" …
    ziel_text: str
    abbildung: Abbildung | None  # None: nothing delivered up to the report year
    diagramm_breite: int = 0  # mm in the PDF; 0: a single value, stated, not drawn
    karte: Berichtskarte | None = None

    @property
    def hat_daten(self) -> bool:
        return self.abbildung is not None

    @property
    def kennzahl(self) -> bool:
        """A value of the report year at the Kreis (a row of the summary)."""
        return self.wert not in ("", fmt.FEHLT)


@dataclass(frozen=True)
class Kapitel:
    nr: int
    id: str
    titel: str
    beschreibung: str
    eintraege: list[Eintrag]
    kommentar: list[str] = field(default_factory=list)  # paragraphs

    @property
    def hat_daten(self) -> bool:
        return any(e.hat_daten for e in self.eintraege)

    @property
    def mit_daten(self) -> list[Eintrag]:
        return [e for e in self.eintraege if e.hat_daten]

    @property
    def ohne_daten(self) -> list[Eintrag]:
        return [e for e in self.eintraege if not e.hat_daten]


@dataclass(frozen=True)
class Bericht:
    kreis: str
    titel: str
    jahr: int
    stichtag: str
    kapitel: list[Kapitel]
    herausgeber: str = ""  # "Landkreis Dahme-Spreewald, Kreisverwaltung"
    vorwort: list[str] = field(default_factory=list)  # paragraphs
    datenstand: str = ""  # "Lieferungen bis 03.02.2025"
    erstellt: str = ""  # "05.12.2026"
    lizenz: str = LIZENZ_NAME
    lizenz_url: str = LIZENZ_URL
    namensnennung_karten: str = pk.NAMENSNENNUNG
    namensnennung_karten_url: str = pk.NAMENSNENNUNG_URL

    @property
    def uebersicht(self) -> list[tuple[Kapitel, list[Eintrag]]]:
        """The summary: per chapter the indicators with a value of the report year, with target status."""
        return [(k, z) for k in self.kapitel if (z := [e for e in k.eintraege if e.kennzahl])]

    @property
    def karten(self) -> list[Berichtskarte]:
        return [e.karte for k in self.kapitel for e in k.eintraege if e.karte is not None]

    def als_dict(self) -> dict[str, Any]:
        """Plain data for the Typst template (charts as SVG files named `<indikator>.svg`, maps as
        `karte-<indikator>.svg`); every text is a JSON string, which Typst sets as text, never as markup."""
        return {
            "kreis": self.kreis,
            "titel": self.titel,
            "jahr": str(self.jahr),
            "stichtag": self.stichtag,
            "herausgeber": self.herausgeber,
            "vorwort": self.vorwort,
            "datenstand": self.datenstand,
            "erstellt": self.erstellt,
            "lizenz": self.lizenz,
            "lizenz_url": self.lizenz_url,
            "namensnennung_karten": self.namensnennung_karten,
            "namensnennung_karten_url": self.namensnennung_karten_url,
            "keine_daten": KEINE_DATEN,
            "uebersicht": [
                {
                    "titel": k.titel,
                    "zeilen": [
                        {
                            f: getattr(e, f)
                            for f in ("name", "wert", "veraenderung", "ziel_symbol", "ziel_label")
                        }
                        for e in eintraege
                    ],
                }
                for k, eintraege in self.uebersicht
            ],
            "kapitel": [
                {
                    "nr": k.nr,
                    "titel": k.titel,
                    "beschreibung": k.beschreibung,
                    "kommentar": k.kommentar,
                    "hat_daten": k.hat_daten,
                    "ohne_daten": [e.name for e in k.ohne_daten],
                    "eintraege": [
                        {
                            **{f: getattr(e, f) for f in _FELDER},
                            "diagramm_breite": e.diagramm_breite,
                            "karte": None if e.karte is None else e.karte.als_dict(),
                            "abbildung": None
                            if e.abbildung is None
                            else {
                                "datei": f"{e.id}.svg",
                                "alternativtext": e.abbildung.alternativtext,
                                "tabelle": {
                                    "kopf": e.abbildung.tabelle.kopf,
                                    "zeilen": e.abbildung.tabelle.zeilen,
                                },
                                "quelle": e.abbildung.quelle,
                                "datenstand": e.abbildung.datenstand,
                                "fussnoten": e.abbildung.fussnoten,
                            },
                        }
                        for e in k.mit_daten
                    ],
                }
                for k in self.kapitel
            ],
        }

    def bilder(self) -> dict[str, str]:
        bilder = {f"{e.id}.svg": e.abbildung.svg for k in self.kapitel for e in k.eintraege if e.abbildung}
        bilder.update({karte.datei: karte.svg for karte in self.karten})
        return bilder


def _eintrag(katalog: Katalog, quelle: Quelle, ind: Indikator, jahr: int, eingang: Eingang) -> Eintrag:
    ende = date(jahr, 12, 31)
    perioden = perioden_bis(quelle, ind, ende)
    gebiet = katalog.kreis.code
    basis: dict[str, Any] = {
        "id": ind.id,
        "name": ind.name,
        "definition": ind.definition,
        "einheit": EINHEITEN.get(ind.einheit, ind.einheit),
        "richtung": RICHTUNGEN.get(ind.richtung, ""),
    }
    if not perioden:
        return Eintrag(**basis, wert=fmt.FEHLT, veraenderung="Noch keine Lieferung.", ziel_symbol="–",
                       ziel_label="kein Wert", ziel_text="", abbildung=None)  # fmt: skip
    a = ind.standard_aufschluesselung
    rows = bereinigt(reihe(katalog, quelle, ind.id, perioden=perioden))
    namen = kategorie_namen(katalog, ind, a) if a else {}
    if a is None:
        werte = {r.period: r for r in rows}
        letzte = werte.get(str(jahr))
        wert = fmt.wert(letzte.value, ind.einheit) if letzte else fmt.FEHLT
        veraenderung = zt.veraenderungstext(ziele.veraenderung_reihe(ind, rows, jahr))
        status = ziele.zielstatus_reihe(ind, rows, gebiet=gebiet, jahr=jahr)
        symbol, label, text = zt.symbol(status), zt.label(status), zt.zieltext(status)
    else:
        wert, veraenderung = "", "Nur aufgeschlüsselt ausgewiesen; die Werte stehen in der Tabelle."
        symbol, label, text = "–", "kein Ziel", ""
    titel = ind.name
    kategorien = list(dict.fromkeys(r.category for r in rows))
    zeilen = [(k, namen.get(k or "", k or ind.name)) for k in kategorien]
    anzahl_perioden = len({r.period for r in rows})
    if anzahl_perioden == 1 and a is not None:  # one period broken down: bars, as tall as there are bars
        periode = rows[0].period
        items = [(namen.get(r.category or "", r.category or ind.name), r.value) for r in rows]
        spec = charts.balken_kategorien(items, titel=f"{titel} {fmt.periode(periode)}", einheit=ind.einheit)
        breite = DIAGRAMM_BREITE
    else:
        spec = charts.zeitreihe(
            rows,
            titel=titel,
            einheit=ind.einheit,
            kategorie_namen=namen or None,
            ziele=zielpunkte(katalog, ind) if a is None else (),
            brueche=katalog.reihenbrueche(ind),
        )
        if anzahl_perioden <= KURZE_REIHE:  # a few points: a small chart (one alone is only stated)
            spec = {**spec, "height": KURZE_HOEHE}
            breite = 0 if anzahl_perioden == 1 and a is None else KURZE_BREITE
        else:
            spec = {**spec, "height": HOEHE + (LEGENDE_ZUSCHLAG if len(kategorien) > 4 else 0)}
            breite = DIAGRAMM_BREITE
    abb = (
        abbildung(
            ind.id,
            titel,
            spec,
            zeitreihen_tabelle(rows, ind.einheit, zeilen),
            quellenangabe(katalog, [ind]),
            datenstand(katalog, [ind], perioden[-1], eingang),
            fussnoten(rows, namen),
        )
        if rows
        else None
    )
    karte = gemeindekarte(katalog, quelle, ind, perioden) if abb is not None else None
    return Eintrag(**basis, wert=wert, veraenderung=veraenderung, ziel_symbol=symbol, ziel_label=label,
                   ziel_text=text, abbildung=abb, diagramm_breite=breite if abb else 0,
                   karte=karte)  # fmt: skip


def _titel(hf: Handlungsfeld) -> str:
    return "Rahmendaten" if hf.id == "kontext" else hf.name


def herausgeber(katalog: Katalog) -> str:
    """The publisher: the county's administration (a kreisfreie Stadt's is the Stadtverwaltung)."""
    stadt = katalog.kreis.typ in ("Kreisfreie Stadt", "Stadtkreis")
    return f"{katalog.kreis.name}, {'Stadtverwaltung' if stadt else 'Kreisverwaltung'}"


def baue_bericht(
    katalog: Katalog,
    quelle: Quelle,
    jahr: int,
    eingang: Eingang = lambda d, z: None,
    *,
    texte: Mapping[str, str] | None = None,
    datenstand: str = "",
    erstellt: str = "",
) -> Bericht:
    """The report of a year: a chapter per Handlungsfeld in the catalogue's order (context first), also
    for a field without indicators or data yet (it says so in one line).

    `texte`: the Verwaltung's foreword (key `VORWORT`) and chapter commentary (key: Handlungsfeld id)."""
    texte = texte or {}
    kapitel = []
    for hf in sorted(katalog.handlungsfelder.values(), key=lambda h: h.nr):
        inds = [i for i in katalog.indikatoren.values() if i.handlungsfeld == hf.id]
        eintraege = [_eintrag(katalog, quelle, ind, jahr, eingang) for ind in inds]
        kommentar = absaetze(texte.get(hf.id, ""))
        kapitel.append(Kapitel(hf.nr, hf.id, _titel(hf), hf.beschreibung, eintraege, kommentar))
    return Bericht(
        kreis=katalog.kreis.name,
        titel=f"{TITEL} {jahr}",
        jahr=jahr,
        stichtag=fmt.datum(date(jahr, 12, 31)),
        kapitel=kapitel,
        herausgeber=herausgeber(katalog),
        vorwort=absaetze(texte.get(VORWORT, "")),
        datenstand=datenstand,
        erstellt=erstellt,
    )

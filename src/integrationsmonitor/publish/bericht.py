"""The annual report: one chapter per Handlungsfeld, every indicator with chart, table, definition,
change against the previous year and against its target (pure, no Django).

The same engine and formatting as the dashboard and the FactSheet; the year's end is the cut-off
(periods whose reference date is after 31.12. of the report year are left out).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from integrationsmonitor.catalog.model import EINHEITEN, RICHTUNGEN, Handlungsfeld, Indikator, Katalog
from integrationsmonitor.indicators import ziele
from integrationsmonitor.indicators.engine import Quelle, kategorie_namen, reihe
from integrationsmonitor.publish import charts
from integrationsmonitor.publish import formatting as fmt

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
from .factsheet import perioden_bis

TITEL = "Integrationsmonitoring"


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


@dataclass(frozen=True)
class Kapitel:
    nr: int
    id: str
    titel: str
    beschreibung: str
    eintraege: list[Eintrag]


@dataclass(frozen=True)
class Bericht:
    kreis: str
    titel: str
    jahr: int
    stichtag: str
    kapitel: list[Kapitel]

    def als_dict(self) -> dict[str, Any]:
        """Plain data for the Typst template (charts as SVG files named `<indikator>.svg`)."""
        return {
            "kreis": self.kreis,
            "titel": self.titel,
            "jahr": str(self.jahr),
            "stichtag": self.stichtag,
            "kapitel": [
                {
                    "nr": k.nr,
                    "titel": k.titel,
                    "beschreibung": k.beschreibung,
                    "eintraege": [
                        {
                            **{f: getattr(e, f) for f in _FELDER},
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
                        for e in k.eintraege
                    ],
                }
                for k in self.kapitel
            ],
        }

    def bilder(self) -> dict[str, str]:
        return {f"{e.id}.svg": e.abbildung.svg for k in self.kapitel for e in k.eintraege if e.abbildung}


def _eintrag(katalog: Katalog, quelle: Quelle, ind: Indikator, jahr: int, eingang: Eingang) -> Eintrag:
    ende = date(jahr, 12, 31)
    perioden = perioden_bis(quelle, ind, ende)
    gebiet = katalog.kreis.code
    basis = {
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
        veraenderung = ziele.veraenderung_reihe(ind, rows, jahr).text
        status = ziele.zielstatus_reihe(ind, rows, gebiet=gebiet, jahr=jahr)
        symbol, label, text = status.symbol, status.label, status.text
    else:
        wert, veraenderung = "", "Nur aufgeschlüsselt ausgewiesen; die Werte stehen in der Tabelle."
        symbol, label, text = "–", "kein Ziel", ""
    titel = ind.name
    spec = charts.zeitreihe(
        rows,
        titel=titel,
        einheit=ind.einheit,
        kategorie_namen=namen or None,
        ziele=zielpunkte(katalog, ind) if a is None else (),
    )
    kategorien = list(dict.fromkeys(r.category for r in rows))
    zeilen = [(k, namen.get(k or "", k or ind.name)) for k in kategorien]
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
    return Eintrag(**basis, wert=wert, veraenderung=veraenderung, ziel_symbol=symbol, ziel_label=label,
                   ziel_text=text, abbildung=abb)  # fmt: skip


def _titel(hf: Handlungsfeld) -> str:
    return "Rahmendaten" if hf.id == "kontext" else hf.name


def baue_bericht(
    katalog: Katalog, quelle: Quelle, jahr: int, eingang: Eingang = lambda d, z: None
) -> Bericht:
    """The report of a year: a chapter per Handlungsfeld in the catalogue's order (context first), also
    for a field without indicators yet (it says so)."""
    kapitel = []
    for hf in sorted(katalog.handlungsfelder.values(), key=lambda h: h.nr):
        inds = [i for i in katalog.indikatoren.values() if i.handlungsfeld == hf.id]
        eintraege = [_eintrag(katalog, quelle, ind, jahr, eingang) for ind in inds]
        kapitel.append(Kapitel(hf.nr, hf.id, _titel(hf), hf.beschreibung, eintraege))
    return Bericht(
        kreis=katalog.kreis.name,
        titel=f"{TITEL} {jahr}",
        jahr=jahr,
        stichtag=fmt.datum(date(jahr, 12, 31)),
        kapitel=kapitel,
    )

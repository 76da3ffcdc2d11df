"""Open data: one table per indicator and per dataset, as CSV, Excel CSV, XLSX and JSON with metadata.

Every file is produced without a request (`datei`; all at once: publish.opendata_export.dateien), so the web
view and a static export of the site call the same functions and get the same bytes. Paths are relative to the site root:

    opendaten/indikatoren/<indikator>.<format>   every region and period, without and with each breakdown
    opendaten/datensaetze/<datensatz>.<format>   the delivered cells of the active deliveries, as stored
    opendaten/dcat.jsonld                        the DCAT-AP.de catalogue (publish.dcat)

Formats: `csv` (UTF-8, `,`), `excel.csv` (`;`, BOM, decimal comma), `xlsx`, `json`, and `csv-metadata.json`
(CSVW metadata of the CSV). Indicator values are those of `indicators.engine.reihe`, the function behind the
dashboard and `imon series`; a value that is missing, or that a secret cell made missing, has no number and
the status `.` or `g` (publication rule).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from integrationsmonitor.catalog import bezeichnungen as bz
from integrationsmonitor.catalog.model import (
    EBENEN,
    EINHEITEN,
    TOTAL,
    Aufschluesselung,
    Datensatz,
    Gebiet,
    Indikator,
    Katalog,
)
from integrationsmonitor.formats import tabellen_export as te
from integrationsmonitor.formats.tabellen_export import Metadatum, OffeneTabelle, Spalte
from integrationsmonitor.indicators import engine
from integrationsmonitor.indicators.cube import Zelle
from integrationsmonitor.protect.tabellensatz import gruppennamen
from integrationsmonitor.store.selectors import DbQuelle

from . import formatting as fmt
from .reihen import kennzeichen

LIZENZ_URI = "http://dcat-ap.de/def/licenses/dl-by-de/2.0"  # DCAT-AP.de licence vocabulary
LIZENZ_URL = "https://www.govdata.de/dl-de/by-2-0"  # the licence text
LIZENZ_NAME = "Datenlizenz Deutschland – Namensnennung – Version 2.0 (dl-de/by-2-0)"
ORDNER = "opendaten"
ARTEN = {"indikatoren": "Indikator", "datensaetze": "Datensatz"}

STATUS_INDIKATOR = (
    "Spalte status: leer = Wert ohne Besonderheit; p = vorläufig; s = geschätzt; r = berichtigt; "
    "g = geheim gehalten, weil eine Eingangszahl geheim ist (kein Wert); . = kein Wert (Grund in Spalte reason)."
)
STATUS_DATENSATZ = (
    "Spalte status: leer = Wert ohne Besonderheit; p = vorläufig; s = geschätzt; r = berichtigt; "
    "g = geheim gehalten (kein Wert). Der Code _T steht für die Summe über ein Merkmal."
)


def gebiet_spalte(katalog: Katalog) -> str:
    """The region column's description with the county's kinds of Verband ("Amt oder amtsfreie Gemeinde")."""
    return f"Gebiet: Kreis (AGS, 5 Stellen), {bz.verband(katalog)} (ARS, 9), Gemeinde (AGS, 8)"


DEMO_HINWEIS = (
    "Demodaten – alle Zahlen sind erfunden oder aus dem Bericht nachgebildet, keine amtlichen Daten."
)


@dataclass(frozen=True)
class Format:
    endung: str  # file name ending after the id, e.g. "excel.csv"
    name: str  # German, for the open-data page
    medientyp: str  # Content-Type
    dateityp: str  # EU file-type vocabulary code (DCAT dct:format)
    schreiben: Callable[[OffeneTabelle], bytes]


FORMATE: dict[str, Format] = {
    f.endung: f
    for f in (
        Format("csv", "CSV (UTF-8, Komma)", "text/csv; charset=utf-8", "CSV", te.als_csv),
        Format(
            "excel.csv",
            "CSV für Excel (Semikolon, Dezimalkomma)",
            "text/csv; charset=utf-8",
            "CSV",
            te.als_excel_csv,
        ),
        Format(
            "xlsx",
            "Excel-Arbeitsmappe (XLSX)",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "XLSX",
            te.als_xlsx,
        ),
        Format("json", "JSON", "application/json", "JSON", te.als_json),
    )
}
CSVW = "csv-metadata.json"  # CSVW metadata of the UTF-8 CSV (W3C "CSV on the Web"), application/csvm+json


@dataclass(frozen=True)
class Datei:
    """One open-data file: path relative to the site root, content and Content-Type."""

    pfad: str
    inhalt: bytes
    medientyp: str


def pfad(art: str, kennung: str, endung: str) -> str:
    return f"{ORDNER}/{art}/{kennung}.{endung}"


def iso_zeit(zeit: datetime | None) -> str:
    """ISO 8601 in Europe/Berlin (`2024-12-31T10:00:00+01:00`); "" for None."""
    return zeit.astimezone(fmt.ZEITZONE).isoformat(timespec="seconds") if zeit else ""


@dataclass(frozen=True)
class Stand:
    """Data status of the datasets behind a table: newest active delivery, demo data among them."""

    zeit: datetime | None
    demo: bool


def stand(quelle: DbQuelle, datensaetze: list[str]) -> Stand:
    lieferungen = [lf for ds in datensaetze for lf in quelle.aktive(ds).values()]
    zeit = max((lf.eingegangen_am for lf in lieferungen), default=None)
    return Stand(zeit, any(lf.ist_demo for lf in lieferungen))


def datensaetze_von(ind: Indikator) -> list[str]:
    """The datasets behind an indicator: numerator, then denominator (each once)."""
    ids = [ind.zaehler.datensatz]
    if ind.nenner is not None and ind.nenner.datensatz not in ids:
        ids.append(ind.nenner.datensatz)
    return ids


def _gebiete(katalog: Katalog, ebenen: tuple[str, ...]) -> list[Gebiet]:
    """Regions of the given levels: Kreis, Ämter, Gemeinden, each by key."""
    return sorted(
        (g for g in katalog.gebiete.values() if g.ebene in ebenen),
        key=lambda g: (EBENEN.index(g.ebene), g.code),
    )


def _lieferant(katalog: Katalog, ds: Datensatz) -> str:
    lf = katalog.lieferanten.get(ds.lieferant)
    return lf.name if lf else ds.lieferant


def _metadaten(
    katalog: Katalog, titel: str, beschreibung: str, url: str, st: Stand, legende: str, **weitere: str
) -> tuple[Metadatum, ...]:
    kreis = katalog.kreis.name
    felder = [
        ("title", "Titel", titel),
        ("description", "Beschreibung", beschreibung),
        *[(k, b, weitere.get(k, "")) for k, b in (("unit", "Einheit"), ("theme", "Handlungsfeld"))],
        ("source", "Quelle", weitere.get("source", "")),
        ("note", "Hinweis", weitere.get("note", "")),
        ("notice", "Achtung", DEMO_HINWEIS if st.demo else ""),
        ("publisher", "Herausgeber", kreis),
        ("license", "Lizenz", LIZENZ_NAME),
        ("license_url", "Lizenztext", LIZENZ_URL),
        ("attribution", "Namensnennung", f"{kreis}, Integrationsmonitor: {titel}, {LIZENZ_NAME}, {url}"),
        ("data_status", "Datenstand (letzte Lieferung eingegangen)", iso_zeit(st.zeit)),
        ("url", "Webseite", url),
        ("status_legend", "Zeichenerklärung", legende),
    ]
    return tuple(Metadatum(k, b, w) for k, b, w in felder if w or k in ("data_status",))


def _indikator_spalten(katalog: Katalog, ind: Indikator) -> tuple[Spalte, ...]:
    spalten = [
        Spalte("indicator", "Kennung des Indikators"),
        Spalte("region", gebiet_spalte(katalog)),
        Spalte("region_name", "Name des Gebiets"),
        Spalte("region_level", "Ebene des Gebiets: kreis, verband, gemeinde"),
        Spalte("period", "Zeitraum: Jahr (2024), Quartal (2024-Q4) oder Monat (2024-12)"),
        Spalte("breakdown", "Aufschlüsselung (leer: insgesamt)"),
        Spalte("category", "Kategorie der Aufschlüsselung (Code)"),
        Spalte("category_name", "Kategorie der Aufschlüsselung (Name)"),
        Spalte(
            "value", f"Wert in der Einheit {EINHEITEN.get(ind.einheit, ind.einheit)}, ungerundet", zahl=True
        ),
        Spalte("status", "Kennzeichen des Werts (siehe Zeichenerklärung)"),
        Spalte("reason", "Grund, wenn kein Wert angegeben ist"),
    ]
    if ind.nenner is not None:
        spalten += [Spalte("numerator", "Zähler", zahl=True), Spalte("denominator", "Nenner", zahl=True)]
    return tuple(spalten)


def quelle_text(katalog: Katalog, ind: Indikator) -> str:
    """The sources of an indicator in one line (open data, figure downloads)."""
    z = katalog.datensaetze[ind.zaehler.datensatz]
    text = f"{_lieferant(katalog, z)}: {z.name}"
    if ind.nenner is None:
        return text
    n = katalog.datensaetze[ind.nenner.datensatz]
    return f"Zähler – {text}; Nenner – {ind.nenner_quelle or f'{_lieferant(katalog, n)}: {n.name}'}"


def _indikator_zeilen(katalog: Katalog, quelle: DbQuelle, ind: Indikator) -> list[list[te.Wert]]:
    perioden = engine.zeitraeume(quelle, ind)
    nach: list[Aufschluesselung | None] = [] if ind.pflicht_aufschluesselung else [None]
    nach += ind.aufschluesselungen
    zeilen = []
    for g in _gebiete(katalog, katalog.datensaetze[ind.zaehler.datensatz].ebenen):
        for a in nach:
            namen = engine.kategorie_namen(katalog, ind, a) if a else {}
            rows = engine.reihe(
                katalog, quelle, ind.id, gebiet=g.code, nach=a.name if a else None, perioden=perioden
            )
            for r in rows:
                kat = r.category or ""
                zeile: list[te.Wert] = [ind.id, g.code, g.name, g.ebene, r.period, a.name if a else "", kat]
                zeile += [namen.get(kat, kat), r.value, kennzeichen(r), r.reason]
                if ind.nenner is not None:
                    zeile += [r.numerator, r.denominator]
                zeilen.append(zeile)
    return zeilen


def indikator_tabelle(
    katalog: Katalog, quelle: DbQuelle, ind: Indikator, basis_url: str, *, mit_zeilen: bool = True
) -> OffeneTabelle:
    """Every region of the numerator's levels and every period, without breakdown and by each breakdown
    (values of `engine.reihe`, as on the indicator page); `mit_zeilen=False`: metadata only."""
    meta = _metadaten(
        katalog,
        ind.name,
        ind.definition,
        f"{basis_url}indikatoren/{ind.id}/",
        stand(quelle, datensaetze_von(ind)),
        STATUS_INDIKATOR,
        unit=EINHEITEN.get(ind.einheit, ind.einheit),
        theme=katalog.handlungsfelder[ind.handlungsfeld].name,
        source=quelle_text(katalog, ind),
        note=ind.hinweis,
    )
    zeilen = _indikator_zeilen(katalog, quelle, ind) if mit_zeilen else []
    return OffeneTabelle(ind.name, _indikator_spalten(katalog, ind), zeilen, meta)


def _datensatz_spalten(katalog: Katalog, ds: Datensatz) -> tuple[Spalte, ...]:
    spalten = [
        Spalte("dataset", "Kennung des Datensatzes"),
        Spalte("region", gebiet_spalte(katalog)),
        Spalte("region_name", "Name des Gebiets"),
        Spalte("region_level", "Ebene des Gebiets: kreis, verband, gemeinde"),
        Spalte("period", "Zeitraum der Lieferung"),
    ]
    for merkmal, liste_id in ds.merkmale.items():
        liste = katalog.codelisten[liste_id]
        spalten += [
            Spalte(merkmal, f"{liste.name} (Code; _T = insgesamt)"),
            Spalte(f"{merkmal}_name", f"{liste.name} (Name)"),
        ]
    spalten += [
        Spalte("value", f"Wert ({ds.einheit})", zahl=True),
        Spalte("status", "Kennzeichen der Zelle (siehe Zeichenerklärung)"),
    ]
    return tuple(spalten)


def _datensatz_zeilen(katalog: Katalog, quelle: DbQuelle, ds: Datensatz) -> list[list[te.Wert]]:
    listen = [katalog.codelisten[liste_id] for liste_id in ds.merkmale.values()]
    rang = [{c: i for i, c in enumerate(liste.codes)} for liste in listen]

    def ordnung(z: Zelle) -> tuple[int, str, tuple[int, ...]]:  # Kreis, Ämter, Gemeinden; codes in list order
        codes = tuple(-1 if c == TOTAL else r.get(c, len(r)) for c, r in zip(z.merkmale, rang, strict=True))
        return (EBENEN.index(katalog.gebiete[z.gebiet].ebene), z.gebiet, codes)

    zeilen = []
    zwischen = gruppennamen(ds)  # names of subtotals such as kontinent:europa
    for periode in quelle.zeitraeume(ds.id):
        wuerfel = quelle.wuerfel(ds.id, periode)
        if wuerfel is None:
            continue
        for z in sorted(wuerfel.exakt.values(), key=ordnung):
            if (z.gebiet, z.merkmale) in wuerfel.strukturnull:
                continue  # impossible by the catalogue's rules (Germans among foreigners): no row
            g = katalog.gebiete[z.gebiet]
            zeile: list[te.Wert] = [ds.id, g.code, g.name, g.ebene, periode]
            for code, liste in zip(z.merkmale, listen, strict=True):
                eintrag = liste.codes.get(code)
                name = (
                    "insgesamt" if code == TOTAL else (eintrag.name if eintrag else zwischen.get(code, code))
                )
                zeile += [code, name]
            zeile += [None if z.geheim else z.wert, z.kennzeichen]
            zeilen.append(zeile)
    return zeilen


def datensatz_tabelle(
    katalog: Katalog, quelle: DbQuelle, ds: Datensatz, basis_url: str, *, mit_zeilen: bool = True
) -> OffeneTabelle:
    """The delivered cells of the active deliveries, as the store holds them (secret cells without value)."""
    zeitraum = {"jahr": "jährlich", "quartal": "vierteljährlich", "monat": "monatlich"}.get(ds.zeitraum, "")
    stichtag = f", Stichtag {ds.stichtag}" if ds.stichtag else ""
    meta = _metadaten(
        katalog,
        ds.name,
        ds.beschreibung,
        f"{basis_url}{ORDNER}/#datensatz-{ds.id}",
        stand(quelle, [ds.id]),
        STATUS_DATENSATZ,
        unit=ds.einheit,
        source=f"{_lieferant(katalog, ds)}; Lieferung {zeitraum}{stichtag}",
    )
    zeilen = _datensatz_zeilen(katalog, quelle, ds) if mit_zeilen else []
    return OffeneTabelle(ds.name, _datensatz_spalten(katalog, ds), zeilen, meta)


def tabelle(
    katalog: Katalog, quelle: DbQuelle, art: str, kennung: str, basis_url: str, *, mit_zeilen: bool = True
) -> OffeneTabelle | None:
    """The table of an indicator (`art` "indikatoren") or dataset ("datensaetze"); None if unknown."""
    if art == "indikatoren" and (ind := katalog.indikatoren.get(kennung)) is not None:
        return indikator_tabelle(katalog, quelle, ind, basis_url, mit_zeilen=mit_zeilen)
    if art == "datensaetze" and (ds := katalog.datensaetze.get(kennung)) is not None:
        return datensatz_tabelle(katalog, quelle, ds, basis_url, mit_zeilen=mit_zeilen)
    return None


def datei(katalog: Katalog, quelle: DbQuelle, art: str, name: str, basis_url: str) -> Datei | None:
    """One file by its name (`auslaenderanteil.excel.csv`); None for an unknown indicator, dataset or format.

    `basis_url` is the absolute address of the site root with a trailing slash (used in the metadata)."""
    kennung, _, endung = name.partition(".")
    if endung not in FORMATE and endung != CSVW:
        return None
    t = tabelle(katalog, quelle, art, kennung, basis_url, mit_zeilen=endung != CSVW)
    if t is None:
        return None
    if endung == CSVW:
        inhalt = te.als_csvw(t, basis_url + pfad(art, kennung, "csv"), LIZENZ_URI)
        return Datei(pfad(art, kennung, endung), inhalt, "application/csvm+json")
    f = FORMATE[endung]
    return Datei(pfad(art, kennung, endung), f.schreiben(t), f.medientyp)


@dataclass(frozen=True)
class Eintrag:
    """One line of the open-data page: an indicator or dataset with its files."""

    art: str
    kennung: str
    name: str
    gruppe: str  # Handlungsfeld (indicators) or supplying office (datasets)
    stand: Stand
    dateien: list[tuple[str, str]]  # (path relative to the open-data folder, format ending)


def verzeichnis(katalog: Katalog, quelle: DbQuelle) -> list[Eintrag]:
    """Everything the open-data page lists: indicators by Handlungsfeld, then datasets."""

    def links(art: str, kennung: str) -> list[tuple[str, str]]:
        return [(f"{art}/{kennung}.{f.endung}", f.endung) for f in FORMATE.values()]

    felder = sorted(katalog.handlungsfelder.values(), key=lambda h: h.nr)
    eintraege = [
        Eintrag(
            "indikatoren", i.id, i.name, h.name, stand(quelle, datensaetze_von(i)), links("indikatoren", i.id)
        )
        for h in felder
        for i in katalog.indikatoren.values()
        if i.handlungsfeld == h.id
    ]
    eintraege += [
        Eintrag(
            "datensaetze",
            d.id,
            d.name,
            _lieferant(katalog, d),
            stand(quelle, [d.id]),
            links("datensaetze", d.id),
        )
        for d in katalog.datensaetze.values()
    ]
    return eintraege

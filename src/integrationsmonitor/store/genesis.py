"""Import official GENESIS tables as deliveries of the statistical office (through store.ingest).

Both layouts are read: the flat file (ffcsv, long) and the classic table CSV (wide, header and footer);
the layout is detected from the first line. Only the county's own cells (the Kreis and its Gemeinden)
are taken; regions of other counties, dissolved regions and the footer never reach a delivery.

Decisions (INDICATORS.md §2.3):
- Symbols: `-` is a true 0 — but a period in which *every* cell of the county is `-` is not covered
  (published at Land level first, or the region did not exist) and is skipped, not read as zeros.
  `.`, `...`, `x`, `/` become missing values (Kennzeichen g), never 0. `value_q` p/r/s are kept as
  Kennzeichen, `e` (endgültig) needs none, `()` (Aussagewert eingeschränkt) has no Kennzeichen in a
  delivery and is counted in the report.
- Hierarchical categories (12531 Schutzstatus): only the top-level categories that partition the total
  are imported (offen, anerkannt, ohne/abgelehnt); sub-categories are skipped and reported, never summed.
- Rounded tables (12531: every cell rounded to a multiple of 5 on its own): only the finest cells are
  imported, totals are skipped and derived by the cube as sums of the rounded cells. A published rounded
  total and the sum of rounded parts may differ by up to ±2 per part; importing both would fail the
  margin check for no real error, and a tolerance would hide real errors in the county's own deliveries.
- Einbürgerungen (12511, measure BEV008) go to the dataset `einbuergerungen` (Staatsangehörigkeit ×
  Geschlecht, calendar year, Kreis). The regional table 12511-01-01-4 breaks the total down only by
  continent (STAKNW: Afrika, Amerika, Asien, Australien und Ozeanien, Europa, "Staatenlos, unbekannt,
  ungeklärt, ohne Angabe"). A continent is a group of nationalities, not a code of the Staatsangehörigkeit
  code list, so the continent cells are skipped and reported, never summed or spread; what is imported is
  the total per year as Staatsangehörigkeit `_T`, Geschlecht `_T` (the table has no Geschlecht).
  Single nationalities (STAAG5 `ST152`, as in 12531) and Geschlecht (GES) are mapped when a file has them.
  All years of a file are imported together. A year in which the Kreis's total is `-` is taken as not
  covered (rule above): with one cell per year a true 0 and a missing year look alike in this table.
- Supplier: `einbuergerungen` is delivered by the Einbürgerungsbehörde in the catalogue, and `liefere`
  stores a delivery under the dataset's supplier. An import of 12511 is therefore stored under that
  supplier and supersedes the office's delivery of the same year (both stay in the history); the report
  says so, and the file name and hash in the delivery show that the numbers come from GENESIS.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from integrationsmonitor.catalog.model import TOTAL, Katalog
from integrationsmonitor.formats.errors import FormatFehler
from integrationsmonitor.formats.genesis_classic import (
    ist_genesis_klassisch,
    lies_genesis_klassisch,
    zeit_als_jahr,
)
from integrationsmonitor.formats.genesis_flat import lies_genesis_flat
from integrationsmonitor.formats.text import dekodiere

from .ingest import Lieferergebnis, liefere

REGIONAL = ("KREISE", "GEMEIN")
AMTLICHE_STATISTIK = "statistik"  # supplier id of the statistical office in the catalogue
_GESCHLECHT = {"GESM": "m", "GESW": "w"}
_STAATSANGEHOERIGKEIT_SONDER = {"UNK": "998", "OA": "999"}  # ungeklärt, ohne Angabe (Destatis-Schlüssel)


def _staatsangehoerigkeit(code: str) -> str:
    """GENESIS STAAG5 `ST152` -> Destatis key `152`; UNK/OA -> 998/999."""
    if code in _STAATSANGEHOERIGKEIT_SONDER:
        return _STAATSANGEHOERIGKEIT_SONDER[code]
    return code[2:] if code.startswith("ST") and code[2:].isdigit() else code


@dataclass(frozen=True)
class Zuordnung:
    """How one GENESIS statistic maps to a catalogue dataset."""

    datensatz: str
    wert_variable: str  # ffcsv value_variable_code of the measure (classic tables hold one measure)
    merkmale: dict[str, str]  # GENESIS variable -> dimension of the dataset
    codes: dict[str, Callable[[str], str]]  # GENESIS variable -> translation of attribute codes
    koepfe: dict[str, dict[str, str]] = field(default_factory=dict)  # classic head -> {variable: code}
    unterkategorien: dict[str, frozenset[str]] = field(default_factory=dict)  # skipped, never summed
    gerundet: bool = False  # cells rounded one by one: import the finest cells only


ZUORDNUNG = {
    "12411": Zuordnung(
        "bevoelkerung_amtlich",
        "BEVSTD",
        {"GES": "geschlecht"},
        {"GES": lambda c: _GESCHLECHT.get(c, c)},
        koepfe={"Insgesamt": {"GES": ""}, "männlich": {"GES": "GESM"}, "weiblich": {"GES": "GESW"}},
    ),
    "12531": Zuordnung(
        "schutzsuchende",
        "BEV030",
        {"SCHST2": "schutzstatus", "GES": "geschlecht", "STAAG5": "staatsangehoerigkeit"},
        {
            "SCHST2": lambda c: {
                "SCHUTZST-OF": "offen",
                "SCHUTZST-AK-1": "anerkannt",
                "SCHUTZST-X": "ohne",
            }.get(c, c),
            "GES": lambda c: _GESCHLECHT.get(c, c),
            "STAAG5": _staatsangehoerigkeit,
        },
        unterkategorien={
            "SCHST2": frozenset(
                {
                    "SCHUTZST-AK-2",
                    "SCHUTZST-AK-3",
                    "SCHUTZST-AK-4",
                    "SCHUTZST-AK-5",
                    "AUSRPFL-G",
                    "AUSRPFL-V",
                    "AUSRPFL-L",
                }
            )
        },
        gerundet=True,
    ),
    "12511": Zuordnung(
        "einbuergerungen",
        "BEV008",
        {"STAAG5": "staatsangehoerigkeit", "GES": "geschlecht"},
        {"STAAG5": _staatsangehoerigkeit, "GES": lambda c: _GESCHLECHT.get(c, c)},
        koepfe={
            # heads that name the measure, the variable and the unit (12511-01-01-4)
            "Einbürgerungen von Ausländern": {},
            "Kontinente (einschl. staatenlos etc.)": {},
            "Anzahl": {},
            # continents (STAKNW): groups of nationalities, skipped and reported, never summed
            "Insgesamt": {"STAKNW": ""},
            "Afrika": {"STAKNW": "ST2"},
            "Amerika": {"STAKNW": "ST3"},
            "Asien": {"STAKNW": "ST4"},
            "Australien und Ozeanien": {"STAKNW": "ST5"},
            "Europa": {"STAKNW": "ST1"},
            "Staatenlos, unbekannt, ungeklärt, ohne Angabe": {"STAKNW": "ST997"},
            "männlich": {"GES": "GESM"},
            "weiblich": {"GES": "GESW"},
        },
    ),
}


@dataclass(frozen=True, slots=True)
class _Zelle:
    """One cell of either layout, in flat-file vocabulary."""

    zeile: int
    zeit: str  # as written: 2024-12-31, 2024, 31.12.2015
    gebiet: str
    merkmale: dict[str, str]  # GENESIS variable -> attribute code ("" = Insgesamt)
    wert: float | None
    symbol: str
    qualitaet: str
    wert_variable: str


class _Abgelehnt(Exception):
    pass


def importiere_genesis(
    katalog: Katalog,
    pfad: Path,
    *,
    benutzer: str,
    datensatz: str | None = None,
    ist_demo: bool = False,
    hinweis: Callable[[str], None] | None = None,
    fortschritt: Callable[[int, int], None] | None = None,
) -> Lieferergebnis:
    """Convert the cells of the county (and its Gemeinden) into a delivery and deliver it per period.

    `hinweis` receives the import report (what was skipped and why) before the delivery is validated;
    `fortschritt` the periods delivered so far and the periods in all (checking and protecting a period
    takes the time)."""
    daten = pfad.read_bytes()
    try:
        zuordnung, zellen, klassisch = _lies(daten, pfad.name)
        ziel = datensatz or zuordnung.datensatz
        einheit = "Zelle(n)" if klassisch else "Zeile(n)"  # a classic row holds several cells
        zeilen, herkunft, hinweise = _umwandeln(katalog, zellen, zuordnung, ziel, pfad.name, einheit)
    except (FormatFehler, _Abgelehnt) as exc:
        return Lieferergebnis(False, [str(exc)])
    hinweise += _lieferant_hinweis(katalog, ziel, pfad.name)
    if hinweis is not None:
        for h in hinweise:
            hinweis(h)
    kopf = ";".join(["gebiet", "zeitraum", *zuordnung.merkmale.values(), "wert", "kennzeichen"])
    ergebnisse = []
    with transaction.atomic():  # all periods of the file, or none
        for nr, (zeitraum, rows) in enumerate(sorted(zeilen.items())):
            if fortschritt is not None:
                fortschritt(nr, len(zeilen))
            ergebnis = liefere(
                katalog=katalog,
                daten="\n".join([kopf, *rows]).encode(),
                datei_name=pfad.name,
                datensatz=ziel,
                zeitraum=zeitraum,
                benutzer=benutzer,
                ist_demo=ist_demo,
                quell_hash=hashlib.sha256(daten).hexdigest(),
                amtlich=True,
            )
            if not ergebnis.angenommen:
                transaction.set_rollback(True)
                quelle = herkunft[zeitraum]
                ergebnis.probleme = [_zeile_der_quelle(p, quelle) for p in ergebnis.probleme]
                return ergebnis
            ergebnisse.append(ergebnis)
    if fortschritt is not None:
        fortschritt(len(zeilen), len(zeilen))
    ergebnisse[-1].weitere = ergebnisse[:-1]
    return ergebnisse[-1]


def _lieferant_hinweis(katalog: Katalog, datensatz: str, datei: str) -> list[str]:
    """The delivery is stored under the dataset's supplier; say so when that is not the statistical office."""
    lieferant = katalog.datensaetze[datensatz].lieferant
    if lieferant == AMTLICHE_STATISTIK or lieferant not in katalog.lieferanten:
        return []
    name = katalog.lieferanten[lieferant].name
    return [
        f"Lieferant des Datensatzes {datensatz} ist laut Katalog ‚{name}‘; die amtlichen Zahlen aus {datei} "
        "werden unter diesem Lieferanten gespeichert und ersetzen dessen aktive Lieferung desselben Zeitraums "
        "(sie bleibt in der Historie)"
    ]


def _zuordnung(statistik: str, datei: str) -> Zuordnung:
    if statistik not in ZUORDNUNG:
        raise _Abgelehnt(
            f"{datei}: Statistik {statistik} ist keinem Datensatz zugeordnet (bekannt: {', '.join(ZUORDNUNG)})"
        )
    return ZUORDNUNG[statistik]


def _lies(daten: bytes, datei: str) -> tuple[Zuordnung, list[_Zelle], bool]:
    """The mapping, the cells and whether the file is a classic table (detected from the first line)."""
    if ist_genesis_klassisch(dekodiere(daten, datei)):
        return (*_lies_klassisch(daten, datei), True)
    flat = lies_genesis_flat(daten, datei)
    if not flat:
        raise _Abgelehnt(f"{datei}: die Tabelle enthält keine Datenzeilen")
    zuordnung = _zuordnung(flat[0].statistik, datei)
    zellen = []
    for z in flat:
        gebiet = next((z.merkmale[r] for r in REGIONAL if r in z.merkmale), "")
        merkmale = {k: v for k, v in z.merkmale.items() if k not in REGIONAL}
        zellen.append(
            _Zelle(z.zeile, z.zeit, gebiet, merkmale, z.wert, z.symbol, z.qualitaet, z.wert_variable)
        )
    return zuordnung, zellen, False


def _lies_klassisch(daten: bytes, datei: str) -> tuple[Zuordnung, list[_Zelle]]:
    """Classic tables hold one measure; their column heads name the codes (`männlich` -> GES = GESM)."""
    tabelle = lies_genesis_klassisch(daten, datei)
    zuordnung = _zuordnung(tabelle.statistik, datei)
    if not zuordnung.koepfe:
        raise _Abgelehnt(
            f"{datei}: die klassische Tabelle {tabelle.code} wird nicht unterstützt; bitte als Flat-File (ffcsv) laden"
        )
    zellen = []
    for z in tabelle.zellen:
        merkmale: dict[str, str] = {}
        for kopf in z.koepfe:
            if kopf not in zuordnung.koepfe:
                bekannt = ", ".join(f"‚{k}‘" for k in zuordnung.koepfe)
                raise FormatFehler(
                    datei,
                    f"Spaltenkopf ‚{kopf}‘ ist keinem Merkmal zugeordnet (bekannt: {bekannt})",
                    None,
                    str(z.spalte),
                )
            merkmale.update(zuordnung.koepfe[kopf])
        zellen.append(
            _Zelle(
                z.zeile, z.zeit, z.gebiet, merkmale, z.wert, z.symbol, z.qualitaet, zuordnung.wert_variable
            )
        )
    return zuordnung, zellen


def _jahr(zeit: str) -> tuple[str, str]:
    """('2024', '31.12.') for 2024-12-31 or 31.12.2024, ('2024', '') for 2024."""
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", zeit.strip()):
        return m.group(1), f"{m.group(3)}.{m.group(2)}."
    return zeit_als_jahr(zeit)


def _umwandeln(
    katalog: Katalog,
    zellen: list[_Zelle],
    zuordnung: Zuordnung,
    datensatz: str,
    datei: str,
    einheit: str = "Zeile(n)",
) -> tuple[dict[str, list[str]], dict[str, list[int]], list[str]]:
    """Delivery rows per period, the GENESIS line of each row, and the import report."""
    ds = katalog.datensaetze.get(datensatz)
    if ds is None:
        raise _Abgelehnt(
            f"unbekannter Datensatz ‚{datensatz}‘ (bekannt: {', '.join(sorted(katalog.datensaetze))})"
        )
    if list(ds.merkmale) != list(zuordnung.merkmale.values()):
        raise _Abgelehnt(
            f"{datei}: der Datensatz {datensatz} hat die Merkmale {', '.join(ds.merkmale)}, "
            f"die Tabelle liefert {', '.join(zuordnung.merkmale.values()) or 'keine'}"
        )
    uebersprungen: Counter[str] = Counter()
    je_zeitraum: dict[str, list[tuple[_Zelle, list[str]]]] = {}
    for z in zellen:
        if z.wert_variable != zuordnung.wert_variable:
            continue
        if not z.gebiet.startswith(katalog.kreis.code) or z.gebiet not in katalog.gebiete:
            continue
        fremd = [v for v, c in z.merkmale.items() if c and v not in zuordnung.merkmale]
        if fremd:
            uebersprungen[f"Aufgliederung nach {', '.join(fremd)} (im Datensatz nicht vorgesehen)"] += 1
            continue
        unter = [c for v, c in z.merkmale.items() if c in zuordnung.unterkategorien.get(v, ())]
        if unter:
            uebersprungen[f"Unterkategorie {unter[0]} (Teilmenge einer übernommenen Kategorie)"] += 1
            continue
        try:
            jahr, stichtag = _jahr(z.zeit)
        except ValueError as exc:
            raise FormatFehler(datei, f"Zeit: {exc}", z.zeile) from None
        if stichtag and ds.stichtag and stichtag != ds.stichtag:
            raise _Abgelehnt(
                f"{datei}, Zeile {z.zeile}: Stichtag {stichtag}{jahr} passt nicht zum Datensatz {datensatz} "
                f"(Stichtag {ds.stichtag})"
            )
        codes = [
            TOTAL if not z.merkmale.get(v, "") else zuordnung.codes[v](z.merkmale[v])
            for v in zuordnung.merkmale
        ]
        je_zeitraum.setdefault(jahr, []).append((z, codes))
    hinweise = [f"{n} {einheit} nicht übernommen: {grund}" for grund, n in sorted(uebersprungen.items())]
    zeilen: dict[str, list[str]] = {}
    herkunft: dict[str, list[int]] = {}
    for jahr, liste in sorted(je_zeitraum.items()):
        if all(z.symbol == "-" for z, _ in liste):
            hinweise.append(
                f"{jahr}: alle Zellen des Kreises sind ‚-‘ – der Zeitraum ist für den Kreis nicht belegt "
                "(noch nicht veröffentlicht oder Gebiet bestand nicht) und wird nicht als 0 übernommen"
            )
            continue
        if zuordnung.gerundet and any(TOTAL not in c for _, c in liste):
            summen = [(z, c) for z, c in liste if TOTAL in c]
            if summen:
                hinweise.append(
                    f"{jahr}: {len(summen)} Summenzeile(n) nicht übernommen – die Tabelle rundet jede Zelle einzeln; "
                    "Summen werden aus den feinsten Zellen gebildet"
                )
            liste = [(z, c) for z, c in liste if TOTAL not in c]
        for z, codes in liste:
            kennzeichen = "g" if z.wert is None else (z.qualitaet if z.qualitaet in ("p", "r", "s") else "")
            wert = "" if z.wert is None else f"{z.wert:.0f}"
            zeilen.setdefault(jahr, []).append(";".join([z.gebiet, jahr, *codes, wert, kennzeichen]))
            herkunft.setdefault(jahr, []).append(z.zeile)
        fehlend = Counter(z.symbol for z, _ in liste if z.wert is None and z.symbol != ".")
        if fehlend:
            welche = ", ".join(f"{n}× ‚{s}‘" for s, n in sorted(fehlend.items()))
            hinweise.append(f"{jahr}: Zellen ohne Wert ({welche}) als fehlend (Kennzeichen g) übernommen")
        eingeschraenkt = sum(1 for z, _ in liste if z.qualitaet == "()")
        if eingeschraenkt:
            hinweise.append(f"{jahr}: {eingeschraenkt} Zelle(n) mit eingeschränktem Aussagewert ‚()‘")
    if not zeilen:
        raise _Abgelehnt(f"{datei}: die Tabelle enthält keine Zellen des Kreises {katalog.kreis.code}")
    return zeilen, herkunft, hinweise


def _zeile_der_quelle(problem: str, zuordnung: list[int]) -> str:
    """Problems name rows of the converted delivery; map them back to lines of the GENESIS file."""

    def ersetze(m: re.Match[str]) -> str:
        n = int(m.group(1)) - 2  # row 1 of the converted delivery is its header
        return f"Zeile {zuordnung[n]}" if 0 <= n < len(zuordnung) else m.group(0)

    return re.sub(r"Zeile (\d+)", ersetze, problem)

"""Templates to download per dataset: the delivery file's columns with a row per region, ready to fill in.

CSV: `gebiet;zeitraum;<the dataset's dimensions>;wert;kennzeichen`, one row per region the dataset allows,
every dimension at its total (`_T`; for datasets without totals, the first code), `wert` empty. XLSX: the
same as the first sheet and every code list (regions, each dimension's codes with their names, the flags)
as the second, written by formats.xlsx_schreiben (no openpyxl at run time). A filled-in template passes the
upload's check; the XLSX one is read back by `langformat_als_csv`.
"""

from __future__ import annotations

import csv
import io
import itertools
from datetime import date

from integrationsmonitor.catalog.model import TOTAL, Datensatz, Katalog
from integrationsmonitor.formats.xlsx import lies_xlsx
from integrationsmonitor.formats.xlsx_schreiben import Blatt, xlsx

ORT = "gemeinde"  # the Gemeinde of a code that belongs to an organisation (code list attribute)
ABGELEITET = "abgeleitet"  # a code the platform sets itself (count of initiatives): not in the template
KENNZEICHEN = (
    ("", "endgültiger Wert"),
    ("p", "vorläufig"),
    ("r", "berichtigt"),
    ("s", "geschätzt"),
    ("g", "geheim (Wert leer lassen oder ‚.‘)"),
)


def spalten(ds: Datensatz) -> list[str]:
    return ["gebiet", "zeitraum", *ds.merkmale, "wert", "kennzeichen"]


def beispiel_zeitraum(ds: Datensatz, heute: date) -> str:
    """The period before today's, in the dataset's period type (the period a delivery usually has)."""
    if ds.zeitraum == "jahr":
        return str(heute.year - 1)
    if ds.zeitraum == "quartal":
        q = (heute.month - 1) // 3  # the previous quarter: 0 means Q4 of last year
        return f"{heute.year - 1}-Q4" if q == 0 else f"{heute.year}-Q{q}"
    return f"{heute.year - 1}-12" if heute.month == 1 else f"{heute.year}-{heute.month - 1:02d}"


def zeilen(
    katalog: Katalog, ds: Datensatz, zeitraum: str, eigene: frozenset[str] | None = None
) -> list[list[str]]:
    """The rows; for a dataset whose codes belong to organisations with a Gemeinde (the initiatives' figures,
    attribute `gemeinde`), a row per own code (`eigene`; None: every one) in its Gemeinde and per code of
    the other dimensions – the only rows such an organisation may deliver (registry.traegerlieferung)."""
    for i, liste_id in enumerate(ds.merkmale.values()):
        orte = {
            c.code: c.attribute[ORT]
            for c in katalog.codelisten[liste_id].codes.values()
            if ORT in c.attribute
        }
        if orte and ds.summierbar:
            andere = [
                [
                    c.code
                    for c in katalog.codelisten[lid].codes.values()
                    if c.code != TOTAL and ABGELEITET not in c.attribute
                ]
                for j, lid in enumerate(ds.merkmale.values())
                if j != i
            ]
            out = []
            for code, ort in orte.items():
                if eigene is None or code in eigene:
                    for rest in itertools.product(*andere):
                        out.append([ort, zeitraum, *rest[:i], code, *rest[i:], "", ""])
            return out
    codes = [
        TOTAL if ds.summierbar else next(iter(katalog.codelisten[liste].codes))
        for liste in ds.merkmale.values()
    ]
    gebiete = [g.code for g in katalog.gebiete.values() if g.ebene in ds.ebenen]
    return [[g, zeitraum, *codes, "", ""] for g in gebiete]


def als_csv(katalog: Katalog, ds: Datensatz, zeitraum: str, eigene: frozenset[str] | None = None) -> bytes:
    puffer = io.StringIO()
    w = csv.writer(puffer, delimiter=";", lineterminator="\r\n")
    w.writerow(spalten(ds))
    w.writerows(zeilen(katalog, ds, zeitraum, eigene))
    return puffer.getvalue().encode("utf-8")


def codelisten(katalog: Katalog, ds: Datensatz) -> list[list[str]]:
    """Column, code, name: the regions, each dimension's codes (and its total), the flags."""
    z = [["Spalte", "Code", "Bezeichnung"]]
    z += [["gebiet", g.code, g.name] for g in katalog.gebiete.values() if g.ebene in ds.ebenen]
    for merkmal, liste_id in ds.merkmale.items():
        liste = katalog.codelisten[liste_id]
        if ds.summierbar:
            z.append([merkmal, TOTAL, "insgesamt"])
        z += [[merkmal, c.code, c.name] for c in liste.codes.values() if c.code != TOTAL]
    z += [["kennzeichen", k, name] for k, name in KENNZEICHEN]
    return z


def als_xlsx(katalog: Katalog, ds: Datensatz, zeitraum: str, eigene: frozenset[str] | None = None) -> bytes:
    blaetter = [
        Blatt("Lieferung", [spalten(ds), *zeilen(katalog, ds, zeitraum, eigene)]),
        Blatt("Codelisten", codelisten(katalog, ds)),
    ]
    return xlsx(blaetter, titel=f"Vorlage {ds.name}", autor=katalog.kreis.name)


def langformat_als_csv(daten: bytes, datei: str) -> bytes:
    """A delivery file in long format as Excel workbook (the XLSX template, filled in) → the same as CSV:
    its first sheet, header in the first row. FormatFehler in German if it cannot be read."""
    t = lies_xlsx(daten, datei, 1, kopf_zeilen=1, kopf_beginn=1)
    puffer = io.StringIO()
    w = csv.writer(puffer, delimiter=";", lineterminator="\n")
    w.writerow(t.spalten)
    for z in (*t.zeilen, *t.fuss):
        w.writerow([z.felder.get(s, "") for s in t.spalten])
    return puffer.getvalue().encode("utf-8")

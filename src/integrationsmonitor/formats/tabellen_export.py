"""One table with metadata, written as open data: CSV, Excel CSV, XLSX, JSON and CSVW metadata (pure).

- `als_csv`: UTF-8 without BOM, `,`, `.` as decimal point, values unrounded, LF line ends.
- `als_excel_csv`: what German Excel opens with a double click: UTF-8 with BOM, `;`, decimal comma, CRLF.
- `als_xlsx`: sheet "Daten" (the same header and rows) and sheet "Metadaten" (metadata, column meanings).
- `als_json`: `{"metadata": {...}, "columns": [...], "data": [{column: value}, ...]}`.
- `als_csvw`: W3C "CSV on the Web" metadata for the UTF-8 CSV (served beside it as `…csv-metadata.json`).

Empty cells are missing values (None); every CSV text cell goes through the formula-safe writer.
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from dataclasses import dataclass

from .csv_sicher import schreiber
from .xlsx_schreiben import Blatt, xlsx

Wert = str | int | float | None


def zahl_roh(value: float | int | None) -> str:
    """A number as machines read it: unrounded, `.` as decimal point, integers without `.0`; None → ""."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _zahl_json(value: float | int | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else float(value)


@dataclass(frozen=True, slots=True)
class Spalte:
    name: str  # CSV header and JSON key (letters, digits, underscore)
    beschreibung: str  # German meaning, for the metadata sheet and CSVW
    zahl: bool = False  # numeric column (decimal comma in the Excel variant, numbers in XLSX and JSON)


@dataclass(frozen=True, slots=True)
class Metadatum:
    schluessel: str  # JSON key (English, like the column names)
    bezeichnung: str  # German label in the metadata sheet
    wert: str


@dataclass(frozen=True)
class OffeneTabelle:
    titel: str
    spalten: tuple[Spalte, ...]
    zeilen: Sequence[Sequence[Wert]]
    metadaten: tuple[Metadatum, ...]

    def metadatum(self, schluessel: str) -> str:
        return next((m.wert for m in self.metadaten if m.schluessel == schluessel), "")


def _text(wert: Wert, spalte: Spalte, komma: bool) -> str:
    if wert is None:
        return ""
    if spalte.zahl and not isinstance(wert, str):
        text = zahl_roh(wert)
        return text.replace(".", ",") if komma else text
    return str(wert)


def _csv(t: OffeneTabelle, *, trenner: str, komma: bool, zeilenende: str) -> str:
    puffer = io.StringIO()
    w = schreiber(puffer, delimiter=trenner, lineterminator=zeilenende)
    w.writerow([s.name for s in t.spalten])
    for zeile in t.zeilen:
        w.writerow([_text(wert, s, komma) for wert, s in zip(zeile, t.spalten, strict=True)])
    return puffer.getvalue()


def als_csv(t: OffeneTabelle) -> bytes:
    return _csv(t, trenner=",", komma=False, zeilenende="\n").encode("utf-8")


def als_excel_csv(t: OffeneTabelle) -> bytes:
    return b"\xef\xbb\xbf" + _csv(t, trenner=";", komma=True, zeilenende="\r\n").encode("utf-8")


def als_xlsx(t: OffeneTabelle) -> bytes:
    daten = [[s.name for s in t.spalten], *t.zeilen]
    meta: list[list[Wert]] = [["Angabe", "Inhalt"]]
    meta += [[m.bezeichnung, m.wert] for m in t.metadaten]
    meta += [[None, None], ["Spalte", "Bedeutung"]]
    meta += [[s.name, s.beschreibung] for s in t.spalten]
    autor = t.metadatum("publisher")
    return xlsx([Blatt("Daten", daten), Blatt("Metadaten", meta)], titel=t.titel, autor=autor)


def als_json(t: OffeneTabelle) -> bytes:
    """Metadata and columns indented, then one line per data row (readable, and a third of the size)."""
    kopf = {
        "metadata": {m.schluessel: m.wert for m in t.metadaten},
        "columns": [{"name": s.name, "description": s.beschreibung} for s in t.spalten],
    }
    teile = [json.dumps(kopf, ensure_ascii=False, indent=1)[:-2], ',\n "data": [']
    zeilen = (
        {
            s.name: (_zahl_json(w) if s.zahl and not isinstance(w, str) else w)
            for w, s in zip(z, t.spalten, strict=True)
        }
        for z in t.zeilen
    )
    teile.append(",".join("\n  " + json.dumps(z, ensure_ascii=False) for z in zeilen))
    teile.append("\n ]\n}\n")
    return "".join(teile).encode("utf-8")


# metadata keys that have a Dublin Core term in CSVW
_DC = {
    "title": "dc:title",
    "description": "dc:description",
    "publisher": "dc:publisher",
    "source": "dc:source",
    "data_status": "dc:modified",
    "license": "dc:rights",
}
_KOMMENTAR = ("notice", "note", "unit", "status_legend", "attribution")  # as rdfs:comment


def als_csvw(t: OffeneTabelle, csv_url: str, lizenz_url: str) -> bytes:
    """CSVW metadata (application/csvm+json) describing the UTF-8 CSV at `csv_url`."""
    inhalt: dict[str, object] = {
        "@context": ["http://www.w3.org/ns/csvw", {"@language": "de"}],
        "url": csv_url,
        "dc:license": {"@id": lizenz_url},
    }
    for m in t.metadaten:
        if m.schluessel in _DC and m.wert:
            inhalt[_DC[m.schluessel]] = m.wert
    if url := t.metadatum("url"):
        inhalt["schema:url"] = {"@id": url}
    inhalt["rdfs:comment"] = [m.wert for m in t.metadaten if m.schluessel in _KOMMENTAR and m.wert]
    inhalt["dialect"] = {"delimiter": ",", "encoding": "utf-8", "header": True}
    inhalt["tableSchema"] = {
        "columns": [
            {
                "name": s.name,
                "titles": s.name,
                "dc:description": s.beschreibung,
                "datatype": "number" if s.zahl else "string",
            }
            for s in t.spalten
        ]
    }
    return (json.dumps(inhalt, ensure_ascii=False, indent=1) + "\n").encode("utf-8")

"""Read GENESIS flat-file CSV ("ffcsv") as the statistical offices publish it (pure, no Django).

UTF-8 with BOM, `;`, one row per cell; blocks `i_variable_code;…_label;…_attribute_code;…_attribute_label`;
an empty attribute code is the total ("Insgesamt"). Values keep their symbol apart from the number
(INDICATORS.md §2.3): `-` nichts vorhanden (0), `.` geheim, `...`, `x`, `/` no value.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass

from .errors import FormatFehler
from .text import dekodiere

SYMBOLE = {
    "-": "nichts vorhanden",
    ".": "geheim",
    "...": "fällt später an",
    "x": "gesperrt",
    "/": "nicht sicher genug",
}


@dataclass(frozen=True, slots=True)
class GenesisZelle:
    zeile: int
    statistik: str
    zeit_code: str  # STAG, JAHR, …
    zeit: str  # 2024-12-31, 2024, …
    merkmale: dict[str, str]  # variable code -> attribute code ("" = Insgesamt)
    wert: float | None
    symbol: str  # "" or one of SYMBOLE
    wert_variable: str  # e.g. BEVSTD


def _zahl(text: str) -> float:
    return float(text.replace(".", "").replace(",", "."))


def lies_genesis_flat(daten: bytes, datei: str) -> list[GenesisZelle]:
    text = dekodiere(daten, datei)
    reader = csv.DictReader(text.splitlines(), delimiter=";")
    kopf = reader.fieldnames or []
    if not {"statistics_code", "time_code", "time", "value", "value_variable_code"} <= set(kopf):
        raise FormatFehler(
            datei, "keine GENESIS-Flat-File-CSV (Spalten statistics_code, time, value … fehlen)", 1
        )
    bloecke = sorted({int(s.split("_", 1)[0]) for s in kopf if s.split("_", 1)[0].isdigit()})
    for i in bloecke:
        fehlt = [f"{i}_{t}" for t in ("variable_code", "variable_attribute_code") if f"{i}_{t}" not in kopf]
        if fehlt:
            raise FormatFehler(
                datei, f"keine vollständige GENESIS-Flat-File-CSV (Spalte {', '.join(fehlt)} fehlt)", 1
            )
    try:
        return _zellen(reader, bloecke, datei)
    except csv.Error as exc:
        raise FormatFehler(datei, f"kein gültiges CSV ({exc})", reader.line_num) from None


def _zellen(reader: csv.DictReader[str], bloecke: list[int], datei: str) -> list[GenesisZelle]:
    zellen = []
    for row in reader:
        nr = reader.line_num
        roh = (row.get("value") or "").strip()
        symbol = roh if roh in SYMBOLE else ""
        if symbol:
            wert = 0.0 if symbol == "-" else None
        else:
            try:
                wert = _zahl(roh)
            except ValueError:
                raise FormatFehler(
                    datei, f"Spalte ‚value‘: ‚{roh}‘ ist weder Zahl noch GENESIS-Zeichen", nr
                ) from None
        merkmale = {row[f"{i}_variable_code"]: row[f"{i}_variable_attribute_code"] or "" for i in bloecke}
        zellen.append(
            GenesisZelle(
                nr,
                row["statistics_code"],
                row["time_code"],
                row["time"],
                merkmale,
                wert,
                symbol,
                row["value_variable_code"],
            )
        )
    return zellen

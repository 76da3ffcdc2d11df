"""Read GENESIS flat-file CSV ("ffcsv") as the statistical offices publish it (pure, no Django).

UTF-8 with BOM, `;`, one row per cell; blocks `i_variable_code;…_label;…_attribute_code;…_attribute_label`;
an empty attribute code is the total ("Insgesamt"). Values keep their symbol apart from the number
(INDICATORS.md §2.3, see genesis_werte): `-` nichts vorhanden (0), `.` geheim, `...`, `x`, `/` no value;
the optional column `value_q` (`e`, `p`, `r`, `s`, `()`) and a number in parentheses give `qualitaet`.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass
from typing import cast

from .errors import FormatFehler
from .genesis_werte import SYMBOLE, lies_wert
from .text import dekodiere

__all__ = ["SYMBOLE", "GenesisZelle", "ist_genesis_flat", "lies_genesis_flat"]


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
    qualitaet: str = ""  # value_q or "()": "", "e", "p", "r", "s", "()"


def ist_genesis_flat(text: str) -> bool:
    """Whether a decoded file starts with the ffcsv header."""
    return text.lstrip("\ufeff").startswith("statistics_code;")


def lies_genesis_flat(
    daten: bytes, datei: str, symbole: Mapping[str, str] | None = None
) -> list[GenesisZelle]:
    """The cells of an ffcsv file; `symbole`: further value symbols -> standard symbol (see lies_wert)."""
    text = dekodiere(daten, datei)
    reader = csv.DictReader(text.splitlines(), delimiter=";")
    kopf = reader.fieldnames or []
    if not {"statistics_code", "time_code", "time", "value", "value_variable_code"} <= set(kopf):
        raise FormatFehler(
            datei, "keine GENESIS-Flat-File-CSV (Spalten statistics_code, time, value … fehlen)", 1
        )
    bloecke = sorted({int(s.split("_", 1)[0]) for s in kopf if s.split("_", 1)[0].isdigit()})
    namen = set(kopf)
    for i in bloecke:
        fehlt = [f"{i}_{t}" for t in ("variable_code", "variable_attribute_code") if f"{i}_{t}" not in namen]
        if fehlt:
            raise FormatFehler(
                datei, f"keine vollständige GENESIS-Flat-File-CSV (Spalte {', '.join(fehlt)} fehlt)", 1
            )
    try:
        return _zellen(reader, bloecke, datei, symbole)
    except csv.Error as exc:
        raise FormatFehler(datei, f"kein gültiges CSV ({exc})", reader.line_num) from None


def _zellen(
    reader: csv.DictReader[str], bloecke: list[int], datei: str, symbole: Mapping[str, str] | None
) -> list[GenesisZelle]:
    zellen = []
    for row in reader:
        nr = reader.line_num
        ueberzaehlig = cast("list[str]", row.pop(None, None) or [])  # DictReader's restkey for extra fields
        if ueberzaehlig or None in row.values():
            n = sum(1 for v in row.values() if v is not None) + len(ueberzaehlig)
            raise FormatFehler(
                datei, f"{n} statt {len(row)} Felder (Zeile abgeschnitten oder Trennzeichen falsch?)", nr
            )
        try:
            wert = lies_wert(row.get("value") or "", row.get("value_q") or "", symbole)
        except ValueError as exc:
            spalte = "‚value_q‘" if "Qualitätskennzeichen" in str(exc) else "‚value‘"
            raise FormatFehler(datei, str(exc), nr, spalte) from None
        merkmale = {row[f"{i}_variable_code"]: row[f"{i}_variable_attribute_code"] or "" for i in bloecke}
        zellen.append(
            GenesisZelle(
                nr,
                row["statistics_code"],
                row["time_code"],
                row["time"],
                merkmale,
                wert.wert,
                wert.symbol,
                row["value_variable_code"],
                wert.qualitaet,
            )
        )
    return zellen

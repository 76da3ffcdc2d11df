"""Read a delivery file: long-format CSV, one row per cell (pure, no Django).

Columns: gebiet;zeitraum;<one column per dimension of the dataset>;wert[;kennzeichen]
Separator `;`, `,` or tab (sniffed from the header); UTF-8 with or without BOM, or Windows-1252.
English column names (region, period, value, flag) are accepted too.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass

from .errors import FormatFehler
from .text import dekodiere

SPALTEN_ALIAS = {
    "gebiet": "gebiet",
    "region": "gebiet",
    "ags": "gebiet",
    "zeitraum": "zeitraum",
    "periode": "zeitraum",
    "period": "zeitraum",
    "wert": "wert",
    "value": "wert",
    "anzahl": "wert",
    "kennzeichen": "kennzeichen",
    "flag": "kennzeichen",
}


@dataclass(frozen=True, slots=True)
class Zeile:
    nr: int  # line number in the file (1 = header)
    felder: dict[str, str]
    anzahl_felder: int


@dataclass(frozen=True, slots=True)
class Tabelle:
    datei: str
    spalten: tuple[str, ...]  # normalised column names in file order
    zeilen: tuple[Zeile, ...]


def _trennzeichen(kopf: str) -> str:
    return max((";", "\t", ","), key=kopf.count)


def lies_lieferung(daten: bytes, datei: str) -> Tabelle:
    """Parse a delivery file into rows keyed by normalised column names."""
    text = dekodiere(daten, datei)
    zeilen_text = text.splitlines()
    kopf = next((z for z in zeilen_text if z.strip()), "")
    trenner = _trennzeichen(kopf)
    reader = csv.reader(zeilen_text, delimiter=trenner)
    try:
        rohkopf = next(reader)
    except csv.Error as exc:
        raise FormatFehler(datei, f"die Kopfzeile ist kein gültiges CSV ({exc})", 1) from None
    spalten = tuple(SPALTEN_ALIAS.get(s.strip().lower(), s.strip().lower()) for s in rohkopf)
    while spalten and spalten[-1] == "":  # empty trailing columns (Excel export)
        spalten = spalten[:-1]
    if len(set(spalten)) != len(spalten):
        doppelt = sorted({s for s in spalten if spalten.count(s) > 1})
        raise FormatFehler(datei, f"Spalte(n) {', '.join(doppelt)} mehrfach in der Kopfzeile", 1)
    zeilen = []
    try:
        for felder in reader:
            nr = reader.line_num
            if not any(f.strip() for f in felder):
                continue
            while len(felder) > len(spalten) and felder[-1].strip() == "":
                felder = felder[:-1]
            werte = {s: (felder[i].strip() if i < len(felder) else "") for i, s in enumerate(spalten)}
            zeilen.append(Zeile(nr, werte, len(felder)))
    except csv.Error as exc:
        raise FormatFehler(datei, f"kein gültiges CSV ({exc})", reader.line_num) from None
    return Tabelle(datei, spalten, tuple(zeilen))

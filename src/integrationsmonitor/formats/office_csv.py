"""Read CSV exports of German office software as they are (pure, no Django).

Typical export of a Fachverfahren or of Excel "CSV (Trennzeichen-getrennt)":

    Ausländerbehörde Dahme-Spreewald;;;            <- title lines above the header
    Stand: 31.12.2024;;;
    ;;;
    Staatsangehörigkeit;männlich;weiblich;;        <- header (empty trailing columns from Excel)
    Polen;"1.234";567;;                            <- data: quoted numbers, thousands dot
    Ukraine;12,5;3;;                                  decimal comma
    Summe;1.246,5;570;;                            <- footer: Summe/Insgesamt lines, notes
    Quelle: eigene Auswertung;;;

Windows-1252 or UTF-8 with or without BOM (formats.text); separator `;`, tab or `,` (the one that gives
the most rows of the same width, weighted by the width). The result keeps the line number of every row, so that a mapping
profile can name the line of a bad value. Numbers are read by `zahl`.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass

from .errors import FormatFehler, aufzaehlung
from .numbers import deutsche_zahl
from .text import dekodiere

_FUSS = re.compile(r"(summe|insgesamt|gesamt|gesamtsumme|total)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class OfficeZeile:
    nr: int  # line in the file (1-based)
    felder: dict[str, str]  # column name -> stripped text


@dataclass(frozen=True, slots=True)
class OfficeTabelle:
    datei: str
    trenner: str
    kopf_zeile: int
    spalten: tuple[str, ...]
    zeilen: tuple[OfficeZeile, ...]
    titel: tuple[str, ...]  # text of the lines above the header
    fuss: tuple[OfficeZeile, ...]  # Summe/Insgesamt lines and notes below the data (never data)
    blatt: str = ""  # XLSX (formats.xlsx): name of the sheet; "" for CSV
    spalten_orte: tuple[str, ...] = ()  # where each column is: field number "1", "2" … or Excel letter "C"


def ist_summe(text: str) -> bool:
    """A label that starts a Summe/Insgesamt/Gesamt/Total line (never data)."""
    return bool(_FUSS.match(text.strip()))


def zahl(text: str) -> float:
    """'1.234', '"1.234,5"', '12,5', '-3', '1 234' -> number; ValueError with a German reason."""
    t = text.strip().strip('"').replace("\u00a0", "").replace(" ", "")
    wert = deutsche_zahl(t)
    if wert is None:
        raise ValueError(f"‚{text.strip()}‘ ist keine Zahl (erwartet z. B. 1.234 oder 12,5)")
    return wert


def _zeilen(text: str, trenner: str) -> list[tuple[int, list[str]]]:
    reader = csv.reader(text.splitlines(), delimiter=trenner)
    zeilen = []
    for row in reader:
        n = len(row)
        while n and not row[n - 1].strip():  # an index, not repeated slices: linear in the row
            n -= 1
        zeilen.append((reader.line_num, [f.strip() for f in row[:n]]))
    return zeilen


def _breite(zeilen: list[tuple[int, list[str]]]) -> tuple[int, int]:
    """(the most frequent width of at least 2, how many rows have it)."""
    haeufig = Counter(len(f) for _, f in zeilen if len(f) >= 2).most_common(1)
    return haeufig[0] if haeufig else (0, 0)


def lies_office_csv(daten: bytes, datei: str) -> OfficeTabelle:
    """Find title, header, data and footer of an office export; FormatFehler in German otherwise."""
    text = dekodiere(daten, datei)
    try:
        kandidaten = {t: _zeilen(text, t) for t in (";", "\t", ",")}
    except csv.Error as exc:
        raise FormatFehler(datei, f"kein gültiges CSV ({exc})") from None

    def gewicht(t: str) -> int:  # rows of the common width times the fields they split into
        breite, anzahl = _breite(kandidaten[t])
        return anzahl * (breite - 1)

    trenner = max(kandidaten, key=gewicht)  # ties: ; before tab before ,
    zeilen = kandidaten[trenner]
    breite, _ = _breite(zeilen)
    if breite < 2:
        raise FormatFehler(datei, "keine Tabelle gefunden (keine Zeile mit mindestens zwei Spalten)")
    k = next(i for i, (_, f) in enumerate(zeilen) if len(f) == breite)
    kopf_nr, kopf = zeilen[k]
    if any(not s for s in kopf):
        leer = kopf.index("") + 1
        raise FormatFehler(datei, "die Kopfzeile hat eine Spalte ohne Namen", kopf_nr, str(leer))
    doppelt = sorted(s for s, n in Counter(kopf).items() if n > 1)
    if doppelt:
        raise FormatFehler(datei, f"Spalte(n) {aufzaehlung(doppelt)} mehrfach in der Kopfzeile", kopf_nr)
    titel = tuple(" ".join(x for x in f if x) for _, f in zeilen[:k] if any(f))
    rumpf: list[OfficeZeile] = []
    for nr, f in zeilen[k + 1 :]:
        if not any(f):
            continue
        if len(f) > breite:
            raise FormatFehler(
                datei,
                f"{len(f)} statt {breite} Felder (Trennzeichen im Wert ohne Anführungszeichen?)",
                nr,
                str(breite + 1),
            )
        rumpf.append(OfficeZeile(nr, {s: (f[i] if i < len(f) else "") for i, s in enumerate(kopf)}))
    # the footer starts at the first Summe/Insgesamt line, or with the trailing notes (one filled field)
    ende = next((i for i, z in enumerate(rumpf) if _FUSS.match(z.felder[kopf[0]])), len(rumpf))
    while ende > 0 and sum(1 for x in rumpf[ende - 1].felder.values() if x) == 1:
        ende -= 1
    daten_zeilen, fuss = rumpf[:ende], rumpf[ende:]
    if not daten_zeilen:
        raise FormatFehler(datei, "die Tabelle enthält unter der Kopfzeile keine Datenzeilen", kopf_nr)
    return OfficeTabelle(
        datei,
        trenner,
        kopf_nr,
        tuple(kopf),
        tuple(daten_zeilen),
        titel,
        tuple(fuss),
        spalten_orte=tuple(str(i + 1) for i in range(len(kopf))),
    )

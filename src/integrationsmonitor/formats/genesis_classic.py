"""Read the classic GENESIS table CSV ("Tabelle als CSV", wide layout) as published (pure, no Django).

Layout (INDICATORS.md §2.3 b; example: 12411-01-01-4.csv from GENESIS/Regionalstatistik):

    GENESIS-Tabelle: 12411-01-01-4
    Bevölkerungsstand: Bevölkerung nach Geschlecht;;;;        <- title lines (one field, trailing ;;;;)
    Bevölkerungsstand (Anzahl);;;;
    ;;31.12.2015;31.12.2015;31.12.2015                        <- 1–4 column-head rows; the leading empty
    ;;Insgesamt;männlich;weiblich                               fields are the label columns
    DG;Deutschland;82175684;40514123;41661561                 <- data rows [time;]key;name;v1;v2;…
    12061;      Dahme-Spreewald, Landkreis;164528;81587;82941    (names indented by level)
    __________                                                <- footer: footnotes, ©, "Stand: …"

ISO-8859-1/Windows-1252 (or UTF-8 for the `_00` variants). Every value cell becomes one `KlassischeZelle`
with the heads of its column; value and symbol are kept apart (genesis_werte): `-` is 0 with symbol "-",
`.`, `...`, `x`, `/` are None with their symbol, `(12)` is 12 with qualitaet "()". The footer is never data.
Which regions and periods are *covered* (whether a `-` is a true zero) is the importer's decision.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping
from dataclasses import dataclass

from .errors import FormatFehler
from .genesis_werte import lies_wert
from .text import dekodiere

KENNUNG = "GENESIS-Tabelle:"
_FUSS = re.compile(r"_{3,}")
_DATUM = re.compile(r"(\d{2})\.(\d{2})\.(\d{4})")
_JAHR = re.compile(r"(19|20)\d{2}")
_SCHULJAHR = re.compile(r"(19|20)\d{2}/(\d{2}|\d{4})")  # school year 2023/24 (the profile maps it)


@dataclass(frozen=True, slots=True)
class KlassischeZelle:
    zeile: int  # line in the file (1-based)
    spalte: int  # column in the file (1-based)
    zeit: str  # as written: "31.12.2015" (Stichtag), "2016" (year), "2023/24" (school year); "" if none
    gebiet: str  # region key as written: DG, 12, 12061, 12061260
    gebiet_name: str  # without the indentation
    koepfe: tuple[str, ...]  # column heads above the value, top to bottom, without the time
    wert: float | None
    symbol: str = ""  # "", "-", ".", "...", "x", "/"
    qualitaet: str = ""  # "" or "()"


@dataclass(frozen=True, slots=True)
class KlassischeTabelle:
    datei: str
    code: str  # e.g. 12411-01-01-4
    titel: tuple[str, ...]  # title lines of the header block
    zellen: tuple[KlassischeZelle, ...]
    fussnoten: str  # the footer after the `__________` line, as text

    @property
    def statistik(self) -> str:
        """The statistic (first five digits of the table code), e.g. 12411."""
        return self.code.split("-", 1)[0]


def ist_genesis_klassisch(text: str) -> bool:
    """Whether a decoded file starts like a classic GENESIS table."""
    return text.lstrip("\ufeff").lstrip().startswith(KENNUNG)


def zeit_als_jahr(zeit: str) -> tuple[str, str]:
    """('2015', '31.12.') for '31.12.2015', ('2016', '') for '2016'; ValueError otherwise."""
    if m := _DATUM.fullmatch(zeit.strip()):
        return m.group(3), f"{m.group(1)}.{m.group(2)}."
    if _JAHR.fullmatch(zeit.strip()):
        return zeit.strip(), ""
    raise ValueError(f"‚{zeit}‘ ist weder Jahr noch Stichtag")


def _ist_zeit(text: str) -> bool:
    t = text.strip()
    return bool(_DATUM.fullmatch(t) or _JAHR.fullmatch(t) or _SCHULJAHR.fullmatch(t))


def lies_genesis_klassisch(
    daten: bytes, datei: str, symbole: Mapping[str, str] | None = None
) -> KlassischeTabelle:
    """Parse a classic GENESIS table; FormatFehler (German, with line and column) if it is not one.

    `symbole`: further value symbols -> standard symbol (see genesis_werte.lies_wert)."""
    text = dekodiere(daten, datei)
    zeilen = text.lstrip("\ufeff").splitlines()
    start = next((i for i, z in enumerate(zeilen) if z.strip()), 0)
    if not zeilen[start].startswith(KENNUNG):
        raise FormatFehler(
            datei, f"keine klassische GENESIS-Tabelle (erste Zeile beginnt nicht mit ‚{KENNUNG}‘)", start + 1
        )
    code = zeilen[start][len(KENNUNG) :].strip(" ;")
    if not code:
        raise FormatFehler(datei, "die Tabellennummer nach ‚GENESIS-Tabelle:‘ fehlt", start + 1)
    ende = next(
        (i for i in range(start + 1, len(zeilen)) if _FUSS.fullmatch(zeilen[i].strip(" ;"))), len(zeilen)
    )
    felder: list[tuple[int, list[str]]] = []  # (line number, fields) of the header block and data rows
    for i in range(start + 1, ende):
        try:
            row = next(csv.reader([zeilen[i]], delimiter=";"))
        except (csv.Error, StopIteration) as exc:
            raise FormatFehler(datei, f"kein gültiges CSV ({exc})", i + 1) from None
        felder.append((i + 1, row))
    titel, koepfe, daten_zeilen = _bloecke(felder, datei)
    breite = max(len(f) for _, f in koepfe)
    label = min(len(f) - len(_ohne_fuehrende_leere(f)) for _, f in koepfe)
    if label < 2:
        nr = koepfe[0][0]
        raise FormatFehler(datei, "die Spaltenköpfe lassen keine Spalten für Schlüssel und Name frei", nr)
    spalten_koepfe = [
        tuple(f[j].strip() for _, f in koepfe if j < len(f) and f[j].strip()) for j in range(breite)
    ]
    zellen: list[KlassischeZelle] = []
    zeit = ""  # a time in the first column holds for the following rows that leave it empty
    for nr, row in daten_zeilen:
        neu = _zeile(datei, nr, row, breite, label, spalten_koepfe, zeit, symbole)
        zeit = neu[0].zeit if label >= 3 and neu else zeit
        zellen += neu
    if not zellen:
        raise FormatFehler(datei, "die Tabelle enthält keine Datenzeilen")
    fuss = "\n".join(zeilen[ende + 1 :]).strip()
    return KlassischeTabelle(datei, code, tuple(titel), tuple(zellen), fuss)


def _ohne_fuehrende_leere(row: list[str]) -> list[str]:
    i = 0
    while i < len(row) and not row[i].strip():
        i += 1
    return row[i:]


def _bloecke(
    felder: list[tuple[int, list[str]]], datei: str
) -> tuple[list[str], list[tuple[int, list[str]]], list[tuple[int, list[str]]]]:
    """Split into title lines (one filled field), column-head rows (first field empty) and data rows."""
    titel: list[str] = []
    koepfe: list[tuple[int, list[str]]] = []
    i = 0
    while i < len(felder) and sum(1 for f in felder[i][1] if f.strip()) <= 1:
        if felder[i][1] and felder[i][1][0].strip():
            titel.append(felder[i][1][0].strip())
        elif any(f.strip() for f in felder[i][1]):
            break  # a single head (one value column) is a column-head row
        i += 1
    while i < len(felder) and (not felder[i][1] or not felder[i][1][0].strip()):
        if any(f.strip() for f in felder[i][1]):
            koepfe.append(felder[i])
        i += 1
    if not koepfe:
        nr = felder[i][0] if i < len(felder) else (felder[-1][0] if felder else 1)
        raise FormatFehler(
            datei, "keine Spaltenköpfe gefunden (Zeilen mit leerer erster Spalte über den Daten)", nr
        )
    if len(koepfe) > 6:
        raise FormatFehler(
            datei, f"{len(koepfe)} Kopfzeilen – das ist keine klassische GENESIS-Tabelle", koepfe[0][0]
        )
    return titel, koepfe, [(nr, f) for nr, f in felder[i:] if any(x.strip() for x in f)]


def _zeile(
    datei: str,
    nr: int,
    row: list[str],
    breite: int,
    label: int,
    koepfe: list[tuple[str, ...]],
    zeit_davor: str,
    symbole: Mapping[str, str] | None = None,
) -> list[KlassischeZelle]:
    n = len(row)
    while n > breite and not row[n - 1].strip():  # an index, not repeated slices: linear in the row
        n -= 1
    row = row[:n]
    if len(row) != breite:
        spalte = f"{len(row) + 1} ({' / '.join(koepfe[len(row)])})" if len(row) < breite else str(breite + 1)
        raise FormatFehler(
            datei,
            f"{len(row)} statt {breite} Felder (Zeile abgeschnitten oder Trennzeichen falsch?)",
            nr,
            spalte,
        )
    gebiet, name = row[label - 2].strip(), row[label - 1].strip()
    if not gebiet:
        raise FormatFehler(datei, "der Regionalschlüssel fehlt", nr, str(label - 1))
    zeit_zeile = row[label - 3].strip() if label >= 3 else ""
    if zeit_zeile and not _ist_zeit(zeit_zeile):
        raise FormatFehler(datei, f"‚{zeit_zeile}‘ ist weder Jahr noch Stichtag", nr, str(label - 2))
    zeit_zeile = zeit_zeile or (zeit_davor if label >= 3 else "")
    zellen = []
    for j in range(label, breite):
        zeit = zeit_zeile or next((k for k in koepfe[j] if _ist_zeit(k)), "")
        try:
            w = lies_wert(row[j], "", symbole)
        except ValueError as exc:
            raise FormatFehler(datei, str(exc), nr, f"{j + 1} ({' / '.join(koepfe[j])})") from None
        ohne_zeit = tuple(k for k in koepfe[j] if not _ist_zeit(k))
        zellen.append(
            KlassischeZelle(nr, j + 1, zeit, gebiet, name, ohne_zeit, w.wert, w.symbol, w.qualitaet)
        )
    return zellen

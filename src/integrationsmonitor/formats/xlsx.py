"""Read XLSX workbooks as offices and statistical offices send them (python-calamine; pure, no Django).

Typical sheet (Excel export of a Fachverfahren, or a Bundesagentur-für-Arbeit table, see formats.ba_xlsx):

    A1  Ausländerbehörde Dahme-Spreewald                 <- title rows (one cell, maybe merged across)
    A2  Stand: 31.12.2024
    A4  Staatsangehörigkeit | Geschlecht  (merged C4:D4)  <- header over several rows; a merged cell's
    A5  (merged A4:A5)      | männlich | weiblich            value applies to every column it spans
    A6  Polen               | 1234     | 567              <- data (Excel row number kept)
    A8  Insgesamt           | …                            <- Summe/Insgesamt lines: never data
    A10 © Statistik der Bundesagentur für Arbeit          <- notes, footnotes, end marker: never data

The result is the same `OfficeTabelle` that formats.office_csv returns, so later code treats CSV and XLSX
alike: column names join the header rows per column ("Geschlecht / männlich"), every value is text as a German
office writes it (numbers `1234` / `12,5`, dates `31.12.2024`), readable by `office_csv.zahl`.

Before calamine sees a byte, `formats.xlsx_pruefung.pruefe_container` checks the ZIP container and the size of
every sheet against the limits (`Grenzen`).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import python_calamine as calamine

from .errors import FormatFehler
from .kindprozess import im_kindprozess
from .office_csv import OfficeTabelle, OfficeZeile, ist_summe
from .xlsx_pruefung import STANDARD, Grenzen, pruefe_container, spalten_buchstabe

# The limits and the check live in xlsx_pruefung; kept importable from here, the reader's public face.
__all__ = ["STANDARD", "Grenzen", "blaetter", "lies_xlsx", "pruefe_container", "spalten_buchstabe", "text"]

_ZAHL_TEXT = re.compile(r"[+-]?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?")
_ENDE = re.compile(
    r"(©|\(c\)|quelle|hinweis|anmerkung|fußnote|zeichenerklärung|erstellungsdatum|statistik der bundesagentur"
    r"|\d{1,2}\)|\*+\))",
    re.IGNORECASE,
)

Zellwert = int | float | str | bool | time | date | datetime | timedelta


@dataclass(frozen=True, slots=True)
class _Gelesen:
    """What calamine gave for one sheet (plain Python values, so it can cross from the child process)."""

    namen: tuple[str, ...]
    name: str
    zellen: list[list[Zellwert]]
    start: tuple[int, int]
    verbunden: list[tuple[tuple[int, int], tuple[int, int]]]


def _calamine(daten: bytes, datei: str, blatt: str | int | None) -> _Gelesen:
    """Open the workbook with calamine and read one sheet (`None`: only the sheet names)."""
    try:
        mappe = calamine.CalamineWorkbook.from_filelike(io.BytesIO(daten))
    except calamine.PasswordError:
        raise FormatFehler(datei, "die Arbeitsmappe ist mit einem Kennwort geschützt") from None
    except Exception as exc:  # calamine's own errors and whatever else the Rust side raises
        raise FormatFehler(datei, f"die Excel-Arbeitsmappe kann nicht gelesen werden ({exc})") from None
    namen = tuple(mappe.sheet_names)
    if blatt is None:
        return _Gelesen(namen, "", [], (0, 0), [])
    if isinstance(blatt, int):
        if not 1 <= blatt <= len(namen):
            raise FormatFehler(
                datei, f"Blatt Nr. {blatt} gibt es nicht; die Mappe hat {len(namen)}: {', '.join(namen)}"
            )
        name = namen[blatt - 1]
    else:
        if blatt not in namen:
            raise FormatFehler(datei, f"kein Blatt „{blatt}“; die Mappe hat: {', '.join(namen)}")
        name = blatt
    try:
        sheet = mappe.get_sheet_by_name(name)
        roh = sheet.to_python(skip_empty_area=True)
        start = sheet.start or (0, 0)
        merged = list(sheet.merged_cell_ranges or [])
    except Exception as exc:
        raise FormatFehler(datei, f"das Blatt kann nicht gelesen werden ({exc})", blatt=name) from None
    return _Gelesen(namen, name, [list(z) for z in roh], (start[0], start[1]), merged)


def _lies(daten: bytes, datei: str, blatt: str | int | None, grenzen: Grenzen) -> _Gelesen:
    """The container checks, then calamine in a child process: an abort there rejects the file only."""
    pruefe_container(daten, datei, grenzen)
    return im_kindprozess(lambda: _calamine(daten, datei, blatt), datei)


def blaetter(daten: bytes, datei: str, grenzen: Grenzen = STANDARD) -> tuple[str, ...]:
    """Names of the sheets, in workbook order."""
    return _lies(daten, datei, None, grenzen).namen


def text(wert: Zellwert | None) -> str:
    """A cell as a German office writes it: 1234, 12,5, 31.12.2024, 31.12.2024 13:45, WAHR."""
    if wert is None:
        return ""
    if isinstance(wert, bool):
        return "WAHR" if wert else "FALSCH"
    if isinstance(wert, int):
        return str(wert)
    if isinstance(wert, float):
        if wert.is_integer() and abs(wert) < 1e15:
            return str(int(wert))
        return repr(wert).replace(".", ",") if "e" not in repr(wert) else f"{wert:f}".replace(".", ",")
    if isinstance(wert, datetime):
        return wert.strftime("%d.%m.%Y") + ("" if wert.time() == time() else wert.strftime(" %H:%M:%S"))
    if isinstance(wert, date):
        return wert.strftime("%d.%m.%Y")
    if isinstance(wert, time):
        return wert.strftime("%H:%M:%S")
    if isinstance(wert, timedelta):
        return str(wert)
    return " ".join(re.sub(r"(?<=[a-zäöüß])-\n(?=[a-zäöüß])", "", wert).split())  # "Staatsange-\nhörigkeit"


def _ist_text(roh: Zellwert) -> bool:
    return isinstance(roh, str) and bool(roh.strip()) and not _ZAHL_TEXT.fullmatch(roh.strip())


@dataclass(frozen=True, slots=True)
class _Blatt:
    name: str
    zeile0: int  # Excel row of grid row 0, minus 1
    spalte0: int  # 0-based Excel column of grid column 0
    roh: list[list[Zellwert]]
    texte: list[list[str]]
    verbunden: list[tuple[int, int, int, int]]  # merged ranges in grid coordinates, clipped

    def nr(self, i: int) -> int:
        return self.zeile0 + i + 1

    def buchstabe(self, j: int) -> str:
        return spalten_buchstabe(self.spalte0 + j)


def _lies_blatt(g: _Gelesen) -> _Blatt:
    roh, start, merged = g.zellen, g.start, g.verbunden
    breite = max((len(z) for z in roh), default=0)
    roh = [list(z) + [""] * (breite - len(z)) for z in roh]
    texte = [[text(v) for v in z] for z in roh]
    verbunden = []
    for (r1, c1), (r2, c2) in merged:
        a, b, c, d = r1 - start[0], c1 - start[1], r2 - start[0], c2 - start[1]
        if 0 <= a < len(roh) and 0 <= b < breite:  # the value sits in the top left cell
            verbunden.append((a, b, min(c, len(roh) - 1), min(d, breite - 1)))
    return _Blatt(g.name, start[0], start[1], roh, texte, verbunden)


def lies_xlsx(
    daten: bytes,
    datei: str,
    blatt: str | int = 1,
    *,
    kopf_zeilen: int | None = None,
    kopf_beginn: int | None = None,
    grenzen: Grenzen = STANDARD,
) -> OfficeTabelle:
    """Title, multi-row header, data and footer of one sheet; FormatFehler in German otherwise.

    `blatt`: sheet name, or its number counted from 1 as Excel shows the tabs. `kopf_zeilen`: number of
    header rows (default: found from the merged cells and the rows below); `kopf_beginn`: Excel row of the
    first header row (default: the first row that is mostly filled with text after the title rows)."""
    b = _lies_blatt(_lies(daten, datei, blatt, grenzen))
    return _tabelle(b, datei, kopf_zeilen, kopf_beginn)


def _gefuellt(b: _Blatt, bis: int) -> list[list[str]]:
    """Texts of rows 0..bis with every merged range's value copied to each cell it spans."""
    voll = [list(z) for z in b.texte[: bis + 1]]
    for a, c, e, d in b.verbunden:
        for i in range(a, min(e, bis) + 1):
            for j in range(c, d + 1):
                voll[i][j] = b.texte[a][c]
    return voll


def _kopf_beginn(b: _Blatt, datei: str) -> int:
    breite = len(b.texte[0]) if b.texte else 0
    voll = _gefuellt(b, len(b.texte) - 1)
    for i, zeile in enumerate(voll):
        gefuellt = [t for t in zeile if t]
        roh = [v for v in b.roh[i] if text(v)]
        if (
            len(set(gefuellt)) >= 2
            and 2 * len(gefuellt) >= breite
            and 2 * sum(_ist_text(v) for v in roh) >= len(roh)
        ):
            return i
    raise FormatFehler(
        datei,
        "keine Tabelle gefunden (keine Zeile, die überwiegend Spaltenüberschriften enthält)",
        blatt=b.name,
    )


def _spaltennummern(zeile: list[Zellwert]) -> bool:
    """The row `1 | 2 | 3 …` that numbers the columns below a header (Bundesagentur, Statistikämter)."""
    werte = [text(v).strip("()") for v in zeile if text(v)]
    return (
        len(werte) >= 2
        and all(w.isdigit() for w in werte)
        and [int(w) for w in werte] == list(range(int(werte[0]), int(werte[0]) + len(werte)))
    )


def _tabelle(b: _Blatt, datei: str, kopf_zeilen: int | None, kopf_beginn: int | None) -> OfficeTabelle:
    if not b.texte:
        raise FormatFehler(datei, "das Blatt ist leer", blatt=b.name)
    hoehe, breite = len(b.texte), len(b.texte[0])
    if kopf_beginn is not None:
        k = kopf_beginn - b.zeile0 - 1
        if not 0 <= k < hoehe:
            raise FormatFehler(datei, f"Zeile {kopf_beginn} liegt außerhalb der Tabelle", blatt=b.name)
    else:
        k = _kopf_beginn(b, datei)
    nummern: int | None = None
    if kopf_zeilen is not None:
        if kopf_zeilen < 1:
            raise FormatFehler(datei, "mindestens eine Kopfzeile ist nötig", blatt=b.name)
        ende = k + kopf_zeilen - 1
    else:
        ende = k
        erste = next((j for j in range(breite) if any(b.texte[i][j] for i in range(k + 1, hoehe))), 0)
        while True:
            ende = max([ende] + [e for a, _, e, _ in b.verbunden if k <= a <= ende])
            if ende + 1 >= hoehe:
                break
            naechste = b.roh[ende + 1]
            bedeckt = any(a <= ende < e and c <= erste <= d for a, c, e, d in b.verbunden)
            werte = [v for v in naechste if text(v)]
            if werte and (bedeckt or not b.texte[ende + 1][erste]) and all(_ist_text(v) for v in werte):
                ende += 1
            else:
                break
        if ende + 1 < hoehe and _spaltennummern(b.roh[ende + 1]):
            nummern = ende = ende + 1
    if ende >= hoehe:
        raise FormatFehler(datei, "die Tabelle enthält unter der Kopfzeile keine Datenzeilen", blatt=b.name)
    voll = _gefuellt(b, ende)
    namen: list[str] = []
    for j in range(breite):
        teile: list[str] = []
        for i in range(k, ende + 1):
            if i != nummern and voll[i][j] and (not teile or teile[-1] != voll[i][j]):
                teile.append(voll[i][j])
        namen.append(" / ".join(teile))

    # body: merged label cells (text, never numbers) apply to every row they span
    rumpf = [list(z) for z in b.texte]
    for a, c, e, d in b.verbunden:
        if a > ende and _ist_text(b.roh[a][c]):
            for i in range(a, e + 1):
                for j in range(c, d + 1):
                    rumpf[i][j] = b.texte[a][c]
    spalten: list[int] = []
    for j, name in enumerate(namen):
        if name:
            spalten.append(j)
        elif any(rumpf[i][j] for i in range(ende + 1, hoehe)):
            raise FormatFehler(
                datei, "die Spalte hat Werte, aber keine Überschrift", b.nr(k), b.buchstabe(j), b.name
            )
    kopf = [namen[j] for j in spalten]
    if len(kopf) < 2:
        raise FormatFehler(
            datei, "keine Tabelle gefunden (weniger als zwei benannte Spalten)", b.nr(k), blatt=b.name
        )
    doppelt = sorted({s for s in kopf if kopf.count(s) > 1})
    if doppelt:
        raise FormatFehler(
            datei, f"Spalte(n) {', '.join(doppelt)} mehrfach in der Kopfzeile", b.nr(k), blatt=b.name
        )

    daten_zeilen: list[OfficeZeile] = []
    fuss: list[OfficeZeile] = []
    nachlauf: list[OfficeZeile] = []  # rows after the last data row so far
    for i in range(ende + 1, hoehe):
        felder = {namen[j]: rumpf[i][j] for j in spalten}
        belegt = [t for t in rumpf[i] if t]
        if not belegt:
            continue
        zeile = OfficeZeile(b.nr(i), felder)
        if len(belegt) == 1 and _ENDE.match(belegt[0]):  # end marker: © …, Quelle:, 1) footnote
            nachlauf.extend(
                OfficeZeile(b.nr(x), {namen[j]: rumpf[x][j] for j in spalten})
                for x in range(i, hoehe)
                if any(rumpf[x])
            )
            break
        if ist_summe(belegt[0]):
            fuss.append(zeile)
        elif len(belegt) == 1:
            nachlauf.append(zeile)
        else:
            daten_zeilen.extend(nachlauf)  # single-cell rows between data rows stay data, as in CSV
            nachlauf = []
            daten_zeilen.append(zeile)
    if not daten_zeilen:
        raise FormatFehler(
            datei, "die Tabelle enthält unter der Kopfzeile keine Datenzeilen", b.nr(ende), blatt=b.name
        )
    titel = tuple(" ".join(t for t in z if t) for z in b.texte[:k] if any(z))
    return OfficeTabelle(
        datei,
        "",
        b.nr(ende),
        tuple(kopf),
        tuple(daten_zeilen),
        titel,
        tuple(sorted(fuss + nachlauf, key=lambda z: z.nr)),
        blatt=b.name,
        spalten_orte=tuple(b.buchstabe(j) for j in spalten),
    )

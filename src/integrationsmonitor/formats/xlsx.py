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

Before calamine sees a byte, `pruefe_container` checks that the file is a ZIP-based workbook within the limits:
file size, sum of the uncompressed sizes in the ZIP directory, compression ratio, and — while inflating every
member once with a hard cap, because a directory can lie — the cell coordinates in the sheets (a 5 KB file with
one cell in A1 and one in XFD1048576 makes calamine allocate 549 GB and abort the whole process).
"""

from __future__ import annotations

import io
import re
import struct
import xml.parsers.expat as expat
import zipfile
import zlib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import python_calamine as calamine

from .errors import FormatFehler
from .kindprozess import im_kindprozess
from .office_csv import OfficeTabelle, OfficeZeile, ist_summe

MB = 1024 * 1024
_ZAHL_TEXT = re.compile(r"[+-]?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?")
_ENDE = re.compile(
    r"(©|\(c\)|quelle|hinweis|anmerkung|fußnote|zeichenerklärung|erstellungsdatum|statistik der bundesagentur"
    r"|\d{1,2}\)|\*+\))",
    re.IGNORECASE,
)
_REF = re.compile(r"([A-Za-z]{1,3})([0-9]{1,12})")
_MAX_ZEILE = 1_048_576  # Excel's grid
_MAX_SPALTE = 16_384

Zellwert = int | float | str | bool | time | date | datetime | timedelta


@dataclass(frozen=True, slots=True)
class Grenzen:
    """Limits checked before calamine opens a workbook (defaults fit county-scale office files)."""

    datei_bytes: int = 50 * MB  # as uploaded (the web form's IMON_MAX_UPLOAD_BYTES default)
    entpackt_bytes: int = 200 * MB  # all ZIP members together, uncompressed
    verhaeltnis: int = 100  # uncompressed : compressed, checked once more than 10 MB are unpacked
    zellen: int = 5_000_000  # bounding box of the cells of one sheet (calamine allocates it densely)
    eintraege: int = 10_000  # ZIP members


STANDARD = Grenzen()


def spalten_buchstabe(nr: int) -> str:
    """0-based column index -> Excel letters (0 -> A, 26 -> AA)."""
    buchstaben = ""
    nr += 1
    while nr:
        nr, rest = divmod(nr - 1, 26)
        buchstaben = chr(65 + rest) + buchstaben
    return buchstaben


def _spalten_nr(buchstaben: bytes) -> int:
    nr = 0
    for b in buchstaben:
        nr = nr * 26 + (b - 64)
    return nr


def _mb(n: int) -> str:
    return f"{n / MB:.1f}".replace(".", ",")


def pruefe_container(daten: bytes, datei: str, grenzen: Grenzen = STANDARD) -> None:
    """Refuse anything that is not a plain XLSX within the limits, with a German reason, before calamine."""
    if len(daten) > grenzen.datei_bytes:
        raise FormatFehler(
            datei,
            f"die Datei ist mit {_mb(len(daten))} MB zu groß; erlaubt sind höchstens {_mb(grenzen.datei_bytes)} MB",
        )
    if not daten.strip():
        raise FormatFehler(datei, "die Datei ist leer")
    if daten.startswith(b"\xd0\xcf\x11\xe0"):
        raise FormatFehler(
            datei,
            "die Datei ist im alten Excel-Format (.xls) oder mit einem Kennwort geschützt; "
            "bitte ohne Kennwort als Excel-Arbeitsmappe (.xlsx) speichern",
        )
    if daten.startswith(b"%PDF"):
        raise FormatFehler(datei, "die Datei ist ein PDF, keine Excel-Arbeitsmappe (.xlsx)")
    if not daten.startswith(b"PK\x03\x04"):
        raise FormatFehler(
            datei, "die Datei ist keine Excel-Arbeitsmappe (.xlsx); CSV-Dateien bitte als .csv liefern"
        )
    try:
        mappe = zipfile.ZipFile(io.BytesIO(daten))
        infos = mappe.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise FormatFehler(
            datei, "die Excel-Arbeitsmappe ist beschädigt (ZIP-Verzeichnis unlesbar)"
        ) from None
    if len(infos) > grenzen.eintraege:
        raise FormatFehler(datei, f"die Arbeitsmappe enthält mehr als {grenzen.eintraege} Teile")
    namen = {i.filename for i in infos}
    if "xl/workbook.xml" not in namen:
        raise FormatFehler(datei, "die Datei ist ein ZIP-Archiv, aber keine Excel-Arbeitsmappe (.xlsx)")
    entpackt = sum(i.file_size for i in infos)
    if entpackt > grenzen.entpackt_bytes:
        raise FormatFehler(
            datei,
            f"die Arbeitsmappe wäre entpackt {_mb(entpackt)} MB groß; erlaubt sind höchstens "
            f"{_mb(grenzen.entpackt_bytes)} MB (möglicherweise eine ZIP-Bombe)",
        )
    if entpackt > 10 * MB and entpackt > grenzen.verhaeltnis * len(daten):
        raise FormatFehler(
            datei,
            f"die Arbeitsmappe ist mehr als {grenzen.verhaeltnis}-fach komprimiert (möglicherweise eine ZIP-Bombe)",
        )
    for info in infos:
        if info.flag_bits & 0x1:
            raise FormatFehler(datei, "die Arbeitsmappe ist verschlüsselt; bitte ohne Kennwort speichern")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise FormatFehler(datei, f"‚{info.filename}‘ ist mit einem unbekannten Verfahren komprimiert")
    for info in infos:
        _pruefe_teil(daten, datei, info, grenzen)


def _pruefe_teil(daten: bytes, datei: str, info: zipfile.ZipInfo, grenzen: Grenzen) -> None:
    """Inflate one member with a hard cap at its declared size; scan sheets for their cell bounding box."""
    kopf = daten[info.header_offset : info.header_offset + 30]
    if len(kopf) < 30 or not kopf.startswith(b"PK\x03\x04"):
        raise FormatFehler(datei, f"die Excel-Arbeitsmappe ist beschädigt (‚{info.filename}‘ fehlt)")
    name_len, extra_len = struct.unpack("<HH", kopf[26:30])
    beginn = info.header_offset + 30 + name_len + extra_len
    roh = daten[beginn : beginn + info.compress_size]
    # every XML part, wherever the relationships put it: calamine finds sheets and shared strings by them
    scanner = _Ausdehnung(datei, info.filename) if info.filename.lower().endswith((".xml", ".rels")) else None
    zu_gross = FormatFehler(
        datei,
        f"‚{info.filename}‘ ist entpackt größer, als das ZIP-Verzeichnis angibt (möglicherweise eine ZIP-Bombe)",
    )
    if info.compress_type == zipfile.ZIP_STORED:
        if info.compress_size != info.file_size:
            raise zu_gross
        if scanner:
            scanner.weiter(roh)
    else:
        entpacker = zlib.decompressobj(-15)
        gelesen = 0
        rest = roh
        try:
            while True:
                stueck = entpacker.decompress(rest, MB)
                gelesen += len(stueck)
                if gelesen > info.file_size:
                    raise zu_gross
                if scanner:
                    scanner.weiter(stueck)
                rest = entpacker.unconsumed_tail
                if entpacker.eof or not (rest or stueck):
                    break
        except zlib.error:
            raise FormatFehler(
                datei, f"die Excel-Arbeitsmappe ist beschädigt (‚{info.filename}‘ unlesbar)"
            ) from None
    if scanner:
        scanner.ende()
    if scanner and scanner.zellen() > grenzen.zellen:
        teil = info.filename.rsplit("/", 1)[-1]
        raise FormatFehler(
            datei,
            f"ein Tabellenblatt ({teil}) reicht über {scanner.zeilen()} Zeilen und {scanner.spalten()} Spalten; "
            f"erlaubt sind höchstens {grenzen.zellen:,} Zellen".replace(",", "."),
        )


class _Ausdehnung:
    """Bounding box of the non-empty cells of a worksheet, fed in chunks to a real XML parser (expat);
    for the shared strings, the announced against the real number of texts (calamine reserves room for
    `uniqueCount` before reading them).

    calamine allocates the box densely, so every way of writing a cell reference counts as calamine reads it:
    any quoting and whitespace, entities, namespace prefixes, lower-case letters, leading zeros. A cell
    without a child element (`<c r="X9" s="1"/>`: formatted, empty) does not count; a reference outside
    Excel's grid or not a reference at all refuses the file. DTDs (entity bombs) are refused."""

    def __init__(self, datei: str, teil: str) -> None:
        self.datei, self.teil = datei, teil
        self.zeile = 0
        self.spalte = 0
        self.offen = False  # a <c> whose children are not seen yet
        self.texte_angekuendigt = 0
        self.texte = 0
        self.min_z = self.min_s = 10**9
        self.max_z = self.max_s = 0
        self.parser = _xml_parser(datei, teil)
        self.parser.StartElementHandler = self._beginn

    def _ref(self, attrs: dict[str, str]) -> str | None:
        for name, wert in attrs.items():
            if name.rsplit(":", 1)[-1] == "r":
                return wert.strip()
        return None

    def _beginn(self, name: str, attrs: dict[str, str]) -> None:
        lokal = name.rsplit(":", 1)[-1]
        if self.offen:  # a child of the open cell (<v>, <is>, <f>): the cell has content
            self.offen = False
            self._zaehle()
        if lokal == "row":
            r = self._ref(attrs)
            self.zeile = self._zeilennummer(r) if r is not None else self.zeile + 1
            self.spalte = 0
        elif lokal == "c":
            r = self._ref(attrs)
            if r is None:
                self.spalte += 1
            else:
                m = _REF.fullmatch(r)
                if m is None:
                    raise self._fehler(f"„{r[:40]}“ ist keine Zellbezeichnung")
                self.spalte = _spalten_nr(m.group(1).upper().encode())
                self.zeile = self._zeilennummer(m.group(2))
                if self.spalte > _MAX_SPALTE:
                    raise self._fehler(f"die Zelle {r[:40]} liegt außerhalb des Excel-Rasters")
            self.offen = True
        elif lokal == "si":
            self.texte += 1
        elif lokal == "sst":
            for schluessel, wert in attrs.items():
                if schluessel.rsplit(":", 1)[-1] == "uniqueCount":
                    w = wert.strip()
                    self.texte_angekuendigt = (
                        int(w) if w.isascii() and w.isdigit() and len(w) < 19 else 10**18
                    )

    def _zeilennummer(self, text: str) -> int:
        if not text.isascii() or not text.isdigit() or len(text) > 12:
            raise self._fehler(f"„{text[:40]}“ ist keine Zeilennummer")
        nr = int(text)
        if not 1 <= nr <= _MAX_ZEILE:
            raise self._fehler(f"die Zeile {nr} liegt außerhalb des Excel-Rasters")
        return nr

    def _zaehle(self) -> None:
        self.min_z, self.max_z = min(self.min_z, self.zeile), max(self.max_z, self.zeile)
        self.min_s, self.max_s = min(self.min_s, self.spalte), max(self.max_s, self.spalte)

    def _fehler(self, grund: str) -> FormatFehler:
        return FormatFehler(self.datei, f"‚{self.teil}‘ ist beschädigt: {grund}")

    def weiter(self, stueck: bytes) -> None:
        _parse(self.parser, stueck, False, self.datei, self.teil)

    def ende(self) -> None:
        _parse(self.parser, b"", True, self.datei, self.teil)
        if self.texte_angekuendigt > 2 * self.texte + 1000:
            angekuendigt, echt = (f"{n:,}".replace(",", ".") for n in (self.texte_angekuendigt, self.texte))
            raise self._fehler(f"die Texttabelle kündigt {angekuendigt} Texte an, enthält aber {echt}")

    def zeilen(self) -> int:
        return max(0, self.max_z - self.min_z + 1)

    def spalten(self) -> int:
        return max(0, self.max_s - self.min_s + 1)

    def zellen(self) -> int:
        return self.zeilen() * self.spalten()


def _xml_parser(datei: str, teil: str) -> expat.XMLParserType:
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def dtd(*_: object) -> None:
        raise FormatFehler(datei, f"‚{teil}‘ enthält eine DTD; Excel-Arbeitsmappen haben keine")

    parser.StartDoctypeDeclHandler = dtd
    parser.EntityDeclHandler = dtd
    return parser


def _parse(parser: expat.XMLParserType, stueck: bytes, ende: bool, datei: str, teil: str) -> None:
    try:
        parser.Parse(stueck, ende)
    except expat.ExpatError as exc:
        raise FormatFehler(
            datei, f"‚{teil}‘ ist kein gültiges XML (Zeile {exc.lineno}: {expat.ErrorString(exc.code)})"
        ) from None


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

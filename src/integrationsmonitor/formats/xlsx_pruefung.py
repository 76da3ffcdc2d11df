"""Check an XLSX file before any XLSX library reads it: ZIP container limits and the size of every sheet.

Pure, no Django. `pruefe_container` checks that the file is a ZIP-based workbook within the limits: file size,
sum of the uncompressed sizes in the ZIP directory, compression ratio, and — while inflating every member once
with a hard cap, because a directory can lie — the cell coordinates in the sheets (a 5 KB file with one cell in
A1 and one in XFD1048576 makes calamine allocate 549 GB and abort the whole process). formats.xlsx reads the
workbook only after this check.
"""

from __future__ import annotations

import io
import re
import struct
import xml.parsers.expat as expat
import zipfile
import zlib
from dataclasses import dataclass

from .errors import FormatFehler

MB = 1024 * 1024
_REF = re.compile(r"([A-Za-z]{1,3})([0-9]{1,12})")
_MAX_ZEILE = 1_048_576  # Excel's grid
_MAX_SPALTE = 16_384


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

"""Hand-written hostile workbooks (finding 1 of #10): every way to write a cell reference that calamine
reads and that makes it allocate the whole Excel grid, a shared-strings table that announces 4 billion texts,
entity bombs. Built byte by byte, because openpyxl writes only well-formed references."""

from __future__ import annotations

import io
import zipfile

_TYPEN = (
    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    b'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    b'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
    b'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    b"</Types>"
)
_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
    b'2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_MAPPE = (
    b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
    b'2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    b'<sheet name="Unterbringung" sheetId="1" r:id="rId1"/></sheets></workbook>'
)


def _mappe_rels(ziel: str) -> bytes:
    return (
        b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        b'2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
        b'2006/relationships/worksheet" Target="' + ziel.encode() + b'"/></Relationships>'
    )


def mappe(zeilen: bytes, *, texte: bytes | None = None, blatt_pfad: str = "worksheets/sheet1.xml",
          vorspann: bytes = b"") -> bytes:  # fmt: skip
    """A minimal workbook whose one sheet has `zeilen` inside <sheetData>."""
    blatt = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        + vorspann
        + b'<worksheet xmlns="http://schemas.openxmlformats'
        b'.org/spreadsheetml/2006/main"><sheetData>' + zeilen + b"</sheetData></worksheet>"
    )
    puffer = io.BytesIO()
    with zipfile.ZipFile(puffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _TYPEN)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("xl/workbook.xml", _MAPPE)
        z.writestr("xl/_rels/workbook.xml.rels", _mappe_rels(blatt_pfad))
        z.writestr("xl/" + blatt_pfad, blatt)
        if texte is not None:
            z.writestr("xl/sharedStrings.xml", texte)
    return puffer.getvalue()


_A1 = b'<row r="1"><c r="A1" t="inlineStr"><is><t>Gemeinde</t></is></c><c r="B1"><v>1</v></c></row>'

# name -> workbook; each one makes calamine (0.6) abort the whole process when opened unguarded
RIESIG: dict[str, bytes] = {
    "einfache Anführungszeichen": mappe(_A1 + b"<row r='1048576'><c r='XFD1048576'><v>2</v></c></row>"),
    "Leerzeichen um =": mappe(_A1 + b'<row r = "1048576"><c r = "XFD1048576"><v>2</v></c></row>'),
    "> in einem Attribut davor": mappe(_A1 + b'<row r="1048576"><c x=">" r="XFD1048576"><v>2</v></c></row>'),
    "führende Nullen": mappe(_A1 + b'<row r="1048576"><c r="XFD0001048576"><v>2</v></c></row>'),
    "Kleinbuchstaben": mappe(_A1 + b'<row r="1048576"><c r="xfd1048576"><v>2</v></c></row>'),
    "Namensraum-Präfix": mappe(
        _A1 + b'<x:row xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" r="1048576">'
        b'<x:c r="XFD1048576"><x:v>2</x:v></x:c></x:row>'
    ),
    "Blatt an ungewöhnlichem Ort": mappe(
        _A1 + b'<row r="1048576"><c r="XFD1048576"><v>2</v></c></row>', blatt_pfad="daten/tabelle.xml"
    ),
    "Texttabelle kündigt 4 Mrd. Texte an": mappe(
        b'<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>1</v></c></row>',
        texte=b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        b'count="1" uniqueCount="4294967295"><si><t>Gemeinde</t></si></sst>',
    ),
}

# refused before calamine opens them, but harmless to calamine itself
UNGUELTIG: dict[str, bytes] = {
    "Entitäten-Bombe (DTD)": mappe(
        _A1,
        vorspann=b'<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>',
    ),
    "Zeile 0": mappe(b'<row r="0"><c r="A0"><v>1</v></c></row>'),
    "keine Zellbezeichnung": mappe(b'<row r="1"><c r="1A"><v>1</v></c></row>'),
    "Spalte hinter XFD": mappe(b'<row r="1"><c r="XFE1"><v>1</v></c></row>'),
    "kein XML": mappe(b'<row r="1"><c r="A1"><v>1</v></row>'),
}

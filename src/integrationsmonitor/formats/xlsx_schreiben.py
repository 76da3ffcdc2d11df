"""Write a plain XLSX workbook with zipfile and XML text (pure, no Django, no openpyxl at run time).

Only what open-data tables need: several sheets of text and numbers, a bold frozen header row, column
widths and the document title. Text is written as inline strings (`t="inlineStr"`), so no cell can become
a formula; characters XML 1.0 forbids are dropped. The output opens in Excel, LibreOffice, openpyxl and
python-calamine (tested). The file is the same for the same input (fixed ZIP timestamps), so a static
export does not change when the data did not.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from .xlsx_pruefung import spalten_buchstabe as spalte  # column letters, shared with the reader

Zelle = str | int | float | None

_VERBOTEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ZEIT = (1980, 1, 1, 0, 0, 0)
_MAX_BREITE = 60


@dataclass(frozen=True)
class Blatt:
    """One sheet: the first row is the header (bold, frozen)."""

    name: str  # at most 31 characters, none of []:*?/\
    zeilen: Sequence[Sequence[Zelle]]


def _text(wert: str) -> str:
    return escape(_VERBOTEN.sub("", wert), {'"': "&quot;"})


def _inhalt(wert: Zelle, texte: dict[str, str]) -> str:
    """The part of a cell after its reference and style: value and type, or "" for an empty cell."""
    if wert is None or wert == "":
        return ""
    if isinstance(wert, bool):  # bool is an int; write it as text rather than 1/0
        wert = "ja" if wert else "nein"
    if isinstance(wert, float) and not math.isfinite(wert):
        return ""
    if isinstance(wert, int | float):
        return f"><v>{wert!r}</v></c>"
    if wert not in texte:  # tables repeat their texts (names, codes): escape each once
        text = _text(wert)
        raum = ' xml:space="preserve"' if text != text.strip() else ""
        texte[wert] = f' t="inlineStr"><is><t{raum}>{text}</t></is></c>'
    return texte[wert]


def _breiten(zeilen: Sequence[Sequence[Zelle]]) -> list[int]:
    breiten: list[int] = []
    for zeile in zeilen[:500]:  # a sample is enough for a readable width
        for i, wert in enumerate(zeile):
            laenge = len(str(wert)) if wert is not None else 0
            if i == len(breiten):
                breiten.append(0)
            breiten[i] = max(breiten[i], min(laenge + 2, _MAX_BREITE))
    return breiten


def _blatt_xml(blatt: Blatt) -> str:
    teile = [
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetViews><sheetView workbookViewId="0">'
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
        "</sheetView></sheetViews>"
    ]
    breiten = _breiten(blatt.zeilen)
    if breiten:
        teile.append("<cols>")
        teile += [
            f'<col min="{i}" max="{i}" width="{max(b, 8)}" customWidth="1"/>'
            for i, b in enumerate(breiten, start=1)
        ]
        teile.append("</cols>")
    teile.append("<sheetData>")
    buchstaben = [spalte(i) for i in range(max((len(z) for z in blatt.zeilen), default=0))]
    texte: dict[str, str] = {}
    for nr, zeile in enumerate(blatt.zeilen, start=1):
        stil = ' s="1"' if nr == 1 else ""
        zellen = "".join(
            f'<c r="{b}{nr}"{stil}{inhalt}'
            for b, w in zip(buchstaben, zeile, strict=False)
            if (inhalt := _inhalt(w, texte))
        )
        teile.append(f'<row r="{nr}">{zellen}</row>')
    teile.append("</sheetData></worksheet>")
    return "".join(teile)


_STILE = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Standard" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def _mappe(namen: Iterable[str]) -> tuple[str, str, str]:
    """workbook.xml, its relationships and the content types for the given sheet names."""
    namen = list(namen)
    blaetter = "".join(
        f'<sheet name="{_text(n)}" sheetId="{i}" r:id="rId{i}"/>' for i, n in enumerate(namen, start=1)
    )
    mappe = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f"<sheets>{blaetter}</sheets></workbook>"
    )
    n = len(namen)
    bez = "".join(
        f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        f'relationships/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, n + 1)
    )
    bez += (
        f'<Relationship Id="rId{n + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/styles" Target="styles.xml"/>'
    )
    mappe_bez = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f"{bez}</Relationships>"
    )
    blatt_typen = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, n + 1)
    )
    typen = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        '<Override PartName="/docProps/core.xml" '
        'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        f"{blatt_typen}</Types>"
    )
    return mappe, mappe_bez, typen


_PAKET_BEZ = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
    'core-properties" Target="docProps/core.xml"/>'
    "</Relationships>"
)


def _kern(titel: str, autor: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<dc:title>{_text(titel)}</dc:title><dc:creator>{_text(autor)}</dc:creator>"
        "<dc:language>de-DE</dc:language></cp:coreProperties>"
    )


def xlsx(blaetter: Sequence[Blatt], *, titel: str = "", autor: str = "") -> bytes:
    """The workbook as bytes."""
    if not blaetter:
        raise ValueError("eine Arbeitsmappe braucht mindestens ein Blatt")
    mappe, mappe_bez, typen = _mappe(b.name for b in blaetter)
    teile = [
        ("[Content_Types].xml", typen),
        ("_rels/.rels", _PAKET_BEZ),
        ("docProps/core.xml", _kern(titel, autor)),
        ("xl/workbook.xml", mappe),
        ("xl/_rels/workbook.xml.rels", mappe_bez),
        ("xl/styles.xml", _STILE),
    ]
    teile += [(f"xl/worksheets/sheet{i}.xml", _blatt_xml(b)) for i, b in enumerate(blaetter, start=1)]
    puffer = io.BytesIO()
    with zipfile.ZipFile(puffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in teile:
            z.writestr(zipfile.ZipInfo(name, _ZEIT), text.encode("utf-8"), zipfile.ZIP_DEFLATED)
    return puffer.getvalue()

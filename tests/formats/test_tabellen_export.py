"""Writers of open-data tables: XLSX without openpyxl, CSV (two dialects), JSON, CSVW (pure)."""

from __future__ import annotations

import io
import json
import zipfile

import openpyxl
import pytest
import python_calamine

from integrationsmonitor.formats import tabellen_export as te
from integrationsmonitor.formats.tabellen_export import Metadatum, OffeneTabelle, Spalte
from integrationsmonitor.formats.xlsx_schreiben import Blatt, spalte, xlsx

TABELLE = OffeneTabelle(
    "Ausländeranteil",
    (Spalte("region", "Gebiet"), Spalte("value", "Wert", zahl=True), Spalte("status", "Kennzeichen")),
    [["12061", 8.2, ""], ["=HYPERLINK(1)", None, "g"], ["-1+2", -1.5, "."], ["12061020", 500, "p"]],
    (Metadatum("title", "Titel", "Ausländeranteil"), Metadatum("publisher", "Herausgeber", "Landkreis X")),
)


@pytest.mark.parametrize(
    ("index", "buchstaben"), [(0, "A"), (25, "Z"), (26, "AA"), (701, "ZZ"), (702, "AAA")]
)
def test_spaltenbuchstaben(index: int, buchstaben: str) -> None:
    assert spalte(index) == buchstaben


def test_xlsx_oeffnet_in_openpyxl_und_calamine() -> None:
    zeilen = [["Text", "Zahl"], ["=1+1", 14933], [" mit Leerzeichen ", 8.25], ["Steuer\x07zeichen <&>", None]]
    inhalt = xlsx(
        [Blatt("Daten", zeilen), Blatt("Metadaten", [["Angabe", "Inhalt"]])], titel="T", autor="LDS"
    )
    mappe = openpyxl.load_workbook(io.BytesIO(inhalt))
    assert mappe.sheetnames == ["Daten", "Metadaten"] and mappe.properties.title == "T"
    blatt = mappe["Daten"]
    assert [[c.value for c in z] for z in blatt.iter_rows()] == [
        ["Text", "Zahl"],
        ["=1+1", 14933],
        [" mit Leerzeichen ", 8.25],
        ["Steuerzeichen <&>", None],
    ]
    assert blatt["A2"].data_type == "s"  # text that looks like a formula stays text
    assert blatt["A1"].font.b and blatt.freeze_panes == "A2"
    kalamin = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(inhalt))
    assert kalamin.get_sheet_by_name("Daten").to_python()[1:3] == [
        ["=1+1", 14933.0],
        [" mit Leerzeichen ", 8.25],
    ]


def test_xlsx_ist_reproduzierbar() -> None:
    assert te.als_xlsx(TABELLE) == te.als_xlsx(TABELLE)
    with zipfile.ZipFile(io.BytesIO(te.als_xlsx(TABELLE))) as z:
        assert z.testzip() is None and "xl/worksheets/sheet2.xml" in z.namelist()


def test_csv_utf8_mit_komma_und_formelschutz() -> None:
    assert te.als_csv(TABELLE).decode() == (
        "region,value,status\n12061,8.2,\n'=HYPERLINK(1),,g\n'-1+2,-1.5,.\n12061020,500,p\n"
    )


def test_excel_csv_mit_bom_semikolon_dezimalkomma() -> None:
    inhalt = te.als_excel_csv(TABELLE)
    assert inhalt.startswith(b"\xef\xbb\xbf")
    assert inhalt[3:].decode() == (
        "region;value;status\r\n12061;8,2;\r\n'=HYPERLINK(1);;g\r\n'-1+2;-1,5;.\r\n12061020;500;p\r\n"
    )


def test_json_mit_metadaten_spalten_und_zahlen() -> None:
    inhalt = json.loads(te.als_json(TABELLE))
    assert inhalt["metadata"] == {"title": "Ausländeranteil", "publisher": "Landkreis X"}
    assert inhalt["columns"][1] == {"name": "value", "description": "Wert"}
    assert inhalt["data"][1] == {"region": "=HYPERLINK(1)", "value": None, "status": "g"}
    assert inhalt["data"][3]["value"] == 500 and isinstance(inhalt["data"][3]["value"], int)


def test_csvw_beschreibt_die_csv() -> None:
    csvw = json.loads(
        te.als_csvw(TABELLE, "https://x.example/a.csv", "http://dcat-ap.de/def/licenses/dl-by-de/2.0")
    )
    assert csvw["@context"][0] == "http://www.w3.org/ns/csvw" and csvw["url"] == "https://x.example/a.csv"
    assert csvw["dc:title"] == "Ausländeranteil" and csvw["dc:publisher"] == "Landkreis X"
    assert [(s["name"], s["datatype"]) for s in csvw["tableSchema"]["columns"]] == [
        ("region", "string"),
        ("value", "number"),
        ("status", "string"),
    ]

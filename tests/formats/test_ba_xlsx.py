"""Bundesagentur-für-Arbeit-style XLSX: titles, merged header, `*` secret cells, `-`, `x`, © end marker."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from integrationsmonitor.formats.ba_xlsx import lies_ba_wert, lies_ba_xlsx
from integrationsmonitor.formats.errors import FormatFehler


def _ba(wert_heidesee: object = "*") -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Tabelle 3"
    ws["A1"] = "Arbeitslose nach Staatsangehörigkeit"
    ws["A2"] = "Dahme-Spreewald, Berichtsmonat Dezember 2024"
    ws["A4"] = "Region"
    ws.merge_cells("A4:A5")
    ws["B4"] = "Insgesamt"
    ws.merge_cells("B4:B5")
    ws["C4"] = "davon"
    ws.merge_cells("C4:D4")
    ws["C5"], ws["D5"] = "Deutsche", "Ausländer"
    ws.append([1, 2, 3, 4])
    ws.append(["Insgesamt", 4321, 3900, 421])
    ws.append(["Königs Wusterhausen", "1.234", 1100, 134])
    ws.append(["Heidesee", wert_heidesee, "*", "-"])
    ws.append(["Schönefeld", "x", 3, 5])
    ws.append([])
    ws.append(["© Statistik der Bundesagentur für Arbeit"])
    ws.append(["*) Aus Datenschutzgründen werden Werte kleiner 3 anonymisiert."])
    puffer = io.BytesIO()
    wb.save(puffer)
    return puffer.getvalue()


def test_values_and_symbols_kept_apart():
    t = lies_ba_xlsx(_ba(), "ba.xlsx")
    assert t.blatt == "Tabelle 3" and t.titel[0] == "Arbeitslose nach Staatsangehörigkeit"
    assert t.merkmal_spalten == ("Region",)
    assert t.wert_spalten == ("Insgesamt", "davon / Deutsche", "davon / Ausländer")
    zellen = {(z.merkmale[0], z.kopf): (z.wert, z.symbol, z.zeile, z.spalte) for z in t.zellen}
    assert zellen["Königs Wusterhausen", "Insgesamt"] == (1234.0, "", 8, "B")
    assert zellen["Heidesee", "Insgesamt"] == (None, "*", 9, "B")  # secret: no value, never 0
    assert zellen["Heidesee", "davon / Ausländer"] == (0.0, "-", 9, "D")  # nichts vorhanden: a true zero
    assert zellen["Schönefeld", "Insgesamt"] == (None, "x", 10, "B")
    assert not any(z.merkmale[0] == "Insgesamt" for z in t.zellen)  # the total row is not data
    assert t.fuss[0].startswith("Insgesamt") and t.fuss[1] == "© Statistik der Bundesagentur für Arbeit"
    assert t.fuss[2].startswith("*) Aus Datenschutzgründen")


def test_bad_cell_names_file_sheet_row_and_column():
    with pytest.raises(FormatFehler) as info:
        lies_ba_xlsx(_ba("k.A."), "ba.xlsx", merkmal_spalten=1)
    assert str(info.value).startswith("ba.xlsx, Blatt „Tabelle 3“, Zeile 9, Spalte B: ‚k.A.‘ ist weder Zahl")


@pytest.mark.parametrize(
    ("roh", "wert", "symbol"),
    [
        ("*", None, "*"),
        ("-", 0.0, "-"),
        ("x", None, "x"),
        (".", None, "."),
        ("12", 12.0, ""),
        ("1.234", 1234.0, ""),
    ],
)
def test_lies_ba_wert(roh, wert, symbol):
    w = lies_ba_wert(roh)
    assert (w.wert, w.symbol) == (wert, symbol)

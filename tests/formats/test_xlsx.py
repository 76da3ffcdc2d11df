"""XLSX as offices send it: merged multi-row headers, several sheets, titles, footers; zip bombs refused first."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

import pytest
from openpyxl import Workbook

from integrationsmonitor.formats import xlsx, xlsx_pruefung
from integrationsmonitor.formats.errors import FormatFehler
from integrationsmonitor.formats.office_csv import zahl
from integrationsmonitor.formats.xlsx import blaetter, lies_xlsx
from integrationsmonitor.formats.xlsx_pruefung import Grenzen, spalten_buchstabe


def _mappe(wb: Workbook) -> bytes:
    puffer = io.BytesIO()
    wb.save(puffer)
    return puffer.getvalue()


def _export() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Bestand"
    ws["A1"] = "Ausländerbehörde Dahme-Spreewald"
    ws.merge_cells("A1:E1")  # a title merged across the table is still a title
    ws["A2"] = "Stand: 31.12.2024"
    ws["A4"] = "Staatsangehörigkeit"
    ws.merge_cells("A4:A5")
    ws["B4"] = "Geschlecht"
    ws.merge_cells("B4:C4")
    ws["B5"], ws["C5"] = "männlich", "weiblich"
    ws["D4"] = "Anteil"
    ws.merge_cells("D4:D5")
    ws["E4"] = "Stichtag"
    ws.merge_cells("E4:E5")
    ws.append(["Polen", 1234, 567, 12.5, date(2024, 12, 31)])
    ws.append(["Ukraine", "1.234", "*", "7,25", datetime(2024, 12, 31, 0, 0)])  # numbers stored as text
    ws.append(["Türkei", 3, None, 0.1, None])
    ws.append(["Summe", 2471, 567])
    ws.append([])
    ws.append(["Quelle: eigene Auswertung"])
    zwei = wb.create_sheet("Einbürgerungen")
    zwei.append(["Jahr", "Anzahl"])
    zwei.append([2023, 41])
    zwei.append([2024, 57])
    return _mappe(wb)


def test_merged_multi_row_header_title_data_and_footer():
    t = lies_xlsx(_export(), "bestand.xlsx")
    assert t.blatt == "Bestand" and t.kopf_zeile == 5
    assert t.titel == ("Ausländerbehörde Dahme-Spreewald", "Stand: 31.12.2024")
    assert t.spalten == (
        "Staatsangehörigkeit",
        "Geschlecht / männlich",
        "Geschlecht / weiblich",
        "Anteil",
        "Stichtag",
    )
    assert t.spalten_orte == ("A", "B", "C", "D", "E")
    assert [(z.nr, z.felder["Staatsangehörigkeit"]) for z in t.zeilen] == [
        (6, "Polen"),
        (7, "Ukraine"),
        (8, "Türkei"),
    ]
    assert [z.nr for z in t.fuss] == [9, 11]  # Summe and the note are never data


def test_values_read_as_german_text_like_csv():
    polen, ukraine, tuerkei = lies_xlsx(_export(), "bestand.xlsx").zeilen
    assert polen.felder["Geschlecht / männlich"] == "1234" and polen.felder["Anteil"] == "12,5"
    assert (
        zahl(polen.felder["Geschlecht / männlich"]) == zahl(ukraine.felder["Geschlecht / männlich"]) == 1234
    )
    assert zahl(ukraine.felder["Anteil"]) == 7.25
    assert ukraine.felder["Geschlecht / weiblich"] == "*"
    assert polen.felder["Stichtag"] == ukraine.felder["Stichtag"] == "31.12.2024"
    assert tuerkei.felder["Geschlecht / weiblich"] == "" and tuerkei.felder["Anteil"] == "0,1"


def test_sheets_by_name_and_number():
    daten = _export()
    assert blaetter(daten, "b.xlsx") == ("Bestand", "Einbürgerungen")
    for blatt in ("Einbürgerungen", 2):
        t = lies_xlsx(daten, "b.xlsx", blatt)
        assert t.spalten == ("Jahr", "Anzahl") and t.titel == ()
        assert [(z.nr, z.felder["Anzahl"]) for z in t.zeilen] == [(2, "41"), (3, "57")]
    with pytest.raises(FormatFehler, match="kein Blatt „Tabelle9“; die Mappe hat: Bestand, Einbürgerungen"):
        lies_xlsx(daten, "b.xlsx", "Tabelle9")
    with pytest.raises(FormatFehler, match=r"b\.xlsx: Blatt Nr\. 3 gibt es nicht; die Mappe hat 2"):
        lies_xlsx(daten, "b.xlsx", 3)


def test_given_header_rows_and_start():
    wb = Workbook()
    ws = wb.active
    ws.append(["Region", "Zeitraum", "Anzahl"])
    ws.append(["", "", "(Personen)"])
    ws.append(["Heidesee", "2024", 12])
    t = lies_xlsx(_mappe(wb), "k.xlsx", kopf_zeilen=2, kopf_beginn=1)
    assert t.spalten == ("Region", "Zeitraum", "Anzahl / (Personen)")
    assert [z.nr for z in t.zeilen] == [3]


def test_header_row_numbering_and_body_label_merge():
    wb = Workbook()
    ws = wb.active
    ws.append(["Kreis", "Geschlecht", "Anzahl"])
    ws.append([1, 2, 3])  # column numbers under the header (BA, Statistikämter)
    ws.append(["Dahme-Spreewald", "männlich", 10])
    ws.append([None, "weiblich", 11])
    ws.merge_cells("A3:A4")
    t = lies_xlsx(_mappe(wb), "k.xlsx")
    assert t.spalten == ("Kreis", "Geschlecht", "Anzahl") and t.kopf_zeile == 2
    assert [z.felder["Kreis"] for z in t.zeilen] == ["Dahme-Spreewald", "Dahme-Spreewald"]


@pytest.mark.parametrize(
    ("zeilen", "meldung"),
    [
        ([["Land", "m", "m"], ["Polen", 1, 2]], "k.xlsx, Blatt „Sheet“, Zeile 1: Spalte(n) m mehrfach"),
        (
            [["Land", None, "w"], ["Polen", 1, 2]],
            "k.xlsx, Blatt „Sheet“, Zeile 1, Spalte B: die Spalte hat Werte, aber keine Überschrift",
        ),
        ([["nur Text"], ["und mehr"]], "k.xlsx, Blatt „Sheet“: keine Tabelle gefunden"),
        ([["Land", "m"], ["Summe", 3]], "keine Datenzeilen"),
        ([], "k.xlsx, Blatt „Sheet“: das Blatt ist leer"),
    ],
)
def test_unusable_sheets_get_a_german_message_with_sheet_row_and_column(zeilen, meldung):
    wb = Workbook()
    for z in zeilen:
        wb.active.append(z)
    with pytest.raises(FormatFehler) as info:
        lies_xlsx(_mappe(wb), "k.xlsx")
    assert meldung in str(info.value)


def test_spalten_buchstabe():
    assert [spalten_buchstabe(n) for n in (0, 25, 26, 701, 702, 16383)] == [
        "A",
        "Z",
        "AA",
        "ZZ",
        "AAA",
        "XFD",
    ]


# --- refused before calamine opens the file ---------------------------------------------------------------


def _zip(eintraege: dict[str, bytes]) -> bytes:
    puffer = io.BytesIO()
    with zipfile.ZipFile(puffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, inhalt in eintraege.items():
            z.writestr(name, inhalt)
    return puffer.getvalue()


def _calamine_verboten(monkeypatch):
    def nie(*_a, **_k):
        raise AssertionError("calamine darf diese Datei nie sehen")

    monkeypatch.setattr(xlsx.calamine.CalamineWorkbook, "from_filelike", nie)


def test_zip_bomb_is_refused_from_the_directory_before_anything_is_inflated(tmp_path, monkeypatch):
    bombe = tmp_path / "bombe.xlsx"
    with zipfile.ZipFile(bombe, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        with z.open("xl/worksheets/sheet1.xml", "w") as f:  # 300 MB of zeros, streamed
            block = b"\0" * (1024 * 1024)
            for _ in range(300):
                f.write(block)
    daten = bombe.read_bytes()
    assert len(daten) < 2 * 1024 * 1024
    _calamine_verboten(monkeypatch)
    monkeypatch.setattr(xlsx_pruefung.zlib, "decompressobj", lambda *_: pytest.fail("nichts entpacken"))
    with pytest.raises(FormatFehler) as info:
        lies_xlsx(daten, "bombe.xlsx")
    assert str(info.value).startswith("bombe.xlsx: die Arbeitsmappe wäre entpackt 300,0 MB groß")
    assert "ZIP-Bombe" in str(info.value)


def test_high_compression_ratio_is_refused():
    daten = _zip({"xl/workbook.xml": b"<workbook/>", "xl/worksheets/sheet1.xml": b"\0" * (20 * 1024 * 1024)})
    with pytest.raises(FormatFehler, match="mehr als 100-fach komprimiert"):
        lies_xlsx(daten, "dicht.xlsx")


def test_a_directory_that_lies_about_the_size_is_caught_while_inflating(monkeypatch):
    inhalt = b"<worksheet>" + b" " * 100_000 + b"</worksheet>"
    daten = bytearray(_zip({"xl/workbook.xml": b"<workbook/>", "xl/worksheets/sheet1.xml": inhalt}))
    echt = len(inhalt).to_bytes(4, "little")
    klein = (1000).to_bytes(4, "little")
    daten = bytes(daten).replace(echt, klein)  # local header and central directory both claim 1000 bytes
    _calamine_verboten(monkeypatch)
    with pytest.raises(FormatFehler, match="entpackt größer, als das ZIP-Verzeichnis angibt"):
        lies_xlsx(daten, "luege.xlsx")


def test_far_away_cell_that_would_abort_calamine_is_refused(monkeypatch):
    wb = Workbook()
    wb.active["A1"] = "a"
    wb.active["XFD1048576"] = "b"  # calamine would allocate 549 GB and abort the process
    daten = _mappe(wb)
    assert len(daten) < 10_000
    _calamine_verboten(monkeypatch)
    with pytest.raises(FormatFehler, match="reicht über 1048576 Zeilen und 16384 Spalten"):
        lies_xlsx(daten, "weit.xlsx")


def test_file_size_limit():
    with pytest.raises(
        FormatFehler, match=r"gross\.xlsx: die Datei ist mit 0,0 MB zu groß; erlaubt sind höchstens 0,0 MB"
    ):
        lies_xlsx(_export(), "gross.xlsx", grenzen=Grenzen(datei_bytes=100))


@pytest.mark.parametrize(
    ("daten", "meldung"),
    [
        (
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
            "bericht.xlsx: die Datei ist ein PDF, keine Excel-Arbeitsmappe",
        ),
        (b"\x00\x01garbage\xff" * 50, "bericht.xlsx: die Datei ist keine Excel-Arbeitsmappe (.xlsx)"),
        (b"Land;m;w\nPolen;1;2\n", "keine Excel-Arbeitsmappe (.xlsx); CSV-Dateien bitte als .csv liefern"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100,
            "alten Excel-Format (.xls) oder mit einem Kennwort",
        ),
        (b"", "bericht.xlsx: die Datei ist leer"),
        (b"PK\x03\x04" + b"\0" * 100, "bericht.xlsx: die Excel-Arbeitsmappe ist beschädigt"),
    ],
)
def test_non_xlsx_files_with_xlsx_name_are_refused_clearly(daten, meldung, monkeypatch):
    _calamine_verboten(monkeypatch)
    with pytest.raises(FormatFehler) as info:
        lies_xlsx(daten, "bericht.xlsx")
    assert meldung in str(info.value)


def test_zip_that_is_no_workbook_and_broken_workbook():
    with pytest.raises(FormatFehler, match="ZIP-Archiv, aber keine Excel-Arbeitsmappe"):
        lies_xlsx(_zip({"word/document.xml": b"<w/>"}), "brief.xlsx")
    kaputt = _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook>kein xml"})
    with pytest.raises(
        FormatFehler, match=r"kaputt\.xlsx: ‚xl/workbook\.xml‘ ist kein gültiges XML \(Zeile 1"
    ):
        lies_xlsx(kaputt, "kaputt.xlsx")

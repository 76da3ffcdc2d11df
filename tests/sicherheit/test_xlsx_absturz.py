"""Finding 1 of #10: one XLSX upload killed `imon serve` (calamine aborts the process on a huge cell range).

Each hostile workbook is first shown to really abort calamine when opened unguarded (in a subprocess with a
memory limit), then read through `lies_xlsx`, the table-profile delivery and the web upload form: a German
rejection every time, and the test process — the server — is still alive."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from integrationsmonitor.formats.errors import FormatFehler
from integrationsmonitor.formats.kindprozess import im_kindprozess
from integrationsmonitor.formats.xlsx import _calamine, blaetter, lies_xlsx

from .xlsx_boesartig import RIESIG, UNGUELTIG

_UNGESCHUETZT = """
import resource, sys, python_calamine as c
resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))
wb = c.CalamineWorkbook.from_filelike(sys.stdin.buffer)
wb.get_sheet_by_name("Unterbringung").to_python(skip_empty_area=True)
"""


@pytest.mark.parametrize("art", sorted(RIESIG))
def test_the_hostile_workbook_really_aborts_calamine_unguarded(art):
    lauf = subprocess.run([sys.executable, "-c", _UNGESCHUETZT], input=RIESIG[art], capture_output=True)
    assert lauf.returncode not in (0, 1), (art, lauf.returncode)  # killed by abort(), not an exception


@pytest.mark.parametrize("art", sorted(RIESIG))
def test_hostile_workbook_is_refused_before_calamine(art):
    with pytest.raises(FormatFehler) as info:
        lies_xlsx(RIESIG[art], "unterbringung.xlsx", "Unterbringung")
    meldung = str(info.value)
    assert meldung.startswith("unterbringung.xlsx: ")
    assert "erlaubt sind höchstens 5.000.000 Zellen" in meldung or "kündigt 4.294.967.295 Texte an" in meldung


@pytest.mark.parametrize("art", sorted(RIESIG))
def test_if_the_scan_lets_it_through_the_child_process_catches_the_abort(art):
    """The second line of defence: calamine without the scan aborts in the child, not here."""
    with pytest.raises(FormatFehler, match="das Lesen brach ab") as info:
        im_kindprozess(
            lambda: _calamine(RIESIG[art], "unterbringung.xlsx", "Unterbringung"), "unterbringung.xlsx"
        )
    assert str(info.value).startswith("unterbringung.xlsx: ")
    assert "Arbeitsspeicher" in str(info.value)


@pytest.mark.parametrize(
    ("art", "meldung"),
    [
        ("Entitäten-Bombe (DTD)", "enthält eine DTD; Excel-Arbeitsmappen haben keine"),
        ("Zeile 0", "die Zeile 0 liegt außerhalb des Excel-Rasters"),
        ("keine Zellbezeichnung", "„1A“ ist keine Zellbezeichnung"),
        ("Spalte hinter XFD", "die Zelle XFE1 liegt außerhalb des Excel-Rasters"),
        ("kein XML", "ist kein gültiges XML (Zeile 1: mismatched tag)"),
    ],
)
def test_invalid_sheet_xml_is_refused_with_the_part_named(art, meldung):
    with pytest.raises(FormatFehler) as info:
        blaetter(UNGUELTIG[art], "bericht.xlsx")
    assert str(info.value).startswith("bericht.xlsx: ‚xl/worksheets/sheet1.xml‘ ")
    assert meldung in str(info.value)


def test_references_calamine_accepts_are_read_as_calamine_reads_them():
    """Lower-case letters, leading zeros and other quoting inside the grid are fine: same cells as Excel's."""
    from .xlsx_boesartig import mappe

    zeilen = (
        b"<row r='1'><c r='a1' t='inlineStr'><is><t>Gemeinde</t></is></c>"
        b'<c r = "B01" t="inlineStr"><is><t>Anzahl</t></is></c></row>'
        b'<row r="2"><c x=">" r="A2" t="inlineStr"><is><t>Wildau</t></is></c><c r="b0002"><v>3</v></c></row>'
    )
    t = lies_xlsx(mappe(zeilen), "klein.xlsx", "Unterbringung")
    assert t.spalten == ("Gemeinde", "Anzahl")
    assert [z.felder for z in t.zeilen] == [{"Gemeinde": "Wildau", "Anzahl": "3"}]


def test_child_process_time_limit():
    t0 = time.monotonic()
    with pytest.raises(FormatFehler, match=r"langsam\.xlsx: .*dauerte länger als 1 s"):
        im_kindprozess(lambda: time.sleep(30), "langsam.xlsx", sekunden=1)
    assert time.monotonic() - t0 < 25  # the child was killed, not waited for


def test_child_process_returns_values_and_german_errors_unchanged():
    assert im_kindprozess(lambda: [[1, "a"], [2.5, None]], "x.xlsx") == [[1, "a"], [2.5, None]]

    def fehler() -> None:
        raise FormatFehler("x.xlsx", "kaputt", 7, "C", "Blatt1")

    with pytest.raises(FormatFehler) as info:
        im_kindprozess(fehler, "x.xlsx")
    assert str(info.value) == "x.xlsx, Blatt „Blatt1“, Zeile 7, Spalte C: kaputt"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "art", ["einfache Anführungszeichen", "> in einem Attribut davor", "Kleinbuchstaben"]
)
def test_web_upload_through_a_profile_rejects_and_the_server_lives_on(art, client):
    """Finding 1 exactly: the upload form with profile sozialamt_unterbringung killed the server process."""
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile

    from integrationsmonitor.store.models import Lieferung

    client.force_login(get_user_model().objects.create_superuser("redaktion", "r@example.org", "x"))
    antwort = client.post(
        "/lieferungen/",
        {
            "datensatz": "",
            "zeitraum": "",
            "profil": "sozialamt_unterbringung",
            "datei": SimpleUploadedFile("unterbringung_2024.xlsx", RIESIG[art]),
        },
    )
    html = antwort.content.decode()
    assert antwort.status_code == 400, html[:500]
    assert "unterbringung_2024.xlsx: ein Tabellenblatt (sheet1.xml) reicht über 1048576 Zeilen" in html
    assert not Lieferung.objects.exists()
    assert client.get("/").status_code == 200  # still serving

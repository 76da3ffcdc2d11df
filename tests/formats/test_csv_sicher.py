"""CSV written by the product cannot smuggle formulas into a spreadsheet."""

from __future__ import annotations

import csv
import io

import pytest

from integrationsmonitor.formats.csv_sicher import schreiber, zeile, zelle


@pytest.mark.parametrize(
    ("text", "sicher"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+49 30 1234", "'+49 30 1234"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUMME(A1)", "'@SUMME(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-5", "-5"),
        ("-1,5", "-1,5"),
        ("-1.234,5", "-1.234,5"),
        ("+3", "+3"),
        ("-0.25", "-0.25"),
        ("-1.5e3", "-1.5e3"),
        ("-", "-"),  # GENESIS: nichts vorhanden
        ("Polen", "Polen"),
        ("", ""),
        ("a=b", "a=b"),
    ],
)
def test_zelle(text, sicher):
    assert zelle(text) == sicher


def test_schreiber_writes_safe_rows():
    puffer = io.StringIO()
    w = schreiber(puffer, delimiter=";", lineterminator="\n")
    w.writerow(["gebiet", "wert"])
    w.writerows([["=1+1", -5], ["Polen", None], ["@x", 1.5]])
    assert puffer.getvalue() == "gebiet;wert\n'=1+1;-5\nPolen;\n'@x;1.5\n"
    assert list(csv.reader(io.StringIO(puffer.getvalue()), delimiter=";"))[1] == ["'=1+1", "-5"]
    assert zeile(["-", 3, "=A1"]) == ["-", 3, "'=A1"]

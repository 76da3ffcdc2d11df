"""FactSheet rules on small data: the publication rule, empty quarters, and `imon factsheet` as users run it."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from integrationsmonitor.publish.factsheet import baue_factsheet
from integrationsmonitor.store.selectors import DbQuelle
from web.conftest import AUSLAENDER_2024, BEVOELKERUNG_2024, LIEFERUNGEN, liefern

IMON = str(Path(sys.executable).parent / "imon")


@pytest.mark.django_db
def test_secret_values_show_a_dot_with_the_reason(katalog):
    for lf in LIEFERUNGEN[:-1]:
        liefern(katalog, *lf)
    liefern(katalog, "einbuergerungen", "2024", "e.csv",
            "gebiet;zeitraum;staatsangehoerigkeit;geschlecht;wert;kennzeichen\n12061;2024;_T;_T;;g\n")  # fmt: skip
    fs = baue_factsheet(katalog, DbQuelle(katalog), "2024-Q4")
    k = {k.id: k for k in fs.kennzahlen}
    assert k["einbuergerungen"].wert == "." and k["einbuergerungen"].fussnote == "2024: geheim gehalten"
    assert k["auslaender_gesamt"].wert == "14.933"
    abb = {a.id: a for a in fs.abbildungen}
    assert "einbuergerungen" not in abb  # a chart without any value is left out; the card says why


@pytest.mark.django_db
def test_quarter_uses_the_newest_period_up_to_its_end(katalog):
    for lf in LIEFERUNGEN:
        liefern(katalog, *lf)
    q3 = baue_factsheet(katalog, DbQuelle(katalog), "2024-Q3")
    assert {k.id: k.periode for k in q3.kennzahlen}["auslaender_gesamt"] == "2023"  # 2024 is 31.12.2024
    assert baue_factsheet(katalog, DbQuelle(katalog), "Q1/2025").ausgabe == "1. Quartal 2025"


def _imon(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "IMON_DATABASE_URL"}
    return subprocess.run([IMON, *args], capture_output=True, text=True, env=env, timeout=180)


def test_imon_factsheet_writes_the_archived_pdf(tmp_path):
    db = f"sqlite:///{tmp_path / 'imon.sqlite3'}"
    leer = _imon("factsheet", "2024-Q4", "-o", str(tmp_path / "x.pdf"), "--db", db)
    assert leer.returncode == 1 and "das FactSheet wäre leer" in leer.stderr
    for name, ds, text in (("b.csv", "bevoelkerung_melderegister", BEVOELKERUNG_2024),
                           ("a.csv", "auslaender_bestand", AUSLAENDER_2024)):  # fmt: skip
        (tmp_path / name).write_text(text, encoding="utf-8")
        r = _imon("deliver", str(tmp_path / name), "--dataset", ds, "--period", "2024", "--db", db)
        assert r.returncode == 0, r.stderr
    erst = _imon("factsheet", "2024-Q4", "-o", str(tmp_path / "fs.pdf"), "--db", db)
    assert erst.returncode == 0, erst.stderr
    assert "erstellt und archiviert" in erst.stdout
    text = " ".join(PdfReader(io.BytesIO((tmp_path / "fs.pdf").read_bytes())).pages[0].extract_text().split())
    assert "14.933" in text and "8,2 %" in text  # 14.933 of 182.110
    wieder = _imon("factsheet", "2024Q4", "-o", str(tmp_path / "fs2.pdf"), "--db", db)
    assert "aus dem Archiv" in wieder.stdout
    assert (tmp_path / "fs2.pdf").read_bytes() == (tmp_path / "fs.pdf").read_bytes()
    senden = _imon("factsheet", "2024-Q4", "-o", str(tmp_path / "fs3.pdf"), "--send", "--db", db)
    assert senden.returncode == 0, senden.stderr
    assert "Für 0 Abonnentinnen und Abonnenten eingereiht (factsheet-2024-Q4-1)" in senden.stdout
    bericht = _imon("report", "2024", "-o", str(tmp_path / "bericht"), "--db", db)
    assert bericht.returncode == 0, bericht.stderr
    assert "14.933" in (tmp_path / "bericht" / "bericht_2024.html").read_text(encoding="utf-8")
    assert (tmp_path / "bericht" / "bericht_2024.pdf").read_bytes().startswith(b"%PDF")
    falsch = _imon("factsheet", "2024-Q5", "--db", db)
    assert falsch.returncode == 2 and "QUARTER: ‚2024-Q5‘ ist kein gültiger Zeitraum" in falsch.stderr

"""`imon deliver` and `imon engagement-deliver` for the initiatives' figures (docs/geheimhaltung.md, section 8):
the platform forms the sums under the rules on this path too, and the Amt publishes a year at once."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from .test_cli import imon

KOPF = "gebiet;zeitraum;initiative;kennzahl;wert;kennzeichen\n"
FEIN = (
    "12061260;2024;sprechcafe-kw-demo;ehrenamtliche;39;\n"
    "12061316;2024;patenschaften-luebben-demo;ehrenamtliche;34;\n"
    "12061316;2024;patenschaften-luebben-demo;patenschaften;29;\n"
    "12061540;2024;willkommen-wildau-demo;ehrenamtliche;22;\n"
    "12061540;2024;willkommen-wildau-demo;patenschaften;19;\n"
)


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'imon.sqlite3'}"


def test_imon_deliver_applies_the_rule_and_engagement_deliver_publishes_the_year(db, tmp_path):
    leer = imon("engagement-deliver", "--year", "2024", "--db", db)
    assert leer.returncode == 1 and "nichts zu veröffentlichen" in leer.stderr, leer.stderr

    nur_summen = tmp_path / "summen.csv"
    nur_summen.write_text(KOPF + "12061;2024;_T;ehrenamtliche;95;\n", encoding="utf-8")
    args = ["--dataset", "engagement_kennzahlen", "--period", "2024", "--db", db]
    abgelehnt = imon("deliver", str(nur_summen), *args)
    assert abgelehnt.returncode == 1
    assert "summen.csv: der Datensatz engagement_kennzahlen" in abgelehnt.stderr
    assert "braucht die Zahlen jeder initiative einzeln" in abgelehnt.stderr

    datei = tmp_path / "amt.csv"  # a delivered sum of one initiative with its value: formed anew, secret
    datei.write_text(KOPF + FEIN + "12061316;2024;_T;ehrenamtliche;34;\n", encoding="utf-8")
    ok = imon("deliver", str(datei), *args)
    assert ok.returncode == 0, ok.stderr
    with sqlite3.connect(tmp_path / "imon.sqlite3") as c:
        zellen = dict(
            ((g, m), (w, k))
            for g, m, w, k in c.execute("SELECT gebiet, merkmale, wert, kennzeichen FROM store_beobachtung")
        )
    assert zellen[("12061316", "_T|ehrenamtliche")] == (None, "g")
    assert zellen[("12061", "_T|ehrenamtliche")] == (95.0, "")  # three initiatives
    assert zellen[("12061", "_T|patenschaften")] == (None, "g")  # two initiatives: secret at the Kreis too

    gleich = imon("engagement-deliver", "--year", "2024", "--db", db)  # no reports: the same figures
    assert gleich.returncode == 0, gleich.stderr
    assert "Unverändert" in gleich.stdout and "engagement_initiativen 2024" in gleich.stdout

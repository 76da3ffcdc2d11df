"""The demo files of issue 13: the initiatives' yearly figures and the Integreat export (demo/engagement.py)."""

from __future__ import annotations

import csv
import io

from integrationsmonitor.catalog.loader import katalog
from integrationsmonitor.demo import engagement as E
from integrationsmonitor.registry.engagement.demo import ANGABEN, INITIATIVEN


def _zeilen(jahr: int) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(E.engagement_datei(jahr).decode("utf-8")), delimiter=";"))


def test_the_seven_initiatives_are_those_of_the_registry_and_of_the_catalogue():
    assert E.INITIATIVEN == INITIATIVEN
    codes = katalog().codelisten["initiative"].codes
    assert {c: (codes[c].attribute["initiative"], codes[c].attribute["gemeinde"]) for c in codes} == {
        k: (k, g) for k, g in INITIATIVEN.items()
    }
    for kurzname, angaben in ANGABEN.items():  # same name, marked as demo
        assert codes[kurzname].name == angaben["name"] and "(Demo)" in angaben["name"]


def test_2024_more_than_150_volunteers_in_7_initiatives_earlier_years_as_before():
    for jahr, (ehrenamtliche, vereine) in {
        2020: (98, 4), 2021: (110, 5), 2022: (134, 6), 2023: (142, 6), 2024: (156, 7),
    }.items():  # fmt: skip
        kreis = {z["kennzahl"]: z["wert"] for z in _zeilen(jahr) if z["gebiet"] == "12061"}
        assert kreis["ehrenamtliche"] == str(ehrenamtliche) and "mit_ehrenamtlichen" not in kreis
        fein = [z for z in _zeilen(jahr) if z["initiative"] != "_T" and z["kennzahl"] == "ehrenamtliche"]
        assert sum(int(z["wert"]) for z in fein) == ehrenamtliche and len(fein) == vereine
        assert (
            E.initiativen_datei(jahr).decode().splitlines()[1]
            == f"12061;{jahr};mit_ehrenamtlichen;{vereine};"
        )


def test_no_sum_of_fewer_than_three_initiatives_has_a_value_not_even_at_the_kreis():
    for jahr in E.ENGAGEMENT_JAHRE:
        unten = [z for z in _zeilen(jahr) if z["initiative"] == "_T" and z["gebiet"] != "12061"]
        # the demo has one initiative per Gemeinde (and per Amt): every sum below the Kreis is secret
        assert unten and all(z["wert"] == "" and z["kennzeichen"] == "g" for z in unten)
    kreis = {z["kennzahl"]: z for z in _zeilen(2024) if z["gebiet"] == "12061" and z["initiative"] == "_T"}
    assert kreis["patenschaften"]["kennzeichen"] == "g"  # 29 + 19: two initiatives
    assert kreis["teilnehmende"]["wert"] == "1115"
    kreis = {z["kennzahl"]: z for z in _zeilen(2023) if z["gebiet"] == "12061" and z["initiative"] == "_T"}
    assert kreis["patenschaften"]["wert"] == "54"  # 31 + 17 + 6: three initiatives, none above 85 %


def test_integreat_export_sums_to_the_report_figure_and_is_marked_synthetic():
    text = E.integreat_export().decode("utf-8-sig")
    assert "synthetische Demodatei" in text.splitlines()[1]
    zellen = E.integreat_zellen()
    assert sum(a + w for a, w in zellen.values()) == 36382
    assert len({m for m, _s in zellen}) == 12 and round(36382 / 12) == 3032

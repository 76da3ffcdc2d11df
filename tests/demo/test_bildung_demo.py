"""The Bildung demo (demo/bildung.py): synthetic GENESIS school and Kita tables become the indicators.

Expected values are read here straight from the files' cells with the csv module (LDS rows, attribute
codes as GENESIS writes them), independently of the import and of the indicator engine.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from django.test import Client

from integrationsmonitor.catalog.loader import katalog
from integrationsmonitor.cli.main import main
from integrationsmonitor.collect.genesisauswahl import (
    doppelte_tabellen,
    genesisprofile,
    tabelle_im_dateinamen,
    waehle_genesisprofil,
)
from integrationsmonitor.demo import bildung
from integrationsmonitor.indicators.engine import reihe
from integrationsmonitor.store.genesis import importiere_genesis
from integrationsmonitor.store.models import Beobachtung, Lieferung
from integrationsmonitor.store.selectors import DbQuelle

DATEN = Path(bildung.__file__).parent / "data"
SCHUELER = DATEN / "21111-01-03-4_synthetisch_de_flat.csv"
ABGAENGER = DATEN / "21111-02-06-4_synthetisch_de_flat.csv"
KITA = DATEN / "22541-01-01-4_synthetisch_de_flat.csv"
JAHRE = [str(j) for j in range(2019, 2025)]
INDIKATOREN = (
    "anteil_auslaendische_schueler",
    "schulabgaenger_ohne_abschluss_ausl",
    "schulabgaenger_ohne_abschluss",
    "schulabgaenger_hochschulreife_ausl",
    "kita_nichtdeutsche_familiensprache",
)


def _zellen(pfad: Path, kreis: str = "12061") -> dict[tuple[str, ...], str]:
    """(period as the catalogue counts it, attribute codes of the non-regional variables…) -> value text."""
    text = pfad.read_bytes().decode("utf-8")
    assert text.startswith("\ufeff")  # the real ffcsv layout: UTF-8 with BOM
    zellen = {}
    for z in csv.DictReader(io.StringIO(text[1:]), delimiter=";"):
        assert z["1_variable_code"] == "KREISE"
        if z["1_variable_attribute_code"] != kreis:
            continue
        zeit = z["time"][:4]  # school year 2023/24 -> 2023 (beginning), Stichtag 2024-03-01 -> 2024
        codes = tuple(z[f"{i}_variable_attribute_code"] for i in range(2, 5) if f"{i}_variable_code" in z)
        zellen[(zeit, *codes)] = z["value"]
    return zellen


def _zahl(text: str) -> int:
    return 0 if text == "-" else int(text)


@pytest.fixture
def geliefert(db: None) -> list[str]:
    hinweise: list[str] = []
    ergebnisse = bildung.liefere_bildung(katalog(), "test", set(), hinweise.append)
    assert all(e.angenommen for e in ergebnisse)
    return [f"{e.lieferung.datensatz} {e.lieferung.zeitraum}" for e in ergebnisse if e.lieferung]


def _werte(indikator: str, nach: str | None = None) -> dict[tuple[str, str | None], float | None]:
    zeilen = reihe(katalog(), DbQuelle(katalog()), indikator, nach=nach)
    return {(r.period, r.category): r.value for r in zeilen}


def test_every_year_of_the_three_tables_is_delivered_as_official_demo(geliefert: list[str]) -> None:
    erwartet = [f"{d} {j}" for d in ("schueler_schulart", "schulabgaenger_abschluss") for j in JAHRE]
    assert geliefert == erwartet + [f"kita_kinder_sprache {j}" for j in JAHRE]
    lieferungen = Lieferung.objects.filter(datensatz__in=["schueler_schulart", "kita_kinder_sprache"])
    assert lieferungen.count() == 12
    assert all(lf.ist_demo and lf.lieferant == "statistik" for lf in lieferungen)


def test_other_kreise_and_the_darunter_row_never_reach_a_delivery(geliefert: list[str]) -> None:
    gebiete = set(Beobachtung.objects.values_list("gebiet", flat=True))
    assert gebiete == {"12061"}
    # per year and county: 8 × 3 × 3 pupil cells, 7 × 3 × 3 leaver cells (without ABS-FORQ), 3 × 3 Kita cells
    for datensatz, zellen in (
        ("schueler_schulart", 72),
        ("schulabgaenger_abschluss", 63),
        ("kita_kinder_sprache", 9),
    ):
        anzahl = Beobachtung.objects.filter(
            lieferung__datensatz=datensatz, lieferung__zeitraum="2022"
        ).count()
        assert anzahl == zellen, datensatz
    assert "ABS-FORQ" in ABGAENGER.read_text(encoding="utf-8-sig")
    assert "12060" in SCHUELER.read_text(encoding="utf-8-sig")


def test_share_of_foreign_pupils_overall_and_per_school_type(geliefert: list[str]) -> None:
    z = _zellen(SCHUELER)
    gesamt = _werte("anteil_auslaendische_schueler")
    nach_art = _werte("anteil_auslaendische_schueler", "schulart")
    for j in JAHRE:
        assert gesamt[(j, None)] == pytest.approx(
            _zahl(z[(j, "", "NATA", "")]) / _zahl(z[(j, "", "", "")]) * 100
        )
        for genesis, code in (
            ("SA-GYM", "gymnasium"),
            ("SA-OS", "oberschule"),
            ("SA-ZBW", "zweiter_bildungsweg"),
        ):
            erwartet = _zahl(z[(j, genesis, "NATA", "")]) / _zahl(z[(j, genesis, "", "")]) * 100
            assert nach_art[(j, code)] == pytest.approx(erwartet)
    assert z[("2019", "SA-ZBW", "NATA", "")] == "-" and nach_art[("2019", "zweiter_bildungsweg")] == 0.0


def test_the_import_reports_the_darunter_row_it_skips(db: None) -> None:
    hinweise: list[str] = []
    ergebnis = importiere_genesis(katalog(), ABGAENGER, benutzer="t", hinweis=hinweise.append)
    assert ergebnis.angenommen, ergebnis.probleme
    assert any("ABS-FORQ" in h for h in hinweise), hinweise


def test_a_secret_cell_of_the_office_stays_secret(geliefert: list[str]) -> None:
    assert _zellen(SCHUELER)[("2020", "SA-ZBW", "NATD", "GESW")] == "."
    zelle = Beobachtung.objects.get(
        lieferung__datensatz="schueler_schulart",
        lieferung__zeitraum="2020",
        merkmale="zweiter_bildungsweg|deutsch|w",
    )
    assert zelle.wert is None and zelle.kennzeichen == "g"


def test_school_leavers_without_qualification_and_with_hochschulreife(geliefert: list[str]) -> None:
    z = _zellen(ABGAENGER)
    ohne_ausl = _werte("schulabgaenger_ohne_abschluss_ausl")
    vergleich = _werte("schulabgaenger_ohne_abschluss", "nationalitaet")
    hochschulreife = _werte("schulabgaenger_hochschulreife_ausl")
    for j in JAHRE:
        for nat, code in (("NATA", "auslaendisch"), ("NATD", "deutsch")):
            alle = _zahl(z[(j, "", nat, "")])
            anteil = _zahl(z[(j, "ABS-OHNE", nat, "")]) / alle * 100
            assert vergleich[(j, code)] == pytest.approx(anteil)
            if nat == "NATA":
                assert ohne_ausl[(j, None)] == pytest.approx(anteil)
                hr = _zahl(z[(j, "ABS-FHR", nat, "")]) + _zahl(z[(j, "ABS-AHR", nat, "")])
                assert hochschulreife[(j, None)] == pytest.approx(hr / alle * 100)
    # the gap the comparison is for: foreign leavers more often leave without a qualification
    assert all(vergleich[(j, "auslaendisch")] > vergleich[(j, "deutsch")] for j in JAHRE)


def test_kita_children_with_non_german_family_language(geliefert: list[str]) -> None:
    z = _zellen(KITA)
    gesamt = _werte("kita_nichtdeutsche_familiensprache")
    nach_alter = _werte("kita_nichtdeutsche_familiensprache", "altersgruppe")
    for j in JAHRE:
        assert gesamt[(j, None)] == pytest.approx(
            _zahl(z[(j, "", "FAMSPR-ND")]) / _zahl(z[(j, "", "")]) * 100
        )
        for genesis, code in (("ALT000B03", "unter_3"), ("ALT003BSE", "ab_3")):
            erwartet = _zahl(z[(j, genesis, "FAMSPR-ND")]) / _zahl(z[(j, genesis, "")]) * 100
            assert nach_alter[(j, code)] == pytest.approx(erwartet)


def test_imon_indicators_lists_bildung(db: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["indicators"]) == 0
    spalten = [re.split(r"\s{2,}", z) for z in capsys.readouterr().out.splitlines()]
    assert sorted(s[0] for s in spalten if len(s) > 1 and s[1] == "Bildung") == sorted(INDIKATOREN)


@pytest.mark.parametrize("indikator", INDIKATOREN)
def test_the_indicator_page_renders_with_values(geliefert: list[str], client: Client, indikator: str) -> None:
    antwort = client.get(f"/indikatoren/{indikator}/")
    assert antwort.status_code == 200
    html = antwort.content.decode()
    assert katalog().indikatoren[indikator].name in html and "Bildung" in html
    assert '<th scope="row">2024</th>' in html and "Amt für Statistik Berlin-Brandenburg" in html


def test_the_profiles_serve_the_files_by_their_table_code() -> None:
    k = katalog()
    assert doppelte_tabellen(genesisprofile(k)) == []
    for datei, profil, datensatz in (
        (SCHUELER, "schueler_21111", "schueler_schulart"),
        (ABGAENGER, "schulabgaenger_21111", "schulabgaenger_abschluss"),
        (KITA, "kita_22541", "kita_kinder_sprache"),
    ):
        gewaehlt = waehle_genesisprofil(k, tabelle_im_dateinamen(datei.name), datei.name[:5], datei.name)
        assert (gewaehlt.name, gewaehlt.datensatz) == (profil, datensatz)
    # the period is the year in which the school year begins, as the datasets describe it
    assert waehle_genesisprofil(k, "21111-02-06-4", "21111", "x").periode("2023/24") == ("2023", "")

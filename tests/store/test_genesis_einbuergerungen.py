"""Einbürgerungen (GENESIS 12511) from the real classic table and its flat-file form into `einbuergerungen_amtlich`
(the official dataset; the Einbürgerungsbehörde's own delivery `einbuergerungen` is never touched)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from integrationsmonitor.catalog.loader import katalog
from integrationsmonitor.indicators.engine import indikator_wert
from integrationsmonitor.store.genesis import importiere_genesis
from integrationsmonitor.store.ingest import liefere
from integrationsmonitor.store.models import Beobachtung, Lieferung
from integrationsmonitor.store.selectors import DbQuelle

DATEN = Path(__file__).parent.parent / "formats" / "data"
KLASSISCH = DATEN / "12511-01-01-4__BB-12.csv"
FLAT = DATEN / "12511-01-01-4_derived_flat__BB-12.csv"

# Dahme-Spreewald, column "Insgesamt", read off the rows `<Jahr>;12061;      Dahme-Spreewald, Landkreis;…`
LDS = {"2011": 70, "2012": 23, "2013": 45, "2014": 82, "2015": 65, "2016": 56}
LDS_2014_ZEILE = 53  # line of `2014;12061;…` in the classic file (8 header lines, 19 rows per year)


def _beobachtungen() -> dict[str, list[tuple[str, str, float | None, str]]]:
    """Active observations per period: (gebiet, merkmale, wert, kennzeichen)."""
    aktiv = Beobachtung.objects.filter(
        lieferung__status=Lieferung.Status.AKTIV, lieferung__datensatz="einbuergerungen_amtlich"
    )
    je: dict[str, list[tuple[str, str, float | None, str]]] = {}
    for b in aktiv.select_related("lieferung").order_by("lieferung__zeitraum"):
        je.setdefault(b.lieferung.zeitraum, []).append((b.gebiet, b.merkmale, b.wert, b.kennzeichen))
    return je


def _ersetze(pfad: Path, tmp_path: Path, alt: bytes, neu: bytes) -> Path:
    roh = pfad.read_bytes()
    assert roh.count(alt) == 1, alt
    ziel = tmp_path / pfad.name
    ziel.write_bytes(roh.replace(alt, neu))
    return ziel


@pytest.mark.django_db
@pytest.mark.parametrize("pfad", [KLASSISCH, FLAT], ids=["klassisch", "flat"])
def test_all_six_years_of_lds_arrive_as_totals_without_flag(pfad):
    hinweise: list[str] = []
    ergebnis = importiere_genesis(katalog(), pfad, benutzer="t", hinweis=hinweise.append)
    assert ergebnis.angenommen, ergebnis.probleme
    assert len(ergebnis.weitere) == 5
    assert _beobachtungen() == {j: [("12061", "_T|_T", float(w), "")] for j, w in LDS.items()}
    lieferungen = Lieferung.objects.filter(datensatz="einbuergerungen_amtlich")
    # one hash per period: the file and the cells converted from it (a corrected profile is a new delivery)
    hashes = {lf.datei_hash for lf in lieferungen}
    assert len(hashes) == 6 and hashlib.sha256(pfad.read_bytes()).hexdigest() not in hashes
    assert {lf.lieferant for lf in lieferungen} == {"statistik"} and all(lf.amtlich for lf in lieferungen)
    assert not Lieferung.objects.filter(datensatz="einbuergerungen").exists()
    einheit = "Zelle(n)" if pfad == KLASSISCH else "Zeile(n)"
    # 6 continents x 6 years of LDS; other Kreise and the Land row are not counted, they are not the county's
    assert (
        f"36 {einheit} nicht übernommen: Aufgliederung nach STAKNW (im Datensatz nicht vorgesehen)"
        in hinweise
    )
    assert not any("Lieferant des Datensatzes" in h for h in hinweise)


@pytest.mark.django_db
def test_the_flat_form_supersedes_the_classic_import_with_equal_values():
    k = katalog()
    assert importiere_genesis(k, KLASSISCH, benutzer="t").angenommen
    klassisch = _beobachtungen()
    assert importiere_genesis(k, FLAT, benutzer="t").angenommen
    assert _beobachtungen() == klassisch
    assert Lieferung.objects.filter(status=Lieferung.Status.ERSETZT).count() == 6


@pytest.mark.django_db
def test_the_office_delivery_and_its_indicator_stay_untouched_by_the_import():
    """The Einbürgerungsbehörde's protected delivery of 2014 stays active; the indicator shows its figure,
    protected by the platform, not the GENESIS total."""
    k = katalog()
    amt = b"gebiet;zeitraum;staatsangehoerigkeit;geschlecht;wert;kennzeichen\n12061;2014;_T;_T;80;\n"
    assert liefere(katalog=k, daten=amt, datei_name="amt.csv", datensatz="einbuergerungen", zeitraum="2014",
                   benutzer="amt").angenommen  # fmt: skip
    assert importiere_genesis(k, KLASSISCH, benutzer="t").angenommen
    aktiv = Lieferung.objects.get(datensatz="einbuergerungen", status=Lieferung.Status.AKTIV)
    assert (aktiv.datei_name, aktiv.amtlich) == ("amt.csv", False)
    assert indikator_wert(k, DbQuelle(k), k.indikatoren["einbuergerungen"], "12061", "2014").value == 80
    assert _beobachtungen()["2014"] == [("12061", "_T|_T", 82.0, "")]


@pytest.mark.django_db
@pytest.mark.parametrize("symbol", [".", "...", "x", "/"])
def test_a_symbol_in_the_lds_total_is_missing_with_flag_g_not_zero(tmp_path, symbol):
    pfad = _ersetze(
        KLASSISCH,
        tmp_path,
        b"Dahme-Spreewald, Landkreis;65;",
        f"Dahme-Spreewald, Landkreis;{symbol};".encode(),
    )
    hinweise: list[str] = []
    ergebnis = importiere_genesis(katalog(), pfad, benutzer="t", hinweis=hinweise.append)
    assert ergebnis.angenommen, ergebnis.probleme
    je = _beobachtungen()
    assert je["2015"] == [("12061", "_T|_T", None, "g")]
    assert je["2016"] == [("12061", "_T|_T", 56.0, "")]
    if symbol != ".":
        assert f"2015: Zellen ohne Wert (1× ‚{symbol}‘) als fehlend (Kennzeichen g) übernommen" in hinweise


@pytest.mark.django_db
def test_a_symbol_in_the_flat_file_is_missing_too(tmp_path):
    alt = "12061;Dahme-Spreewald, Landkreis;STAKNW;Kontinente (einschl. staatenlos etc.);;Insgesamt;82;"
    pfad = _ersetze(FLAT, tmp_path, alt.encode(), alt.replace(";82;", ";/;").encode())
    assert importiere_genesis(katalog(), pfad, benutzer="t").angenommen
    assert _beobachtungen()["2014"] == [("12061", "_T|_T", None, "g")]


@pytest.mark.django_db
def test_a_dash_for_lds_in_a_year_is_not_read_as_zero(tmp_path):
    """With one cell per year, a `-` total cannot tell 0 from "not covered": the year is left out."""
    pfad = _ersetze(
        KLASSISCH,
        tmp_path,
        b"Dahme-Spreewald, Landkreis;56;-;1;17;-;34;4",
        b"Dahme-Spreewald, Landkreis;-;-;-;-;-;-;-",
    )
    hinweise: list[str] = []
    ergebnis = importiere_genesis(katalog(), pfad, benutzer="t", hinweis=hinweise.append)
    assert ergebnis.angenommen, ergebnis.probleme
    assert sorted(_beobachtungen()) == ["2011", "2012", "2013", "2014", "2015"]
    assert any(h.startswith("2016: alle Zellen des Kreises sind ‚-‘") for h in hinweise)


@pytest.mark.django_db
def test_a_broken_classic_cell_names_file_row_column_and_reason_and_stores_nothing(tmp_path):
    pfad = _ersetze(KLASSISCH, tmp_path, b"Dahme-Spreewald, Landkreis;82;", b"Dahme-Spreewald, Landkreis;8Z;")
    ergebnis = importiere_genesis(katalog(), pfad, benutzer="t")
    assert not ergebnis.angenommen
    assert ergebnis.probleme == [
        f"12511-01-01-4__BB-12.csv, Zeile {LDS_2014_ZEILE}, Spalte 4 (Einbürgerungen von Ausländern / "
        "Kontinente (einschl. staatenlos etc.) / Insgesamt / Anzahl): "
        "‚8Z‘ ist weder Zahl noch GENESIS-Zeichen (-, ., ..., x, /)"
    ]
    assert Lieferung.objects.count() == 0 and Beobachtung.objects.count() == 0


@pytest.mark.django_db
def test_a_broken_flat_cell_names_file_row_and_column(tmp_path):
    alt = "12061;Dahme-Spreewald, Landkreis;STAKNW;Kontinente (einschl. staatenlos etc.);;Insgesamt;45;"
    pfad = _ersetze(FLAT, tmp_path, alt.encode(), alt.replace(";45;", ";vierzig;").encode())
    nr = 1 + next(
        i for i, z in enumerate(pfad.read_text(encoding="utf-8-sig").splitlines()) if "vierzig" in z
    )
    ergebnis = importiere_genesis(katalog(), pfad, benutzer="t")
    assert not ergebnis.angenommen
    assert ergebnis.probleme[0].startswith(
        f"{FLAT.name}, Zeile {nr}, Spalte ‚value‘: ‚vierzig‘ ist weder Zahl"
    )
    assert Lieferung.objects.count() == 0


@pytest.mark.django_db
def test_a_classic_column_of_another_measure_is_refused_not_imported(tmp_path):
    pfad = _ersetze(
        KLASSISCH,
        tmp_path,
        b";Anzahl;Anzahl;Anzahl;Anzahl;Anzahl;Anzahl;Anzahl",
        b";Anzahl;Anzahl;Anzahl;Anzahl;Anzahl;Anzahl;Prozent",
    )
    ergebnis = importiere_genesis(katalog(), pfad, benutzer="t")
    assert not ergebnis.angenommen
    assert ergebnis.probleme[0].startswith(
        "12511-01-01-4__BB-12.csv, Spalte 10: Spaltenkopf ‚Prozent‘ ist keinem Merkmal"
    )
    assert Lieferung.objects.count() == 0


def _flat(zeilen: list[tuple[str, str, str]]) -> bytes:
    """A 12511 flat file with nationality and sex (layout of the derived fixture, values made up)."""
    kopf = FLAT.read_text(encoding="utf-8-sig").splitlines()[0].split(";")
    kopf[13:13] = [
        "3_variable_code",
        "3_variable_label",
        "3_variable_attribute_code",
        "3_variable_attribute_label",
    ]
    rows = [
        f"12511;Einbürgerungsstatistik;JAHR;Jahr;2024;KREISE;Kreise und kreisfreie Städte;12061;Dahme-Spreewald, "
        f"Landkreis;STAAG5;Staatsangehörigkeit;{staat};x;GES;Geschlecht;{ges};x;{wert};Anzahl;BEV008;Einbürgerungen"
        for staat, ges, wert in zeilen
    ]
    return ("\ufeff" + "\n".join([";".join(kopf), *rows]) + "\n").encode()


@pytest.mark.django_db
def test_nationalities_and_sex_map_through_the_12531_translation_and_dash_is_zero_where_covered(tmp_path):
    pfad = tmp_path / "12511_staag.csv"
    pfad.write_bytes(
        _flat([("", "", "5"), ("", "GESM", "3"), ("", "GESW", "2"),
               ("ST152", "", "3"), ("ST152", "GESM", "3"), ("ST152", "GESW", "-"),
               ("ST475", "", "2"), ("ST475", "GESM", "-"), ("ST475", "GESW", "2")])
    )  # fmt: skip
    ergebnis = importiere_genesis(katalog(), pfad, benutzer="t")
    assert ergebnis.angenommen, ergebnis.probleme
    werte = {m: w for _, m, w, _ in _beobachtungen()["2024"]}
    assert werte["152|w"] == 0 and werte["475|m"] == 0  # `-` in a covered year: a true zero
    assert werte["152|m"] == 3 and werte["475|w"] == 2 and werte["_T|_T"] == 5

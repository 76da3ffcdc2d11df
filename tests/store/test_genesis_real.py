"""Importing real GENESIS tables through the delivery path: classic 12411 and Schutzsuchende 12531."""

from __future__ import annotations

from pathlib import Path

import pytest

from integrationsmonitor.catalog.loader import katalog
from integrationsmonitor.indicators.engine import indikator_wert, kategorien
from integrationsmonitor.store.genesis import importiere_genesis
from integrationsmonitor.store.models import Beobachtung, Lieferung
from integrationsmonitor.store.selectors import DbQuelle

DATEN = Path(__file__).parent.parent / "formats" / "data"
KLASSISCH = DATEN / "12411-01-01-4.csv"
FLAT_BEV = DATEN / "12411-01-01-4_1773175772751_de_flat.csv"
SCHUTZ = DATEN / "12531-0043_175879554_flat__LDS-12061.csv"


def _werte(lieferung: Lieferung) -> dict[tuple[str, str], float | None]:
    return {(b.gebiet, b.merkmale): b.wert for b in Beobachtung.objects.filter(lieferung=lieferung)}


@pytest.mark.django_db
def test_classic_12411_imports_lds_2015_into_bevoelkerung_amtlich():
    hinweise: list[str] = []
    ergebnis = importiere_genesis(katalog(), KLASSISCH, benutzer="t", hinweis=hinweise.append)
    assert ergebnis.angenommen, ergebnis.probleme
    lf = ergebnis.lieferung
    assert lf is not None and (lf.datensatz, lf.zeitraum, lf.lieferant) == (
        "bevoelkerung_amtlich",
        "2015",
        "statistik",
    )
    assert _werte(lf) == {("12061", "_T"): 164528, ("12061", "m"): 81587, ("12061", "w"): 82941}
    assert ergebnis.weitere == [] and hinweise == []


@pytest.mark.django_db
def test_classic_and_flat_files_of_12411_sit_side_by_side():
    assert importiere_genesis(katalog(), KLASSISCH, benutzer="t").angenommen
    assert importiere_genesis(katalog(), FLAT_BEV, benutzer="t").angenommen
    assert sorted(Lieferung.objects.values_list("zeitraum", flat=True)) == ["2015", "2024"]


@pytest.mark.django_db
def test_schutzsuchende_imports_only_top_level_categories_and_says_so():
    hinweise: list[str] = []
    ergebnis = importiere_genesis(katalog(), SCHUTZ, benutzer="t", hinweis=hinweise.append)
    assert ergebnis.angenommen, ergebnis.probleme
    lf = ergebnis.lieferung
    assert lf is not None and (lf.datensatz, lf.zeitraum) == ("schutzsuchende", "2024")
    werte = _werte(lf)
    assert sum(v or 0 for v in werte.values()) == 3920
    je_status: dict[str, float] = {}
    for (_, merkmale), wert in werte.items():
        status, geschlecht, staat = merkmale.split("|")
        assert geschlecht in ("m", "w") and staat.isdigit() and len(staat) == 3
        je_status[status] = je_status.get(status, 0) + (wert or 0)
    assert je_status == {"offen": 760, "anerkannt": 2760, "ohne": 400}
    assert len(werte) == 49 + 34 + 28  # the fine cells of the three top-level categories
    ukraine = sum(v or 0 for (_, m), v in werte.items() if m.endswith("|166"))
    assert ukraine == 1370
    assert any(m.endswith("|998") for _, m in werte)  # UNK ungeklärt
    assert any(m.endswith("|997") for _, m in werte)  # ST997 staatenlos
    text = "\n".join(hinweise)
    for unter in ("SCHUTZST-AK-2", "SCHUTZST-AK-3", "SCHUTZST-AK-4", "SCHUTZST-AK-5", "AUSRPFL-G", "AUSRPFL-V", "AUSRPFL-L"):  # fmt: skip
        assert f"Unterkategorie {unter}" in text
    assert "153 Zeile(n)" not in text  # one line per sub-category, with its count
    assert sum(int(h.split()[0]) for h in hinweise if "Unterkategorie" in h) == 264 - 111


@pytest.mark.django_db
def test_the_schutzsuchende_indicator_derives_totals_from_the_fine_cells():
    k = katalog()
    assert importiere_genesis(k, SCHUTZ, benutzer="t").angenommen
    ind = k.indikatoren["schutzsuchende"]
    quelle = DbQuelle(k)
    assert indikator_wert(k, quelle, ind, "12061", "2024").value == 3920
    (schutzstatus,) = [a for a in ind.aufschluesselungen if a.merkmal == "schutzstatus"]
    werte = {
        c.code: indikator_wert(k, quelle, ind, "12061", "2024", c).value
        for c in kategorien(k, quelle, ind, schutzstatus, "12061", ["2024"])
    }
    assert werte == {"offen": 760, "anerkannt": 2760, "ohne": 400}


@pytest.mark.django_db
def test_rounded_totals_in_the_file_are_not_imported(tmp_path):
    zeilen = SCHUTZ.read_text(encoding="utf-8-sig").splitlines()
    kopf, erste = zeilen[0], zeilen[1].split(";")
    summe = list(erste)
    summe[11], summe[12], summe[15], summe[16], summe[19], summe[20], summe[21] = "", "Insgesamt", "", "Insgesamt", "", "Insgesamt", "3925"  # fmt: skip
    pfad = tmp_path / "12531_mit_summe.csv"
    pfad.write_text("\ufeff" + "\n".join([kopf, *zeilen[1:], ";".join(summe)]) + "\n", encoding="utf-8")
    hinweise: list[str] = []
    ergebnis = importiere_genesis(katalog(), pfad, benutzer="t", hinweis=hinweise.append)
    assert ergebnis.angenommen, ergebnis.probleme
    assert ("12061", "_T|_T|_T") not in _werte(ergebnis.lieferung)
    assert any("1 Summenzeile(n) nicht übernommen" in h for h in hinweise)


@pytest.mark.django_db
def test_an_unknown_nationality_rejects_the_file_at_its_line_and_stores_nothing(tmp_path):
    zeilen = SCHUTZ.read_text(encoding="utf-8-sig").splitlines()
    nr = next(i for i, z in enumerate(zeilen) if ";SCHUTZST-OF;" in z)
    felder = zeilen[nr].split(";")
    felder[19], felder[20] = "ST9999", "Atlantis"
    zeilen[nr] = ";".join(felder)
    text = "\n".join(zeilen) + "\n"
    pfad = tmp_path / "12531_kaputt.csv"
    pfad.write_text("\ufeff" + text, encoding="utf-8")
    ergebnis = importiere_genesis(katalog(), pfad, benutzer="t")
    assert not ergebnis.angenommen
    assert any(f"Zeile {nr + 1}" in p and "unbekannter Code ‚9999‘" in p for p in ergebnis.probleme), (
        ergebnis.probleme
    )
    assert Lieferung.objects.count() == 0 and Beobachtung.objects.count() == 0


@pytest.mark.django_db
def test_a_broken_classic_file_stores_nothing_and_names_line_and_column(tmp_path):
    pfad = tmp_path / "12411-01-01-4.csv"
    pfad.write_bytes(KLASSISCH.read_bytes().replace(b";164528;81587;", b";164528;8I587;"))
    ergebnis = importiere_genesis(katalog(), pfad, benutzer="t")
    assert not ergebnis.angenommen
    assert ergebnis.probleme[0].startswith(
        "12411-01-01-4.csv, Zeile 382, Spalte 4 (31.12.2015 / männlich): ‚8I587‘"
    )
    assert Lieferung.objects.count() == 0


@pytest.mark.django_db
def test_a_classic_margin_error_is_rejected_at_the_genesis_line(tmp_path):
    pfad = tmp_path / "12411-01-01-4.csv"
    pfad.write_bytes(KLASSISCH.read_bytes().replace(b";164528;81587;", b";164529;81587;"))
    ergebnis = importiere_genesis(katalog(), pfad, benutzer="t")
    assert not ergebnis.angenommen
    assert any("Zeile 382" in p and "Summe 164.529" in p for p in ergebnis.probleme), ergebnis.probleme
    assert Lieferung.objects.count() == 0


@pytest.mark.django_db
def test_a_period_where_the_county_is_all_dashes_is_not_read_as_zero(tmp_path):
    pfad = tmp_path / "12411-01-01-4.csv"
    pfad.write_bytes(KLASSISCH.read_bytes().replace(b";164528;81587;82941", b";-;-;-"))
    hinweise: list[str] = []
    ergebnis = importiere_genesis(katalog(), pfad, benutzer="t", hinweis=hinweise.append)
    assert not ergebnis.angenommen
    assert "keine Zellen des Kreises 12061" in ergebnis.probleme[0]
    assert Lieferung.objects.count() == 0


@pytest.mark.django_db
def test_an_unmapped_classic_column_head_is_refused(tmp_path):
    pfad = tmp_path / "12411-01-01-4.csv"
    pfad.write_bytes(
        KLASSISCH.read_bytes().replace(b";;Insgesamt;m\xe4nnlich;weiblich", b";;Insgesamt;m\xe4nnlich;divers")
    )
    ergebnis = importiere_genesis(katalog(), pfad, benutzer="t")
    assert (
        not ergebnis.angenommen
        and "Spalte 5: Spaltenkopf ‚divers‘ ist keinem Merkmal zugeordnet" in ergebnis.probleme[0]
    )

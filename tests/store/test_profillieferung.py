"""Delivering an office's table through a table profile: stored under the office's file and its SHA-256;
problems the store finds are told at their place in the office's file; a rejected file stores nothing."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from integrationsmonitor.catalog.loader import katalog
from integrationsmonitor.collect.tabellenprofil import lade_tabellenprofil
from integrationsmonitor.store.models import Beobachtung, Lieferung
from integrationsmonitor.store.profillieferung import liefere_mit_profil

BEISPIELE = Path(__file__).parents[2] / "src" / "integrationsmonitor" / "collect" / "beispiele"


def _liefern(profil: str, daten: bytes, datei: str, zeitraum: str | None = None):
    return liefere_mit_profil(katalog=katalog(), profil=lade_tabellenprofil(profil, katalog()), daten=daten,
                              datei_name=datei, benutzer="sozialamt", zeitraum=zeitraum)  # fmt: skip


@pytest.mark.django_db
def test_accepted_with_the_office_files_name_and_hash():
    daten = (BEISPIELE / "sozialamt_unterbringung_2024.xlsx").read_bytes()
    e = _liefern("sozialamt_unterbringung", daten, "sozialamt_unterbringung_2024.xlsx")
    assert e.angenommen, e.ergebnis.probleme
    lf = Lieferung.objects.get()
    assert (lf.datensatz, lf.zeitraum, lf.lieferant) == ("asyl_unterbringung", "2024", "sozialamt")
    assert lf.datei_name == "sozialamt_unterbringung_2024.xlsx"
    assert lf.datei_hash == hashlib.sha256(daten).hexdigest()
    assert lf.zellen == 95
    kw = Beobachtung.objects.get(lieferung=lf, gebiet="12061260", merkmale="wohnung|m")
    assert kw.wert == 116
    again = _liefern("sozialamt_unterbringung", daten, "sozialamt_unterbringung_2024.xlsx")
    assert again.ergebnis.unveraendert and Lieferung.objects.count() == 1


@pytest.mark.django_db
def test_store_problems_point_into_the_office_file_and_nothing_is_stored():
    text = (BEISPIELE / "melderegister_2024.csv").read_bytes().decode("cp1252")
    zeile = next(z for z in text.splitlines() if z.startswith("12061020;Bestensee;0 bis 5 Jahre;"))
    nr = text.splitlines().index(zeile) + 1
    felder = zeile.split(";")
    insgesamt = int(felder[6].replace(".", "")) + 1
    falsch = ";".join([*felder[:6], str(insgesamt)])  # insgesamt no longer m + w + d
    e = _liefern(
        "melderegister_bevoelkerung", text.replace(zeile, falsch).encode("cp1252"), "melderegister_2024.csv"
    )
    assert not e.angenommen
    (problem,) = e.ergebnis.probleme
    assert problem.startswith(f"melderegister_2024.csv, Zeile {nr}, Spalte 7 ‚insgesamt‘: Summe {insgesamt} ")
    assert "stimmt nicht mit der Summe" in problem
    assert not Lieferung.objects.exists() and not Beobachtung.objects.exists()


@pytest.mark.django_db
def test_dataset_level_rules_are_checked_on_the_converted_cells():
    roh = "Berichtsjahr;bisherige Staatsangehörigkeit;Geschlecht;Anzahl\n2024;Polen;weiblich;4\n".encode()
    e = _liefern("einbuergerungen_staaten", roh, "e.csv", "2024")
    assert e.angenommen and e.zeitraum == "2024"
    e = _liefern("einbuergerungen_staaten", roh, "e.csv", "24. Dezember")
    assert e.ergebnis.probleme == [
        "e.csv: Zeitraum: ‚24. Dezember‘ ist kein gültiger Zeitraum vom Typ jahr (Beispiel: 2024)"
    ]
    assert Lieferung.objects.count() == 1

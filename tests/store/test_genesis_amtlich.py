"""GENESIS imports write official datasets only, and a corrected profile delivers corrected cells.

Review of #14: finding 3 (a profile or `--dataset` aimed at a protected dataset published the official
figures unprotected and superseded the office's delivery) and finding 5 (re-importing a file with a corrected
profile said "unverändert" and kept the wrong cells).
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

import integrationsmonitor
from integrationsmonitor.catalog.loader import katalog
from integrationsmonitor.collect.genesisauswahl import lade_genesisprofil
from integrationsmonitor.collect.genesisprofil import GENESIS_PROFIL_DIR
from integrationsmonitor.store import genesis
from integrationsmonitor.store.genesis import importiere_genesis
from integrationsmonitor.store.ingest import liefere
from integrationsmonitor.store.models import Beobachtung, Lieferung

from .test_genesis_cli import imon

DATEN = Path(__file__).parent.parent / "formats" / "data"
FLAT_12411 = DATEN / "12411-01-01-4_1773175772751_de_flat.csv"

# The reviewer's file (/tmp/review_att/12511-01-01-4_klein_flat.csv): synthetic, in the real flat-file layout
# of table 12511-01-01-4 (tests/formats/data/12511-01-01-4_derived_flat__BB-12.csv) with the Geschlecht
# variable of 12531; the county's total of a future year 2030 by sex, values invented.
KLEIN = (
    "statistics_code;statistics_label;time_code;time_label;time;1_variable_code;1_variable_label;"
    "1_variable_attribute_code;1_variable_attribute_label;2_variable_code;2_variable_label;"
    "2_variable_attribute_code;2_variable_attribute_label;value;value_unit;value_variable_code;"
    "value_variable_label\n"
    + "".join(
        f"12511;Einbürgerungsstatistik;JAHR;Jahr;2030;KREISE;Kreise und kreisfreie Städte;12061;"
        f"Dahme-Spreewald, Landkreis;GES;Geschlecht;{code};{name};{wert};Anzahl;BEV008;"
        "Einbürgerungen von Ausländern\n"
        for code, name, wert in (("", "Insgesamt", 3), ("GESM", "männlich", 1), ("GESW", "weiblich", 2))
    )
)
# The Sozialamt's own delivery of 2030 (protected by the platform: the cells m = 1, w = 2 must never appear)
SOZIALAMT = (
    "gebiet;zeitraum;staatsangehoerigkeit;geschlecht;wert;kennzeichen\n"
    "12061;2030;_T;_T;30;\n12061;2030;_T;m;14;\n12061;2030;_T;w;16;\n"
)


def _boese(ordner: Path) -> Path:
    """The reviewer's boese.yaml: the shipped 12511 profile with `datensatz: asyl_zuweisungen`."""
    text = (GENESIS_PROFIL_DIR / "einbuergerungen_12511.yaml").read_text(encoding="utf-8")
    pfad = ordner / "boese.yaml"
    pfad.write_text(
        text.replace("name: einbuergerungen_12511", "name: boese").replace(
            "datensatz: einbuergerungen_amtlich\n", "datensatz: asyl_zuweisungen\n"
        ),
        encoding="utf-8",
    )
    return pfad


def _klein(ordner: Path) -> Path:
    pfad = ordner / "12511-01-01-4_klein_flat.csv"
    pfad.write_text("\ufeff" + KLEIN, encoding="utf-8")
    return pfad


def _sozialamt_liefert() -> Lieferung:
    ergebnis = liefere(
        katalog=katalog(),
        daten=SOZIALAMT.encode(),
        datei_name="sozialamt_2030.csv",
        datensatz="asyl_zuweisungen",
        zeitraum="2030",
        benutzer="sozialamt",
    )
    assert ergebnis.angenommen and ergebnis.lieferung is not None, ergebnis.probleme
    return ergebnis.lieferung


def _unveraendert(vorher: Lieferung) -> None:
    """Nothing stored: the Sozialamt's delivery is the only one and still active, with its own cells."""
    assert list(Lieferung.objects.values_list("id", "status")) == [(vorher.id, Lieferung.Status.AKTIV)]
    werte = sorted(Beobachtung.objects.values_list("merkmale", "wert"))
    assert werte == [("_T|_T", 30.0), ("_T|m", 14.0), ("_T|w", 16.0)]


@pytest.mark.django_db
def test_the_reviewers_boese_profile_is_refused_and_the_office_delivery_stays(tmp_path):
    vorher = _sozialamt_liefert()
    profil = _boese(tmp_path)
    ergebnis = importiere_genesis(katalog(), _klein(tmp_path), benutzer="t", profil=str(profil))
    assert not ergebnis.angenommen
    assert ergebnis.probleme[0].startswith(
        f"{profil}: Profil boese: datensatz: der Datensatz asyl_zuweisungen ist nicht amtlich"
    )
    assert "ersetzte die Lieferung von ‚Sozialamt" in ergebnis.probleme[0]
    _unveraendert(vorher)


@pytest.mark.django_db
def test_dataset_option_may_not_point_at_a_protected_dataset(tmp_path):
    vorher = _sozialamt_liefert()
    ergebnis = importiere_genesis(katalog(), _klein(tmp_path), benutzer="t", datensatz="asyl_zuweisungen")
    assert not ergebnis.angenommen
    assert ergebnis.probleme[0].startswith(
        "12511-01-01-4_klein_flat.csv: Profil einbuergerungen_12511, --dataset asyl_zuweisungen: "
        "der Datensatz asyl_zuweisungen ist nicht amtlich (veroeffentlichung: {amtlich: true} fehlt): "
        "er wird von der Plattform geheim gehalten"
    )
    _unveraendert(vorher)


@pytest.mark.django_db
def test_the_store_refuses_even_a_profile_that_slipped_past_the_loader(tmp_path, monkeypatch):
    """Defence in depth: a profile object naming a protected dataset (as if built without the loader) is
    refused right before delivering."""
    vorher = _sozialamt_liefert()
    echt = lade_genesisprofil("einbuergerungen_12511", katalog())
    monkeypatch.setattr(genesis, "_profil", lambda *a: replace(echt, datensatz="asyl_zuweisungen"))
    ergebnis = importiere_genesis(katalog(), _klein(tmp_path), benutzer="t")
    assert not ergebnis.angenommen
    assert ergebnis.probleme[0].startswith(
        "12511-01-01-4_klein_flat.csv: Profil einbuergerungen_12511, datensatz asyl_zuweisungen: "
        "der Datensatz asyl_zuweisungen ist nicht amtlich"
    )
    _unveraendert(vorher)


def test_cli_refuses_the_boese_profile_by_path_and_imon_check_names_it_in_the_catalogue(tmp_path):
    db = f"sqlite:///{tmp_path / 'imon.sqlite3'}"
    r = imon("import-genesis", str(_klein(tmp_path)), "--profile", str(_boese(tmp_path)), "--db", db)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "Import abgelehnt, nichts gespeichert:" in r.stderr
    assert "Profil boese: datensatz: der Datensatz asyl_zuweisungen ist nicht amtlich" in r.stderr
    katalog_dir = tmp_path / "katalog"
    shutil.copytree(Path(integrationsmonitor.__file__).parent / "catalog" / "data" / "lds", katalog_dir)
    (katalog_dir / "genesis").mkdir()
    boese = _boese(katalog_dir / "genesis")
    betrieb = {"IMON_HTTPS": "1", "IMON_SITE_URL": "https://integration.example.de",
               "IMON_ALLOWED_HOSTS": "integration.example.de", "IMON_CATALOG_DIR": str(katalog_dir)}  # fmt: skip
    r = imon("check", "--db", db, env=betrieb)
    assert r.returncode == 1, r.stdout
    assert (
        f"FEHLER    {boese}: Profil boese: datensatz: der Datensatz asyl_zuweisungen ist nicht amtlich"
        in r.stdout
    )
    assert "1 Fehler in GENESIS-Tabellenprofilen" in r.stdout


def _werte() -> dict[str, float | None]:
    aktiv = Beobachtung.objects.filter(
        lieferung__status=Lieferung.Status.AKTIV,
        lieferung__datensatz="bevoelkerung_amtlich",
        lieferung__zeitraum="2024",
        gebiet="12061",
    )
    return {b.merkmale: b.wert for b in aktiv}


@pytest.mark.django_db
def test_a_corrected_profile_replaces_the_cells_of_the_same_file(tmp_path):
    """Finding 5: the 12411 file with a profile that swaps GESM/GESW, then with the shipped profile."""
    text = (GENESIS_PROFIL_DIR / "bevoelkerung_12411.yaml").read_text(encoding="utf-8")
    assert "codes: {GESM: m, GESW: w}" in text
    vertauscht = tmp_path / "vertauscht.yaml"
    vertauscht.write_text(
        text.replace("codes: {GESM: m, GESW: w}", "codes: {GESM: w, GESW: m}").replace(
            "name: bevoelkerung_12411", "name: vertauscht"
        ),
        encoding="utf-8",
    )
    k = katalog()
    assert importiere_genesis(k, FLAT_12411, benutzer="t", profil=str(vertauscht)).angenommen
    falsch = _werte()
    assert falsch["_T"] == 178793 and falsch["m"] > falsch["w"]  # the women's count filed as men's
    ergebnis = importiere_genesis(k, FLAT_12411, benutzer="t")  # the shipped profile, chosen by table
    assert ergebnis.angenommen and not ergebnis.unveraendert, ergebnis.probleme
    assert _werte() == {"_T": falsch["_T"], "m": falsch["w"], "w": falsch["m"]}
    assert Lieferung.objects.filter(status=Lieferung.Status.ERSETZT).count() == 1 + len(ergebnis.weitere)
    # the same file with the same profile again is unchanged: nothing new is stored
    wieder = importiere_genesis(k, FLAT_12411, benutzer="t")
    assert wieder.angenommen and wieder.unveraendert
    assert Lieferung.objects.filter(status=Lieferung.Status.AKTIV).count() == 1 + len(ergebnis.weitere)

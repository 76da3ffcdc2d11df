"""Table profiles for any county: `gebiet: {kreis: true}` is the Kreis of the catalogue in use, so the
shipped Kreis-level profiles (Bundesagentur, Ausländerbehörde, Jobcenter, Einbürgerungen, Integreat) convert
their synthetic example files for a catalogue written by `imon kreis-anlegen` as well; profiles that do not
fit a catalogue are named (with the reason, in German) instead of being dropped silently."""

from __future__ import annotations

import argparse
import csv
import io
from pathlib import Path

import pytest

from integrationsmonitor.catalog.anlegen import kreis_anlegen
from integrationsmonitor.catalog.loader import katalog as standardkatalog
from integrationsmonitor.catalog.model import Katalog
from integrationsmonitor.collect import tabellenprofil as tp
from integrationsmonitor.collect.umwandeln import wandle_um

from .beispieldateien import ZIEL

KREISPROFILE = {  # profile -> its synthetic example file
    "ba_beschaeftigte": "ba_beschaeftigte_2024.xlsx",
    "abh_fachkraefteverfahren": "abh_fachkraefteverfahren_2024.csv",
    "jobcenter_elb": "jobcenter_elb_2024.xlsx",
    "einbuergerungen_staaten": "einbuergerungen_2024.csv",
    "integreat_zugriffe": "integreat_zugriffe_2024.csv",
}


@pytest.fixture(scope="module", params=["07131", "05111"])
def anderer_kreis(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Katalog:
    return kreis_anlegen(request.param, tmp_path_factory.mktemp("kat") / request.param).katalog


def test_every_shipped_table_profile_fits_a_generated_catalogue(anderer_kreis):
    profile, fehler = tp.pruefe_tabellenprofile(anderer_kreis)
    assert fehler == []
    assert {p.name for p in profile} == {p.name for p in tp.tabellenprofile(standardkatalog())}
    unterbringung = next(p for p in profile if p.name == "sozialamt_unterbringung")
    assert unterbringung.gebiet_codes == {}  # the default county's spellings are left out


@pytest.mark.parametrize("name", sorted(KREISPROFILE))
def test_kreis_profiles_convert_for_another_county(anderer_kreis, name):
    profil = tp.lade_tabellenprofil(name, anderer_kreis)
    assert profil.gebiet_code == anderer_kreis.kreis.code
    datei = KREISPROFILE[name]
    u = wandle_um(
        anderer_kreis, profil, (ZIEL / datei).read_bytes(), datei, "2024" if "abh" in name else None
    )
    assert u.ok, u.probleme
    zeilen = list(csv.reader(io.StringIO(u.daten.decode("utf-8")), delimiter=";"))
    assert len(zeilen) > 1 and {z[0] for z in zeilen[1:]} == {anderer_kreis.kreis.code}


def test_kreis_true_is_the_default_county_in_the_shipped_catalogue():
    k = standardkatalog()
    assert tp.lade_tabellenprofil("ba_beschaeftigte", k).gebiet_code == "12061"


def _profil(tmp_path: Path, gebiet: str) -> Path:
    text = tp.profil_pfad("ba_beschaeftigte").read_text(encoding="utf-8")
    pfad = tmp_path / "p.yaml"
    assert "\n  kreis: true" in text
    pfad.write_text(text.replace("gebiet:\n  kreis: true", f"gebiet: {gebiet}"), encoding="utf-8")
    return pfad


@pytest.mark.parametrize(
    ("gebiet", "meldung"),
    [
        ('{code: "12061"}', "gebiet.code ‚12061‘ ist kein Gebiet des Katalogs (für den Kreis des Katalogs"),
        ("{kreis: false}", "gebiet.kreis: nur kreis: true ist möglich"),
        ('{kreis: true, code: "07131"}', "gebiet braucht genau eines"),
        ('{spalte: Gemeinde, codes: {"Adenau, Stadt": "0713100"}}', "‚0713100‘ ist kein Gebiet des Katalogs"),
    ],
)
def test_region_rules_give_german_messages(tmp_path, gebiet, meldung):
    k = kreis_anlegen("07131", tmp_path / "kat").katalog
    with pytest.raises(tp.TabellenprofilFehler) as exc:
        tp.lies_tabellenprofil(_profil(tmp_path, gebiet), k)
    assert meldung in str(exc.value)


def test_a_profile_that_does_not_fit_is_named_with_its_reason(tmp_path, monkeypatch):
    for name in ("ba_beschaeftigte", "abh_beispiel"):  # abh_beispiel: a per-person profile, no message
        (tmp_path / f"{name}.yaml").write_bytes(tp.profil_pfad(name).read_bytes())
    (tmp_path / "kaputt.yaml").write_text(
        tp.profil_pfad("jobcenter_elb").read_text(encoding="utf-8").replace("kreis: true", 'code: "99999"'),
        encoding="utf-8",
    )
    monkeypatch.setattr(tp, "PROFIL_DIR", tmp_path)
    profile, fehler = tp.pruefe_tabellenprofile(standardkatalog())
    assert [p.name for p in profile] == ["ba_beschaeftigte"]
    assert fehler == [
        f"Tabellenprofil kaputt passt nicht zum Katalog (Landkreis Dahme-Spreewald): {tmp_path / 'kaputt.yaml'}: "
        "gebiet.code ‚99999‘ ist kein Gebiet des Katalogs (für den Kreis des Katalogs, Landkreis Dahme-Spreewald: "
        "kreis: true)"
    ]


def test_imon_check_names_table_profiles_that_do_not_fit(tmp_path, monkeypatch, capsys):
    from integrationsmonitor.cli import pruefen

    (tmp_path / "kaputt.yaml").write_text(
        tp.profil_pfad("jobcenter_elb").read_text(encoding="utf-8").replace("kreis: true", 'code: "99999"'),
        encoding="utf-8",
    )
    monkeypatch.setattr(tp, "PROFIL_DIR", tmp_path)
    assert pruefen.check(standardkatalog(), argparse.Namespace()) == 1
    aus = capsys.readouterr().out
    assert "FEHLER    Tabellenprofil kaputt passt nicht zum Katalog (Landkreis Dahme-Spreewald)" in aus
    assert "1 Tabellenprofil(e) passen nicht zum Katalog: das Lieferformular bietet sie nicht an" in aus

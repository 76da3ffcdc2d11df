"""`imon collect`: a per-person export becomes an aggregated delivery; nothing of a person leaves the office."""

from __future__ import annotations

import csv
import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from integrationsmonitor.catalog.loader import katalog
from integrationsmonitor.collect.beispiel import SPALTEN, schreibe_beispiel
from integrationsmonitor.collect.profil import PROFIL_DIR, ProfilFehler, lade_profil
from integrationsmonitor.collect.sammeln import SammelFehler, sammle

IMON = str(Path(sys.executable).parent / "imon")


def _export(pfad: Path, zeilen: list[list[str]]) -> Path:
    with pfad.open("w", encoding="cp1252", newline="") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(SPALTEN)
        w.writerows(zeilen)
    return pfad


def _person(nr, geburt, geschlecht, staat, titel, ags="12061260"):
    return [f"ABH-{nr}", f"Nachname{nr}", "Vorname", geburt, geschlecht, staat, titel, "01.01.2015", ags]


def _zellen(pfad: Path) -> dict[tuple[str, ...], int | None]:
    with pfad.open(encoding="utf-8") as fh:
        return {
            tuple(r[:1] + r[2:6]): (int(r[6]) if r[6] else None)
            for r in list(csv.reader(fh, delimiter=";"))[1:]
        }


@pytest.fixture(scope="module")
def profil():
    return lade_profil("abh_beispiel", katalog())


def _fein(profil, roh: Path, zeitraum: str = "2024"):
    """The counted finest cells of an export, as `collect` counts them before any table is formed."""
    from integrationsmonitor.catalog import zeitraum as zr
    from integrationsmonitor.collect.aggregation import Uebersetzer, zaehle

    u = Uebersetzer(katalog(), profil, zr.stichtag(zeitraum))
    with roh.open(encoding="cp1252") as fh:
        return zaehle(u.schluessel(i, r)[0] for i, r in enumerate(csv.DictReader(fh, delimiter=";"), 2))


def test_cells_and_margins_from_persons(tmp_path, profil):
    roh = _export(tmp_path / "export.csv", [
        _person(1, "01.01.2007", "männlich", "Russ. Föd.", "§ 24 AufenthG"),  # 17 at 31.12.2024
        _person(2, "31.12.2006", "1", "RU", "Niederlassungserlaubnis"),  # 18 at 31.12.2024
        _person(3, "15.06.1990", "weiblich", "Polen", "Freizügigkeit EU", ags="12061540"),
        _person(4, "15.06.1995", "w", "Syrien, Arab. Rep.", "Aufenthaltsgestattung", ags="12061540"),
    ])  # fmt: skip
    assert _fein(profil, roh) == {
        ("12061260", "drittstaat", "160", "m", "15_17"): 1,  # 17 at 31.12.2024
        ("12061260", "drittstaat", "160", "m", "18_24"): 1,  # 18 at 31.12.2024
        ("12061540", "eu", "152", "w", "30_49"): 1,  # Polen
        ("12061540", "asyl", "475", "w", "25_29"): 1,  # by residence title
    }
    m = sammle(katalog(), profil, roh, "2024", tmp_path / "out")
    z = _zellen(tmp_path / "out" / m.lieferdatei)
    assert z[("12061", "_T", "_T", "_T", "_T")] == 4  # the county total stays published
    assert ("12061", "_T", "160", "_T", "_T") in z  # Kreis table of nationalities
    assert not any(k[2] != "_T" and k[0] != "12061" for k in z)  # nationality only for the Kreis
    assert z[("12061433", "_T", "_T", "_T", "_T")] is None  # a 0 in a Gemeinde is secret like 1 and 2
    assert not [k for k, v in z.items() if v is not None and v <= 2 and k[3] == "_T"]  # no small count
    geheim = sum(v is None for v in z.values())
    assert (m.eingabe_datensaetze, m.zellen, m.zellen_geheim, m.zeitraum) == (4, len(z), geheim, "2024")
    assert (m.schwelle, m.regel.startswith("0 bis Schwelle geheim")) == (2, True)
    manifest = json.loads((tmp_path / "out" / "auslaender_bestand_2024.manifest.json").read_text("utf-8"))
    assert not [k for k in manifest if "primaer" in k or "sekundaer" in k]  # no split: it narrows secrets


def test_eu_group_follows_membership_at_the_reference_date(tmp_path, profil):
    roh = _export(
        tmp_path / "export.csv",
        [_person(1, "01.01.1980", "m", "Vereinigtes Königreich", "Niederlassungserlaubnis")],
    )
    assert [k[1] for k in _fein(profil, roh, "2019")] == ["eu"]
    assert [k[1] for k in _fein(profil, roh, "2020")] == ["drittstaat"]


def test_no_personal_field_reaches_the_output(tmp_path, profil):
    roh = schreibe_beispiel(tmp_path / "export.csv", personen=300)
    m = sammle(katalog(), profil, roh, "2024", tmp_path / "out")
    ausgabe = (tmp_path / "out" / m.lieferdatei).read_text(encoding="utf-8")
    ausgabe += (tmp_path / "out" / f"{m.datensatz}_{m.zeitraum}.manifest.json").read_text(encoding="utf-8")
    with roh.open(encoding="cp1252") as fh:
        personen = list(csv.DictReader(fh, delimiter=";"))
    for p in personen:
        for spalte in profil.personenbezogen:
            assert p[spalte] not in ausgabe, (spalte, p[spalte])
    kopf = ausgabe.splitlines()[0]
    assert kopf == "gebiet;zeitraum;gruppe;staatsangehoerigkeit;geschlecht;altersgruppe;wert;kennzeichen"


def test_every_bad_value_is_reported_and_nothing_written(tmp_path, profil):
    roh = _export(tmp_path / "export.csv", [
        _person(1, "01.01.1980", "m", "Atlantis", "Niederlassungserlaubnis"),
        _person(2, "31.02.1980", "x", "Polen", "Freizügigkeit EU", ags="99999999"),
    ])  # fmt: skip
    with pytest.raises(SammelFehler) as info:
        sammle(katalog(), profil, roh, "2024", tmp_path / "out")
    text = "\n".join(info.value.probleme)
    assert "export.csv, Zeile 2, Spalte ‚Staatsangehörigkeit‘: ‚Atlantis‘ ist in der Codeliste" in text
    assert "Zeile 3, Spalte ‚AGS Wohnort‘: ‚99999999‘ ist kein AGS" in text
    assert "Zeile 3, Spalte ‚Geburtsdatum‘: ‚31.02.1980‘ ist kein Geburtsdatum" in text
    assert "Zeile 3, Spalte ‚Geschlecht‘: ‚x‘" in text
    assert not (tmp_path / "out").exists()


def test_profile_errors(tmp_path):
    with pytest.raises(ProfilFehler, match="Profil ‚gibtsnicht‘ nicht gefunden"):
        lade_profil("gibtsnicht", katalog())
    kaputt = tmp_path / "p.yaml"
    kaputt.write_text(
        "name: p\ndatensatz: auslaender_bestand\ngebiet: {spalte: AGS}\nmerkmale: {}\n", encoding="utf-8"
    )
    with pytest.raises(ProfilFehler, match="keine Regel für die Merkmale gruppe, staatsangehoerigkeit"):
        lade_profil(str(kaputt), katalog())
    fremde_tabelle = (PROFIL_DIR / "abh_beispiel.yaml").read_text(encoding="utf-8") + (
        "veroeffentlichung:\n  tabellen:\n    - {merkmale: [wohnort]}\n"
    )
    kaputt.write_text(fremde_tabelle, encoding="utf-8")
    with pytest.raises(ProfilFehler, match=r"Merkmal\(e\) wohnort nicht im Datensatz auslaender_bestand"):
        lade_profil(str(kaputt), katalog())


def test_small_counts_are_secret_and_cannot_be_recomputed_across_tables(tmp_path, profil):
    rnd = random.Random(3)
    gemeinden = [g.code for g in katalog().gebiete_der_ebene("gemeinde")]
    staaten = ["Polen", "Ukraine", "Syrien, Arab. Rep.", "Vietnam", "Türkei"]
    titel = ["Niederlassungserlaubnis", "Aufenthaltsgestattung", "§ 24 AufenthG"]
    roh = _export(tmp_path / "export.csv", [
        _person(i, f"01.01.{rnd.randint(1940, 2020)}", rnd.choice("mw"), rnd.choice(staaten), rnd.choice(titel),
                rnd.choice(gemeinden)) for i in range(250)
    ])  # fmt: skip
    m = sammle(katalog(), profil, roh, "2024", tmp_path / "out")
    assert m.zellen_geheim > 0
    zeilen = (tmp_path / "out" / m.lieferdatei).read_text(encoding="utf-8").splitlines()[1:]
    assert all(z.endswith(";;g") or not z.endswith(";g") for z in zeilen)
    assert not any(z.split(";")[6] in ("1", "2") for z in zeilen)  # no small count is published
    z = _zellen(tmp_path / "out" / m.lieferdatei)
    nullen = [k for k, v in z.items() if v == 0]  # zeros: by sex (public there) or impossible (Germans)
    assert nullen and all(k[3] != "_T" or k[2] == "000" for k in nullen), nullen[:5]
    assert z[("12061", "_T", "_T", "_T", "_T")] == 250  # the county total stays published
    # the independent integer attacker of the tests, with every table of the file at every level
    from tests.protect.angreifer import intervalle, katalogwissen, verletzungen

    wissen = katalogwissen(katalog(), "auslaender_bestand", "2024", {"collect": z})
    befund = verletzungen(intervalle(wissen), schwelle=2)
    # only the file's secret cells count: the subtotals by continent are not written (they follow from it)
    assert {zelle: iv for zelle, iv in befund.items() if zelle[1:] in z} == {}


@pytest.mark.django_db
def test_protected_delivery_is_accepted_and_yields_the_county_total(tmp_path, profil):
    from integrationsmonitor.indicators.engine import reihe
    from integrationsmonitor.store.ingest import liefere
    from integrationsmonitor.store.selectors import DbQuelle

    roh = schreibe_beispiel(tmp_path / "export.csv", personen=400)
    m = sammle(katalog(), profil, roh, "2024", tmp_path / "out")
    ergebnis = liefere(katalog=katalog(), daten=(tmp_path / "out" / m.lieferdatei).read_bytes(),
                       datei_name=m.lieferdatei, datensatz=m.datensatz, zeitraum=m.zeitraum, benutzer="abh")  # fmt: skip
    assert ergebnis.angenommen, ergebnis.probleme[:5]
    assert reihe(katalog(), DbQuelle(katalog()), "auslaender_gesamt")[0].value == 400


def test_cli_runs_without_django_and_the_delivery_is_accepted(tmp_path):
    roh = schreibe_beispiel(tmp_path / "export.csv", personen=500)
    code = (
        "import sys; from integrationsmonitor.cli.main import main; "
        f"rc = main(['collect', '--profile', 'abh_beispiel', r'{roh}', '--period', '2024', '-o', r'{tmp_path / 'out'}']); "
        "assert not any(m == 'django' or m.startswith('django.') for m in sys.modules), 'Django geladen'; sys.exit(rc)"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "500 Datensätze zu" in r.stdout
    manifest = json.loads(
        (tmp_path / "out" / "auslaender_bestand_2024.manifest.json").read_text(encoding="utf-8")
    )
    assert manifest["eingabe_datensaetze"] == 500 and len(manifest["eingabe_sha256"]) == 64
    d = subprocess.run([IMON, "deliver", str(tmp_path / "out" / "auslaender_bestand_2024.csv"), "--dataset",
                        "auslaender_bestand", "--period", "2024", "--db", f"sqlite:///{tmp_path / 'db.sqlite3'}"],
                       capture_output=True, text=True, timeout=120)  # fmt: skip
    assert d.returncode == 0, d.stderr
    assert "angenommen" in d.stdout


def test_cli_reports_bad_export_with_exit_1(tmp_path):
    roh = _export(tmp_path / "export.csv", [_person(1, "01.01.1980", "m", "Atlantis", "Duldung")])
    r = subprocess.run([IMON, "collect", "--profile", "abh_beispiel", str(roh), "--period", "2024", "-o", str(tmp_path / "o")],
                       capture_output=True, text=True, timeout=120)  # fmt: skip
    assert r.returncode == 1 and "‚Atlantis‘ ist in der Codeliste" in r.stderr and "Traceback" not in r.stderr


def test_streaming_reads_utf8_bom_and_utf16_and_hashes_the_file(tmp_path, profil):
    import hashlib

    zeilen = [_person(i, "01.01.1980", "m", "Türkei", "Niederlassungserlaubnis") for i in range(5)]
    cp = _export(tmp_path / "export.csv", zeilen)
    text = cp.read_bytes().decode("cp1252")
    for name, daten in [
        ("bom.csv", b"\xef\xbb\xbf" + text.encode("utf-8")),
        ("u16.csv", text.encode("utf-16")),
    ]:
        (tmp_path / name).write_bytes(daten)
        m = sammle(katalog(), profil, tmp_path / name, "2024", tmp_path / name.split(".")[0], schwelle=0)
        assert m.eingabe_datensaetze == 5
        assert m.eingabe_sha256 == hashlib.sha256(daten).hexdigest()
        z = _zellen(tmp_path / name.split(".")[0] / m.lieferdatei)
        assert z[("12061", "_T", "_T", "_T", "_T")] == 5


def test_row_numbers_count_lines_of_quoted_fields_and_short_rows_are_reported(tmp_path, profil):
    roh = tmp_path / "export.csv"
    kopf = ";".join(SPALTEN)
    gut = 'ABH-1;"Name\nmit Umbruch";V;01.01.1980;m;Polen;Freizügigkeit EU;01.01.2015;12061260'
    roh.write_text(f"{kopf}\n{gut}\n\nABH-2;N;V;01.01.1980;m\nABH-3;N;V;01.01.1980;m;Atlantis;Duldung;01.01.2015;12061260\n",
                   encoding="utf-8")  # fmt: skip
    with pytest.raises(SammelFehler) as info:
        sammle(katalog(), profil, roh, "2024", tmp_path / "out")
    assert info.value.probleme == [
        "export.csv, Zeile 5, Spalte ‚Staatsangehörigkeit‘: fehlt; die Zeile hat nur 5 von 9 Feldern",
        "export.csv, Zeile 6, Spalte ‚Staatsangehörigkeit‘: ‚Atlantis‘ ist in der Codeliste Staatsangehörigkeit"
        " unbekannt (im Profil unter codes ergänzen)",
    ]
    assert not (tmp_path / "out").exists()


def test_at_most_200_problems_are_listed_over_many_blocks(tmp_path, profil):
    from integrationsmonitor.collect import sammeln

    zeilen = [_person(i, "01.01.1980", "m", "Polen", "Freizügigkeit EU") for i in range(45_000)]
    zeilen[30_000][5] = "Atlantis"
    zeilen += [_person(i, "01.01.1980", "m", "Atlantis", "Duldung") for i in range(250)]
    roh = _export(tmp_path / "export.csv", zeilen)
    gemeldet: list[float] = []
    with pytest.raises(SammelFehler) as info:
        sammle(katalog(), profil, roh, "2024", tmp_path / "out", gemeldet.append)
    p = info.value.probleme
    assert len(p) == sammeln.MAX_PROBLEME + 1 and p[-1] == "… und 51 weitere Probleme"
    assert p[0].startswith("export.csv, Zeile 30002, Spalte ‚Staatsangehörigkeit‘: ‚Atlantis‘")
    assert p[1].startswith("export.csv, Zeile 45002, ")
    assert gemeldet[-1] == 1.0 and all(0 <= a <= 1 for a in gemeldet)  # share of the file read

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


def test_cells_and_margins_from_persons(tmp_path, profil):
    roh = _export(tmp_path / "export.csv", [
        _person(1, "01.01.2007", "männlich", "Russ. Föd.", "§ 24 AufenthG"),  # 17 at 31.12.2024
        _person(2, "31.12.2006", "1", "RU", "Niederlassungserlaubnis"),  # 18 at 31.12.2024
        _person(3, "15.06.1990", "weiblich", "Polen", "Freizügigkeit EU", ags="12061540"),
        _person(4, "15.06.1995", "w", "Syrien, Arab. Rep.", "Aufenthaltsgestattung", ags="12061540"),
    ])  # fmt: skip
    m = sammle(katalog(), profil, roh, "2024", tmp_path / "out", schwelle=0)  # no suppression: exact counts
    z = _zellen(tmp_path / "out" / m.lieferdatei)
    assert z[("12061260", "_T", "_T", "_T", "15_17")] == 1  # 17 at 31.12.2024
    assert z[("12061260", "_T", "_T", "_T", "18_24")] == 1  # 18 at 31.12.2024
    assert z[("12061260", "drittstaat", "_T", "_T", "_T")] == 2
    assert z[("12061540", "eu", "_T", "_T", "_T")] == 1
    assert z[("12061540", "asyl", "_T", "_T", "_T")] == 1  # by residence title
    assert z[("12061", "_T", "_T", "_T", "_T")] == 4
    assert z[("120610540", "_T", "_T", "w", "_T")] == 2  # Verband of the amtsfreie Gemeinde Wildau
    assert z[("12061", "drittstaat", "160", "_T", "_T")] == 2  # Kreis table Gruppe × Staatsangehörigkeit
    assert z[("12061433", "_T", "_T", "_T", "_T")] == 0  # published zeros are written
    assert not any(k[2] != "_T" and k[0] != "12061" for k in z)  # nationality only for the Kreis
    assert (m.eingabe_datensaetze, m.zellen, m.zeitraum, m.geheim_primaer) == (4, len(z), "2024", 0)


def test_eu_group_follows_membership_at_the_reference_date(tmp_path, profil):
    roh = _export(
        tmp_path / "export.csv",
        [_person(1, "01.01.1980", "m", "Vereinigtes Königreich", "Niederlassungserlaubnis")],
    )
    vorher = _zellen(
        tmp_path / "a" / sammle(katalog(), profil, roh, "2019", tmp_path / "a", schwelle=0).lieferdatei
    )
    nachher = _zellen(
        tmp_path / "b" / sammle(katalog(), profil, roh, "2020", tmp_path / "b", schwelle=0).lieferdatei
    )
    assert vorher[("12061", "eu", "_T", "_T", "_T")] == 1
    assert nachher[("12061", "drittstaat", "_T", "_T", "_T")] == 1


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
    ohne_tabellen = (
        (PROFIL_DIR / "abh_beispiel.yaml").read_text(encoding="utf-8").split("veroeffentlichung:")[0]
    )
    kaputt.write_text(ohne_tabellen, encoding="utf-8")
    with pytest.raises(ProfilFehler, match=r"veroeffentlichung\.tabellen fehlt"):
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
    assert m.geheim_primaer > 0 and m.geheim_sekundaer > 0
    zeilen = (tmp_path / "out" / m.lieferdatei).read_text(encoding="utf-8").splitlines()[1:]
    assert all(z.endswith(";;g") or not z.endswith(";g") for z in zeilen)
    assert not any(z.split(";")[6] in ("1", "2") for z in zeilen)  # no small count is published
    z = _zellen(tmp_path / "out" / m.lieferdatei)
    assert z[("12061", "_T", "_T", "_T", "_T")] == 250  # the county total stays published
    # the attacker: per published table, LP bounds for every secret primary cell
    from collections import Counter

    from integrationsmonitor.catalog import zeitraum as zr
    from integrationsmonitor.collect.aggregation import Uebersetzer, zaehle
    from integrationsmonitor.collect.tabellen import Teiltabelle
    from integrationsmonitor.protect import ist_geschuetzt, primaer

    u = Uebersetzer(katalog(), profil, zr.stichtag("2024"))
    with roh.open(encoding="cp1252") as fh:
        fein = zaehle(u.schluessel(i, r)[0] for i, r in enumerate(csv.DictReader(fh, delimiter=";"), 2))
    assert isinstance(fein, Counter)
    geheim = {k for k, v in z.items() if v is None}
    merkmale = ["gruppe", "staatsangehoerigkeit", "geschlecht", "altersgruppe"]
    for v in profil.tabellen:
        t = Teiltabelle(katalog(), merkmale, v, fein)
        geheim_hier = {c for c in t.tabelle.zellen if t.voll(c) in geheim}
        for zelle in primaer(t.tabelle):
            assert ist_geschuetzt(t.tabelle, geheim_hier, zelle, primaer=True), (v, zelle)


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

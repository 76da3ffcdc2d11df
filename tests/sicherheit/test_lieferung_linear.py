"""#10 findings 4, 9, 10: a delivery file of any shape is checked in time linear in its size, with a capped
list of problems, and in memory of about 10× its size. No test measures wall-clock time: the shapes that
were quadratic (40.000 columns, repeated columns, rows far wider than the header) must give their bounded
answer, and tracemalloc bounds the memory."""

from __future__ import annotations

import logging
import subprocess
import sys
import tracemalloc
from pathlib import Path

import numpy as np
import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from integrationsmonitor.catalog import zeitraum as zr
from integrationsmonitor.catalog.loader import katalog
from integrationsmonitor.formats.delivery_csv import Lieferdatei, lies_lieferung
from integrationsmonitor.formats.errors import FormatFehler
from integrationsmonitor.formats.office_csv import lies_office_csv
from integrationsmonitor.store import validation
from integrationsmonitor.store.ingest import liefere
from integrationsmonitor.store.models import Lieferung
from integrationsmonitor.store.validation import MAX_PROBLEME, pruefe_datei, pruefe_lieferung
from integrationsmonitor.web.problemliste import BEISPIELE

KOPF = "gebiet;zeitraum;geschlecht;wert"
IMON = [str(Path(sys.executable).parent / "imon")]
MB = 1_000_000


def _spalten(n: int) -> bytes:
    """A header of n distinct unknown columns after the expected ones, and one row."""
    return (KOPF + ";" + ";".join(f"x{i}" for i in range(n)) + "\n12061;2015;_T;1\n").encode()


def _pruefe(daten: bytes):
    return pruefe_datei(katalog(), "bevoelkerung_amtlich", "2015", Lieferdatei(daten, "x.csv"))


def test_40000_columns_give_200_problems_and_the_count_of_the_rest():
    e = _pruefe(_spalten(40_000))
    assert len(e.probleme) == MAX_PROBLEME + 1
    assert str(e.probleme[0]) == "Zeile 1: Spalte ‚x0‘ gehört nicht zum Datensatz bevoelkerung_amtlich"
    assert str(e.probleme[-1]) == "… und 39800 weitere Probleme"


def test_a_million_distinct_column_names_give_a_short_answer():  # finding 9: 1.000.007 problems before
    e = _pruefe(_spalten(1_000_000))
    assert len(e.probleme) == MAX_PROBLEME + 1 and str(e.probleme[-1]) == "… und 999800 weitere Probleme"


def test_missing_columns_are_found_in_a_long_header_too():
    kopf = ";".join(f"x{i}" for i in range(5000)) + ";wert;gebiet\n"
    e = _pruefe(kopf.encode() + b"1;2\n")
    texte = [str(p) for p in e.probleme]
    assert texte[:2] == [
        "Zeile 1: Pflichtspalte ‚zeitraum‘ fehlt (erwartet: gebiet;zeitraum;geschlecht;wert[;kennzeichen])",
        "Zeile 1: Pflichtspalte ‚geschlecht‘ fehlt (erwartet: gebiet;zeitraum;geschlecht;wert[;kennzeichen])",
    ]
    assert texte[-1] == f"… und {5000 + 2 - MAX_PROBLEME} weitere Probleme"


@pytest.mark.parametrize(
    ("kopf", "genannt"),
    [
        (KOPF + ";" + ";".join(["wert"] * 40_000), "Spalte(n) wert mehrfach"),  # one name 40.001 times
        (KOPF + ";" + ";".join(f" Wert{i % 20_000} " for i in range(40_000)), "… und 19800 weitere mehrfach"),
        (KOPF + ";" + ";".join(f"W{i}" for i in range(40_000)) + ";gebiet", "Spalte(n) gebiet mehrfach"),
    ],
)
def test_repeated_columns_are_one_capped_message(kopf, genannt):
    with pytest.raises(FormatFehler) as fehler:
        Lieferdatei((kopf + "\n12061;2015;_T;1\n").encode(), "x.csv")
    text = str(fehler.value)
    assert text.startswith("x.csv, Zeile 1: Spalte(n) ") and text.endswith(" mehrfach in der Kopfzeile")
    assert genannt in text and len(text) < 5000


def test_office_csv_with_4000_repeated_columns_is_one_capped_message():
    kopf = ";".join(f"s{i % 2000}" for i in range(4000))  # longer lines are no CSV for every separator
    with pytest.raises(FormatFehler) as fehler:
        lies_office_csv((kopf + "\n" + kopf + "\n").encode(), "amt.csv")
    assert "… und 1800 weitere mehrfach in der Kopfzeile" in str(fehler.value)


def test_rows_far_wider_than_the_header_are_counted_not_kept():
    daten = (KOPF + "\n12061;2015;_T;1" + ";" * 500_000 + "\n12061;2015;m;1" + ";x" * 300_000 + "\n").encode()
    tabelle = lies_lieferung(daten, "x.csv")
    assert [z.anzahl_felder for z in tabelle.zeilen] == [4, 300_004]
    e = _pruefe(daten)
    assert [str(p) for p in e.probleme] == [
        "Zeile 3: 300004 statt 4 Felder (Zeile abgeschnitten oder Trennzeichen falsch?)"
    ]


def test_many_bad_rows_give_200_problems():
    e = _pruefe((KOPF + "\n" + "99999;2015;m;-1\n" * 50_000).encode())
    assert len(e.probleme) == MAX_PROBLEME + 1 and str(e.probleme[-1]) == "… und 99800 weitere Probleme"


def test_repeated_cells_are_reported_in_line_order_among_other_problems():
    daten = (KOPF + "\n12061;2015;m;1\n12061;2015;w;x\n12061;2015;m;1\n12061;2015;q;1\n").encode()
    e = _pruefe(daten)
    assert [str(p) for p in e.probleme] == [
        "Zeile 3, Spalte ‚wert‘: ‚x‘ ist keine Zahl",
        "Zeile 4: doppelte Zelle, schon in Zeile 2 geliefert",
        "Zeile 5, Spalte ‚geschlecht‘: unbekannter Code ‚q‘ (Codeliste Geschlecht)",
    ]


def test_a_long_quoted_line_is_split_as_csv_reader_does():
    feld = '"a;b""c"x'  # quoted with the separator and a doubled quote, then more text
    daten = (KOPF + "\n" + ";".join([feld] * 20_000) + "\n").encode()
    nr, felder, anzahl = next(Lieferdatei(daten, "x.csv").zeilen())
    assert (nr, anzahl, felder) == (2, 20_000, ['a;b"cx'] * 4)


# ---------------------------------------------------------------------------------------------- memory


def _lieferung_mit_summen(staaten: int, zeitraum: str = "2024", seed: int = 1) -> bytes:
    """auslaender_bestand with totals at every level (Gemeinde → Amt → Kreis, every dimension)."""
    k = katalog()
    ds = k.datensaetze["auslaender_bestand"]
    listen = [list(k.codelisten[liste].codes) for liste in ds.merkmale.values()]
    listen[1] = [c for c in listen[1] if c != "000"][:staaten]
    sa = k.codelisten["staatsangehoerigkeit"]
    regel = {r.wenn_code: r.dann_gruppe for r in ds.regeln}
    gemeinden = [g.code for g in k.gebiete.values() if g.ebene == "gemeinde"]
    fein = np.random.default_rng(seed).integers(0, 30, size=(len(gemeinden), *(len(c) for c in listen)))
    for i, gruppe in enumerate(listen[0]):
        for j, staat in enumerate(listen[1]):
            if gruppe in regel and not sa.ist_mitglied(staat, regel[gruppe], zr.stichtag(zeitraum)):
                fein[:, i, j] = 0
    for achse in range(1, fein.ndim):
        fein = np.concatenate([fein, fein.sum(axis=achse, keepdims=True)], axis=achse)
    codes = [[*c, "_T"] for c in listen]
    zeilen = ["gebiet;zeitraum;gruppe;staatsangehoerigkeit;geschlecht;altersgruppe;wert"]
    for gebiet in k.gebiete.values():
        unter = set(k.gemeinden_unter(gebiet.code))
        werte = fein[[i for i, g in enumerate(gemeinden) if g in unter]].sum(axis=0)
        for index in np.ndindex(werte.shape):
            kombi = ";".join(c[i] for c, i in zip(codes, index, strict=True))
            zeilen.append(f"{gebiet.code};{zeitraum};{kombi};{werte[index]}")
    return ("\n".join(zeilen) + "\n").encode()


def _feindlich() -> dict[str, tuple[str, bytes]]:
    groesse = 3 * MB
    namen, n = [], 0
    while n < groesse:
        namen.append(f"c{len(namen)}")
        n += len(namen[-1]) + 1
    return {
        "Kopf aus 400.000 Namen": ("bevoelkerung_amtlich", ("gebiet;" + ";".join(namen) + "\n1\n").encode()),
        "1,5 Mio. kurze Zeilen": ("bevoelkerung_amtlich", (KOPF + "\n").encode() + b"x\n" * (groesse // 2)),
        "eine Zeile mit 1,5 Mio. Feldern": ("bevoelkerung_amtlich", (KOPF + "\n").encode() + b"a;" * (groesse // 2)),
        "angeführte Felder in einer Zeile": ("bevoelkerung_amtlich", (KOPF + "\n").encode() + b'"ab";' * (groesse // 5)),
        "lauter falsche Zeilen": ("bevoelkerung_amtlich", (KOPF + "\n").encode() + b"99999;2015;m;-1\n" * (groesse // 16)),
        "gültig mit Summen auf jeder Ebene": ("auslaender_bestand", _lieferung_mit_summen(12)),
    }  # fmt: skip


@pytest.mark.parametrize("art", list(_feindlich()))
def test_checking_a_file_needs_at_most_ten_times_its_size(art):
    datensatz, daten = _feindlich()[art]
    zeitraum = "2024" if datensatz == "auslaender_bestand" else "2015"
    k = katalog()
    tracemalloc.start()
    try:
        ergebnis = pruefe_datei(k, datensatz, zeitraum, Lieferdatei(daten, "x.csv"))
        sum(1 for _ in ergebnis.zeilen())  # the rows for the database, as ingest streams them
        spitze = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert ergebnis.ok == (datensatz == "auslaender_bestand"), ergebnis.probleme[:3]
    assert spitze <= 10 * len(daten) + 16 * MB, f"{spitze / len(daten):.1f} × {len(daten)} Bytes"


# ------------------------------------------------------------------------------ the margin check agrees


def _einzeln(daten: bytes) -> list[str]:
    """The margin problems of the cell-by-cell check (Wuerfel), for comparison."""
    k = katalog()
    ds = k.datensaetze["auslaender_bestand"]
    tabelle = lies_lieferung(daten, "x.csv")
    spalten = {s: i for i, s in enumerate(tabelle.spalten)}
    pruefer = validation._Zeilenpruefer(k, ds, "2024", spalten)
    pruefer.speicher = None
    ergebnis = validation.Pruefergebnis()
    zellen, zeilen = [], {}
    for z in tabelle.zeilen:
        zelle = pruefer.pruefe(z.nr, [z.felder[s] for s in tabelle.spalten], z.anzahl_felder, ergebnis)
        if zelle is not None:
            zellen.append(zelle)
            zeilen[(zelle.gebiet, zelle.merkmale)] = z.nr
    return [str(p) for p in validation._pruefe_summen_einzeln(k, ds, zellen, zeilen)]


@pytest.mark.parametrize("seed", range(12))
def test_the_numpy_margin_check_reports_what_the_cell_by_cell_check_reports(seed):
    rng = np.random.default_rng(seed)
    zeilen = _lieferung_mit_summen(3, seed=seed).decode().split("\n")
    for _ in range(int(rng.integers(1, 6))):
        i = int(rng.integers(1, len(zeilen) - 1))
        felder = zeilen[i].split(";")
        art = rng.random()
        if art < 0.4 and int(felder[6]) > 3:
            felder[6] = str(int(felder[6]) + int(rng.choice([-3, -1, 1, 40])))
        elif art < 0.6:
            felder = []  # a cell left out
        elif art < 0.8 and felder[2] != "_T":
            felder[6] = "."  # secret
        elif felder[2] == "_T" or felder[3] == "_T":
            felder[6] = "0"
        zeilen[i] = ";".join(felder)
    daten = "\n".join(zeilen).encode()
    neu = [str(p) for p in _pruefe_auslaender(daten).probleme]
    if any("Summe" not in p for p in neu):
        pytest.skip("a row problem (a rule), so no margin check")
    alt = _einzeln(daten)
    rest = len(alt) - MAX_PROBLEME
    assert neu == alt[:MAX_PROBLEME] + ([f"… und {rest} weitere Probleme"] if rest > 0 else [])


@pytest.mark.parametrize("seed", [0, 4, 7])
def test_cubes_too_large_to_number_are_checked_cell_by_cell_with_the_same_result(seed, monkeypatch):
    zeilen = _lieferung_mit_summen(3, seed=seed).decode().split("\n")
    zeilen[5] = zeilen[5].rsplit(";", 1)[0] + ";9999"
    zeilen[7] = zeilen[1]  # a repeated cell
    zeilen[-40] = ""
    daten = "\n".join(zeilen).encode()
    mit_nummern = [str(p) for p in _pruefe_auslaender(daten).probleme]
    monkeypatch.setattr(validation, "_MAX_SCHLUESSEL", 1)
    assert [str(p) for p in _pruefe_auslaender(daten).probleme] == mit_nummern
    del zeilen[7]
    daten = "\n".join(zeilen).encode()
    einzeln = [str(p) for p in _pruefe_auslaender(daten).probleme]
    monkeypatch.undo()
    assert einzeln == [str(p) for p in _pruefe_auslaender(daten).probleme] and einzeln
    assert all(p.startswith("Zeile ") for p in einzeln)


def _pruefe_auslaender(daten: bytes):
    return pruefe_lieferung(katalog(), "auslaender_bestand", "2024", lies_lieferung(daten, "x.csv"))


def test_a_valid_delivery_with_totals_at_every_level_passes():
    e = _pruefe_auslaender(_lieferung_mit_summen(4))
    assert e.ok, e.probleme[:3]
    assert len(e.zellen) == 54 * 4 * 5 * 4 * 9


# --------------------------------------------------------------------------- web, CLI and the log say it


@pytest.mark.django_db
def test_upload_page_lists_200_problems_and_logs_the_rejection(client: Client, caplog):
    admin = get_user_model().objects.create_superuser("chef", "chef@example.org", "geheim-123456")
    client.force_login(admin)
    datei = SimpleUploadedFile("viele.csv", _spalten(300_000), "text/csv")
    with caplog.at_level(logging.WARNING, logger="integrationsmonitor.lieferung"):
        r = client.post(
            "/lieferungen/", {"datensatz": "bevoelkerung_amtlich", "zeitraum": "2015", "datei": datei}
        )
    assert r.status_code == 400
    html = r.content.decode()
    assert "… und 299800 weitere Probleme" in html and len(html) < 200_000
    assert not Lieferung.objects.exists()
    meldung = [rec for rec in caplog.records if rec.name == "integrationsmonitor.lieferung"]
    assert len(meldung) == 1 and "bevoelkerung_amtlich" in meldung[0].getMessage()
    assert "300001 Problem" not in meldung[0].getMessage()  # the log names the listed problems


@pytest.mark.django_db
def test_liefere_logs_every_rejection(caplog):
    with caplog.at_level(logging.WARNING, logger="integrationsmonitor.lieferung"):
        e = liefere(katalog=katalog(), daten=b"kaputt\n", datei_name="k.csv", datensatz="bevoelkerung_amtlich",
                    zeitraum="2015", benutzer="t")  # fmt: skip
    assert not e.angenommen
    assert any("Lieferung abgelehnt" in r.getMessage() and "k.csv" in r.getMessage() for r in caplog.records)


def test_cli_deliver_prints_200_problems(tmp_path):
    datei = tmp_path / "viele.csv"
    datei.write_bytes(_spalten(100_000))
    r = subprocess.run(
        [*IMON, "deliver", str(datei), "--dataset", "bevoelkerung_amtlich", "--period", "2015",
         "--db", f"sqlite:///{tmp_path / 'imon.sqlite3'}"],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert r.returncode == 1
    zeilen = r.stderr.splitlines()
    anfang = zeilen.index("Lieferung abgelehnt, nichts gespeichert. 201 Problem(e):")  # after a log line
    assert zeilen[-1] == "- viele.csv: … und 99800 weitere Probleme" and len(zeilen) - anfang == 202


@pytest.mark.django_db
def test_a_providers_upload_of_foreign_projects_lists_200(client: Client):
    from integrationsmonitor.registry.models import Rolle, Traeger, Zugang

    kopf = "gebiet;zeitraum;projekt;kennzahl;wert;kennzeichen\n"
    amt = kopf + "12061;2024;lds_integriert;neukunden;175;\n12061;2024;stellwerk8;besucher;900;\n"
    e = liefere(katalog=katalog(), daten=amt.encode(), datei_name="amt.csv", datensatz="projektkennzahlen",
                zeitraum="2024", benutzer="amt")  # fmt: skip
    assert e.angenommen, e.probleme
    t = Traeger.objects.create(name="AWO Brandenburg Süd e. V.", kurzname="awo-brandenburg-sued")
    u = get_user_model().objects.create_user("awo", password="x-geheim-1")
    Zugang.objects.create(benutzer=u, rolle=Rolle.TRAEGER, traeger=t)
    client.force_login(u)
    fremd = kopf + "12061;2024;stellwerk8;besucher;1;\n" * 5000
    datei = SimpleUploadedFile("awo.csv", fremd.encode(), "text/csv")
    r = client.post("/lieferungen/", {"datensatz": "projektkennzahlen", "zeitraum": "2024", "datei": datei})
    html = r.content.decode()
    assert r.status_code == 400 and "awo.csv: … und 4800 weitere Probleme" in html
    assert html.count("ist kein Projekt von") == BEISPIELE  # a few of the kind, then how many more
    assert f"… und {MAX_PROBLEME - BEISPIELE} weitere Probleme dieser Art" in html

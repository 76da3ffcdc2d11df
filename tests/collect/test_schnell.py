"""The fast path of `imon collect` (DuckDB) counts exactly what the streamed path counts, or steps aside."""

from __future__ import annotations

import csv
import hashlib
import random
from pathlib import Path

import pytest

from integrationsmonitor.catalog.loader import katalog
from integrationsmonitor.collect import sammeln
from integrationsmonitor.collect.beispiel import SPALTEN, schreibe_beispiel
from integrationsmonitor.collect.profil import lade_profil
from integrationsmonitor.collect.sammeln import SammelFehler, sammle


@pytest.fixture(scope="module")
def profil():
    return lade_profil("abh_beispiel", katalog())


@pytest.fixture
def wege(monkeypatch):
    """Records whether the fast path counted each file (True) or stepped aside (False)."""
    ergebnisse: list[bool] = []
    echt = sammeln.zaehle_schnell

    def beobachtet(*args, **kwargs):
        ergebnisse.append(echt(*args, **kwargs))
        return ergebnisse[-1]

    monkeypatch.setattr(sammeln, "zaehle_schnell", beobachtet)
    return ergebnisse


def _beide(tmp_path: Path, profil, roh: Path, monkeypatch, wege) -> tuple[str, str]:
    """Delivery file of the normal run and of a run with the fast path switched off."""
    schnell = sammle(katalog(), profil, roh, "2024", tmp_path / "a")
    with monkeypatch.context() as m:
        m.setattr(sammeln, "zaehle_schnell", lambda *a, **k: False)
        gestreamt = sammle(katalog(), profil, roh, "2024", tmp_path / "b")
    assert (schnell.eingabe_sha256, schnell.eingabe_datensaetze) == (
        gestreamt.eingabe_sha256,
        gestreamt.eingabe_datensaetze,
    )
    assert gestreamt.eingabe_sha256 == hashlib.sha256(roh.read_bytes()).hexdigest()
    return (
        (tmp_path / "a" / schnell.lieferdatei).read_text(encoding="utf-8"),
        (tmp_path / "b" / gestreamt.lieferdatei).read_text(encoding="utf-8"),
    )


@pytest.mark.parametrize("kodierung", ["cp1252", "utf-8", "utf-8-sig"])
def test_fast_and_streamed_paths_write_the_same_delivery(tmp_path, profil, monkeypatch, wege, kodierung):
    beispiel = schreibe_beispiel(tmp_path / "cp.csv", personen=3000, seed=11)
    roh = tmp_path / "export.csv"
    roh.write_text(beispiel.read_text(encoding="cp1252"), encoding=kodierung)
    schnell, gestreamt = _beide(tmp_path, profil, roh, monkeypatch, wege)
    assert wege == [True]  # "Türkei", "Rumänien" in Windows-1252 or UTF-8: DuckDB reads them
    assert schnell == gestreamt
    assert schnell.count("\n") > 100


def test_quoted_fields_blank_lines_and_odd_spellings_count_alike(tmp_path, profil, monkeypatch, wege):
    rnd = random.Random(5)
    staaten = ["Polen", " polen ", "PL", "152", "Russ. Föd.", "RU", "Türkei", "Syrien, Arab. Rep."]
    with (tmp_path / "export.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter=";", quoting=csv.QUOTE_MINIMAL)
        w.writerow(SPALTEN)
        for i in range(800):
            w.writerow([f"ABH-{i}", 'Name "mit" Anführung; und Semikolon', "Vor\nname",
                        f"{rnd.randint(1, 28)}.{rnd.randint(1, 12)}.{rnd.randint(1940, 2024)}",
                        rnd.choice(["m", "W", "weiblich", "1"]), rnd.choice(staaten),
                        rnd.choice(["Duldung", "Niederlassungserlaubnis"]), "", "12061260"])  # fmt: skip
            if i % 97 == 0:
                fh.write("\r\n")  # csv.writer ends lines with CRLF
    schnell, gestreamt = _beide(tmp_path, profil, tmp_path / "export.csv", monkeypatch, wege)
    assert wege == [True]
    assert schnell == gestreamt


@pytest.mark.parametrize(
    ("name", "inhalt", "problem"),
    [
        ("kurz", "ABH-1;Muster;Kim;01.01.1980;m\n", "fehlt; die Zeile hat nur 5 von 9 Feldern"),
        ("unbekannt", "ABH-1;Muster;Kim;01.01.1980;m;Atlantis;Duldung;;12061260\n", "‚Atlantis‘"),
        ("datum", "ABH-1;Muster;Kim;31.02.1980;m;Polen;Duldung;;12061260\n", "kein Geburtsdatum"),
    ],
)
def test_fast_path_steps_aside_and_the_streamed_path_names_the_problem(
    tmp_path, profil, wege, name, inhalt, problem
):
    roh = tmp_path / f"{name}.csv"
    gut = "ABH-0;Muster;Kim;01.01.1980;m;Polen;Duldung;;12061260\n"
    roh.write_text(";".join(SPALTEN) + "\n" + gut * 50 + inhalt + gut, encoding="utf-8")
    with pytest.raises(SammelFehler) as info:
        sammle(katalog(), profil, roh, "2024", tmp_path / "out")
    assert wege == [False]
    assert info.value.probleme[0].startswith(f"{name}.csv, Zeile 52, Spalte")
    assert problem in info.value.probleme[0]
    assert not (tmp_path / "out").exists()


def test_windows_1252_only_bytes_fall_back_and_still_count_right(tmp_path, profil, monkeypatch, wege):
    """DuckDB's Latin-1 rejects 0x80–0x9F (€, „, Š …); the streamed path reads them as Windows-1252."""
    beispiel = schreibe_beispiel(tmp_path / "cp.csv", personen=500, seed=3)
    text = beispiel.read_text(encoding="cp1252").replace("Muster", "Škoda „Muster“ – €", 7)
    roh = tmp_path / "export.csv"
    roh.write_text(text, encoding="cp1252")
    schnell, gestreamt = _beide(tmp_path, profil, roh, monkeypatch, wege)
    assert wege == [False]
    assert schnell == gestreamt


def test_progress_ends_at_one(tmp_path, profil):
    gemeldet: list[float] = []
    sammle(katalog(), profil, schreibe_beispiel(tmp_path / "e.csv", personen=300), "2024", tmp_path / "o",
           gemeldet.append)  # fmt: skip
    assert gemeldet and gemeldet[-1] == 1.0
    assert all(0 <= a <= 1 for a in gemeldet)


def test_the_fast_path_reports_progress_while_reading(tmp_path, profil, monkeypatch):
    """DuckDB's query_progress() is -1 unless progress tracking is on: the bar stood still until 100 %."""
    from integrationsmonitor.collect import schnell

    monkeypatch.setattr(
        schnell, "_TAKT", 0.0005
    )  # ask DuckDB often, so even a fast machine is caught mid-read
    gemeldet: list[float] = []
    sammle(katalog(), profil, schreibe_beispiel(tmp_path / "e.csv", personen=150_000), "2024", tmp_path / "o",
           gemeldet.append)  # fmt: skip
    assert any(0 < a < 1 for a in gemeldet), gemeldet
    assert gemeldet == sorted(gemeldet) and gemeldet[-1] == 1.0

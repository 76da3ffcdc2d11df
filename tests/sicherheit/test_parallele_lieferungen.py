"""#10 finding 5: deliveries of the same dataset and period at the same time are serialised. Each ends with
a defined result — stored (superseding the other) or "unverändert" — and a German message with the
documented exit code; the history stays consistent (one active delivery, every superseded one points to its
successor); "database is locked" never reaches the user, neither on the command line nor on the website."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, connection
from django.test import Client

from integrationsmonitor.catalog.loader import katalog
from integrationsmonitor.store import ingest
from integrationsmonitor.store.models import Beobachtung, Lieferung
from web.vorschauhilfe import bestaetige

from .test_lieferung_linear import _lieferung_mit_summen

IMON = [str(Path(sys.executable).parent / "imon")]


def _historie_stimmt(zeilen: list[tuple[int, str, int | None, int]], zellen: dict[int, int]) -> None:
    """(id, status, ersetzt_durch, zellen) of one dataset and period: one active, a chain of successors."""
    aktiv = [z for z in zeilen if z[1] == "aktiv"]
    assert len(aktiv) == 1, zeilen
    ids = {z[0] for z in zeilen}
    for id_, status, nachfolger, anzahl in zeilen:
        assert zellen.get(id_, 0) == anzahl  # every delivery has exactly its cells
        if status == "ersetzt":
            assert nachfolger in ids and nachfolger > id_, zeilen
        else:
            assert nachfolger is None


def test_parallel_cli_deliveries_of_the_same_period(tmp_path):
    db = tmp_path / "imon.sqlite3"
    url = f"sqlite:///{db}"
    vorbereitet = subprocess.run(
        [*IMON, "deliveries", "--db", url], capture_output=True, text=True, timeout=300
    )
    assert vorbereitet.returncode == 0, vorbereitet.stderr
    dateien = []
    for i in range(3):  # two different files, the first one twice
        datei = tmp_path / f"auslaender_{i}.csv"
        datei.write_bytes(_lieferung_mit_summen(5, seed=i % 2))
        dateien.append(datei)
    prozesse = [
        subprocess.Popen(
            [*IMON, "deliver", str(d), "--dataset", "auslaender_bestand", "--period", "2024", "--db", url],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for d in dateien
    ]
    ergebnisse = [(p.wait(timeout=600), *p.communicate()) for p in prozesse]
    for code, aus, fehler in ergebnisse:
        assert code == 0, fehler
        assert "Traceback" not in fehler and "locked" not in fehler
        assert aus.startswith(("Lieferung ", "Unverändert: ")), aus
    with sqlite3.connect(db) as con:
        zeilen = con.execute(
            "select id, status, ersetzt_durch_id, zellen from store_lieferung order by id"
        ).fetchall()
        zellen = dict(
            con.execute("select lieferung_id, count(*) from store_beobachtung group by 1").fetchall()
        )
    assert 2 <= len(zeilen) <= 3  # the repeated file is stored again only if the other one came between
    _historie_stimmt(zeilen, zellen)


def _liefern_parallel(dateien: list[bytes]) -> list[ingest.Lieferergebnis | BaseException]:
    k = katalog()
    ergebnisse: list[ingest.Lieferergebnis | BaseException] = [RuntimeError("nicht gelaufen")] * len(dateien)
    start = threading.Barrier(len(dateien))

    def liefern(i: int) -> None:
        try:
            start.wait()
            ergebnisse[i] = ingest.liefere(
                katalog=k, daten=dateien[i], datei_name=f"f{i}.csv", datensatz="auslaender_bestand",
                zeitraum="2024", benutzer=f"t{i}",
            )  # fmt: skip
        except BaseException as exc:  # the test reports it
            ergebnisse[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=liefern, args=(i,)) for i in range(len(dateien))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=600)
    return ergebnisse


@pytest.mark.django_db(transaction=True)
def test_parallel_deliveries_from_threads_keep_one_consistent_history():
    a, b = _lieferung_mit_summen(4, seed=1), _lieferung_mit_summen(4, seed=2)
    ergebnisse = _liefern_parallel([a, b, a, b])
    for e in ergebnisse:
        assert isinstance(e, ingest.Lieferergebnis), repr(e)
        assert e.angenommen, e.probleme
    gespeichert = [e for e in ergebnisse if not e.unveraendert]
    assert 2 <= len(gespeichert) <= 4
    zeilen = list(
        Lieferung.objects.filter(datensatz="auslaender_bestand", zeitraum="2024")
        .order_by("id")
        .values_list("id", "status", "ersetzt_durch", "zellen")
    )
    zellen = {
        lf.id: Beobachtung.objects.filter(lieferung=lf).count()
        for lf in Lieferung.objects.filter(datensatz="auslaender_bestand")
    }
    _historie_stimmt(zeilen, zellen)


@pytest.mark.django_db(transaction=True)
def test_the_same_file_twice_at_once_is_stored_once():
    a = _lieferung_mit_summen(3, seed=3)
    ergebnisse = _liefern_parallel([a, a])
    assert all(isinstance(e, ingest.Lieferergebnis) and e.angenommen for e in ergebnisse), ergebnisse
    assert Lieferung.objects.filter(datensatz="auslaender_bestand").count() == 1
    assert sum(1 for e in ergebnisse if isinstance(e, ingest.Lieferergebnis) and e.unveraendert) == 1


def _immer_belegt(*args, **kwargs):
    raise OperationalError("database is locked")


@pytest.mark.django_db(transaction=True)
def test_a_database_that_stays_busy_is_a_german_rejection(monkeypatch):
    monkeypatch.setattr(ingest, "WARTEN_SEKUNDEN", 0.3)
    monkeypatch.setattr(ingest, "_speichere_einmal", _immer_belegt)
    e = ingest.liefere(katalog=katalog(), daten=_lieferung_mit_summen(2), datei_name="x.csv",
                       datensatz="auslaender_bestand", zeitraum="2024", benutzer="t")  # fmt: skip
    assert not e.angenommen
    assert e.probleme == [
        "nicht gespeichert: die Datenbank war 0 Sekunden lang durch einen anderen Schreibvorgang belegt; "
        "bitte die Lieferung später erneut senden"
    ]
    assert not Lieferung.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_upload_page_says_so_instead_of_a_500(monkeypatch):
    monkeypatch.setattr(ingest, "WARTEN_SEKUNDEN", 0.3)
    monkeypatch.setattr(ingest, "_speichere_einmal", _immer_belegt)
    client = Client()
    client.force_login(get_user_model().objects.create_superuser("chef", "chef@example.org", "geheim-123456"))
    datei = SimpleUploadedFile("x.csv", _lieferung_mit_summen(2), "text/csv")
    r = client.post("/lieferungen/", {"datensatz": "auslaender_bestand", "zeitraum": "2024", "datei": datei})
    r = bestaetige(client, r)  # the check stores nothing; the confirmation finds the database busy
    assert r.status_code == 302 and r["Location"].startswith("/lieferungen/vorschau/")
    assert "durch einen anderen Schreibvorgang belegt" in client.get(r["Location"]).content.decode()

"""Schutzergebnisse in der Datenbank (store.schutzergebnis): jede Lieferung wird einmal geschützt, nicht in
jedem Prozess und nach jedem Neustart wieder; ein geänderter Katalog rechnet neu statt Altes zu lesen."""

from __future__ import annotations

import dataclasses
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import transaction

from integrationsmonitor.catalog.loader import katalog
from integrationsmonitor.store import veroeffentlichung as vmod
from integrationsmonitor.store.datenversion import lies
from integrationsmonitor.store.ingest import liefere
from integrationsmonitor.store.models import Lieferung, Schutzergebnis
from integrationsmonitor.store.schutzergebnis import schutz_kennung, speichere
from integrationsmonitor.store.selectors import (
    DbQuelle,
    roher_wuerfel,
    vergiss_wuerfel,
    veroeffentliche_alles,
)

pytestmark = pytest.mark.django_db(transaction=True)

K = katalog()
DS = "auslaender_bestand"


@pytest.fixture(autouse=True)
def _kalt():
    vergiss_wuerfel()
    yield
    vergiss_wuerfel()


def _liefere(zeitraum: str = "2024", saat: str = "schutz") -> Lieferung:
    """Gesamtzahlen je Gemeinde (darunter 1 und 2) und der Kreis: kleine Zellen, die geheim werden."""
    zufall = random.Random(saat)
    gemeinden = sorted(g.code for g in K.gebiete_der_ebene("gemeinde"))
    werte = {g: zufall.choice([1, 2, 5, 40, 300]) for g in gemeinden}
    werte[gemeinden[0]], werte[gemeinden[1]] = 1, 2
    kopf = "gebiet;zeitraum;gruppe;staatsangehoerigkeit;geschlecht;altersgruppe;wert;kennzeichen"
    zeilen = [f"{g};{zeitraum};_T;_T;_T;_T;{n};" for g, n in werte.items()]
    zeilen.append(f"{K.kreis.code};{zeitraum};_T;_T;_T;_T;{sum(werte.values())};")
    e = liefere(
        katalog=K, daten="\n".join([kopf, *zeilen, ""]).encode(), datei_name=f"bestand_{zeitraum}.csv",
        datensatz=DS, zeitraum=zeitraum, benutzer="pruefer",
    )  # fmt: skip
    assert e.angenommen and e.lieferung is not None, e.probleme[:5]
    return e.lieferung


def _zellen(k, lf: Lieferung) -> dict[tuple[str, tuple[str, ...]], tuple[float | None, str]]:
    w = DbQuelle(k)._lade(lf)
    return {s: (z.wert, z.kennzeichen) for s, z in w.exakt.items()}


@pytest.fixture
def zaehler(monkeypatch):
    """Counts the protection computations (protect.fassungen.veroeffentliche) of this process."""
    aufrufe: list[int] = []
    echt = vmod.veroeffentliche

    def gezaehlt(*args, **kwargs):
        aufrufe.append(1)
        return echt(*args, **kwargs)

    monkeypatch.setattr(vmod, "veroeffentliche", gezaehlt)
    return aufrufe


def test_ergebnis_wird_gespeichert_und_nach_neustart_gelesen(zaehler):
    lf = _liefere()
    erst = _zellen(K, lf)
    assert any(k == "g" for _w, k in erst.values()), "keine geheime Zelle: der Test prüft nichts"
    assert len(zaehler) == 1
    assert Schutzergebnis.objects.filter(lieferung=lf, schutz=schutz_kennung(K)).count() == 1

    vergiss_wuerfel()  # wie ein neuer Prozess: nichts im Speicher, das Ergebnis in der Datenbank
    assert _zellen(K, lf) == erst
    assert len(zaehler) == 1, "nach dem Neustart neu gerechnet statt gelesen"

    vergiss_wuerfel()
    assert veroeffentliche_alles(K, threads=2) >= 1
    assert len(zaehler) == 1


def test_berichtigung_rechnet_nur_die_neue_fassung(zaehler):
    lf1 = _liefere(saat="erst")
    _zellen(K, lf1)
    vergiss_wuerfel()
    lf2 = _liefere(saat="berichtigt")
    assert Lieferung.objects.get(id=lf1.id).status != Lieferung.Status.AKTIV
    _zellen(K, lf2)
    assert len(zaehler) == 2  # die erste Fassung aus der Datenbank, nur die zweite neu
    assert set(Schutzergebnis.objects.values_list("lieferung_id", flat=True)) == {lf1.id, lf2.id}


def test_geaenderter_katalog_liest_kein_altes_ergebnis(zaehler):
    lf = _liefere()
    _zellen(K, lf)
    ds = K.datensaetze[DS]
    anders = dataclasses.replace(
        K, datensaetze={**K.datensaetze, DS: dataclasses.replace(ds, beschreibung="anders")}
    )
    assert schutz_kennung(anders) != schutz_kennung(K)
    vergiss_wuerfel()
    _zellen(anders, lf)
    assert len(zaehler) == 2
    assert Schutzergebnis.objects.filter(lieferung=lf).count() == 2


def test_zweites_speichern_ist_kein_fehler_und_aendert_die_datenversion_nicht():
    lf = _liefere()
    v = vmod.veroeffentlichung(K, lf, lambda teil: roher_wuerfel(K, teil))
    vorher = lies()
    # ein zweiter Prozess war gleichzeitig fertig, mit einem anderen Muster (ein Lauf, dem die Zeit ausging):
    # er veröffentlicht das gespeicherte, nie zwei Muster derselben Tabelle nebeneinander
    anders = dataclasses.replace(v, werte=dict.fromkeys(v.werte), rueckfall=True)
    with transaction.atomic():
        assert speichere(lf, schutz_kennung(K), anders) == v
    assert Schutzergebnis.objects.filter(lieferung=lf).count() == 1
    assert lies() == vorher


def test_fingerabdruck_ist_in_jedem_prozess_gleich(tmp_path):
    """repr-Reihenfolgen dürfen nicht vom Hash-Seed abhängen, sonst rechnete jeder Prozess neu."""
    code = (
        "from integrationsmonitor.cli.setup import django_starten; django_starten(None); "
        "from integrationsmonitor.catalog.loader import katalog; "
        "from integrationsmonitor.store.schutzergebnis import schutz_kennung; print(schutz_kennung(katalog()))"
    )
    werte = set()
    for saat in ("1", "2"):
        env = {
            **os.environ,
            "PYTHONHASHSEED": saat,
            "IMON_DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}",
        }
        ergebnis = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        )
        werte.add(ergebnis.stdout.strip().splitlines()[-1])
    assert werte == {schutz_kennung(K)}


def test_neue_lieferung_wird_beim_eingang_geschuetzt(zaehler):
    """Nach dem Commit der Lieferung rechnet der liefernde Prozess; der erste Besucher liest nur noch."""
    lf = _liefere()
    assert Schutzergebnis.objects.filter(lieferung=lf, schutz=schutz_kennung(K)).count() == 1
    assert len(zaehler) == 1
    vergiss_wuerfel()
    _zellen(K, lf)
    assert len(zaehler) == 1


def test_fehler_beim_vorberechnen_verliert_keine_lieferung(monkeypatch, caplog):
    def kaputt(*_a, **_k):
        raise RuntimeError("Solver weg")

    monkeypatch.setattr(vmod, "veroeffentliche", kaputt)
    lf = _liefere()
    assert Lieferung.objects.filter(id=lf.id, status=Lieferung.Status.AKTIV).exists()
    assert lf.beobachtungen.count() > 0
    assert not Schutzergebnis.objects.exists()
    assert "Geheimhaltung nicht vorberechnet" in caplog.text


def test_der_prozess_behaelt_nur_begrenzt_viele_ergebnisse(zaehler, monkeypatch):
    """Die Datenbank hält jedes Ergebnis; der Prozess nur die zuletzt gelesenen (begrenzt nach Zellen)."""
    monkeypatch.setattr(vmod, "ERGEBNIS_ZELLEN_HOECHSTENS", 1)
    lf1 = _liefere("2023", saat="a")
    lf2 = _liefere("2024", saat="b")
    assert len(vmod._ergebnisse) == 1 and vmod._ergebnis_zellen > 0  # nur das jüngste
    erst = _zellen(K, lf1)  # aus der Datenbank, nicht neu gerechnet
    assert len(zaehler) == 2
    vergiss_wuerfel()
    assert _zellen(K, lf1) == erst and _zellen(K, lf2)
    assert len(zaehler) == 2


def test_im_server_rechnet_ein_eigener_thread(zaehler, monkeypatch):
    """In `imon serve` answers the request that stored a delivery before its protection is computed."""
    import threading

    from integrationsmonitor.store import vorberechnung

    namen: list[str] = []
    echt = vmod.veroeffentliche

    def merkt_thread(*args, **kwargs):
        namen.append(threading.current_thread().name)
        return echt(*args, **kwargs)

    monkeypatch.setattr(vmod, "veroeffentliche", merkt_thread)
    monkeypatch.setattr(vorberechnung, "_im_hintergrund", True)
    lf = _liefere()
    for t in threading.enumerate():
        if t.name.startswith("imon-schutz-"):
            t.join(60)
    assert namen == [f"imon-schutz-{lf.id}"]
    assert Schutzergebnis.objects.filter(lieferung=lf, schutz=schutz_kennung(K)).count() == 1


def test_imon_serve_rechnet_vor_dem_start_nur_fehlende(zaehler):
    """Nach einer Katalogänderung (oder einer fehlgeschlagenen Vorberechnung) fehlen Ergebnisse: der
    Elternprozess rechnet genau die, in Eingangsreihenfolge; vorhandene liest niemand neu."""
    from integrationsmonitor.store.vorberechnung import schuetze_fehlende

    lf1 = _liefere("2023", saat="a")
    lf2 = _liefere("2024", saat="b")
    assert len(zaehler) == 2
    Schutzergebnis.objects.filter(lieferung=lf2).delete()
    vergiss_wuerfel()
    assert schuetze_fehlende(K) == 1
    assert len(zaehler) == 3
    assert set(Schutzergebnis.objects.values_list("lieferung_id", flat=True)) == {lf1.id, lf2.id}
    assert schuetze_fehlende(K) == 0


def test_fingerabdruck_umfasst_die_veroeffentlichung(tmp_path):
    """#13 review: the method's fingerprint covered only protect/*.py; a change of how the published tables
    are built (store/veroeffentlichung.py) or summed (indicators/cube.py) would have read old results."""
    from integrationsmonitor.store import schutzergebnis as smod

    namen = {f"{d.parent.name}/{d.name}" for d in smod.verfahrensdateien()}
    assert {"protect/fassungen.py", "store/veroeffentlichung.py", "indicators/cube.py"} <= namen
    assert all(d.is_file() for d in smod.verfahrensdateien())
    (tmp_path / "store").mkdir()
    geaendert = tmp_path / "store" / "veroeffentlichung.py"
    geaendert.write_bytes(Path(vmod.__file__).read_bytes() + b"\n# anders\n")
    dateien = [geaendert if d.name == "veroeffentlichung.py" else d for d in smod.verfahrensdateien()]
    assert smod.quellen_fingerabdruck(dateien, smod.FORMAT) != smod._verfahren()
    assert smod.quellen_fingerabdruck(smod.verfahrensdateien(), smod.FORMAT) == smod._verfahren()

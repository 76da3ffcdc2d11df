"""Values pages read from a delivery are kept in the database (store.seitenwerte): a process that starts
reads them instead of loading the delivery's cube, a changed catalogue or method does not read old ones,
and keeping them changes no data version (the response cache stays)."""

from __future__ import annotations

import pytest
from django.core.signals import request_finished

from integrationsmonitor.catalog.loader import katalog
from integrationsmonitor.indicators.engine import reihe
from integrationsmonitor.store import datenversion, seitenwerte, selectors
from integrationsmonitor.store.apps import _speichere_seitenwerte as nach_der_anfrage
from integrationsmonitor.store.ingest import liefere
from integrationsmonitor.store.lieferwerte import speichere_neue
from integrationsmonitor.store.models import Seitenwerte
from integrationsmonitor.store.selectors import DbQuelle

pytestmark = pytest.mark.django_db

KOPF = "gebiet;zeitraum;staatsangehoerigkeit;geschlecht;wert;kennzeichen"


def _einbuergerungen(jahr: int, m: int, w: int) -> None:
    zeilen = [f"12061;{jahr};_T;m;{m};", f"12061;{jahr};_T;w;{w};", f"12061;{jahr};_T;_T;{m + w};"]
    ergebnis = liefere(
        katalog=katalog(), daten="\n".join([KOPF, *zeilen]).encode(), datei_name=f"e_{jahr}.csv",
        datensatz="einbuergerungen", zeitraum=str(jahr), benutzer="pruefer",
    )  # fmt: skip
    assert ergebnis.angenommen, ergebnis.probleme


@pytest.fixture(autouse=True)
def leer():
    selectors.vergiss_wuerfel()
    yield
    selectors.vergiss_wuerfel()


def _reihe() -> list[tuple[str, str | None, float | None, str]]:
    k = katalog()
    return [
        (z.period, z.category, z.value, z.flag)
        for nach in (None, "geschlecht")
        for z in reihe(k, DbQuelle(k), "einbuergerungen", nach=nach)
    ]


def _kein_wuerfel(monkeypatch) -> None:
    def geladen(*_a, **_k):
        raise AssertionError("Würfel geladen, obwohl die Werte gespeichert sind")

    monkeypatch.setattr(DbQuelle, "_lade", geladen)


def test_a_process_that_starts_reads_the_kept_values_not_the_cubes(monkeypatch):
    _einbuergerungen(2023, 60, 50)
    _einbuergerungen(2024, 70, 65)
    zuerst = _reihe()
    assert ("2024", None, 135.0, "") in zuerst and ("2023", "w", 50.0, "") in zuerst
    assert speichere_neue() == 2  # both deliveries' values go to the database
    assert Seitenwerte.objects.count() == 2 and speichere_neue() == 0  # nothing new: nothing written
    selectors.vergiss_wuerfel()  # a new process: nothing in memory, the database keeps them
    _kein_wuerfel(monkeypatch)
    assert _reihe() == zuerst


def test_values_are_kept_after_each_request_and_extended_by_later_ones():
    _einbuergerungen(2024, 70, 65)
    k = katalog()
    w = DbQuelle(k).wuerfel("einbuergerungen", "2024")
    assert w is not None and w.wert("12061", (None, None)).value == 135
    # connected to the end of every request (sending the signal itself would also close the test's
    # database connection: Django closes old connections there)
    assert any(r[0][0] == "imon-seitenwerte" for r in request_finished.receivers)
    nach_der_anfrage()
    lf_id = Seitenwerte.objects.get().lieferung_id
    werte, _codes = seitenwerte.lies(k, lf_id)
    assert [w.value for w in werte.values()] == [135]
    w = DbQuelle(k).wuerfel("einbuergerungen", "2024")
    assert w is not None and w.wert("12061", (None, frozenset({"w"}))).value == 65
    nach_der_anfrage()
    werte, _codes = seitenwerte.lies(k, lf_id)
    assert sorted(w.value for w in werte.values()) == [65, 135]  # added to, not replaced


def test_another_catalogue_or_method_does_not_read_old_values(monkeypatch):
    _einbuergerungen(2024, 70, 65)
    _reihe()
    speichere_neue()
    lf_id = Seitenwerte.objects.get().lieferung_id
    assert seitenwerte.lies(katalog(), lf_id)[0]
    monkeypatch.setattr(seitenwerte, "kennung", lambda _k: "0" * 32)
    assert seitenwerte.lies(katalog(), lf_id) == ({}, {})


def test_keeping_values_changes_no_data_version():
    _einbuergerungen(2024, 70, 65)
    vorher = datenversion.lies()
    _reihe()
    speichere_neue()
    assert Seitenwerte.objects.exists()
    assert datenversion.lies() == vorher  # the response cache of the public pages stays


def test_a_new_delivery_is_read_fresh_and_its_old_values_stay_with_the_old_version():
    _einbuergerungen(2024, 70, 65)
    assert ("2024", None, 135.0, "") in _reihe()
    speichere_neue()
    _einbuergerungen(2024, 71, 65)  # a correction: another delivery, its own values
    assert ("2024", None, 136.0, "") in _reihe()


def test_the_fingerprint_covers_how_the_published_cube_is_built_and_read(tmp_path, monkeypatch):
    """#13 review: `kennung` covered only indicators/cube.py; a change of store/selectors.py (how the
    published cube is built) or store/lieferwerte.py (how values are read) would have read old values."""
    from pathlib import Path

    namen = {f"{d.parent.name}/{d.name}" for d in seitenwerte.wertedateien()}
    assert {"indicators/cube.py", "store/selectors.py", "store/lieferwerte.py"} <= namen
    k = katalog()
    vorher = seitenwerte.kennung(k)
    (tmp_path / "store").mkdir()
    geaendert = tmp_path / "store" / "selectors.py"
    geaendert.write_bytes(Path(selectors.__file__).read_bytes() + b"\n# anders\n")
    dateien = [geaendert if d.name == "selectors.py" else d for d in seitenwerte.wertedateien()]
    monkeypatch.setattr(seitenwerte, "wertedateien", lambda: dateien)
    seitenwerte._wuerfel_quelle.cache_clear()
    try:
        assert seitenwerte.kennung(k) != vorher
    finally:
        seitenwerte._wuerfel_quelle.cache_clear()


def test_values_of_a_delivery_deleted_meanwhile_are_not_written():
    """Found by the suite: values computed for a delivery of an earlier state (a test's rolled-back data, a
    deleted delivery) were written after the next request and broke the foreign key at the commit."""
    _einbuergerungen(2024, 70, 65)
    _reihe()
    Seitenwerte.objects.all().delete()
    from integrationsmonitor.store.models import Lieferung

    Lieferung.objects.all().delete()
    assert speichere_neue() == 1  # tried for the one delivery …
    assert not Seitenwerte.objects.exists()  # … and nothing written


def test_read_values_share_one_object_per_selection():
    """Found measuring the big variant: every kept value got its own copy of its selection (often every code
    of a long list), 7 million strings for 100.000 values in each worker."""
    _einbuergerungen(2023, 60, 50)
    _einbuergerungen(2024, 70, 65)
    _reihe()
    speichere_neue()
    k = katalog()
    erste, zweite = (seitenwerte.lies(k, z.lieferung_id)[0] for z in Seitenwerte.objects.order_by("id"))
    gleich = [(a, b) for a in erste for b in zweite if a[1] == b[1] and a[1] != (None, None)]
    assert gleich and all(a[1] is b[1] for a, b in gleich)  # the same object, not equal copies

"""The process-wide cube cache: a delivery is read from the database once, a correction shows at once,
another catalogue never gets a cube built for a different one, and the cache stays within its cell budget."""

from __future__ import annotations

import pytest

from integrationsmonitor.catalog.loader import katalog, lade_katalog
from integrationsmonitor.indicators.cube import Wuerfel
from integrationsmonitor.store import selectors
from integrationsmonitor.store.ingest import liefere
from integrationsmonitor.store.lieferwerte import Lieferwerte
from integrationsmonitor.store.selectors import DbQuelle

pytestmark = pytest.mark.django_db

KOPF = "gebiet;zeitraum;geschlecht;wert;kennzeichen"


def _bev(jahr: int, m: int, w: int) -> None:
    ergebnis = liefere(
        katalog=katalog(), daten=f"{KOPF}\n12061;{jahr};_T;{m + w};\n12061;{jahr};m;{m};\n12061;{jahr};w;{w};\n".encode(),
        datei_name=f"bev_{jahr}.csv", datensatz="bevoelkerung_amtlich", zeitraum=str(jahr), benutzer="pruefer",
    )  # fmt: skip
    assert ergebnis.angenommen, ergebnis.probleme


@pytest.fixture(autouse=True)
def leerer_cache():
    selectors.vergiss_wuerfel()
    yield
    selectors.vergiss_wuerfel()


def _gesamt(k, jahr: int) -> float | None:
    w = DbQuelle(k).wuerfel("bevoelkerung_amtlich", str(jahr))
    assert w is not None
    return w.exakt[("12061", ("_T",))].wert


def test_second_request_reads_the_cube_without_the_cells_query(django_assert_num_queries):
    _bev(2015, 100, 120)
    k = katalog()
    assert _gesamt(k, 2015) == 220
    with django_assert_num_queries(1):  # the active deliveries only; the cells come from the cache
        assert _gesamt(k, 2015) == 220


def test_a_correction_is_seen_by_the_next_request_and_the_old_version_stays_readable():
    _bev(2015, 100, 120)
    k = katalog()
    alt = DbQuelle(k)
    assert _gesamt(k, 2015) == 220
    erste = next(iter(alt.aktive("bevoelkerung_amtlich").values()))
    _bev(2015, 100, 121)
    assert _gesamt(k, 2015) == 221
    archiv = DbQuelle(k, stand=[erste.id])  # an archived FactSheet reads exactly the version it used
    w = archiv.wuerfel("bevoelkerung_amtlich", "2015")
    assert w is not None and w.exakt[("12061", ("_T",))].wert == 220


def test_another_catalogue_object_builds_its_own_cube():
    _bev(2015, 100, 120)
    k1, k2 = katalog(), lade_katalog()
    assert k1 is not k2
    w1 = DbQuelle(k1).wuerfel("bevoelkerung_amtlich", "2015")
    w2 = DbQuelle(k2).wuerfel("bevoelkerung_amtlich", "2015")
    assert w1 is not None and w2 is not None
    assert w1.katalog is k1 and w2.katalog is k2
    w3 = DbQuelle(k1).wuerfel("bevoelkerung_amtlich", "2015")  # the slot now holds k2's cube: built anew
    assert w3 is not None and w3.katalog is k1 and w3 is not w2


def _cube(q: DbQuelle, jahr: int) -> Wuerfel:
    """The loaded cube behind what the engine gets (store.lieferwerte keeps its values)."""
    w = q.wuerfel("bevoelkerung_amtlich", str(jahr))
    assert isinstance(w, Lieferwerte)
    return w.geladen()


def test_the_cache_keeps_to_its_cell_budget_least_recently_used_first(monkeypatch):
    monkeypatch.setattr(selectors, "WUERFEL_ZELLEN_HOECHSTENS", 7)  # room for two deliveries of three cells
    for jahr in (2015, 2016, 2017):
        _bev(jahr, 10, 20)
    k = katalog()
    q = DbQuelle(k)
    eins, zwei = _cube(q, 2015), _cube(q, 2016)
    assert _cube(DbQuelle(k), 2015) is eins  # 2015 is now the most recent
    drei = _cube(q, 2017)
    assert selectors._wuerfel_zellen == 6 and len(selectors._wuerfel_cache) == 2
    frisch = DbQuelle(k)
    assert _cube(frisch, 2015) is eins
    assert _cube(frisch, 2017) is drei
    assert _cube(frisch, 2016) is not zwei  # evicted, read again


def test_values_stay_with_the_delivery_when_its_cube_is_evicted(monkeypatch, django_assert_num_queries):
    """The cliff of #11: pages reading more periods than the cube cache holds load no cube again."""
    monkeypatch.setattr(selectors, "WUERFEL_ZELLEN_HOECHSTENS", 4)  # room for one delivery of three cells
    for jahr in (2015, 2016, 2017):
        _bev(jahr, 10, 20 + jahr - 2015)
    k = katalog()
    auswahl = (None,)
    erste = [DbQuelle(k).wuerfel("bevoelkerung_amtlich", str(j)) for j in (2015, 2016, 2017)]
    assert [w.wert("12061", auswahl).value for w in erste if w is not None] == [30, 31, 32]
    assert len(selectors._wuerfel_cache) == 1  # the cubes of 2015 and 2016 are gone
    with django_assert_num_queries(1):  # the data version only: no cells, no deliveries
        q = DbQuelle(k)
        werte = [q.wuerfel("bevoelkerung_amtlich", str(j)) for j in (2015, 2016, 2017)]
        assert [w.wert("12061", auswahl).value for w in werte if w is not None] == [30, 31, 32]

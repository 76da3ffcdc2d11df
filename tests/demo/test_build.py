"""The demo goes through the delivery path and never replaces real data."""

from __future__ import annotations

import pytest

from integrationsmonitor.catalog.loader import katalog
from integrationsmonitor.demo import build
from integrationsmonitor.store.ingest import liefere
from integrationsmonitor.store.models import Lieferung


@pytest.mark.django_db
def test_demo_leaves_real_deliveries_alone(monkeypatch):
    echt = liefere(
        katalog=katalog(), daten=b"gebiet;zeitraum;geschlecht;wert\n12061;2015;_T;164528\n",
        datei_name="amt.csv", datensatz="bevoelkerung_amtlich", zeitraum="2015", benutzer="statistik-amt",
    ).lieferung  # fmt: skip
    original = build.write_demo
    monkeypatch.setattr(
        build, "write_demo", lambda out: [d for d in original(out) if d.datensatz == "bevoelkerung_amtlich"]
    )
    hinweise: list[str] = []
    build.baue_demo(katalog(), hinweis=hinweise.append)
    echt.refresh_from_db()
    assert echt.status == Lieferung.Status.AKTIV
    assert hinweise == ["bevoelkerung_amtlich 2015: übersprungen, es gibt bereits echte (Nicht-Demo-)Daten"]
    demo = Lieferung.objects.filter(ist_demo=True, datensatz="bevoelkerung_amtlich")
    assert sorted(demo.values_list("zeitraum", flat=True)) == ["2014", "2022", "2024"]

"""Migration beratung 0002: contacts stored one per row become the tallies they add up to, and are gone."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

VORHER = [("beratung", "0001_initial")]
NACHHER = [("beratung", "0002_zaehler_statt_kontakte")]


@pytest.mark.django_db(transaction=True)
def test_contacts_become_tallies_and_the_contact_table_is_dropped():
    executor = MigrationExecutor(connection)
    executor.migrate(VORHER)
    alt = executor.loader.project_state(VORHER).apps
    traeger = alt.get_model("registry", "Traeger").objects.create(name="Träger A", kurzname="a")
    stelle = alt.get_model("beratung", "Beratungsstelle").objects.create(
        name="LDS integriert", code="lds_integriert", traeger=traeger, gemeinde="12061260"
    )
    kontakt = alt.get_model("beratung", "Beratungskontakt")
    person = {"sprache": "uk", "geschlecht": "w", "altersgruppe": "27_44"}
    kontakt.objects.create(
        datum=date(2024, 5, 2), stelle=stelle, art="erst", themen=["arbeit", "wohnen"],
        verweise=["jobcenter", "sozialamt"], **person,
    )  # fmt: skip
    kontakt.objects.create(datum=date(2024, 5, 31), stelle=stelle, art="erst", themen=["arbeit"], **person)
    kontakt.objects.create(datum=date(2024, 6, 1), stelle=stelle, art="folge_1", themen=[], **person)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(NACHHER)
    neu = executor.loader.project_state(NACHHER).apps
    zahlen = {
        (z.monat, z.merkmal, z.code): z.anzahl
        for z in neu.get_model("beratung", "Beratungszahl").objects.all()
    }
    assert zahlen == {
        ("2024-05", "kontaktart", "erst"): 2,
        ("2024-05", "thema", "arbeit"): 2,
        ("2024-05", "thema", "wohnen"): 1,
        ("2024-05", "vermittlung", "andere"): 2,  # each former referral to another office
        ("2024-06", "kontaktart", "folge_1"): 1,
    }
    assert "beratung_beratungskontakt" not in connection.introspection.table_names()

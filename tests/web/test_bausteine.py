"""The building blocks of the pages: changes with sign, tables with footnotes, key-figure cards."""

from __future__ import annotations

from datetime import date

import pytest
from django.template import Context, Template
from django.utils import translation

from integrationsmonitor.catalog.model import Katalog
from integrationsmonitor.indicators.model import FEHLT_GEHEIM, FEHLT_KEINE_LIEFERUNG, SeriesRow
from integrationsmonitor.store.selectors import DbQuelle
from integrationsmonitor.web.anzeige import sortierschluessel, veraenderung
from integrationsmonitor.web.kennzahlen import kennzahl
from integrationsmonitor.web.tabelle import reihen_tabelle


@pytest.mark.parametrize(
    ("differenz", "einheit", "text"),
    [
        (1033.0, "anzahl", "+1.033"),
        (-45.0, "anzahl", "−45"),
        (0.0, "anzahl", "±0"),
        (0.48, "prozent", "+0,5 Prozentpunkte"),
        (-0.04, "prozent", "±0,0 Prozentpunkte"),
        (1.25, "je_1000", "+1,3"),
        (None, "anzahl", "."),
    ],
)
def test_veraenderung(differenz: float | None, einheit: str, text: str) -> None:
    assert veraenderung(differenz, einheit) == text


def test_deutsche_sortierung() -> None:
    namen = ["Mittenwalde", "Märkisch Buchholz", "Luckau", "Münchehofe"]
    assert sorted(namen, key=sortierschluessel) == [
        "Luckau",
        "Märkisch Buchholz",
        "Mittenwalde",
        "Münchehofe",
    ]


def test_tabelle_nummeriert_gruende_und_zeigt_kennzeichen() -> None:
    with translation.override("de"):
        rows = [
            SeriesRow("x", "12061", "2023", "a", None, "", FEHLT_KEINE_LIEFERUNG),
            SeriesRow("x", "12061", "2023", "b", None, "g", FEHLT_GEHEIM),
            SeriesRow("x", "12061", "2024", "a", 14933.0, "p"),
            SeriesRow("x", "12061", "2024", "b", None, "", FEHLT_KEINE_LIEFERUNG),
        ]
        t = reihen_tabelle(rows, beschriftung="T", einheit="anzahl", kategorien=[("a", "A"), ("b", "B")])
    assert [z.kopf for z in t.zeilen] == ["2023", "2024"]
    assert t.spalten == ["A", "B"]
    assert [(z.text, z.fussnote) for z in t.zeilen[0].zellen] == [(".", 1), (".", 2)]
    assert (t.zeilen[1].zellen[0].text, t.zeilen[1].zellen[0].kennzeichen) == ("14.933", "p")
    assert t.zeilen[1].zellen[1].fussnote == 1
    assert t.fussnoten == [(1, FEHLT_KEINE_LIEFERUNG), (2, FEHLT_GEHEIM)]
    assert t.kennzeichen == [("p", "vorläufig")]


def test_kennzahl_einer_pflicht_aufschluesselung_zeigt_kategorien(daten: list, katalog: Katalog) -> None:
    with translation.override("de"):
        karte = kennzahl(katalog, DbQuelle(katalog), katalog.indikatoren["auslaender_nach_gruppe"])
    assert karte.periode == "2024" and karte.kategorie_titel == "Gruppe"
    assert [(k.name, k.wert) for k in karte.kategorien] == [
        ("Drittstaatsangehörige", "9.000"),
        ("EU-Bürgerinnen und -Bürger", "3.000"),
        ("zugewiesene Asylsuchende", "2.933"),
    ]


def test_filter_fuer_vorlagen() -> None:
    vorlage = Template(
        '{% load imon %}{{ a|zahl }}|{{ b|wert:"prozent" }}|{{ c|periode }}|{{ d|zahl }}|{{ e|punkte }}|'
        "{{ f|datum }}|{{ g|kurz_hash }}"
    )
    werte = {
        "a": 14933,
        "b": 8.2,
        "c": "2024-Q4",
        "d": None,
        "e": 0.6,
        "f": date(2024, 12, 31),
        "g": "ab" * 32,
    }
    text = vorlage.render(Context(werte))
    assert text == "14.933|8,2 %|4. Quartal 2024|.|+0,6 Prozentpunkte|31.12.2024|abababababab"

"""The indicator page draws the Zensus 2022 break of the official population (catalogue `reihenbruch`)."""

from __future__ import annotations

import re

from django.test import Client

from integrationsmonitor.catalog.model import Katalog

from .conftest import liefern


def _amtlich(jahr: str, wert: int) -> str:
    return f"gebiet;zeitraum;geschlecht;wert;kennzeichen\n12061;{jahr};_T;{wert};\n"


def test_indikatorseite_zeigt_den_zensusbruch(db: None, client: Client, katalog: Katalog) -> None:
    for jahr, wert in (("2021", 171000), ("2022", 172000), ("2024", 178793)):
        liefern(katalog, "bevoelkerung_amtlich", jahr, f"amtlich_{jahr}.csv", _amtlich(jahr, wert))
    html = client.get("/indikatoren/bevoelkerung_amtlich/").content.decode()
    figur = re.search(r'<figure class="diagramm">(.*?)</figure>', html, re.S)
    assert figur is not None
    assert ">Zensus 2022</text>" in figur.group(1)  # the labelled rule
    assert "Bruch der Reihe zwischen 2022 und 2024 (senkrechte Linie): Zensus 2022" in figur.group(1)
    linien = re.findall(r'aria-roledescription="line mark"[^>]*?\sd="M[^"]*"', figur.group(1))
    assert len(linien) == 2  # 2021–2022 joined, 2024 on its own: no line across the break


def test_ohne_bruch_keine_senkrechte(db: None, client: Client, katalog: Katalog) -> None:
    for jahr, wert in (("2022", 172000), ("2024", 178793)):
        liefern(katalog, "bevoelkerung_melderegister", jahr, f"mr_{jahr}.csv",
                f"gebiet;zeitraum;geschlecht;altersgruppe;wert;kennzeichen\n12061;{jahr};_T;_T;{wert};\n")  # fmt: skip
    html = client.get("/indikatoren/bevoelkerung/").content.decode()
    assert "Zensus 2022" not in html and "Bruch der Reihe" not in html

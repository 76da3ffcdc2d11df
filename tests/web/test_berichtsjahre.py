"""`/bericht/` offers only years with data, newest first: not the years of courses planned ahead in the course
register (issue 11)."""

from __future__ import annotations

import re

from django.test import Client

from integrationsmonitor.catalog.model import Katalog

from .conftest import liefern
from .test_ausstehend import AUSLAENDER_2025

KURSE = """gebiet;zeitraum;kursart;kursgroesse;wert;kennzeichen
12061;{jahr};_T;kurse;3;
"""


def test_berichte_nur_jahre_mit_daten_neueste_zuerst(client: Client, daten: list, katalog: Katalog) -> None:
    liefern(katalog, "auslaender_bestand", "2025", "abh_bestand_2025.csv", AUSLAENDER_2025)  # Kreis only
    for jahr in ("2026", "2027"):  # courses planned ahead in the course register
        liefern(katalog, "sprachkurse_register", jahr, f"kurse_{jahr}.csv", KURSE.format(jahr=jahr))
    html = client.get("/bericht/").content.decode()
    jahre = [int(j) for j in re.findall(r"Jahresbericht (\d{4})</a>", html)]
    assert jahre == [2025, 2024, 2023]

"""Test data for the web pages, built through the real delivery path (store.ingest.liefere)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.test import Client

from integrationsmonitor.catalog.model import Katalog
from integrationsmonitor.store.ingest import Lieferergebnis, liefere
from integrationsmonitor.store.katalog import aktueller_katalog

BEVOELKERUNG_2023 = """gebiet;zeitraum;geschlecht;altersgruppe;wert;kennzeichen
12061;2023;_T;_T;180000;
"""

# Kreis and two Gemeinden (Bestensee, Eichwalde); the other Gemeinden are not delivered.
BEVOELKERUNG_2024 = """gebiet;zeitraum;geschlecht;altersgruppe;wert;kennzeichen
12061;2024;_T;_T;182110;
12061020;2024;_T;_T;8932;
12061112;2024;_T;_T;6475;
"""

AUSLAENDER_2023 = """gebiet;zeitraum;gruppe;staatsangehoerigkeit;geschlecht;altersgruppe;wert;kennzeichen
12061;2023;_T;_T;_T;_T;13900;
"""

# Margins equal the sums of their parts (the validation checks it): 9000 + 2933 + 3000 = 14933.
AUSLAENDER_2024 = """gebiet;zeitraum;gruppe;staatsangehoerigkeit;geschlecht;altersgruppe;wert;kennzeichen
12061;2024;_T;_T;_T;_T;14933;
12061;2024;drittstaat;_T;_T;_T;9000;
12061;2024;asyl;_T;_T;_T;2933;
12061;2024;eu;_T;_T;_T;3000;
12061;2024;_T;152;_T;_T;3000;
12061;2024;_T;475;_T;_T;11933;
12061;2024;eu;152;_T;_T;3000;
12061;2024;drittstaat;475;_T;_T;9000;
12061;2024;asyl;475;_T;_T;2933;
12061020;2024;_T;_T;_T;_T;500;
12061112;2024;_T;_T;_T;_T;300;
"""

EINBUERGERUNGEN_2024 = """gebiet;zeitraum;staatsangehoerigkeit;geschlecht;wert;kennzeichen
12061;2024;_T;_T;250;
"""

LIEFERUNGEN = [
    ("bevoelkerung_melderegister", "2023", "melderegister_2023.csv", BEVOELKERUNG_2023),
    ("bevoelkerung_melderegister", "2024", "melderegister_2024.csv", BEVOELKERUNG_2024),
    ("auslaender_bestand", "2023", "abh_bestand_2023.csv", AUSLAENDER_2023),
    ("auslaender_bestand", "2024", "abh_bestand_2024.csv", AUSLAENDER_2024),
    ("einbuergerungen", "2024", "einbuergerungen_2024.csv", EINBUERGERUNGEN_2024),
]


def liefern(
    katalog: Katalog, datensatz: str, zeitraum: str, name: str, text: str, *, ist_demo: bool = False
) -> Lieferergebnis:
    ergebnis = liefere(
        katalog=katalog,
        daten=text.encode("utf-8"),
        datei_name=name,
        datensatz=datensatz,
        zeitraum=zeitraum,
        benutzer="statistikstelle",
        ist_demo=ist_demo,
    )
    assert ergebnis.angenommen, ergebnis.probleme
    return ergebnis


@pytest.fixture
def katalog() -> Katalog:
    return aktueller_katalog()


@pytest.fixture
def daten(db: None, katalog: Katalog) -> list[Lieferergebnis]:
    """Five accepted deliveries (none of them demo data)."""
    return [liefern(katalog, *lf) for lf in LIEFERUNGEN]


@pytest.fixture
def benutzer(db: None) -> AbstractBaseUser:
    """The admin role (registry.Zugang): delivers every dataset."""
    from integrationsmonitor.registry.models import Rolle, Zugang

    nutzer = get_user_model().objects.create_user("redaktion", "redaktion@example.org", "geheim-123")
    Zugang.objects.create(benutzer=nutzer, rolle=Rolle.ADMIN)
    return nutzer


@pytest.fixture
def angemeldet(client: Client, benutzer: AbstractBaseUser) -> Client:
    client.force_login(benutzer)
    return client

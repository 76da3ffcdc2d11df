"""Small course data for the tests of registry.kurse (Django test client and browser)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser

from integrationsmonitor.registry.kurse.models import Sprachkurs
from integrationsmonitor.registry.models import Rolle, Traeger, Zugang

PASSWORT = "kurs-geheim-123"
HEUTE = dt.date.today()
JAHR = HEUTE.year + 2  # courses lie in the future: the finder shows only courses that have not ended
LUCKAU, BESTENSEE = "12061320", "12061020"


def traeger_mit_nutzer(name: str, kurzname: str, nutzer: str) -> tuple[Traeger, AbstractBaseUser]:
    t = Traeger.objects.create(name=name, kurzname=kurzname)
    u = get_user_model().objects.create_user(nutzer, password=PASSWORT)
    Zugang.objects.create(benutzer=u, rolle=Rolle.TRAEGER, traeger=t)
    return t, u


def kurs(traeger: Traeger, titel: str, **felder: object) -> Sprachkurs:
    werte: dict[str, object] = {
        "kursart": "ik_allgemein",
        "niveau": "B1",
        "gemeinde": LUCKAU,
        "adresse": "Am Markt 1",
        "beginn": dt.date(JAHR, 3, 2),
        "ende": dt.date(JAHR, 9, 30),
        "zeiten": "Mo–Fr 8:30–12:45",
        "plaetze": 20,
        "belegt": 12,
    }
    werte.update(felder)
    return Sprachkurs.objects.create(traeger=traeger, titel=titel, **werte)


def kursdaten() -> dict[str, object]:
    """Two providers with a user each, three courses (two in Luckau, one in Bestensee)."""
    a, nutzer_a = traeger_mit_nutzer("Sprachschule Nord (Test)", "sprachschule-nord", "kurs-a")
    b, nutzer_b = traeger_mit_nutzer("Bildungswerk Süd (Test)", "bildungswerk-sued", "kurs-b")
    return {
        "a": a,
        "b": b,
        "nutzer_a": nutzer_a,
        "nutzer_b": nutzer_b,
        "kurs_a": kurs(a, "Integrationskurs Luckau"),
        "kurs_a2": kurs(a, "Berufssprachkurs Luckau", kursart="bsk_b2", niveau="B2", plaetze=15, belegt=15),
        "kurs_b": kurs(b, "Frauenkurs Bestensee", kursart="ik_frauen", niveau="A1", gemeinde=BESTENSEE,
                       plaetze=12, belegt=4, kinderbetreuung=True, beginn=dt.date(JAHR, 6, 1)),
    }  # fmt: skip

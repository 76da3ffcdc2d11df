"""The Amt publishes the initiatives' collected figures of a year with one button on /lieferungen/
(web/sammlung_ansicht.py); nobody else may, and nothing is public before (docs/geheimhaltung.md, section 8)."""

from __future__ import annotations

import pytest

from integrationsmonitor.catalog.loader import katalog
from integrationsmonitor.store.models import Lieferung, Sammelmeldung
from integrationsmonitor.store.sammlung import sammle

pytestmark = pytest.mark.django_db

MELDUNGEN = {
    "sprechcafe-kw-demo": ("12061260", 39),
    "patenschaften-luebben-demo": ("12061316", 34),
    "willkommen-wildau-demo": ("12061540", 22),
}


@pytest.fixture
def gesammelt() -> None:
    ds = katalog().datensaetze["engagement_kennzahlen"]
    for ini, (gemeinde, wert) in MELDUNGEN.items():
        sammle(
            ds=ds,
            zeitraum="2024",
            eigentuemer=ini,
            fein={(gemeinde, ini, "ehrenamtliche"): wert},
            benutzer=ini,
        )


def test_the_amt_sees_the_collected_year_and_publishes_it(angemeldet, gesammelt):
    seite = angemeldet.get("/lieferungen/").content.decode()
    assert "Gesammelte Jahreszahlen der Vereine und Initiativen" in seite
    assert '<th scope="row">2024</th><td>3</td>' in seite and "Jahr 2024 veröffentlichen" in seite
    antwort = angemeldet.post("/lieferungen/sammlung/veroeffentlichen/", {"jahr": "2024"}, follow=True)
    assert "engagement_kennzahlen 2024 veröffentlicht" in antwort.content.decode()
    lf = Lieferung.objects.get(datensatz="engagement_kennzahlen", zeitraum="2024", status="aktiv")
    assert {(b.gebiet, b.merkmale): b.wert for b in lf.beobachtungen.all()}[
        ("12061", "_T|ehrenamtliche")
    ] == 95
    assert not Sammelmeldung.objects.exists()
    assert "Gesammelte Jahreszahlen" not in angemeldet.get("/lieferungen/").content.decode()


def test_a_wrong_year_is_refused_in_german(angemeldet, gesammelt):
    antwort = angemeldet.post("/lieferungen/sammlung/veroeffentlichen/", {"jahr": "24"}, follow=True)
    assert "Bitte ein Jahr mit vier Ziffern angeben." in antwort.content.decode()
    assert not Lieferung.objects.exists()


def test_only_the_amt_may_publish(client, gesammelt):
    from django.contrib.auth import get_user_model

    from integrationsmonitor.registry.models import Rolle, Zugang

    analyst = get_user_model().objects.create_user("analyse", password="x-geheim-1")
    Zugang.objects.create(benutzer=analyst, rolle=Rolle.ANALYST)
    assert (
        client.post("/lieferungen/sammlung/veroeffentlichen/", {"jahr": "2024"}).status_code == 302
    )  # login
    client.force_login(analyst)
    assert client.post("/lieferungen/sammlung/veroeffentlichen/", {"jahr": "2024"}).status_code == 403
    assert "Gesammelte Jahreszahlen" not in client.get("/lieferungen/").content.decode()
    assert not Lieferung.objects.exists() and Sammelmeldung.objects.count() == 3

"""Funding warnings, the overview by risk, providers' own offers and projects, the public list, the demo."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from integrationsmonitor.registry import services
from integrationsmonitor.registry.demo import baue_registry_demo
from integrationsmonitor.registry.models import (
    Angebot,
    Angebotsort,
    Berichtstermin,
    Foerderung,
    Programm,
    Projekt,
    Rolle,
    Traeger,
    Zugang,
)

pytestmark = pytest.mark.django_db
HEUTE = date(2025, 9, 1)


def _projekt(name: str, traeger: Traeger | None = None) -> Projekt:
    t = traeger or Traeger.objects.get_or_create(name="Träger X", kurzname="x")[0]
    return Projekt.objects.create(traeger=t, name=name)


def _linie(p: Projekt, von: date, bis: date, programm: str = Programm.KREISMITTEL) -> Foerderung:
    return Foerderung.objects.create(projekt=p, programm=programm, von=von, bis=bis)


def test_funding_ending_within_n_months_without_follow_up_is_warned_with_follow_up_not():
    ohne = _projekt("ohne Anschluss")
    _linie(ohne, date(2025, 1, 1), date(2025, 12, 31))
    mit = _projekt("mit Anschluss")
    _linie(mit, date(2025, 1, 1), date(2025, 12, 31))
    _linie(mit, date(2026, 1, 1), date(2026, 12, 31), Programm.BUND)
    spaet = _projekt("endet später")
    _linie(spaet, date(2025, 1, 1), date(2026, 6, 30))  # ten months ahead
    vorbei = _projekt("schon beendet")
    _linie(vorbei, date(2020, 1, 1), date(2024, 12, 31))
    warnungen = services.foerderwarnungen(HEUTE, monate=6)
    assert [(w.art, w.projekt.name) for w in warnungen] == [(services.ENDET_OHNE_ANSCHLUSS, "ohne Anschluss")]
    assert {w.projekt.name for w in services.foerderwarnungen(HEUTE, monate=12)} == {
        "ohne Anschluss",
        "endet später",
    }


def test_the_number_of_months_comes_from_the_setting(settings):
    p = _projekt("p")
    _linie(p, date(2025, 1, 1), date(2025, 12, 31))
    settings.IMON_FOERDERUNG_WARNMONATE = 2
    assert services.foerderwarnungen(HEUTE) == []
    settings.IMON_FOERDERUNG_WARNMONATE = 6
    assert len(services.foerderwarnungen(HEUTE)) == 1


def test_overdue_reports_are_warned_submitted_and_future_ones_not():
    p = _projekt("p")
    f = _linie(p, date(2024, 1, 1), date(2027, 12, 31))
    Berichtstermin.objects.create(foerderung=f, bezeichnung="offen", faellig_am=HEUTE - timedelta(days=1))
    Berichtstermin.objects.create(foerderung=f, bezeichnung="eingereicht", faellig_am=date(2025, 3, 31),
                                  eingereicht_am=date(2025, 4, 2))  # fmt: skip
    Berichtstermin.objects.create(foerderung=f, bezeichnung="künftig", faellig_am=HEUTE)
    warnungen = services.foerderwarnungen(HEUTE)
    assert [(w.art, w.bericht.bezeichnung) for w in warnungen] == [(services.BERICHT_UEBERFAELLIG, "offen")]


def test_overview_order_ending_soonest_first_then_overdue_then_rest():
    ruhig = _projekt("A ruhig")
    _linie(ruhig, date(2024, 1, 1), date(2028, 12, 31))
    bericht = _projekt("B Bericht überfällig")
    f = _linie(bericht, date(2024, 1, 1), date(2028, 12, 31))
    Berichtstermin.objects.create(foerderung=f, faellig_am=date(2025, 3, 31))
    spaeter = _projekt("C endet im Dezember")
    _linie(spaeter, date(2025, 1, 1), date(2025, 12, 31))
    bald = _projekt("D endet im Oktober")
    _linie(bald, date(2025, 1, 1), date(2025, 10, 31))
    zeilen = services.foerderuebersicht(HEUTE)
    assert [z.projekt.name for z in zeilen] == [
        "D endet im Oktober", "C endet im Dezember", "B Bericht überfällig", "A ruhig",
    ]  # fmt: skip


def _nutzer(name: str, **zugang: object):
    u = get_user_model().objects.create_user(name, password="x-geheim-1")
    if zugang:
        Zugang.objects.create(benutzer=u, **zugang)
    c = Client()
    c.force_login(u)
    return c


@pytest.fixture
def zwei_traeger():
    a = Traeger.objects.create(name="Träger A", kurzname="a")
    b = Traeger.objects.create(name="Träger B", kurzname="b")
    angebot_b = Angebot.objects.create(traeger=b, name="Angebot von B", beschreibung="geheim-B")
    Angebotsort.objects.create(angebot=angebot_b, gemeinde="12061260")
    projekt_b = Projekt.objects.create(traeger=b, name="Projekt von B", beschreibung="geheim-B")
    return a, b, angebot_b, projekt_b


def _formular(name: str, **mehr: str) -> dict[str, str]:
    daten = {"name": name, "orte-TOTAL_FORMS": "1", "orte-INITIAL_FORMS": "0", "orte-MIN_NUM_FORMS": "0",
             "orte-MAX_NUM_FORMS": "1000", "orte-0-gemeinde": "12061260", "orte-0-adresse": "Bahnhofstraße 1",
             "vze": "1,5", "ehrenamtliche": "2"}  # fmt: skip
    daten.update(mehr)
    return daten


def test_provider_cannot_open_or_change_another_providers_offer_or_project(zwei_traeger):
    a, _b, angebot_b, projekt_b = zwei_traeger
    ta = _nutzer("ta", rolle=Rolle.TRAEGER, traeger=a)
    for url in (f"/traeger/angebote/{angebot_b.pk}/", f"/traeger/projekte/{projekt_b.pk}/"):
        antwort = ta.get(url)
        assert antwort.status_code in (403, 404) and b"geheim-B" not in antwort.content
        antwort = ta.post(url, _formular("gekapert"))
        assert antwort.status_code in (403, 404)
    angebot_b.refresh_from_db()
    projekt_b.refresh_from_db()
    assert angebot_b.name == "Angebot von B" and projekt_b.name == "Projekt von B"
    assert angebot_b.orte.count() == 1
    liste = ta.get("/traeger/angebote/")
    assert liste.status_code == 200 and "Angebot von B" not in liste.content.decode()


def test_provider_creates_and_edits_its_own_offer(zwei_traeger):
    a, *_ = zwei_traeger
    ta = _nutzer("ta", rolle=Rolle.TRAEGER, traeger=a)
    antwort = ta.post("/traeger/angebote/neu/", _formular("Neues Angebot", beschreibung_en="New offer"))
    assert antwort.status_code == 302
    neu = Angebot.objects.get(name="Neues Angebot")
    assert neu.traeger == a and neu.uebersetzungen == {"en": {"beschreibung": "New offer"}}
    assert [o.adresse for o in neu.orte.all()] == ["Bahnhofstraße 1"]
    antwort = ta.post("/traeger/projekte/neu/", _formular("Eigenes Projekt"))
    assert antwort.status_code == 302 and Projekt.objects.get(name="Eigenes Projekt").traeger == a


def test_form_errors_are_linked_to_their_fields(zwei_traeger):
    a, *_ = zwei_traeger
    ta = _nutzer("ta", rolle=Rolle.TRAEGER, traeger=a)
    antwort = ta.post("/traeger/angebote/neu/", _formular("", aktiv_von="2025-05-01", aktiv_bis="2025-01-01"))
    html = antwort.content.decode()
    assert antwort.status_code == 200 and not Angebot.objects.filter(traeger=a).exists()
    assert 'aria-describedby="id_name_error"' in html and 'id="id_aktiv_bis_error"' in html
    assert '<label for="id_name">' in html


def test_admin_can_edit_any_providers_project(zwei_traeger):
    _a, b, angebot_b, projekt_b = zwei_traeger
    admin = Client()
    admin.force_login(get_user_model().objects.create_superuser("chef", password="x-geheim-1"))
    assert admin.get(f"/traeger/angebote/{angebot_b.pk}/").status_code == 200
    antwort = admin.post(
        f"/traeger/projekte/{projekt_b.pk}/", _formular("Projekt von B, neu", traeger=str(b.pk))
    )
    assert antwort.status_code == 302
    projekt_b.refresh_from_db()
    assert projekt_b.name == "Projekt von B, neu" and str(projekt_b.vze) == "1.50"


def test_funding_overview_is_for_admin_and_analyst_only(zwei_traeger):
    a, *_ = zwei_traeger
    assert Client().get("/verwaltung/foerderung/").status_code == 302
    assert _nutzer("ta", rolle=Rolle.TRAEGER, traeger=a).get("/verwaltung/foerderung/").status_code == 403
    assert _nutzer("ana", rolle=Rolle.ANALYST).get("/verwaltung/foerderung/").status_code == 200
    assert Client().get("/traeger/angebote/").status_code == 302


def test_public_list_shows_active_offers_only():
    t = Traeger.objects.create(name="T", kurzname="t")
    heute = date.today()
    Angebot.objects.create(traeger=t, name="Laufend", aktiv_von=heute - timedelta(days=10))
    Angebot.objects.create(traeger=t, name="Ohne Zeitraum")
    Angebot.objects.create(traeger=t, name="Beendet", aktiv_bis=heute - timedelta(days=1))
    Angebot.objects.create(traeger=t, name="Künftig", aktiv_von=heute + timedelta(days=1))
    html = Client().get("/angebote/").content.decode()
    assert "Laufend" in html and "Ohne Zeitraum" in html
    assert "Beendet" not in html and "Künftig" not in html


def test_demo_is_idempotent_and_shows_funding_ending_without_follow_up():
    heute = date(2026, 11, 25)
    baue_registry_demo(heute)
    zaehlung = [
        m.objects.count() for m in (Traeger, Angebot, Angebotsort, Projekt, Foerderung, Berichtstermin)
    ]
    baue_registry_demo(heute)
    assert [
        m.objects.count() for m in (Traeger, Angebot, Angebotsort, Projekt, Foerderung, Berichtstermin)
    ] == zaehlung
    assert Projekt.objects.get(name="Stellwerk 8").vze == 2
    zeilen = services.foerderuebersicht(heute)
    gefaehrdet = {z.projekt.name for z in zeilen if z.endet_ohne_anschluss}
    assert {"Stellwerk 8", "Stellwerk Lübben", "LDS integriert – Schule.Ausbildung.Arbeit"} <= gefaehrdet
    assert zeilen[0].endet_ohne_anschluss
    assert any(z.ueberfaellig for z in zeilen)
    html = Client().get("/angebote/").content.decode()
    assert "Stellwerk 8" in html and "IntegrationsbegleitungPLUS" not in html  # ended 2024

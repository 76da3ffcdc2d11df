"""Language courses: course finder (filters, languages, right-to-left), open seats, roles, delivery."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from integrationsmonitor.registry.kurse.lieferung import DATENSATZ, lieferdatei, liefere_alle
from integrationsmonitor.registry.kurse.models import Sprachkurs
from integrationsmonitor.registry.models import Rolle, Zugang
from integrationsmonitor.store.katalog import aktueller_katalog
from integrationsmonitor.store.models import Beobachtung, Lieferung

from .kurse_daten import BESTENSEE, HEUTE, JAHR, LUCKAU, kurs, kursdaten

pytestmark = pytest.mark.django_db


@pytest.fixture
def k() -> dict[str, object]:
    return kursdaten()


def _sprache(client: Client, code: str) -> None:
    client.post("/i18n/setlang/", {"language": code, "next": "/kurse/"})


def test_finder_filters_by_place_type_level_and_start(client: Client, k: dict[str, object]) -> None:
    text = client.get("/kurse/").content.decode()
    assert "Integrationskurs Luckau" in text and "Frauenkurs Bestensee" in text
    assert "8 freie Plätze" in text and "von 20, Stand" in text  # open seats with their date
    text = client.get("/kurse/", {"ort": BESTENSEE}).content.decode()
    assert "Frauenkurs Bestensee" in text and "Integrationskurs Luckau" not in text
    text = client.get("/kurse/", {"art": "bsk_b2"}).content.decode()
    assert "Berufssprachkurs Luckau" in text and "Integrationskurs Luckau" not in text
    text = client.get("/kurse/", {"niveau": "A1"}).content.decode()
    assert "Frauenkurs Bestensee" in text and "Berufssprachkurs Luckau" not in text
    ab = dt.date(JAHR, 4, 1).isoformat()
    text = client.get("/kurse/", {"ab": ab}).content.decode()
    assert "Frauenkurs Bestensee" in text and "Integrationskurs Luckau" not in text
    antwort = client.get("/kurse/", {"ab": "gestern"})
    assert antwort.status_code == 200 and "ungültig" in antwort.content.decode()
    text = client.get("/kurse/", {"ort": LUCKAU, "niveau": "C1"}).content.decode()
    assert "Keine Kurse gefunden" in text


def test_finder_hides_courses_that_have_ended(client: Client, k: dict[str, object]) -> None:
    kurs(k["a"], "Alter Kurs", beginn=HEUTE - dt.timedelta(days=200), ende=HEUTE - dt.timedelta(days=1))
    assert "Alter Kurs" not in client.get("/kurse/").content.decode()


@pytest.mark.parametrize(
    ("code", "richtung", "wort"),
    [("de", "ltr", "8 freie Plätze"), ("en", "ltr", "8 open seats"), ("uk", "ltr", "8 вільних місць"),
     ("ar", "rtl", "8 أماكن شاغرة")],
)  # fmt: skip
def test_finder_in_four_languages_arabic_right_to_left(
    client: Client, k: dict[str, object], code: str, richtung: str, wort: str
) -> None:
    _sprache(client, code)
    text = client.get("/kurse/").content.decode()
    richtung_attr = ' dir="rtl"' if richtung == "rtl" else ""
    assert f'<html lang="{code}"{richtung_attr}>' in text
    assert wort in text
    for link in ('hreflang="de"', 'hreflang="en"', 'hreflang="uk"', 'hreflang="ar"'):
        assert link in text  # the switch offers all four here


def test_other_pages_fall_back_to_german_for_ukrainian_and_arabic(client: Client, db: None) -> None:
    _sprache(client, "ar")
    text = client.get("/anmelden/").content.decode()
    assert '<html lang="de">' in text
    assert 'hreflang="ar"' not in text and 'hreflang="uk"' not in text and 'hreflang="en"' in text


def test_provider_sets_open_seats_of_its_own_course_only(client: Client, k: dict[str, object]) -> None:
    client.force_login(k["nutzer_a"])
    liste = client.get("/traeger/kurse/").content.decode()
    assert "Integrationskurs Luckau" in liste and "Frauenkurs Bestensee" not in liste
    kurs_a, kurs_b = k["kurs_a"], k["kurs_b"]
    antwort = client.post(f"/traeger/kurse/{kurs_a.pk}/freie-plaetze/", {"freie_plaetze": "3"})
    assert antwort.status_code == 302
    kurs_a.refresh_from_db()
    assert (kurs_a.freie_plaetze, kurs_a.belegt, kurs_a.freie_plaetze_stand) == (3, 17, dt.date.today())
    antwort = client.post(f"/traeger/kurse/{kurs_b.pk}/freie-plaetze/", {"freie_plaetze": "0"})
    assert antwort.status_code == 403
    kurs_b.refresh_from_db()
    assert kurs_b.belegt == 4
    client.post(f"/traeger/kurse/{kurs_a.pk}/freie-plaetze/", {"freie_plaetze": "99"})  # more than seats
    kurs_a.refresh_from_db()
    assert kurs_a.belegt == 17
    assert client.post("/traeger/kurse/999999/freie-plaetze/", {"freie_plaetze": "1"}).status_code == 404


def test_roles_of_the_course_pages(client: Client, k: dict[str, object]) -> None:
    assert client.get("/traeger/kurse/").status_code == 302  # to the login page
    assert client.get("/verwaltung/kurse/").status_code == 302
    nutzer = get_user_model().objects
    for name, rolle, traeger_seite, verwaltung in [
        ("ana", Rolle.ANALYST, 403, 200),
        ("adm", Rolle.ADMIN, 200, 200),
        ("abh", Rolle.LIEFERSTELLE, 403, 403),
    ]:
        u = nutzer.create_user(name, password="x-geheim-1")
        Zugang.objects.create(
            benutzer=u, rolle=rolle, lieferant="auslaenderbehoerde" if rolle == "lieferstelle" else ""
        )
        client.force_login(u)
        assert client.get("/traeger/kurse/").status_code == traeger_seite, name
        assert client.get("/verwaltung/kurse/").status_code == verwaltung, name
        status = client.post(
            f"/traeger/kurse/{k['kurs_b'].pk}/freie-plaetze/", {"freie_plaetze": "1"}
        ).status_code
        assert status == (302 if rolle == Rolle.ADMIN else 403), name
    client.force_login(k["nutzer_a"])
    assert client.get("/verwaltung/kurse/").status_code == 403


def test_welcome_center_sees_all_courses_open_seats_first(client: Client, k: dict[str, object]) -> None:
    u = get_user_model().objects.create_user("wc", password="x-geheim-1")
    Zugang.objects.create(benutzer=u, rolle=Rolle.ANALYST)
    client.force_login(u)
    text = client.get("/verwaltung/kurse/").content.decode()
    assert text.index("Frauenkurs Bestensee") < text.index("Berufssprachkurs Luckau")  # the full one last
    assert "zusammen 16 freie Plätze" in text


def _zellen(jahr: int) -> dict[tuple[str, str, str], float]:
    lf = Lieferung.objects.get(datensatz=DATENSATZ, zeitraum=str(jahr), status=Lieferung.Status.AKTIV)
    return {(b.gebiet, *b.merkmale.split("|")): b.wert for b in Beobachtung.objects.filter(lieferung=lf)}


def test_each_save_delivers_the_course_figures(client: Client, k: dict[str, object]) -> None:
    jahr = k["kurs_a"].beginn.year
    zellen = _zellen(jahr)
    assert zellen[(LUCKAU, "ik_allgemein", "kurse")] == 1
    assert zellen[(LUCKAU, "ik_allgemein", "plaetze")] == 20
    assert zellen[(LUCKAU, "ik_allgemein", "belegt")] == 12
    assert zellen[(LUCKAU, "bsk_b2", "belegt")] == 15
    client.force_login(k["nutzer_a"])
    client.post(f"/traeger/kurse/{k['kurs_a'].pk}/freie-plaetze/", {"freie_plaetze": "2"})
    assert _zellen(jahr)[(LUCKAU, "ik_allgemein", "belegt")] == 18
    vorher = Lieferung.objects.filter(datensatz=DATENSATZ).count()
    ergebnisse = liefere_alle(aktueller_katalog())
    assert ergebnisse and all(e.angenommen and e.unveraendert for e in ergebnisse)
    assert Lieferung.objects.filter(datensatz=DATENSATZ).count() == vorher


def test_delivery_file_and_indicators(k: dict[str, object]) -> None:
    from integrationsmonitor.indicators.engine import reihe
    from integrationsmonitor.store.selectors import DbQuelle

    jahr = k["kurs_a"].beginn.year
    assert lieferdatei(1990) is None
    assert lieferdatei(jahr).startswith("gebiet;zeitraum;kursart;kursgroesse;wert;kennzeichen\n")
    katalog = aktueller_katalog()
    werte = {
        i: {r.period: r.value for r in reihe(katalog, DbQuelle(katalog), i, gebiet="12061")}
        for i in ("kursregister_kurse", "kursregister_plaetze", "kursregister_auslastung")
    }
    assert werte["kursregister_kurse"][str(jahr)] == 3
    assert werte["kursregister_plaetze"][str(jahr)] == 47
    assert werte["kursregister_auslastung"][str(jahr)] == pytest.approx(100 * 31 / 47)
    assert Sprachkurs.objects.count() == 3


def test_cli_registry_deliver(k: dict[str, object], capsys: pytest.CaptureFixture[str]) -> None:
    import argparse

    from integrationsmonitor.cli import befehle

    katalog = aktueller_katalog()
    assert befehle.registry_deliver(katalog, argparse.Namespace(period=str(JAHR))) == 0
    assert "Unverändert" in capsys.readouterr().out  # saving the courses has delivered already
    assert befehle.registry_deliver(katalog, argparse.Namespace(period="1990")) == 0
    assert "nichts geliefert" in capsys.readouterr().out
    assert befehle.registry_deliver(katalog, argparse.Namespace(period="kein Jahr")) == 2
    assert befehle.registry_deliver(katalog, argparse.Namespace(period=None)) == 0


def test_demo_courses_are_built_once() -> None:
    from integrationsmonitor.registry.kurse.demo import baue_kurse_demo

    katalog = aktueller_katalog()
    erst = baue_kurse_demo(katalog, heute=dt.date(2026, 11, 25))
    assert (erst["traeger"], erst["kurse"], erst["neu"]) == (6, 8, 8) and erst["lieferungen"] >= 1
    zweit = baue_kurse_demo(katalog, heute=dt.date(2026, 11, 25))
    assert (zweit["kurse"], zweit["neu"], zweit["lieferungen"]) == (8, 0, 0)
    assert Lieferung.objects.get(datensatz=DATENSATZ, zeitraum="2027", status=Lieferung.Status.AKTIV).ist_demo


def test_admin_enters_a_course_with_a_gemeinde_of_the_catalogue(client: Client, k: dict[str, object]) -> None:
    admin = get_user_model().objects.create_superuser("chef", password="x-geheim-1")
    client.force_login(admin)
    assert client.get("/admin/kurse/sprachkurs/").status_code == 200
    felder = {
        "traeger": k["b"].pk, "titel": "Intensivkurs Wildau", "kursart": "ik_intensiv", "niveau": "B1",
        "gemeinde": "12061540", "adresse": "", "beginn": f"{JAHR}-01-05", "ende": f"{JAHR}-04-30", "zeiten": "",
        "plaetze": "10", "belegt": "2", "freie_plaetze_stand": f"{JAHR - 2}-11-01",
    }  # fmt: skip
    assert client.post("/admin/kurse/sprachkurs/add/", {**felder, "gemeinde": "12061"}).status_code == 200
    assert client.post("/admin/kurse/sprachkurs/add/", felder).status_code == 302
    assert _zellen(JAHR)[("12061540", "ik_intensiv", "plaetze")] == 10  # delivered on save


def test_deleting_the_last_course_of_a_year_delivers_zeros(k: dict[str, object]) -> None:
    from integrationsmonitor.indicators.engine import reihe
    from integrationsmonitor.store.selectors import DbQuelle

    katalog = aktueller_katalog()
    spaet = kurs(k["a"], "Spätkurs", beginn=dt.date(JAHR + 1, 1, 5), ende=dt.date(JAHR + 1, 3, 31))
    spaet.delete()
    zeilen = reihe(katalog, DbQuelle(katalog), "kursregister_kurse", gebiet="12061")
    assert {r.period: r.value for r in zeilen}[str(JAHR + 1)] == 0

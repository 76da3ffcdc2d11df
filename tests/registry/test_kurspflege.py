"""Issue 12, item 2: providers create, edit and end their own courses, set open seats in one step, and each
role finds its tasks in the header."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from integrationsmonitor.registry.beratung.models import Beratungsstelle
from integrationsmonitor.registry.kurse.lieferung import DATENSATZ
from integrationsmonitor.registry.kurse.models import Sprachkurs
from integrationsmonitor.registry.models import Rolle, Zugang
from integrationsmonitor.store.datenversion import lies
from integrationsmonitor.store.models import Beobachtung, Lieferung

from .kurse_daten import BESTENSEE, HEUTE, JAHR, LUCKAU, kursdaten

pytestmark = pytest.mark.django_db


@pytest.fixture
def k() -> dict[str, Any]:
    return kursdaten()


def _kurs_daten(**anders: str) -> dict[str, str]:
    daten = {
        "titel": "Deutsch am Abend",
        "kursart": "bsk_b1",
        "niveau": "B1",
        "gemeinde": BESTENSEE,
        "adresse": "Hauptstraße 1",
        "ort_hinweis": "Raum 2",
        "beginn": f"{JAHR}-04-01",
        "ende": f"{JAHR}-09-30",
        "zeiten": "Di, Do 18–20 Uhr",
        "plaetze": "16",
        "belegt": "4",
        "anmeldung": "Anruf im Büro",
        "telefon": "03375 123456",
        "email": "kurse@example.org",
        "titel_uk": "Німецька ввечері",
        "zeiten_ar": "الثلاثاء والخميس 18–20",
    }
    daten.update(anders)
    return daten


def _fehler(antwort: Any) -> str:
    return str(antwort.content.decode())


def test_provider_creates_a_course_of_its_own_with_translations(client: Client, k: dict[str, Any]) -> None:
    client.force_login(k["nutzer_a"])
    formular = client.get("/traeger/kurse/neu/").content.decode()
    assert ">Bestensee</option>" in formular and 'name="traeger"' not in formular  # names, no provider choice
    assert "---------" not in formular
    # a provider cannot slip in another provider: a "traeger" field is not part of its form
    antwort = client.post("/traeger/kurse/neu/", _kurs_daten(traeger=str(k["b"].pk)))
    assert antwort.status_code == 302 and antwort["Location"] == "/traeger/kurse/"
    kurs = Sprachkurs.objects.get(titel="Deutsch am Abend")
    assert kurs.traeger == k["a"] and kurs.gemeinde == BESTENSEE and kurs.freie_plaetze == 12
    assert kurs.uebersetzungen == {
        "uk": {"titel": "Німецька ввечері"},
        "ar": {"zeiten": "الثلاثاء والخميس 18–20"},
    }
    assert (kurs.anmeldung, kurs.telefon, kurs.freie_plaetze_stand) == (
        "Anruf im Büro",
        "03375 123456",
        HEUTE,
    )
    liste = client.get("/traeger/kurse/").content.decode()
    assert "Kurs „Deutsch am Abend“ angelegt." in liste and f'id="kurs-{kurs.pk}"' in liste
    assert "Deutsch am Abend" in Client().get("/kurse/").content.decode()  # the public finder at once


@pytest.mark.parametrize(
    ("anders", "feld", "meldung"),
    [
        ({"plaetze": "3", "belegt": "4"}, "plaetze",
         "„Plätze“ (3) müssen mindestens so viele sein wie „Belegte Plätze“ (4)."),
        ({"ende": f"{JAHR}-03-01"}, "ende", f"„Ende“ (01.03.{JAHR}) liegt vor dem „Beginn“ (01.04.{JAHR})."),
        ({"titel": ""}, "titel", "„Bezeichnung des Kurses“ fehlt: bitte angeben."),
        ({"gemeinde": "12061"}, "gemeinde", "„Gemeinde“: bitte einen Eintrag der Liste wählen."),  # the Kreis
        ({"beginn": "morgen"}, "beginn", "„Beginn“: bitte ein Datum angeben (TT.MM.JJJJ)."),
        ({"plaetze": "viele"}, "plaetze", "„Plätze“: bitte eine ganze Zahl angeben."),
        ({"plaetze": "0", "belegt": "0"}, "plaetze", "„Plätze“: ein Kurs hat mindestens einen Platz."),
        ({"email": "kurse"}, "email", "„E-Mail“: bitte eine E-Mail-Adresse wie name@beispiel.de angeben."),
    ],
)  # fmt: skip
def test_form_errors_in_german_name_the_field(
    client: Client, k: dict[str, Any], anders: dict[str, str], feld: str, meldung: str
) -> None:
    client.force_login(k["nutzer_a"])
    antwort = client.post("/traeger/kurse/neu/", _kurs_daten(**anders))
    assert antwort.status_code == 400
    html = antwort.content.decode()
    assert meldung in html, html
    assert f'href="#id_{feld}"' in html  # the summary at the top links to the field
    assert not Sprachkurs.objects.filter(titel="Deutsch am Abend").exists()


def test_provider_edits_its_own_course_only(client: Client, k: dict[str, Any]) -> None:
    kurs_a, kurs_b = k["kurs_a"], k["kurs_b"]
    client.force_login(k["nutzer_a"])
    formular = client.get(f"/traeger/kurse/{kurs_a.pk}/").content.decode()
    assert 'value="Integrationskurs Luckau"' in formular and "Kurs vorzeitig beenden" in formular
    daten = _kurs_daten(titel="Integrationskurs Luckau (neu)", gemeinde=LUCKAU, plaetze="20", belegt="12")
    assert client.post(f"/traeger/kurse/{kurs_a.pk}/", daten).status_code == 302
    kurs_a.refresh_from_db()
    assert kurs_a.titel == "Integrationskurs Luckau (neu)" and kurs_a.traeger == k["a"]
    # another provider's course: answered like a missing one, nothing shown or changed
    assert client.get(f"/traeger/kurse/{kurs_b.pk}/").status_code == 404
    assert client.post(f"/traeger/kurse/{kurs_b.pk}/", _kurs_daten()).status_code == 404
    beenden = client.post(f"/traeger/kurse/{kurs_b.pk}/beenden/", {"letzter_tag": f"{JAHR}-06-02"})
    assert beenden.status_code == 404
    kurs_b.refresh_from_db()
    assert (kurs_b.titel, kurs_b.ende) == ("Frauenkurs Bestensee", dt.date(JAHR, 9, 30))
    assert "Frauenkurs Bestensee" not in client.get("/traeger/kurse/").content.decode()


def test_admin_chooses_the_provider(client: Client, k: dict[str, Any]) -> None:
    admin = get_user_model().objects.create_user("amt", password="x-geheim-1")
    Zugang.objects.create(benutzer=admin, rolle=Rolle.ADMIN)
    client.force_login(admin)
    assert 'name="traeger"' in client.get("/traeger/kurse/neu/").content.decode()
    assert client.post("/traeger/kurse/neu/", _kurs_daten(traeger=str(k["b"].pk))).status_code == 302
    assert Sprachkurs.objects.get(titel="Deutsch am Abend").traeger == k["b"]
    assert client.post("/traeger/kurse/neu/", _kurs_daten(titel="Ohne Träger")).status_code == 400


def test_roles_without_courses_are_refused(client: Client, k: dict[str, Any]) -> None:
    assert client.get("/traeger/kurse/neu/")["Location"].startswith("/anmelden/")
    for name, rolle in (("ana", Rolle.ANALYST), ("abh", Rolle.LIEFERSTELLE)):
        u = get_user_model().objects.create_user(name, password="x-geheim-1")
        Zugang.objects.create(
            benutzer=u, rolle=rolle, lieferant="auslaenderbehoerde" if name == "abh" else ""
        )
        client.force_login(u)
        assert client.get("/traeger/kurse/neu/").status_code == 403, name
        assert client.post("/traeger/kurse/neu/", _kurs_daten()).status_code == 403, name
        assert (
            client.post(
                f"/traeger/kurse/{k['kurs_a'].pk}/beenden/", {"letzter_tag": f"{JAHR}-04-01"}
            ).status_code
            == 403
        )
    assert Sprachkurs.objects.count() == 3


def test_ending_a_course_keeps_it_and_its_figures(client: Client, k: dict[str, Any]) -> None:
    kurs = k["kurs_a"]  # 02.03. – 30.09. of JAHR
    client.force_login(k["nutzer_a"])
    zu_frueh = client.post(f"/traeger/kurse/{kurs.pk}/beenden/", {"letzter_tag": f"{JAHR}-03-01"})
    assert zu_frueh.status_code == 400
    assert f"„Letzter Kurstag“ (01.03.{JAHR}) liegt vor dem Beginn des Kurses (02.03.{JAHR})." in _fehler(
        zu_frueh
    )
    zu_spaet = client.post(f"/traeger/kurse/{kurs.pk}/beenden/", {"letzter_tag": f"{JAHR}-10-01"})
    assert "liegt nach dem geplanten Ende (30.09." in _fehler(zu_spaet)
    antwort = client.post(f"/traeger/kurse/{kurs.pk}/beenden/", {"letzter_tag": f"{JAHR}-05-15"})
    assert antwort.status_code == 302
    kurs.refresh_from_db()
    assert kurs.ende == dt.date(JAHR, 5, 15) and Sprachkurs.objects.filter(pk=kurs.pk).exists()
    lf = Lieferung.objects.get(datensatz=DATENSATZ, zeitraum=str(JAHR), status=Lieferung.Status.AKTIV)
    assert (
        Beobachtung.objects.filter(lieferung=lf, gebiet=LUCKAU, merkmale="ik_allgemein|kurse").get().wert == 1
    )


def test_ended_courses_are_listed_apart_without_the_seats_form(client: Client, k: dict[str, Any]) -> None:
    kurs = k["kurs_a"]
    Sprachkurs.objects.filter(pk=kurs.pk).update(
        beginn=HEUTE - dt.timedelta(days=90), ende=HEUTE - dt.timedelta(days=1)
    )
    client.force_login(k["nutzer_a"])
    html = client.get("/traeger/kurse/").content.decode()
    laufend, beendet = html.split("Beendete Kurse")
    assert f'id="frei-{kurs.pk}"' not in html and "Integrationskurs Luckau" in beendet
    assert f'id="frei-{k["kurs_a2"].pk}"' in laufend


def test_seats_in_one_step_bump_the_data_version_and_show_in_the_finder(
    client: Client, k: dict[str, Any]
) -> None:
    kurs = k["kurs_a"]
    besucher = Client()
    assert not re.search(r"\b7\b", _karte(besucher.get("/kurse/").content.decode(), kurs.pk))
    version = lies().kennung
    client.force_login(k["nutzer_a"])
    antwort = client.post(f"/traeger/kurse/{kurs.pk}/freie-plaetze/", {"freie_plaetze": "7"})
    assert antwort.status_code == 302 and antwort["Location"] == "/traeger/kurse/"
    assert lies().kennung != version
    karte = _karte(besucher.get("/kurse/").content.decode(), kurs.pk)  # the next request, no cached page
    assert re.search(r"\b7\b", karte) and "20" in karte, karte
    lf = Lieferung.objects.get(datensatz=DATENSATZ, zeitraum=str(JAHR), status=Lieferung.Status.AKTIV)
    assert Beobachtung.objects.get(lieferung=lf, gebiet=LUCKAU, merkmale="ik_allgemein|belegt").wert == 13
    zu_viele = client.post(f"/traeger/kurse/{kurs.pk}/freie-plaetze/", {"freie_plaetze": "21"}, follow=True)
    assert "„Freie Plätze“ (21): der Kurs hat nur 20 Plätze." in zu_viele.content.decode()
    leer = client.post(f"/traeger/kurse/{kurs.pk}/freie-plaetze/", {"freie_plaetze": ""}, follow=True)
    assert "„Freie Plätze“ fehlt: bitte angeben." in leer.content.decode()
    kurs.refresh_from_db()
    assert kurs.freie_plaetze == 7


def _karte(html: str, pk: int) -> str:
    """The text of a course's entry in the finder (a card or a table row), without tags."""
    teil = re.search(rf'id="kurs-{pk}".*?</(article|tr)>', html, re.S)
    assert teil, f"Kurs {pk} fehlt in der Kurssuche"
    return re.sub(r"<[^>]+>", " ", teil.group(0))


def _aufgaben(html: str) -> list[str]:
    """The task bar's link targets."""
    teil = re.search(r'<nav class="aufgaben".*?</nav>', html, re.S)
    return re.findall(r'href="([^"]+)"', teil.group(0)) if teil else []


def test_each_role_finds_its_tasks_in_the_header(client: Client, k: dict[str, Any]) -> None:
    stelle = Beratungsstelle.objects.create(
        name="Beratung Nord", code="beratung-nord", traeger=k["a"], gemeinde=LUCKAU
    )
    anonym = Client().get("/").content.decode()
    assert 'class="aufgaben"' not in anonym and 'href="/anmelden/"' in anonym
    client.force_login(k["nutzer_a"])
    aufgaben = _aufgaben(client.get("/traeger/kurse/").content.decode())
    assert aufgaben[:3] == ["/traeger/kurse/", "/traeger/kurse/neu/", f"/beratung/{stelle.code}/erfassen/"]
    html = client.get("/traeger/kurse/").content.decode()
    assert '<a href="/traeger/kurse/" aria-current="page">Meine Kurse</a>' in html
    assert "Kontakt erfassen" in html
    client.force_login(k["nutzer_b"])  # provider B has no counselling site
    assert not any("/beratung/" in a for a in _aufgaben(client.get("/").content.decode()))
    for nr in (1, 2):
        Beratungsstelle.objects.create(
            name=f"Süd {nr}", code=f"sued-{nr}", traeger=k["b"], gemeinde=BESTENSEE
        )
    assert "/beratung/erfassen/" in _aufgaben(client.get("/").content.decode())  # two: choose one first
    abh = get_user_model().objects.create_user("abh", password="x-geheim-1")
    Zugang.objects.create(benutzer=abh, rolle=Rolle.LIEFERSTELLE, lieferant="auslaenderbehoerde")
    client.force_login(abh)
    html = client.get("/").content.decode()
    assert _aufgaben(html) == ["/lieferungen/"] and "Lieferung hochladen" in html
    chef = get_user_model().objects.create_superuser("chef", password="x-geheim-1")
    client.force_login(chef)
    aufgaben = _aufgaben(client.get("/").content.decode())
    assert {"/lieferungen/", "/factsheet/#erstellen-titel", "/verwaltung/kurse/", "/admin/"} <= set(aufgaben)
    assert "/traeger/kurse/neu/" in aufgaben

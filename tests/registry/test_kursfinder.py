"""Issue 12, item 1: the course finder as cards in the reader's language, shareable language addresses,
Accept-Language on a first visit, the response cache per language, the printable list with QR codes."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client, override_settings

from integrationsmonitor.registry.kurse.finder import kurzer_ortsname, telefon_url
from integrationsmonitor.registry.kurse.models import Sprachkurs, pruefe_uebersetzungen
from integrationsmonitor.registry.kurse.qr import finder_adresse, qr_code, qr_svg
from integrationsmonitor.web.antwortcache import KOPF, SPEICHER
from integrationsmonitor.web.sprache import browser_sprachen

from .kurse_daten import BESTENSEE, JAHR, kurs, kursdaten

pytestmark = pytest.mark.django_db

UK_TITEL = "Інтеграційний курс Луккау"
AR_ANMELDUNG = "اتصل بنا أو تعال إلى المكتب."


@pytest.fixture(autouse=True)
def leerer_cache() -> None:
    SPEICHER.leere()


@pytest.fixture
def k() -> dict[str, object]:
    daten = kursdaten()
    a = daten["kurs_a"]
    assert isinstance(a, Sprachkurs)
    a.anmeldung = "Anrufen oder ins Büro kommen."
    a.telefon = "030 23125 100"
    a.ort_hinweis = "Raum 2"
    a.uebersetzungen = {"uk": {"titel": UK_TITEL}, "ar": {"anmeldung": AR_ANMELDUNG}}
    a.save()
    return daten


def _karte(text: str, pk: int) -> str:
    treffer = re.search(rf'<article class="kurskarte[^"]*" id="kurs-{pk}".*?</article>', text, re.S)
    assert treffer is not None, f"keine Karte für Kurs {pk}"
    return treffer.group(0)


# --- the model: texts per language with German fallback, contact of the provider -----------------------


def test_text_in_the_language_falls_back_to_german(k: dict[str, object]) -> None:
    a = k["kurs_a"]
    assert isinstance(a, Sprachkurs)
    assert a.text("titel", "uk") == UK_TITEL and a.text_sprache("titel", "uk") == "uk"
    assert a.text("titel", "ar") == "Integrationskurs Luckau" and a.text_sprache("titel", "ar") == "de"
    assert a.text("anmeldung", "ar") == AR_ANMELDUNG and a.text("anmeldung", "de") == a.anmeldung
    with pytest.raises(ValueError, match="nicht übersetzbar"):
        a.text("plaetze", "uk")


def test_setting_and_removing_a_translation(k: dict[str, object]) -> None:
    a = k["kurs_a"]
    assert isinstance(a, Sprachkurs)
    a.setze_uebersetzung("en", "zeiten", " Mon–Fri 8:30 am ")
    assert a.uebersetzungen["en"] == {"zeiten": "Mon–Fri 8:30 am"}
    a.setze_uebersetzung("en", "zeiten", "")
    assert "en" not in a.uebersetzungen
    with pytest.raises(ValueError, match="nicht angeboten"):
        a.setze_uebersetzung("fr", "titel", "Cours")


def test_translations_are_checked() -> None:
    assert pruefe_uebersetzungen({"uk": {"titel": "Курс"}}) == []
    fehler = pruefe_uebersetzungen({"fr": {}, "uk": {"plaetze": "3"}, "ar": "نص"})
    assert len(fehler) == 3 and "„fr“" in fehler[0] and "„plaetze“" in fehler[1]
    assert pruefe_uebersetzungen([]) != []


def test_contact_falls_back_to_the_provider(k: dict[str, object]) -> None:
    b = k["kurs_b"]
    assert isinstance(b, Sprachkurs)
    b.traeger.telefon, b.traeger.email = "03546 123-45", "kurse@traeger.example"
    assert b.kontakt_telefon == "03546 123-45" and b.kontakt_email == "kurse@traeger.example"
    b.email = "frauenkurs@traeger.example"
    assert b.kontakt_email == "frauenkurs@traeger.example"
    assert telefon_url("03546 123-45") == "tel:0354612345" and telefon_url("+49 30 1") == "tel:+49301"
    assert telefon_url("–") == ""


def test_short_place_name() -> None:
    assert kurzer_ortsname("Lübben (Spreewald) / Lubin (Błota), Stadt") == "Lübben (Spreewald)"
    assert kurzer_ortsname("Bestensee") == "Bestensee"


# --- the cards ------------------------------------------------------------------------------------------


def test_each_card_shows_what_a_reader_needs(client: Client, k: dict[str, object]) -> None:
    a = k["kurs_a"]
    assert isinstance(a, Sprachkurs)
    text = client.get("/kurse/").content.decode()
    assert "<table" not in text  # cards, not a wide table
    karte = _karte(text, a.pk)
    for teil in (
        "Integrationskurs Luckau",
        "Sprachschule Nord (Test)",
        "Am Markt 1, Luckau",
        "Raum 2",
        "https://www.openstreetmap.org/search?query=Am%20Markt%201%2C%20Luckau",
        'href="tel:03023125100"',
        "So melden Sie sich an",
        "Anrufen oder ins Büro kommen.",
        "Mo–Fr 8:30–12:45",
        "B1",
        "8 freie Plätze",
        "von 20, Stand",
        "Kinderbetreuung",
    ):
        assert teil in karte, teil
    # a course without a registration text still says how to register
    b = k["kurs_b"]
    assert isinstance(b, Sprachkurs)
    assert "Bitte beim Träger anrufen oder schreiben" in _karte(text, b.pk)


def test_a_full_course_says_so_and_shows_its_waiting_list(client: Client, k: dict[str, object]) -> None:
    a2 = k["kurs_a2"]
    assert isinstance(a2, Sprachkurs)
    a2.warteliste = True
    a2.save()
    karte = _karte(client.get("/kurse/").content.decode(), a2.pk)
    assert "Keine freien Plätze" in karte and "Warteliste" in karte and "kurskarte-voll" in karte


def test_filters_childcare_open_seats_and_start_until(client: Client, k: dict[str, object]) -> None:
    text = client.get("/kurse/", {"kinder": "1"}).content.decode()
    assert "Frauenkurs Bestensee" in text and "Integrationskurs Luckau" not in text
    text = client.get("/kurse/", {"frei": "1"}).content.decode()
    assert "Berufssprachkurs Luckau" not in text and "Integrationskurs Luckau" in text
    bis = dt.date(JAHR, 4, 1).isoformat()
    text = client.get("/kurse/", {"bis": bis}).content.decode()
    assert "Integrationskurs Luckau" in text and "Frauenkurs Bestensee" not in text
    text = client.get("/kurse/", {"bis": "bald"}).content.decode()
    assert "„Beginn bis“ ist ungültig" in text and "Frauenkurs Bestensee" in text
    text = client.get("/kurse/", {"ort": BESTENSEE, "sprache": "uk"}).content.decode()
    assert '<html lang="uk">' in text and 'name="sprache" value="uk"' in text  # the filter keeps the language
    assert "Frauenkurs Bestensee" in text and UK_TITEL not in text


# --- languages: the address, the cookie, the browser ----------------------------------------------------


def test_arabic_address_opens_right_to_left_without_a_cookie(client: Client, k: dict[str, object]) -> None:
    a = k["kurs_a"]
    assert isinstance(a, Sprachkurs)
    antwort = client.get("/kurse/?sprache=ar")
    text = antwort.content.decode()
    assert '<html lang="ar" dir="rtl">' in text and antwort["Content-Language"] == "ar"
    karte = _karte(text, a.pk)
    assert f'lang="ar" dir="auto">{AR_ANMELDUNG}' in karte  # the provider's translation
    assert 'lang="de" dir="auto">Integrationskurs Luckau' in karte  # untranslated: German, marked so
    assert "طريقة التسجيل" in karte and "8 أماكن شاغرة" in karte  # fixed words through gettext
    # the switch at the top links to the shareable addresses
    for code in ("de", "en", "uk", "ar"):
        assert f'href="/kurse/?sprache={code}" lang="{code}" hreflang="{code}"' in text
    assert text.index('class="sprachwahl"') < text.index('id="inhalt"')
    # following the link keeps the choice, like the switch: the next plain visit is Arabic too
    assert antwort.cookies["django_language"].value == "ar"
    assert '<html lang="ar" dir="rtl">' in client.get("/kurse/").content.decode()


def test_language_address_beats_the_cookie_and_only_where_translated(client: Client, db: None) -> None:
    client.cookies["django_language"] = "ar"
    assert '<html lang="uk">' in client.get("/kurse/?sprache=uk").content.decode()
    assert '<html lang="de">' in client.get("/anmelden/?sprache=ar").content.decode()  # not translated
    assert '<html lang="en">' in Client().get("/anmelden/?sprache=en").content.decode()


@pytest.mark.parametrize(
    ("kopf", "sprache"),
    [("uk-UA,uk;q=0.9,en-US;q=0.8,en;q=0.7", "uk"), ("ar-SY,ar;q=0.9", "ar"), ("en-GB,en;q=0.9", "en"),
     ("de-DE,de;q=0.9,uk;q=0.8", "de"), ("fr-FR,fr;q=0.9,uk;q=0.5", "uk"), ("fr-FR", "de"), ("", "de")],
)  # fmt: skip
def test_first_visit_follows_the_browser(client: Client, db: None, kopf: str, sprache: str) -> None:
    antwort = client.get("/kurse/", HTTP_ACCEPT_LANGUAGE=kopf)
    assert f'<html lang="{sprache}"' in antwort.content.decode()
    assert "Accept-Language" in antwort["Vary"] and "Cookie" in antwort["Vary"]


def test_browser_language_only_on_a_first_visit_and_on_whole_translated_pages(
    client: Client, db: None
) -> None:
    client.cookies["django_language"] = "de"  # chose German before
    assert '<html lang="de">' in client.get("/kurse/", HTTP_ACCEPT_LANGUAGE="uk").content.decode()
    neu = Client()
    antwort = neu.get("/anmelden/", HTTP_ACCEPT_LANGUAGE="en")  # half-translated pages stay German
    assert '<html lang="de">' in antwort.content.decode() and "Accept-Language" not in antwort["Vary"]


def test_browser_languages_in_order() -> None:
    assert browser_sprachen("en;q=0.5, uk-UA, ar;q=0.8, *;q=0.1") == ["uk", "ar", "en"]
    assert browser_sprachen("uk;q=0, en;q=x, de") == ["de"]


def test_cache_never_serves_one_language_to_another(k: dict[str, object]) -> None:
    deutsch = Client().get("/kurse/", HTTP_ACCEPT_LANGUAGE="de-DE")
    assert deutsch[KOPF] == "neu" and '<html lang="de">' in deutsch.content.decode()
    assert Client().get("/kurse/", HTTP_ACCEPT_LANGUAGE="de")[KOPF] == "treffer"
    ukrainisch = Client().get("/kurse/", HTTP_ACCEPT_LANGUAGE="uk-UA,uk;q=0.9")
    assert ukrainisch[KOPF] == "neu" and '<html lang="uk">' in ukrainisch.content.decode()
    nochmal = Client().get("/kurse/", HTTP_ACCEPT_LANGUAGE="uk")
    assert nochmal[KOPF] == "treffer" and '<html lang="uk">' in nochmal.content.decode()
    # and the other way round: the German answer stays German for a German browser
    assert '<html lang="de">' in Client().get("/kurse/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    # a cookie beats the browser, also from the cache
    mit_cookie = Client()
    mit_cookie.cookies["django_language"] = "de"
    antwort = mit_cookie.get("/kurse/", HTTP_ACCEPT_LANGUAGE="uk")
    assert antwort[KOPF] == "treffer" and '<html lang="de">' in antwort.content.decode()


def test_a_language_link_that_sets_the_cookie_is_never_cached(k: dict[str, object]) -> None:
    erster = Client().get("/kurse/?sprache=ar")
    assert KOPF not in erster and erster.cookies["django_language"].value == "ar"
    zweiter = Client().get("/kurse/?sprache=ar")
    assert KOPF not in zweiter and "django_language" in zweiter.cookies  # each new visitor gets the cookie
    mit_cookie = Client()
    mit_cookie.cookies["django_language"] = "ar"
    assert mit_cookie.get("/kurse/?sprache=ar")[KOPF] == "neu"
    assert mit_cookie.get("/kurse/?sprache=ar")[KOPF] == "treffer"


# --- the printable list with QR codes -------------------------------------------------------------------


def test_printable_list_has_courses_with_open_seats_and_a_qr_code_per_language(
    client: Client, k: dict[str, object]
) -> None:
    antwort = client.get("/kurse/liste/?sprache=uk")
    text = antwort.content.decode()
    assert antwort.status_code == 200 and '<html lang="uk">' in text
    assert "Курси з вільними місцями" in text and "Станом на" in text
    assert UK_TITEL in text and "Frauenkurs Bestensee" in text
    assert "Berufssprachkurs Luckau" not in text  # full: not on the list of open seats
    for code in ("de", "en", "uk", "ar"):
        adresse = finder_adresse(code)
        assert adresse.endswith(f"/kurse/?sprache={code}")
        assert qr_svg(adresse) in text  # the code on the page is the one of this address
        assert f'<span class="qr-adresse" dir="ltr">{adresse}</span>' in text


@override_settings(IMON_SITE_URL="https://integration.example/")
def test_qr_code_encodes_the_shareable_address() -> None:
    adresse = finder_adresse("ar")
    assert adresse == "https://integration.example/kurse/?sprache=ar"
    code = qr_code(adresse)
    # byte mode: the payload is the address exactly; at least level M (segno raises it if it costs no size)
    assert code.mode == "byte" and code.error in {"M", "Q", "H"}
    andere = qr_code(finder_adresse("uk"))
    assert code.matrix != andere.matrix
    svg = qr_svg(adresse)
    assert svg.startswith('<svg aria-hidden="true"') and "<script" not in svg


def test_printable_list_arabic_right_to_left(client: Client, k: dict[str, object]) -> None:
    text = client.get("/kurse/liste/?sprache=ar").content.decode()
    assert '<html lang="ar" dir="rtl">' in text and "دورات فيها أماكن شاغرة" in text
    assert AR_ANMELDUNG in text


def test_no_open_seats_says_so(client: Client, db: None) -> None:
    from .kurse_daten import traeger_mit_nutzer

    t, _u = traeger_mit_nutzer("Voll (Test)", "voll", "voll")
    kurs(t, "Voller Kurs", plaetze=10, belegt=10)
    assert "Zurzeit hat kein Kurs freie Plätze." in client.get("/kurse/liste/").content.decode()

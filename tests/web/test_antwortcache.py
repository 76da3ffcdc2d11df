"""The response cache of public answers (web.antwortcache) and the data version behind it (store.datenversion)."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import AbstractBaseUser
from django.test import Client

from integrationsmonitor.catalog.model import Katalog
from integrationsmonitor.store.datenversion import datenversion
from integrationsmonitor.web.antwortcache import KOPF

from .conftest import liefern

EINBUERGERUNGEN_2023 = "gebiet;zeitraum;staatsangehoerigkeit;geschlecht;wert\n12061;2023;_T;_T;231\n"


def test_treffer_liefert_dieselben_bytes(client: Client, daten: list) -> None:
    for url in ("/", "/indikatoren/auslaenderanteil/", "/api/v1/indikatoren/auslaenderanteil/reihe"):
        erste = client.get(url)
        zweite = Client().get(url)  # another visitor
        assert erste.status_code == zweite.status_code == 200, url
        assert erste[KOPF] == "neu" and zweite[KOPF] == "treffer", url
        assert zweite.content == erste.content, url
        assert zweite["ETag"] == erste["ETag"] and zweite["Last-Modified"] == erste["Last-Modified"], url
        assert zweite["Content-Type"] == erste["Content-Type"], url
        assert "Content-Security-Policy" in zweite and zweite["X-Frame-Options"] == "DENY", url


def test_304_mit_if_none_match_und_if_modified_since(client: Client, daten: list) -> None:
    erste = client.get("/indikatoren/auslaenderanteil/")
    nochmal = client.get("/indikatoren/auslaenderanteil/", HTTP_IF_NONE_MATCH=erste["ETag"])
    assert nochmal.status_code == 304 and nochmal.content == b"" and nochmal["ETag"] == erste["ETag"]
    seit = client.get("/indikatoren/auslaenderanteil/", HTTP_IF_MODIFIED_SINCE=erste["Last-Modified"])
    assert seit.status_code == 304
    anders = client.get("/indikatoren/auslaenderanteil/", HTTP_IF_NONE_MATCH='"anders"')
    assert anders.status_code == 200 and anders.content == erste.content


def test_lieferung_macht_ungueltig(client: Client, daten: list, katalog: Katalog) -> None:
    url = "/indikatoren/einbuergerungsquote/"
    vorher = client.get(url)
    assert client.get(url)[KOPF] == "treffer"
    version = datenversion()
    liefern(katalog, "einbuergerungen", "2023", "einbuergerungen_2023.csv", EINBUERGERUNGEN_2023)
    assert datenversion() != version
    danach = client.get(url, HTTP_IF_NONE_MATCH=vorher["ETag"])
    assert danach.status_code == 200 and danach[KOPF] == "neu"
    assert danach.content != vorher.content and danach["ETag"] != vorher["ETag"]
    assert "einbuergerungen_2023" not in vorher.content.decode()


def test_registeraenderung_macht_ungueltig(client: Client, db: None) -> None:
    from integrationsmonitor.registry.models import Angebot, Traeger

    traeger = Traeger.objects.create(name="Verein Brücke e. V.", kurzname="bruecke")
    angebot = Angebot.objects.create(
        traeger=traeger, name="Sprachcafé am Markt", beschreibung="Jeden Dienstag."
    )
    url = "/angebote/"
    assert "Sprachcafé am Markt" in client.get(url).content.decode()
    assert client.get(url)[KOPF] == "treffer"
    angebot.name = "Sprachcafé im Rathaus"
    angebot.save()
    danach = client.get(url)
    assert danach[KOPF] == "neu" and "Sprachcafé im Rathaus" in danach.content.decode()
    angebot.delete()
    assert "Sprachcafé im Rathaus" not in client.get(url).content.decode()


def test_schreiben_in_nicht_oeffentliche_tabellen_behaelt_den_cache(client: Client, daten: list) -> None:
    from integrationsmonitor.web.models import Drosselereignis

    client.get("/")
    Drosselereignis.objects.create(art="anmeldung", schluessel="x" * 64)
    assert client.get("/")[KOPF] == "treffer"


def test_angemeldete_bekommen_nichts_aus_dem_cache(
    client: Client, daten: list, benutzer: AbstractBaseUser
) -> None:
    Client().get("/")  # an anonymous visitor fills the cache
    angemeldet = Client()
    angemeldet.force_login(benutzer)
    antwort = angemeldet.get("/")
    assert KOPF not in antwort and antwort["Cache-Control"] == "private, no-store"
    assert "Abmelden" in antwort.content.decode()
    assert "Abmelden" not in Client().get("/").content.decode()


def test_sprache_ist_teil_des_schluessels(client: Client, daten: list) -> None:
    deutsch = Client().get("/indikatoren/auslaenderanteil/").content.decode()
    englisch = Client()
    englisch.post("/i18n/setlang/", {"language": "en", "next": "/"})
    seite = englisch.get("/indikatoren/auslaenderanteil/").content.decode()
    assert '<html lang="en"' in seite and '<html lang="de"' in deutsch


def test_csrf_nach_gecachter_seite_eines_anderen(daten: list) -> None:
    """A cached page carries no one's CSRF token: another visitor's POSTs still work."""
    erster = Client(enforce_csrf_checks=True)
    zweiter = Client(enforce_csrf_checks=True)
    erster.get("/kurse/")
    seite = zweiter.get("/kurse/")
    assert seite[KOPF] == "treffer" and "csrfmiddlewaretoken" not in seite.content.decode()
    wechsel = zweiter.post("/i18n/setlang/", {"language": "en", "next": "/kurse/"})
    assert wechsel.status_code == 302 and wechsel.cookies["django_language"].value == "en"
    # a page with a form that needs a token is never cached: each visitor gets his own
    erster.get("/newsletter/")
    anmeldung = zweiter.get("/newsletter/")
    assert KOPF not in anmeldung
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', anmeldung.content.decode())
    assert token is not None
    antwort = zweiter.post("/newsletter/", {"csrfmiddlewaretoken": token.group(1), "email": "kein-postfach"})
    assert antwort.status_code != 403


@pytest.mark.parametrize("url", ["/anmelden/", "/admin/login/"])
def test_seiten_mit_token_bleiben_draussen(client: Client, db: None, url: str) -> None:
    client.get(url)
    assert KOPF not in client.get(url)


def test_warme_seite_liest_keine_lieferungen(daten: list, benutzer: AbstractBaseUser) -> None:
    """Below the cache too (a signed-in person): the deliveries are read once per data version, not per page."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    angemeldet = Client()
    angemeldet.force_login(benutzer)
    for url in ("/", "/indikatoren/auslaenderanteil/"):
        assert angemeldet.get(url).status_code == 200
        with CaptureQueriesContext(connection) as abfragen:
            assert angemeldet.get(url).status_code == 200
        lieferungen = [q["sql"] for q in abfragen.captured_queries if "store_lieferung" in q["sql"]]
        assert not lieferungen, f"{url}: {lieferungen}"


def test_gzip_fuer_wer_es_nimmt(client: Client, daten: list) -> None:
    import gzip

    url = "/indikatoren/auslaenderanteil/"
    roh = client.get(url)
    gepackt = Client().get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert gepackt[KOPF] == "treffer" and gepackt["Content-Encoding"] == "gzip"
    assert gzip.decompress(gepackt.content) == roh.content and len(gepackt.content) < len(roh.content) / 3
    assert "Content-Encoding" not in roh and "Accept-Encoding" in gepackt["Vary"]
    assert gepackt["ETag"] != roh["ETag"] and int(gepackt["Content-Length"]) == len(gepackt.content)
    nicht = Client().get(url, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=gepackt["ETag"])
    assert nicht.status_code == 304
    ohne = Client().get(url, HTTP_ACCEPT_ENCODING="gzip;q=0, identity")
    assert "Content-Encoding" not in ohne and ohne.content == roh.content

"""The site search /suche/ (web.suche): indicators, offers and courses; umlauts, what stays hidden, escaping."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from integrationsmonitor.registry.kurse.models import Sprachkurs
from integrationsmonitor.registry.models import Angebot, Angebotsort, Traeger
from integrationsmonitor.web.suche import normalisiere, woerter

HEUTE = dt.date.today()
SPAETER = HEUTE + dt.timedelta(days=200)
KOENIGS_WUSTERHAUSEN, LUCKAU = "12061260", "12061320"


@pytest.fixture
def register(db: None) -> dict[str, Any]:
    """Offers and courses: public ones, and one of each kind the public pages hide."""
    awo = Traeger.objects.create(name="AWO Süd (Test)", kurzname="awo-sued")
    still = Traeger.objects.create(name="Stiller Träger (Test)", kurzname="still", aktiv=False)
    schule = Traeger.objects.create(name="Sprachschule Großmann (Test)", kurzname="grossmann")
    angebot = Angebot.objects.create(
        traeger=awo, name="Migrationsberatung", beschreibung="Beratung für Erwachsene."
    )
    Angebotsort.objects.create(angebot=angebot, gemeinde=KOENIGS_WUSTERHAUSEN, adresse="Bahnhofstraße 1")
    vorbei = Angebot.objects.create(
        traeger=awo, name="Alte Beratung Wildau", aktiv_bis=HEUTE - dt.timedelta(days=1)
    )
    Angebotsort.objects.create(angebot=vorbei, gemeinde=KOENIGS_WUSTERHAUSEN)
    Angebot.objects.create(traeger=still, name="Beratung eines inaktiven Trägers")
    kurs = dict(kursart="bsk_b2", niveau="B2", gemeinde=LUCKAU, plaetze=20, belegt=5)
    offen = Sprachkurs.objects.create(
        traeger=schule, titel="Abendkurs Deutsch", beginn=HEUTE, ende=SPAETER, adresse="Am Markt 1", **kurs
    )
    Sprachkurs.objects.create(
        traeger=schule,
        titel="Beendeter Kurs Deutsch",
        beginn=HEUTE - dt.timedelta(days=300),
        ende=HEUTE - dt.timedelta(days=1),
        **kurs,
    )
    return {"angebot": angebot, "kurs": offen}


def _suche(client: Client, q: str) -> str:
    response = client.get("/suche/", {"q": q})
    assert response.status_code == 200
    return response.content.decode()


def _gruppe(html: str, schluessel: str) -> str:
    if f'id="treffer-{schluessel}"' not in html:
        return ""
    teil = html[html.index(f'id="treffer-{schluessel}"') :]
    return teil[: teil.index("</section>")]


def test_normalisierung() -> None:
    assert normalisiere("Straße") == "strasse" and normalisiere("ÄRZTE") == "aerzte"
    assert normalisiere("Café") == "cafe"
    assert woerter("  Sprach   Kurs sprach ") == ["sprach", "kurs"]


def test_findet_indikator_ueber_ein_wort_der_beschreibung(client: Client, db: None) -> None:
    # "Einwohnermelderegister" stands in the definition of the population indicator, not in its name
    html = _suche(client, "einwohnermelderegister")
    indikatoren = _gruppe(html, "indikatoren")
    assert '<a href="/indikatoren/bevoelkerung/" lang="de">Bevölkerung (Melderegister)</a>' in indikatoren


def test_findet_indikator_ueber_handlungsfeld(client: Client, db: None) -> None:
    indikatoren = _gruppe(_suche(client, "Fachkräftezuwanderung"), "indikatoren")
    assert "/indikatoren/fachkraefteberatungen/" in indikatoren


def test_findet_angebot_ueber_gemeinde_und_umlaute(client: Client, register: dict[str, Any]) -> None:
    pk = register["angebot"].pk
    for q in ("Königs Wusterhausen", "koenigs wusterhausen", "KONIGS"):
        angebote = _gruppe(_suche(client, q), "angebote")
        assert f'<a href="/angebote/#angebot-{pk}" lang="de">Migrationsberatung</a>' in angebote, q
        assert "AWO Süd (Test)" in angebote


def test_findet_kurs_ueber_traeger_mit_sz(client: Client, register: dict[str, Any]) -> None:
    pk = register["kurs"].pk
    for q in ("Großmann", "grossmann", "GROSSMANN sprachschule"):
        kurse = _gruppe(_suche(client, q), "kurse")
        assert f'<a href="/kurse/#kurs-{pk}" lang="de">Abendkurs Deutsch</a>' in kurse, q
        assert "Berufssprachkurs B2, Niveau B2" in kurse and "Luckau, Stadt (Am Markt 1)" in kurse


def test_findet_kurs_ueber_kursart_und_ort(client: Client, register: dict[str, Any]) -> None:
    assert "Abendkurs Deutsch" in _gruppe(_suche(client, "berufssprachkurs luckau"), "kurse")


def test_versteckt_was_die_oeffentlichen_seiten_verstecken(client: Client, register: dict[str, Any]) -> None:
    html = _suche(client, "beratung")
    assert "Migrationsberatung" in html
    assert "Alte Beratung Wildau" not in html  # ended: /angebote/ hides it
    assert "inaktiven Trägers" not in html  # provider inactive: /angebote/ hides it
    assert "Beendeter Kurs" not in _suche(client, "deutsch")  # ended: /kurse/ hides it


def test_gruppiert_indikatoren_vor_angeboten_vor_kursen(client: Client, register: dict[str, Any]) -> None:
    html = _suche(client, "sprach")
    assert html.index('id="treffer-indikatoren"') < html.index('id="treffer-kurse"')
    assert "/indikatoren/sprachkurse/" in _gruppe(html, "indikatoren")
    assert "Abendkurs Deutsch" in _gruppe(html, "kurse")  # "Sprachschule" of its provider
    assert 'role="status"' in html and "Treffer für „sprach“" in html


def test_keine_treffer_mit_hinweisen_und_maskierter_anfrage(client: Client, db: None) -> None:
    html = _suche(client, '<script>alert("x")</script>')
    assert "<script>alert" not in html
    assert "Keine Treffer für „&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;“." in html
    assert 'value="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"' in html  # back in the search box
    assert "Prüfen Sie die Schreibweise." in html and 'href="/kurse/"' in html


def test_leere_und_zu_kurze_anfrage(client: Client, db: None) -> None:
    html = _suche(client, "")
    assert '<input type="search" id="suche-q" name="q" value=""' in html and "Treffer" not in html
    assert "mindestens zwei Zeichen" in _suche(client, "a")


def test_suchfeld_im_kopf_jeder_seite(client: Client, db: None) -> None:
    html = client.get("/").content.decode()
    assert '<form role="search" method="get" action="/suche/" class="kopf-suche"' in html
    assert '<label for="kopf-suche" class="visuell-versteckt">Suchbegriff</label>' in html
    assert 'id="kopf-suche"' not in _suche(client, "sprach")  # the search page has its own form


def test_englisch(client: Client, register: dict[str, Any]) -> None:
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = _suche(client, "nichtsdergleichen")
    assert "No results for “nichtsdergleichen”." in html
    assert "1 result for “grossmann”" in _suche(client, "grossmann")

"""Public texts name the county by its kind (issue 14): "im Landkreis", "im Kreis", "in der Stadt".

Catalogues from `imon kreis-anlegen` for the Landkreis Ahrweiler (Verbandsgemeinden), the Kreis Dithmarschen
(Schleswig-Holstein, Ämter) and the kreisfreie Stadt Düsseldorf; the default county (LDS) keeps its wording.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.utils import translation

from integrationsmonitor.catalog import bezeichnungen as bz
from integrationsmonitor.catalog.anlegen import kreis_anlegen
from integrationsmonitor.catalog.loader import katalog as lade
from integrationsmonitor.catalog.model import Katalog
from integrationsmonitor.integreat import push
from integrationsmonitor.publish.opendata import gebiet_spalte
from integrationsmonitor.registry.engagement.models import Initiative, Mitmachanfrage
from integrationsmonitor.registry.engagement.versand import _weiterleitung

# the page texts that name the county: its list of offers, the volunteers' pages, the course finder
SEITEN = ("/angebote/", "/mitmachen/", "/mitmachen/interesse/", "/kurse/")


@pytest.fixture(scope="module")
def verzeichnisse(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    basis = tmp_path_factory.mktemp("kreistexte")
    return {ags: kreis_anlegen(ags, basis / ags).verzeichnis for ags in ("07131", "01051", "05111")}


@pytest.fixture
def kreis_von(settings, db: None, verzeichnisse: dict[str, Path]):
    def setzen(ags: str) -> Katalog:
        settings.IMON_CATALOG_DIR = str(verzeichnisse[ags]) if ags != "12061" else ""
        return lade(settings.IMON_CATALOG_DIR)

    return setzen


def _seite(client: Client, pfad: str) -> str:
    antwort = client.get(pfad)
    assert antwort.status_code == 200, pfad
    html = antwort.content.decode()
    return html[html.index("<main") : html.index("</main>")]  # the page's own text, not the site's frame


def test_kreisart_und_wendungen() -> None:
    assert [bz.kreisart(t) for t in ("Landkreis", "Kreis", "Kreisfreie Stadt", "Stadtkreis")] == [
        "landkreis",
        "kreis",
        "stadt",
        "stadt",
    ]
    assert bz.kreisart("Städteregion") == "kreis"  # any other kind: the generic "Kreis"
    assert (bz.im_kreis("Landkreis"), bz.im_kreis("Kreis"), bz.im_kreis("Kreisfreie Stadt")) == (
        "im Landkreis",
        "im Kreis",
        "in der Stadt",
    )
    assert (bz.des_kreises("Landkreis"), bz.des_kreises("Stadtkreis")) == ("des Landkreises", "der Stadt")
    assert bz.ein_verband(lade("")) == "ein Amt oder eine amtsfreie Gemeinde"


@pytest.mark.parametrize(
    ("ags", "richtig", "falsch"),
    [
        ("12061", "im Landkreis", ("im Kreis ", "in der Stadt")),
        ("07131", "im Landkreis", ("im Kreis ", "in der Stadt")),
        ("01051", "im Kreis", ("Landkreis", "in der Stadt")),
        ("05111", "in der Stadt", ("Landkreis", "im Kreis", "übrigen")),
    ],
)
def test_seiten_nennen_die_art_des_kreises(
    client: Client, kreis_von, ags: str, richtig: str, falsch: tuple[str, ...]
) -> None:
    kreis_von(ags)
    for pfad in SEITEN:
        html = _seite(client, pfad)
        assert richtig in html, pfad
        assert not [f for f in falsch if f in html], pfad


def test_lds_behaelt_den_wortlaut(client: Client, kreis_von) -> None:
    kreis_von("12061")
    assert "Beratung, Begleitung und Begegnung der Träger im Landkreis, die heute laufen." in _seite(
        client, "/angebote/"
    )
    assert "an die passenden im übrigen Landkreis; sie antworten" in _seite(client, "/mitmachen/interesse/")
    assert "alle Gebiete (Landkreis, Ämter, Gemeinden, soweit geliefert)" in _seite(client, "/opendaten/")


def test_uebersetzungen_der_stadt(client: Client, kreis_von) -> None:
    kreis_von("05111")
    uk = _seite(client, "/kurse/?sprache=uk")
    assert "освітніх організацій міста" in uk and "району" not in uk
    ar = _seite(client, "/mitmachen/?sprache=ar")
    assert "جمعيات ومبادرات في المدينة" in ar and "المقاطعة" not in ar
    en = _seite(client, "/mitmachen/interesse/?sprache=en")
    assert "initiatives in the city; they answer you directly" in en and "county" not in en


def test_integreat_seite_nennt_die_stadt(kreis_von) -> None:
    kreis_von("05111")
    heute = dt.date(2026, 12, 1)
    texte = {s: push.inhalt(s, heute, beratung=True) for s in ("de", "uk", "ar")}
    assert "Alle Angebote in der Stadt" in texte["de"] and "Landkreis" not in texte["de"]
    assert "Усі пропозиції в місті" in texte["uk"] and "району" not in texte["uk"]
    assert "جميع العروض في المدينة" in texte["ar"] and "المقاطعة" not in texte["ar"]
    kreis_von("01051")
    assert "Alle Angebote im Kreis" in push.inhalt("de", heute, beratung=True)


@pytest.mark.parametrize(
    ("ags", "erwartet"),
    [
        ("01051", "Zurzeit ist im Kreis keine Initiative eingetragen."),
        ("05111", "Zurzeit ist in der Stadt keine Initiative eingetragen."),
        ("12061", "Zurzeit ist im Landkreis keine Initiative eingetragen."),
    ],
)
def test_empfaenger_der_anfrage(kreis_von, ags: str, erwartet: str) -> None:
    kreis_von(ags)
    anfrage = RequestFactory().get("/mitmachen/bestaetigen/x/")
    with translation.override("de"):
        html = render_to_string("engagement/_empfaenger.html", {"initiativen": []}, request=anfrage)
    assert erwartet in html


def test_weiterleitung_nennt_die_stadt(kreis_von) -> None:
    k = kreis_von("05111")
    gemeinde = k.gebiete_der_ebene("gemeinde")[0].code
    anfrage = Mitmachanfrage(
        email="helfer@example.org", gemeinde=gemeinde, arten=[], nachricht="", sprache="de"
    )
    initiative = Initiative(kurzname="i", name="Initiative", email="ini@example.org", gemeinde=gemeinde)
    text = str(_weiterleitung(anfrage, initiative, ausweich=True).body)
    assert "an alle Initiativen in der Stadt, die" in text and "Landkreis" not in text


def test_opendaten_nennt_die_gebietsarten(client: Client, kreis_von) -> None:
    k = kreis_von("07131")
    html = _seite(client, "/opendaten/")
    assert "alle Gebiete (Landkreis, Verbandsgemeinden und verbandsfreie Gemeinden, Gemeinden" in html
    assert "Ämter" not in html
    assert "Verbandsgemeinde oder verbandsfreie Gemeinde (ARS, 9)" in gebiet_spalte(k)
    kreis_von("05111")
    html = _seite(client, "/opendaten/")
    assert "alle Zeiträume der Stadt" in html and "Ämter" not in html and "Landkreis" not in html
    assert gebiet_spalte(lade("")) == (
        "Gebiet: Kreis (AGS, 5 Stellen), Amt oder amtsfreie Gemeinde (ARS, 9), Gemeinde (AGS, 8)"
    )


def test_indikatorseite_nennt_die_art_des_kreises(client: Client, kreis_von) -> None:
    kreis_von("01051")
    html = _seite(client, "/indikatoren/schutzsuchende/?gebiet=99999")
    assert "Diese Daten liegen nur für den Kreis insgesamt vor" in html
    assert "gezeigt wird der Kreis." in html and "Landkreis" not in html
    kreis_von("05111")
    html = _seite(client, "/indikatoren/auslaenderanteil/?gebiet=99999")
    assert "gezeigt wird die Stadt." in html and "Landkreis" not in html

"""Issue 13, item 4: the initiatives register, the public page /mitmachen/ (filters, four languages) and the
role `initiative`, which keeps only its own entry."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.test import Client

from integrationsmonitor.registry.aufgaben import aufgaben
from integrationsmonitor.registry.engagement.demo import INITIATIVEN, baue_engagement_demo
from integrationsmonitor.registry.engagement.models import Initiative, InitiativZugang
from integrationsmonitor.registry.models import Rolle, Traeger, Zugang
from integrationsmonitor.registry.rollen import INITIATIVE, rolle
from integrationsmonitor.store.datenversion import lies

pytestmark = pytest.mark.django_db

KW, LUCKAU, BESTENSEE = "12061260", "12061320", "12061020"


def _initiative(kurzname: str, gemeinde: str = KW, **anders: object) -> Initiative:
    werte: dict[str, object] = {
        "name": f"Initiative {kurzname}",
        "kurzname": kurzname,
        "gemeinde": gemeinde,
        "email": f"{kurzname}@example.org",
        "beschreibung": f"Beschreibung {kurzname}",
        "arten": ["sprechcafe"],
    }
    werte.update(anders)
    i = Initiative(**werte)
    i.full_clean()
    i.save()
    return i


def _nutzer(name: str) -> Any:
    return get_user_model().objects.create_user(name, f"{name}@example.org", "geheim-123-initiative")


# --- model and demo ---------------------------------------------------------------------------------------


def test_demo_baut_die_sieben_initiativen_einmal() -> None:
    erst = baue_engagement_demo()
    zweit = baue_engagement_demo()
    assert erst["neu"] == 7 and zweit["neu"] == 0
    assert dict(Initiative.objects.values_list("kurzname", "gemeinde")) == INITIATIVEN
    assert all(i.demo and "(Demo)" in i.name for i in Initiative.objects.all())
    arten = {a for i in Initiative.objects.all() for a in i.arten}
    assert {"sprechcafe", "patenschaft", "fahrdienst", "begegnung"} <= arten


def test_falsche_art_sprache_und_gemeinde_werden_benannt() -> None:
    i = Initiative(
        name="X", kurzname="x", gemeinde="99999999", email="x@example.org", arten=["tanz"],
        uebersetzungen={"fr": {"beschreibung": "Bonjour"}},
    )  # fmt: skip
    with pytest.raises(ValidationError) as fehler:
        i.full_clean()
    meldungen = fehler.value.message_dict
    assert "keine Gemeinde des Landkreises" in meldungen["gemeinde"]
    assert any("„tanz“" in m for m in meldungen["arten"])
    assert any("„fr“" in m for m in meldungen["uebersetzungen"])


def test_eine_gespeicherte_initiative_gibt_den_daten_eine_neue_version() -> None:
    vorher = lies().kennung
    _initiative("neu")
    assert lies().kennung != vorher


# --- /mitmachen/ -------------------------------------------------------------------------------------------


def test_mitmachen_zeigt_nur_aktive_und_filtert_nach_ort_und_art(client: Client) -> None:
    _initiative("kw-cafe", KW, arten=["sprechcafe"])
    _initiative("luckau-fahrt", LUCKAU, arten=["fahrdienst"])
    _initiative("alt", KW, aktiv=False)
    alle = client.get("/mitmachen/").content.decode()
    assert "Initiative kw-cafe" in alle and "Initiative luckau-fahrt" in alle
    assert "Initiative alt" not in alle
    assert "2 Initiativen gefunden" in alle
    ort = client.get(f"/mitmachen/?ort={LUCKAU}").content.decode()
    assert "Initiative luckau-fahrt" in ort and "Initiative kw-cafe" not in ort
    art = client.get("/mitmachen/?art=sprechcafe").content.decode()
    assert "Initiative kw-cafe" in art and "Initiative luckau-fahrt" not in art
    unbekannt = client.get("/mitmachen/?ort=123&art=tanz").content.decode()
    assert "2 Initiativen gefunden" in unbekannt  # unknown codes count as "all"
    # the place filter offers only Gemeinden with an initiative
    assert f'value="{BESTENSEE}"' not in alle and f'value="{LUCKAU}"' in alle


def test_mitmachen_in_vier_sprachen(client: Client) -> None:
    _initiative("kw-cafe", uebersetzungen={"uk": {"beschreibung": "Розмовне кафе щовівторка"}})
    de = client.get("/mitmachen/?sprache=de").content.decode()
    assert "Mitmachen: Vereine und Initiativen" in de and '<html lang="de"' in de
    en = client.get("/mitmachen/?sprache=en").content.decode()
    assert "Get involved: associations and initiatives" in en and "Conversation café" in en
    uk = client.get("/mitmachen/?sprache=uk").content.decode()
    assert "Долучитися: об’єднання та ініціативи" in uk
    assert '<p lang="uk" dir="auto">Розмовне кафе щовівторка</p>' in uk
    ar = Client().get("/mitmachen/?sprache=ar").content.decode()
    assert 'lang="ar"' in ar and 'dir="rtl"' in ar and "شارك معنا" in ar
    assert '<p lang="de" dir="auto">Beschreibung kw-cafe</p>' in ar  # untranslated: German, marked as such
    assert "/mitmachen/" in client.get("/").content.decode()  # in the site navigation


def test_mitmachen_liste_kommt_aus_dem_antwortcache(settings: Any) -> None:
    _initiative("kw-cafe")
    antworten = []
    for _ in range(2):
        besucher = Client()
        besucher.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"
        antworten.append(besucher.get("/mitmachen/"))
    erste, zweite = antworten
    assert erste["X-Imon-Cache"] == "neu" and zweite["X-Imon-Cache"] == "treffer"  # no CSRF token on it


# --- role initiative ---------------------------------------------------------------------------------------


def test_rolle_initiative_pflegt_nur_den_eigenen_eintrag(client: Client) -> None:
    eigene, andere = _initiative("eigene"), _initiative("andere", LUCKAU)
    nutzer = _nutzer("cafe")
    InitiativZugang.objects.create(benutzer=nutzer, initiative=eigene)
    assert rolle(nutzer) == INITIATIVE
    assert [a.titel for a in aufgaben(nutzer)] == ["Meine Initiative"]
    client.force_login(nutzer)
    assert client.get("/initiative/")["Location"] == "/initiative/eigene/"
    assert client.get("/initiative/andere/").status_code == 404
    assert client.post("/initiative/andere/", {"email": "boese@example.org"}).status_code == 404
    andere.refresh_from_db()
    assert andere.email == "andere@example.org"
    antwort = client.post(
        "/initiative/eigene/",
        {
            "kontaktperson": "Frau Muster",
            "email": "neu@example.org",
            "telefon": "030 23125 999",
            "beschreibung": "Neu",
            "beschreibung_ar": "جديد",
            "arten": ["sport", "begegnung"],
            "aktiv": "on",
        },
    )
    assert antwort.status_code == 302
    eigene.refresh_from_db()
    assert eigene.email == "neu@example.org" and eigene.arten == ["sport", "begegnung"]
    assert eigene.uebersetzungen == {"ar": {"beschreibung": "جديد"}}
    assert eigene.name == "Initiative eigene" and eigene.gemeinde == KW  # not in the form


def test_falsche_angaben_im_eigenen_eintrag_werden_benannt(client: Client) -> None:
    eigene = _initiative("eigene")
    nutzer = _nutzer("cafe")
    InitiativZugang.objects.create(benutzer=nutzer, initiative=eigene)
    client.force_login(nutzer)
    antwort = client.post("/initiative/eigene/", {"email": "keine-adresse", "arten": ["tanz"]})
    assert antwort.status_code == 400
    text = antwort.content.decode()
    assert "„E-Mail“: bitte eine E-Mail-Adresse" in text and "„Angebotsarten“: bitte einen Eintrag" in text


def test_andere_rollen_und_oeffentlichkeit_kommen_nicht_hinein(client: Client) -> None:
    _initiative("eigene")
    assert client.get("/initiative/eigene/")["Location"].startswith("/anmelden/")
    traeger_nutzer = _nutzer("traeger")
    Zugang.objects.create(
        benutzer=traeger_nutzer, rolle=Rolle.TRAEGER, traeger=Traeger.objects.create(name="T", kurzname="t")
    )
    client.force_login(traeger_nutzer)
    assert client.get("/initiative/eigene/").status_code == 403


def test_eine_person_mit_zugang_behaelt_ihre_rolle() -> None:
    nutzer = _nutzer("beides")
    Zugang.objects.create(benutzer=nutzer, rolle=Rolle.ANALYST)
    InitiativZugang.objects.create(benutzer=nutzer, initiative=_initiative("eigene"))
    assert rolle(nutzer) == Rolle.ANALYST


def test_admin_sieht_alle_initiativen(admin_client: Client) -> None:
    _initiative("eins")
    _initiative("zwei", LUCKAU)
    liste = admin_client.get("/initiative/").content.decode()
    assert "/initiative/eins/" in liste and "/initiative/zwei/" in liste
    assert admin_client.get("/initiative/zwei/").status_code == 200

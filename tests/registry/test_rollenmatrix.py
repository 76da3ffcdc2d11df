"""Every role × every non-public page and write action: allowed, or refused (403; anonymous → login page).

To add a page: one row in ZEILEN (URL, method, data, roles that may). Data may be a function of the test
objects (`Welt`), for URLs or files that need ids. Rows whose URL depends on another provider's object check
that guessing ids does not help.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.models import model_to_dict
from django.test import Client

from integrationsmonitor.publish.models import FactSheetAusgabe
from integrationsmonitor.registry.beratung.models import Beratungsstelle, Beratungszahl
from integrationsmonitor.registry.kurse.models import Sprachkurs
from integrationsmonitor.registry.models import Angebot, Projekt, Rolle, Traeger, Zugang
from integrationsmonitor.store.models import Lieferung
from web.vorschauhilfe import bestaetige

pytestmark = pytest.mark.django_db

# Roles of the matrix: the public (anonymous, and logged in without Zugang), admin as superuser and as Zugang
# with the staff flag, analyst, two supplier offices, two providers.
ANONYM, OHNE = "anonym", "ohne_zugang"
ADMIN, ADMIN_ZUGANG, ANALYST = "admin", "admin_zugang", "analyst"
ABH, SOZIALAMT = "abh", "sozialamt"
TRAEGER_A, TRAEGER_B = "traeger_a", "traeger_b"
ROLLEN = [ANONYM, OHNE, ADMIN, ADMIN_ZUGANG, ANALYST, ABH, SOZIALAMT, TRAEGER_A, TRAEGER_B]
VERWALTUNG = {ADMIN, ADMIN_ZUGANG}
INTERN = VERWALTUNG | {ANALYST, ABH, SOZIALAMT, TRAEGER_A, TRAEGER_B}

AUSLAENDER = "gebiet;zeitraum;gruppe;staatsangehoerigkeit;geschlecht;altersgruppe;wert;kennzeichen\n12061;2024;_T;_T;_T;_T;14933;\n"
PROJEKT = "gebiet;zeitraum;projekt;kennzahl;wert;kennzeichen\n12061;2024;lds_integriert;neukunden;51;\n"


@dataclass
class Welt:
    """The objects the rows refer to (providers, deliveries, a FactSheet issue)."""

    traeger_a: Traeger
    traeger_b: Traeger
    objekte: dict[str, Any] = field(default_factory=dict)  # for the registry rows of other pages


def _datei(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def _lieferung(datensatz: str, text: str) -> Callable[[Welt], dict[str, Any]]:
    return lambda w: {"datensatz": datensatz, "zeitraum": "2024", "datei": _datei(f"{datensatz}.csv", text)}


@dataclass(frozen=True)
class Zeile:
    url: str | Callable[[Welt], str]
    methode: str  # "get" or "post"
    erlaubt: frozenset[str]
    daten: dict[str, Any] | Callable[[Welt], dict[str, Any]] = field(default_factory=dict)
    name: str = ""
    verweigert: frozenset[int] = frozenset(
        {403}
    )  # another provider's id may also be answered like a missing one

    def __str__(self) -> str:
        return self.name or f"{self.methode.upper()} {self.url}"


def z(
    url: str | Callable[[Welt], str],
    methode: str,
    erlaubt: set[str],
    daten: Any = None,
    name: str = "",
    verweigert: frozenset[int] = frozenset({403}),
) -> Zeile:
    return Zeile(url, methode, frozenset(erlaubt), daten or {}, name, verweigert)


FREMD = frozenset({403, 404})  # rows with another provider's id: refused, or answered like a missing id


# fmt: off
ZEILEN = [
    # deliveries: each role with a Zugang reads its part; delivering only the own datasets
    z("/lieferungen/", "get", INTERN),
    z("/lieferungen/?seite=2", "get", INTERN),
    z("/lieferungen/", "post", VERWALTUNG | {ABH}, _lieferung("auslaender_bestand", AUSLAENDER), "liefern ABH"),
    z("/lieferungen/", "post", VERWALTUNG | {TRAEGER_A, TRAEGER_B}, _lieferung("projektkennzahlen", PROJEKT),
      "liefern Projektkennzahlen"),
    z("/lieferungen/", "post", VERWALTUNG,
      {"profil": "einbuergerungen_staaten", "zeitraum": "2024", "datei": None}, "liefern mit Profil fremder Stelle"),
    # FactSheet: create and send, admin only (an invalid quarter keeps the row fast: allowed = no refusal)
    z("/factsheet/erstellen/", "post", VERWALTUNG, {"zeitraum": "2024-Q7"}),
    z("/factsheet/2024-Q4/versenden/?auflage=1", "get", VERWALTUNG),  # the preview before sending
    z("/factsheet/2024-Q4/versenden/", "post", VERWALTUNG, {"auflage": "1"}),
    # the Django admin: role admin with the staff flag
    z("/admin/", "get", VERWALTUNG),
    z("/admin/registry/zugang/", "get", VERWALTUNG),
    z("/admin/auth/user/add/", "get", VERWALTUNG),
    z("/admin/store/lieferung/", "get", VERWALTUNG),
    # registry: providers edit only their own offers and projects (ids of provider B guessed by everyone)
    z("/traeger/angebote/", "get", VERWALTUNG | {TRAEGER_A, TRAEGER_B}),
    z("/traeger/projekte/", "get", VERWALTUNG | {TRAEGER_A, TRAEGER_B}),
    z("/traeger/angebote/neu/", "get", VERWALTUNG | {TRAEGER_A, TRAEGER_B}),
    z("/traeger/projekte/neu/", "get", VERWALTUNG | {TRAEGER_A, TRAEGER_B}),
    z("/traeger/angebote/neu/", "post", VERWALTUNG | {TRAEGER_A, TRAEGER_B}, {"name": "Neu"}),
    z(lambda w: f"/traeger/angebote/{w.objekte['angebot_b'].pk}/", "get", VERWALTUNG | {TRAEGER_B},
      name="GET Angebot von B", verweigert=FREMD),
    z(lambda w: f"/traeger/angebote/{w.objekte['angebot_b'].pk}/", "post", VERWALTUNG | {TRAEGER_B},
      {"name": "übernommen"}, name="POST Angebot von B", verweigert=FREMD),
    z(lambda w: f"/traeger/projekte/{w.objekte['projekt_b'].pk}/", "get", VERWALTUNG | {TRAEGER_B},
      name="GET Projekt von B", verweigert=FREMD),
    z(lambda w: f"/traeger/projekte/{w.objekte['projekt_b'].pk}/", "post", VERWALTUNG | {TRAEGER_B},
      {"name": "übernommen"}, name="POST Projekt von B", verweigert=FREMD),
    z("/verwaltung/foerderung/", "get", VERWALTUNG | {ANALYST}),
    # courses: providers update the open seats of their own courses; the Amt sees all
    z("/traeger/kurse/", "get", VERWALTUNG | {TRAEGER_A, TRAEGER_B}),
    z(lambda w: f"/traeger/kurse/{w.objekte['kurs_b'].pk}/freie-plaetze/", "post", VERWALTUNG | {TRAEGER_B},
      {"freie_plaetze": "0"}, name="POST freie Plätze Kurs von B", verweigert=FREMD),
    z("/traeger/kurse/neu/", "get", VERWALTUNG | {TRAEGER_A, TRAEGER_B}),
    z("/traeger/kurse/neu/", "post", VERWALTUNG | {TRAEGER_A, TRAEGER_B}, {"titel": "Neu"}),
    z(lambda w: f"/traeger/kurse/{w.objekte['kurs_b'].pk}/", "get", VERWALTUNG | {TRAEGER_B},
      name="GET Kurs von B", verweigert=FREMD),
    z(lambda w: f"/traeger/kurse/{w.objekte['kurs_b'].pk}/", "post", VERWALTUNG | {TRAEGER_B},
      {"titel": "übernommen"}, name="POST Kurs von B", verweigert=FREMD),
    z(lambda w: f"/traeger/kurse/{w.objekte['kurs_b'].pk}/beenden/", "post", VERWALTUNG | {TRAEGER_B},
      {"letzter_tag": "2026-03-01"}, name="POST Kurs von B beenden", verweigert=FREMD),
    z("/verwaltung/kurse/", "get", VERWALTUNG | {ANALYST}),
    # counselling: the entry form of a site of provider B
    z(lambda w: f"/beratung/{w.objekte['stelle_b'].code}/erfassen/", "get", VERWALTUNG | {TRAEGER_B},
      name="GET Beratung erfassen bei B", verweigert=FREMD),
    z(lambda w: f"/beratung/{w.objekte['stelle_b'].code}/erfassen/", "post", VERWALTUNG | {TRAEGER_B},
      {"datum": "2024-05-02"}, name="POST Beratung erfassen bei B", verweigert=FREMD),
]
# fmt: on


def _nutzer(name: str, *, is_staff: bool = False, **zugang: Any) -> Any:
    u = get_user_model().objects.create_user(name, password="x-geheim-1", is_staff=is_staff)
    if zugang:
        Zugang.objects.create(benutzer=u, **zugang)
    return u


@pytest.fixture
def welt() -> Welt:
    a = Traeger.objects.create(name="Träger A", kurzname="awo-brandenburg-sued")  # owns lds_integriert
    b = Traeger.objects.create(name="Träger B", kurzname="dahmeland-soziale-dienste")  # owns stellwerk8
    FactSheetAusgabe.objects.create(
        zeitraum="2024-Q4",
        erstellt_von="test",
        inhalt={"titel": "FactSheet", "ausgabe": "4. Quartal 2024", "kreis": "LDS", "kennzahlen": []},
        pdf=b"%PDF-1.7",
        pdf_sha256="0" * 64,
    )
    objekte = {
        "angebot_b": Angebot.objects.create(traeger=b, name="Angebot von B"),
        "projekt_b": Projekt.objects.create(traeger=b, name="Projekt von B"),
        "kurs_b": Sprachkurs.objects.create(
            traeger=b,
            titel="Kurs von B",
            kursart=Sprachkurs._meta.get_field("kursart").choices[0][0],
            niveau=Sprachkurs._meta.get_field("niveau").choices[0][0],
            gemeinde="12061260",
            beginn=date(2026, 1, 5),
            ende=date(2026, 6, 30),
            plaetze=20,
            belegt=15,
        ),
        "stelle_b": Beratungsstelle.objects.create(
            name="Stelle von B", code="stelle-b", traeger=b, gemeinde="12061260"
        ),
    }
    return Welt(a, b, objekte)


@pytest.fixture
def clients(welt: Welt) -> dict[str, Client]:
    get_user_model().objects.create_superuser("chef", password="x-geheim-1")
    benutzer = {
        ADMIN: get_user_model().objects.get(username="chef"),
        ADMIN_ZUGANG: _nutzer("amt", is_staff=True, rolle=Rolle.ADMIN),
        OHNE: _nutzer("ohne", is_staff=True),  # the staff flag alone gives nothing
        ANALYST: _nutzer("ana", is_staff=True, rolle=Rolle.ANALYST),
        ABH: _nutzer("abh", rolle=Rolle.LIEFERSTELLE, lieferant="auslaenderbehoerde"),
        SOZIALAMT: _nutzer("soz", rolle=Rolle.LIEFERSTELLE, lieferant="sozialamt"),
        TRAEGER_A: _nutzer("ta", rolle=Rolle.TRAEGER, traeger=welt.traeger_a),
        TRAEGER_B: _nutzer("tb", rolle=Rolle.TRAEGER, traeger=welt.traeger_b),
    }
    ergebnis = {ANONYM: Client()}
    for rolle, u in benutzer.items():
        c = Client()
        c.force_login(u)
        ergebnis[rolle] = c
    return ergebnis


def _daten(zeile: Zeile, welt: Welt) -> dict[str, Any]:
    daten = dict(zeile.daten(welt) if callable(zeile.daten) else zeile.daten)
    if "datei" in daten and daten["datei"] is None:
        daten["datei"] = _datei("einbuergerungen.csv", "x")
    return daten


def _zur_anmeldung(antwort: Any) -> bool:
    ziel = antwort.get("Location", "")
    return antwort.status_code == 302 and (ziel.startswith("/anmelden/") or ziel.startswith("/admin/login/"))


def _stand(welt: Welt) -> dict[str, dict[str, Any]]:
    return {name: model_to_dict(type(o)._default_manager.get(pk=o.pk)) for name, o in welt.objekte.items()}


@pytest.mark.parametrize("zeile", ZEILEN, ids=str)
def test_matrix(zeile: Zeile, welt: Welt, clients: dict[str, Client]) -> None:
    url = zeile.url(welt) if callable(zeile.url) else zeile.url
    falsch = []
    for rolle in ROLLEN:
        anzahl = Lieferung.objects.count(), Beratungszahl.objects.count()
        vorher = _stand(welt)
        antwort = getattr(clients[rolle], zeile.methode)(url, _daten(zeile, welt))
        code = antwort.status_code
        if rolle in zeile.erlaubt:
            ok = code in (200, 302, 400) and not _zur_anmeldung(antwort)  # 400: allowed, a form error
        elif rolle == ANONYM:
            ok = _zur_anmeldung(antwort)
        else:  # refused: 403 (the Django admin sends logged-in users without the right to its login page)
            ok = code in zeile.verweigert or (url.startswith("/admin/") and _zur_anmeldung(antwort))
            ok = ok and (Lieferung.objects.count(), Beratungszahl.objects.count()) == anzahl  # nothing stored
            ok = ok and _stand(welt) == vorher  # another provider's objects unchanged
        if not ok:
            falsch.append(f"{rolle}: {code} {antwort.get('Location', '')}")
    assert not falsch, f"{zeile}: {falsch}"


def test_allowed_deliveries_are_stored(clients: dict[str, Client], welt: Welt) -> None:
    antwort = clients[ABH].post("/lieferungen/", _lieferung("auslaender_bestand", AUSLAENDER)(welt))
    antwort = bestaetige(clients[ABH], antwort)  # stored after its preview
    assert antwort.status_code == 302 and antwort["Location"] == "/lieferungen/"
    antwort = clients[TRAEGER_A].post("/lieferungen/", _lieferung("projektkennzahlen", PROJEKT)(welt))
    assert bestaetige(clients[TRAEGER_A], antwort).status_code == 302
    eigene = Lieferung.objects.filter(datensatz__in=["auslaender_bestand", "projektkennzahlen"])
    assert sorted(eigene.values_list("datensatz", "benutzer")) == [
        ("auslaender_bestand", "abh"),
        ("projektkennzahlen", "ta"),
    ]


def test_the_form_offers_only_the_own_datasets(clients: dict[str, Client]) -> None:
    html = clients[ABH].get("/lieferungen/").content.decode()
    assert 'value="auslaender_bestand"' in html and 'value="asyl_unterbringung"' not in html
    assert 'value="einbuergerungen_staaten"' not in html  # another office's table profile
    html = clients[TRAEGER_A].get("/lieferungen/").content.decode()
    assert 'value="projektkennzahlen"' in html and 'value="auslaender_bestand"' not in html
    html = clients[ANALYST].get("/lieferungen/").content.decode()
    assert "Neue Lieferung hochladen" not in html and "Historie aller Lieferungen" in html
    html = clients[ADMIN].get("/lieferungen/").content.decode()
    assert 'value="auslaender_bestand"' in html and 'value="asyl_unterbringung"' in html


def test_each_sees_only_its_part_of_the_history(clients: dict[str, Client], welt: Welt) -> None:
    bestaetige(
        clients[ABH], clients[ABH].post("/lieferungen/", _lieferung("auslaender_bestand", AUSLAENDER)(welt))
    )
    bestaetige(
        clients[TRAEGER_A],
        clients[TRAEGER_A].post("/lieferungen/", _lieferung("projektkennzahlen", PROJEKT)(welt)),
    )
    seiten = {
        r: clients[r].get("/lieferungen/").content.decode() for r in ROLLEN if r != ANONYM and r != OHNE
    }
    historie = {r: html[html.index('id="historie"') :] for r, html in seiten.items()}  # not the templates
    for rolle in (ADMIN, ADMIN_ZUGANG, ANALYST):
        assert "auslaender_bestand.csv" in historie[rolle] and "projektkennzahlen.csv" in historie[rolle]
    assert "auslaender_bestand.csv" in historie[ABH] and "projektkennzahlen.csv" not in historie[ABH]
    assert (
        "auslaender_bestand.csv" not in historie[SOZIALAMT]
        and "projektkennzahlen.csv" not in historie[SOZIALAMT]
    )
    assert (
        "projektkennzahlen.csv" in historie[TRAEGER_A] and "auslaender_bestand.csv" not in historie[TRAEGER_A]
    )
    assert (
        "projektkennzahlen.csv" not in historie[TRAEGER_B]
    )  # the same dataset, delivered by another provider
    assert "Historie Ihrer Lieferungen" in historie[ABH]
    assert 'href="/lieferungen/vorlage/auslaender_bestand.csv"' in seiten[ABH]  # its own templates only
    assert "/lieferungen/vorlage/projektkennzahlen.csv" not in seiten[ABH]


def test_navigation_shows_only_what_the_role_may(clients: dict[str, Client]) -> None:
    def nav(rolle: str) -> tuple[bool, bool, bool]:
        html = clients[rolle].get("/factsheet/").content.decode()
        return (
            'href="/lieferungen/"' in html,
            'href="/admin/"' in html,
            'action="/factsheet/erstellen/"' in html,
        )

    assert nav(ADMIN) == nav(ADMIN_ZUGANG) == (True, True, True)
    assert nav(ANALYST) == nav(ABH) == nav(TRAEGER_A) == (True, False, False)
    assert nav(OHNE) == nav(ANONYM) == (False, False, False)

    def bereich(rolle: str) -> tuple[bool, bool]:
        html = clients[rolle].get("/").content.decode()
        return ('href="/traeger/angebote/"' in html, 'href="/verwaltung/foerderung/"' in html)

    assert bereich(TRAEGER_A) == (True, False) and bereich(ANALYST) == bereich(ADMIN) == (False, True)
    assert bereich(ABH) == bereich(ANONYM) == (False, False)


def test_a_zugang_admin_edits_in_the_admin_site_without_django_permissions(
    clients: dict[str, Client],
) -> None:
    html = clients[ADMIN_ZUGANG].get("/admin/").content.decode()
    assert "/admin/registry/zugang/" in html and "/admin/auth/user/" in html
    ohne_staff = _nutzer("amt2", rolle=Rolle.ADMIN)  # role admin without the staff flag: the web pages only
    c = Client()
    c.force_login(ohne_staff)
    assert _zur_anmeldung(c.get("/admin/"))
    assert c.get("/lieferungen/").status_code == 200

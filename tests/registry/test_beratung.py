"""Anonymous counselling contacts: the entry form, no personal data, monthly protected deliveries, yearly figures."""

from __future__ import annotations

import csv
import random
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Sum
from django.utils import timezone

from integrationsmonitor.catalog.loader import lade_katalog
from integrationsmonitor.indicators.engine import reihe
from integrationsmonitor.registry.beratung import services
from integrationsmonitor.registry.beratung.demo import VOLUMEN, baue_beratung_demo
from integrationsmonitor.registry.beratung.forms import KontaktFormular
from integrationsmonitor.registry.beratung.models import THEMEN, Beratungsstelle, Beratungszahl
from integrationsmonitor.registry.models import Rolle, Traeger, Zugang
from integrationsmonitor.store.ingest import liefere
from integrationsmonitor.store.models import Beobachtung, Lieferung
from integrationsmonitor.store.selectors import DbQuelle

pytestmark = pytest.mark.django_db
SEED_FIGURES = Path(__file__).parents[1] / "demo" / "seed_figures.csv"


@pytest.fixture(scope="module")
def katalog():
    return lade_katalog()


@pytest.fixture
def stellen():
    a = Traeger.objects.create(name="Träger A", kurzname="a")
    b = Traeger.objects.create(name="Träger B", kurzname="b")
    return (
        Beratungsstelle.objects.create(
            name="LDS integriert", code="lds_integriert", traeger=a, gemeinde="12061316"
        ),
        Beratungsstelle.objects.create(name="Stellwerk 8", code="stellwerk8", traeger=b, gemeinde="12061260"),
    )


def _nutzer(name: str, **zugang):
    u = get_user_model().objects.create_user(name, password="x-geheim-1")
    if zugang:
        Zugang.objects.create(benutzer=u, **zugang)
    return u


def _kontakt(stelle, tag: date, art: str = "erst", themen=("arbeit",), vermittlungen=()) -> None:
    services.erfasse(stelle, tag, art, themen, vermittlungen)


def _kontakte(stelle, tag: date, anzahl: int, art: str = "erst", **kw) -> None:
    for _ in range(anzahl):
        _kontakt(stelle, tag, art, **kw)


GUELTIG = {"art": "folge_1", "themen": ["wohnen", "gesundheit"], "vermittlungen": ["arbeit"]}


def _zahlen(**filter) -> dict[tuple[str, str, str, str], int]:
    return {
        (z.monat, z.stelle.code, z.merkmal, z.code): z.anzahl
        for z in Beratungszahl.objects.filter(**filter).select_related("stelle")
    }


# --- no personal data ---------------------------------------------------------------------------


def test_nothing_but_monthly_tallies_is_stored_no_row_per_contact():
    """Art. 5 DSGVO: the app has no table with a date, a free text or anything about a person."""
    from django.apps import apps

    for modell in apps.get_app_config("beratung").get_models():
        for feld in modell._meta.get_fields():
            assert not isinstance(feld, models.DateField | models.TextField | models.JSONField), feld
            assert feld.name not in {"geschlecht", "altersgruppe", "sprache", "dolmetscher", "gruppe"}, feld
    felder = {f.name for f in Beratungszahl._meta.get_fields()}
    assert felder == {"id", "monat", "stelle", "merkmal", "code", "anzahl"}
    assert set(KontaktFormular().fields) == {"datum", "themen", "vermittlungen", "art"}
    for name, formularfeld in KontaktFormular().fields.items():
        widget = type(formularfeld.widget).__name__
        assert widget in {"DateInput", "Select", "CheckboxSelectMultiple"}, (name, widget)


def test_a_contact_adds_one_to_its_months_tallies_and_codes_are_checked(stellen):
    lds, _ = stellen
    _kontakt(lds, date(2024, 5, 2), "erst", ["arbeit", "wohnen"], ["arbeit"])
    _kontakt(lds, date(2024, 5, 30), "erst", ["arbeit"])
    assert _zahlen() == {
        ("2024-05", "lds_integriert", "kontaktart", "erst"): 2,
        ("2024-05", "lds_integriert", "thema", "arbeit"): 2,
        ("2024-05", "lds_integriert", "thema", "wohnen"): 1,
        ("2024-05", "lds_integriert", "vermittlung", "arbeit"): 1,
    }
    with pytest.raises(ValueError, match="Herr Müller"):
        _kontakt(lds, date(2024, 5, 2), "erst", ["Herr Müller braucht eine Wohnung"])
    assert _zahlen()[("2024-05", "lds_integriert", "kontaktart", "erst")] == 2  # nothing of it counted
    assert services.nimm_zurueck(lds, "2024-05", "erst", ["arbeit"], [])
    # a tally that is not there: nothing taken back, not even the ones that were there
    assert not services.nimm_zurueck(lds, "2024-05", "erst", ["arbeit"], ["ausbildung"])
    assert _zahlen()[("2024-05", "lds_integriert", "kontaktart", "erst")] == 1
    assert _zahlen()[("2024-05", "lds_integriert", "thema", "arbeit")] == 1


# --- the entry form -----------------------------------------------------------------------------


def test_provider_counts_a_contact_with_one_button_and_can_take_it_back(client, stellen):
    lds, _ = stellen
    client.force_login(_nutzer("ta", rolle=Rolle.TRAEGER, traeger=lds.traeger))
    url = "/beratung/lds_integriert/erfassen/"
    assert client.get("/beratung/erfassen/")["Location"] == url  # the user's one site
    leer = client.get(url)
    assert leer.status_code == 200
    text = leer.content.decode()
    heute = timezone.localdate()
    assert "0 Kontakte gezählt." in text and f'value="{heute:%Y-%m-%d}"' in text
    for weg in ("geschlecht", "altersgruppe", "sprache", "dolmetscher", "gruppe", "verweise"):
        assert f'name="{weg}"' not in text, weg
    formular = text[text.index('<form method="post" class="kontakt"') :]
    formular = formular[: formular.index("</form>")]
    assert "---------" not in formular and "<select" not in formular
    assert 'name="art" value="erst"' in text and 'name="art" value="folge_1"' in text
    antwort = client.post(url, {**GUELTIG, "datum": f"{heute:%Y-%m-%d}"}, follow=True)
    assert antwort.redirect_chain == [(url + "#inhalt", 302)]  # the next contact starts on screen
    text = antwort.content.decode()
    assert "1. Folgetermin gezählt." in text and "1 Kontakt gezählt." in text
    monat = f"{heute:%Y-%m}"
    assert _zahlen() == {
        (monat, "lds_integriert", "kontaktart", "folge_1"): 1,
        (monat, "lds_integriert", "thema", "wohnen"): 1,
        (monat, "lds_integriert", "thema", "gesundheit"): 1,
        (monat, "lds_integriert", "vermittlung", "arbeit"): 1,
    }
    from django.contrib.sessions.models import Session

    for sitzung in Session.objects.all():  # the undo codes wait in the browser, not on the server
        assert "wohnen" not in str(sitzung.get_decoded())
    # a bare tap on "Erstkontakt" is a whole contact: date today, no topic needed
    assert client.post(url, {"datum": f"{heute:%Y-%m-%d}", "art": "erst"}).status_code == 302
    assert _zahlen()[(monat, "lds_integriert", "kontaktart", "erst")] == 1
    zurueck = client.post(url, {"zuruecknehmen": "1"}, follow=True)
    assert "Der letzte Kontakt ist zurückgenommen." in zurueck.content.decode()
    assert _zahlen()[(monat, "lds_integriert", "kontaktart", "erst")] == 0
    assert "Letzten Kontakt zurücknehmen" not in zurueck.content.decode()  # only once
    nochmal = client.post(url, {"zuruecknehmen": "1"}, follow=True)
    assert "keinen Kontakt zum Zurücknehmen" in nochmal.content.decode()
    assert _zahlen()[(monat, "lds_integriert", "kontaktart", "folge_1")] == 1


def test_a_double_tap_counts_once_and_an_undo_cannot_be_replayed(client, stellen):
    """Review of #12: the same form submitted twice (double tap, reload) counted two contacts, and the undo
    cookie, replayed or sent by a double tap, took back more than the one contact."""
    import re

    lds, _ = stellen
    client.force_login(_nutzer("tb", rolle=Rolle.TRAEGER, traeger=lds.traeger))
    url = "/beratung/lds_integriert/erfassen/"
    heute = timezone.localdate()
    monat = f"{heute:%Y-%m}"
    for _ in range(3):  # three contacts, each from its own form
        marke = re.search(r'name="marke" value="([^"]+)"', client.get(url).content.decode()).group(1)
        assert (
            client.post(url, {"datum": f"{heute:%Y-%m-%d}", "art": "erst", "marke": marke}).status_code == 302
        )
    zweimal = client.post(url, {"datum": f"{heute:%Y-%m-%d}", "art": "erst", "marke": marke}, follow=True)
    assert "schon gezählt" in zweimal.content.decode()
    assert _zahlen()[(monat, "lds_integriert", "kontaktart", "erst")] == 3
    keks = client.cookies["beratung_letzter"].value  # the undo of the third contact
    assert client.post(url, {"zuruecknehmen": "1"}).status_code == 302
    client.cookies["beratung_letzter"] = keks  # replayed, or the second of a double tap
    nochmal = client.post(url, {"zuruecknehmen": "1"}, follow=True)
    assert "keinen Kontakt zum Zurücknehmen" in nochmal.content.decode()
    assert _zahlen()[(monat, "lds_integriert", "kontaktart", "erst")] == 2


def test_invalid_entry_is_not_counted(client, stellen):
    client.force_login(_nutzer("ta", rolle=Rolle.TRAEGER, traeger=stellen[0].traeger))
    url = "/beratung/lds_integriert/erfassen/"
    antwort = client.post(url, {**GUELTIG, "datum": "2024-12-02", "themen": ["x"]})
    assert antwort.status_code == 400
    morgen = timezone.localdate() + timedelta(days=1)
    zukunft = client.post(url, {**GUELTIG, "datum": f"{morgen:%Y-%m-%d}"})
    assert zukunft.status_code == 400 and "in der Zukunft" in zukunft.content.decode()
    ohne_art = client.post(url, {"datum": "2024-12-02"})
    assert ohne_art.status_code == 400 and "Art des Kontakts" in ohne_art.content.decode()
    assert not Beratungszahl.objects.exists()


def test_other_providers_site_is_refused(client, stellen):
    lds = stellen[0]
    url = "/beratung/stellwerk8/erfassen/"
    anonym = client.get(url)
    assert anonym.status_code == 302 and "/anmelden/" in anonym["Location"]
    assert "/anmelden/" in client.get("/beratung/erfassen/")["Location"]
    client.force_login(_nutzer("ta", rolle=Rolle.TRAEGER, traeger=lds.traeger))
    assert client.get(url).status_code == 403
    assert client.post(url, {**GUELTIG, "datum": "2024-12-02"}).status_code == 403
    client.force_login(_nutzer("ana", rolle=Rolle.ANALYST))
    assert client.get(url).status_code == 403
    assert client.get("/beratung/erfassen/").status_code == 403  # no site of its own
    client.force_login(get_user_model().objects.create_superuser("chef", password="x-geheim-1"))
    assert client.get(url).status_code == 200
    auswahl = client.get("/beratung/erfassen/").content.decode()  # admin: every site to choose from
    assert url in auswahl and "/beratung/lds_integriert/erfassen/" in auswahl
    assert client.get("/beratung/gibt-es-nicht/erfassen/").status_code == 404
    assert not Beratungszahl.objects.exists()


# --- monthly aggregation under the disclosure rule ----------------------------------------------


def _veroeffentlicht(katalog, lf) -> dict[tuple[str, ...], float | None]:
    """What the platform publishes of a delivery: (codes…) -> value, None for secret."""
    w = DbQuelle(katalog).wuerfel(lf.datensatz, lf.zeitraum)
    assert w is not None
    return {m: (None if z.geheim else z.wert) for (_g, m), z in w.exakt.items()}


def test_month_with_a_one_is_delivered_as_counted_and_published_protected(katalog, stellen):
    lds, stellwerk = stellen
    tag = date(2024, 12, 3)
    _kontakte(lds, tag, 7)
    _kontakt(lds, tag, "folge_1")  # the 1
    _kontakte(stellwerk, tag, 5)
    _kontakte(stellwerk, tag, 4, "folge_1")
    _kontakt(lds, date(2024, 11, 30), "folge_2")  # another month: not counted

    t = services.monatstabelle(katalog, "2024-12")
    assert t.tabelle.werte[("_T", "_T")] == 17 and t.tabelle.werte[("lds_integriert", "folge_1")] == 1

    e, themen, vermittlungen = services.liefere_monat(katalog, "2024-12")
    assert e.angenommen, e.probleme
    assert vermittlungen.angenommen and vermittlungen.lieferung.datensatz == "beratungsvermittlungen"
    assert themen.angenommen and themen.lieferung.datensatz == "beratungsthemen"
    lf = e.lieferung
    assert (lf.datensatz, lf.zeitraum, lf.lieferant) == ("beratungskontakte", "2024-12", "traeger")
    # the delivery keeps the counts (it never leaves the platform); what leaves is protected
    geliefert = {tuple(b.merkmale.split("|")): b.wert for b in lf.beobachtungen.all()}
    assert geliefert[("lds_integriert", "folge_1")] == 1
    assert all(e.unveraendert for e in services.liefere_monat(katalog, "2024-12"))

    veroeffentlicht = _veroeffentlicht(katalog, lf)
    assert veroeffentlicht[("lds_integriert", "folge_1")] is None  # the 1
    assert veroeffentlicht[("lds_integriert", "folge_2")] is None  # a 0 is secret too
    assert not [c for c, w in veroeffentlicht.items() if w is not None and w <= 2]
    for codes, w in veroeffentlicht.items():  # what is published is the truth
        assert w is None or w == t.tabelle.werte[codes]
    # the 1 cannot be recomputed from its row or column: each has another secret cell
    for zeile in (
        [c for c in veroeffentlicht if c[0] == "lds_integriert"],
        [c for c in veroeffentlicht if c[1] == "folge_1"],
    ):
        assert sum(veroeffentlicht[c] is None for c in zeile) >= 2

    quelle = DbQuelle(katalog)
    zeilen = {z.category: z for z in reihe(katalog, quelle, "beratungskontakte", nach="kontaktart")}
    assert zeilen["erst"].value == 12
    zelle = {z.category: z for z in reihe(katalog, quelle, "beratung_erstkontakte", nach="beratungsstelle")}
    assert zelle["lds_integriert"].value == 7 or zelle["lds_integriert"].flag == "g"


def test_topics_are_delivered_as_mentions_per_site_and_published_protected(katalog, stellen):
    lds, stellwerk = stellen
    tag = date(2024, 12, 3)
    for i in range(9):  # LDS integriert: 9 contacts, all about work, 6 also about housing, 1 about health
        _kontakt(
            lds, tag, themen=["arbeit"] + (["wohnen"] if i < 6 else []) + (["gesundheit"] if i == 0 else [])
        )
    for i in range(8):  # Stellwerk 8: 8 contacts about language, 4 also about education
        _kontakt(stellwerk, tag, themen=["sprache"] + (["bildung"] if i < 4 else []))

    t = services.themen_monatstabelle(katalog, "2024-12")
    assert t.tabelle.dimensionen == ("beratungsstelle", "thema")
    assert (
        t.tabelle.werte[("lds_integriert", "arbeit")] == 9
        and t.tabelle.werte[("lds_integriert", "wohnen")] == 6
    )
    assert t.tabelle.werte[("_T", "_T")] == 9 + 6 + 1 + 8 + 4  # mentions, not contacts (17)

    kontakte_e, themen_e, _v = services.liefere_monat(katalog, "2024-12")
    assert kontakte_e.angenommen and themen_e.angenommen, themen_e.probleme
    lf = themen_e.lieferung
    assert (lf.datensatz, lf.zeitraum, lf.lieferant) == ("beratungsthemen", "2024-12", "traeger")
    veroeffentlicht = _veroeffentlicht(katalog, lf)
    assert (
        veroeffentlicht[("lds_integriert", "gesundheit")] is None
        and veroeffentlicht[("_T", "gesundheit")] is None
    )
    assert not [c for c, w in veroeffentlicht.items() if w is not None and w <= 2]
    zeilen = {z.category: z for z in reihe(katalog, DbQuelle(katalog), "beratungsthemen", nach="thema")}
    assert zeilen["gesundheit"].value is None and zeilen["gesundheit"].flag == "g"
    for thema in ("sprache", "bildung"):  # published or secret, never a wrong number
        assert zeilen[thema].value in (None, t.tabelle.werte[("_T", thema)])


def test_referrals_are_a_protected_monthly_figure_by_site(katalog, stellen):
    lds, stellwerk = stellen
    tag = date(2024, 12, 3)
    _kontakte(lds, tag, 2, vermittlungen=["arbeit"])  # 1–2 referrals of a site
    _kontakte(lds, tag, 6, vermittlungen=["andere"])
    _kontakte(stellwerk, tag, 9, vermittlungen=["arbeit", "andere"])
    _kontakte(stellwerk, tag, 5, vermittlungen=["ausbildung"])
    t = services.vermittlungs_monatstabelle(katalog, "2024-12")
    assert t.tabelle.dimensionen == ("beratungsstelle", "vermittlung")
    assert (
        t.tabelle.werte[("lds_integriert", "arbeit")] == 2 and t.tabelle.werte[("stellwerk8", "andere")] == 9
    )
    *_, e = services.liefere_monat(katalog, "2024-12")
    assert e.angenommen, e.probleme
    assert (e.lieferung.datensatz, e.lieferung.zeitraum) == ("beratungsvermittlungen", "2024-12")
    veroeffentlicht = _veroeffentlicht(katalog, e.lieferung)
    wahr = t.tabelle.werte
    assert veroeffentlicht[("lds_integriert", "arbeit")] is None  # the 2: not published
    assert veroeffentlicht[("lds_integriert", "ausbildung")] is None  # a 0 neither
    assert not [c for c, v in veroeffentlicht.items() if v is not None and v <= 2]
    for zelle, v in veroeffentlicht.items():  # what is published is the truth
        assert v is None or v == wahr[zelle], zelle
    # the 2 cannot be recomputed from its site's row or its target's column
    for zeile in (
        [c for c in veroeffentlicht if c[0] == "lds_integriert"],
        [c for c in veroeffentlicht if c[1] == "arbeit"],
    ):
        assert sum(veroeffentlicht[c] is None for c in zeile) >= 2


def test_yearly_referrals_and_their_months_are_protected_together(katalog, stellen):
    """LDS integriert's yearly referrals into work and training (projektkennzahlen, from the same tallies) are
    the sums of its months of beratungsvermittlungen. An attacker who reads the year and all twelve published
    months and knows "year = sum of the months" narrows no secret month (found by review: while the months
    were by Gemeinde, the year was not linked to them)."""
    from tests.protect.angreifer import intervalle, katalogwissen, unerfuellt, vereinige, verletzungen

    lds, stellwerk = stellen
    rng = random.Random("vermittlungen-jahr")
    monate = [f"2024-{m:02d}" for m in range(1, 13)]
    for i, monat in enumerate(monate):
        tag = date(2024, i + 1, 10)
        arbeit = 1 if monat == "2024-05" else rng.randint(3, 9)  # one small month among large ones
        _kontakte(lds, tag, arbeit, vermittlungen=["arbeit"])
        _kontakte(lds, tag, rng.randint(3, 6), vermittlungen=["ausbildung", "andere"])
        _kontakte(stellwerk, tag, rng.randint(4, 8), vermittlungen=["arbeit", "andere"])
    for monat in monate:
        assert all(e.angenommen for e in services.liefere_monat(katalog, monat))
    e = services.liefere_jahreszahlen(katalog, 2024)
    assert e is not None and e.angenommen, e and e.probleme

    kreis = katalog.kreis.code
    quelle = DbQuelle(katalog)
    jahr = {}
    for (g, m), z in quelle.wuerfel("projektkennzahlen", "2024").exakt.items():
        jahr[(g, *m)] = None if z.geheim else int(z.wert)
    assert (
        jahr[(kreis, "lds_integriert", "vermittlung_arbeit")]
        == services.jahreszahlen(2024, "lds_integriert")["vermittlung_arbeit"]
    )  # the year itself is large and published
    teile = [katalogwissen(katalog, "projektkennzahlen", "2024", {"jahr": jahr})]
    wahr: dict[tuple[str, ...], int] = {}
    for monat in monate:
        werte = {}
        for (g, m), z in quelle.wuerfel("beratungsvermittlungen", monat).exakt.items():
            werte[(g, *m)] = None if z.geheim else int(z.wert)
        teile.append(katalogwissen(katalog, "beratungsvermittlungen", monat, {monat: werte}))
        t = services.vermittlungs_monatstabelle(katalog, monat)
        wahr |= {(monat, kreis, *c): n for c, n in t.tabelle.werte.items()}
    assert wahr[("2024-05", kreis, "lds_integriert", "arbeit")] == 1
    assert any(
        wahr[(m, kreis, "lds_integriert", "arbeit")] > 2 for m in monate
    )  # published months besides the secret one
    gleichungen = [
        (
            ("jahr", kreis, "lds_integriert", f"vermittlung_{ziel}"),
            [(m, kreis, "lds_integriert", ziel) for m in monate],
        )
        for ziel in ("arbeit", "ausbildung")
    ]
    wissen = vereinige(*teile, gleichungen=gleichungen)
    figuren = services.jahreszahlen(2024, "lds_integriert")
    wahr |= {("jahr", kreis, "lds_integriert", k): n for k, n in figuren.items()}
    wahr |= {("jahr", *s): v for s, v in jahr.items() if v is not None}
    assert unerfuellt(wissen, wahr) == []  # the attacker assumes nothing false
    befund = verletzungen(intervalle(wissen, hoechstens=10))
    assert befund == {}, befund


def test_a_refused_topics_table_takes_the_months_contacts_back(katalog, stellen, monkeypatch):
    for i in range(6):
        _kontakt(stellen[0], date(2024, 12, 3 + i))
    echt = services.lieferdatei

    def kaputt(k, t):
        return (
            b"gebiet;zeitraum;beratungsstelle;thema;wert\n12061;2024-12;lds_integriert;arbeit;-4\n"
            if (t.datensatz == "beratungsthemen")
            else echt(k, t)
        )

    monkeypatch.setattr(services, "lieferdatei", kaputt)
    kontakte_e, themen_e, vermittlungen_e = services.liefere_monat(katalog, "2024-12")
    assert not themen_e.angenommen and "negativ" in " ".join(themen_e.probleme)
    assert not kontakte_e.angenommen and not vermittlungen_e.angenommen
    assert kontakte_e.probleme == [
        "nicht gespeichert, weil die Lieferung beratungsthemen desselben Monats abgelehnt wurde"
    ]
    assert not Lieferung.objects.exists() and not Beobachtung.objects.exists()


def test_site_without_catalogue_code_is_refused(katalog, stellen):
    fremd = Beratungsstelle.objects.create(
        name="Neu", code="neu", traeger=stellen[0].traeger, gemeinde="12061316"
    )
    _kontakt(fremd, date(2024, 12, 3))
    with pytest.raises(ValueError, match="neu"):
        services.liefere_monat(katalog, "2024-12")
    assert not Lieferung.objects.exists()


# --- yearly figures of LDS integriert -----------------------------------------------------------


def test_yearly_figures_equal_the_first_and_follow_up_contacts(katalog, stellen):
    lds, stellwerk = stellen
    rng = random.Random("beratung-jahr")
    arten = ["erst", "folge_1", "folge_2", "folge_3"]
    gezogen = [rng.choice(arten) for _ in range(300)]
    for art in gezogen:
        _kontakt(lds, date(2023, rng.randint(1, 12), rng.randint(1, 28)), art)
    _kontakte(stellwerk, date(2023, 6, 1), 40, vermittlungen=["arbeit"])  # another site: not counted
    erwartet = Counter(gezogen)
    figuren = services.jahreszahlen(2023, "lds_integriert")
    assert figuren["neukunden"] == erwartet["erst"]
    assert [figuren[f"folgetermin_{i}"] for i in (1, 2, 3)] == [erwartet[f"folge_{i}"] for i in (1, 2, 3)]
    assert figuren["folgetermin_4"] == figuren["folgetermin_5"] == 0
    assert figuren["vermittlung_arbeit"] == figuren["vermittlung_ausbildung"] == 0

    vorher = (
        "gebiet;zeitraum;projekt;kennzahl;wert\n"
        "12061;2023;lds_integriert;neukunden;999\n12061;2023;lds_integriert;vermittlung_arbeit;99\n"
        "12061;2023;welcomecenter;sprachkurse;42\n"
    )
    assert liefere(
        katalog=katalog, daten=vorher.encode(), datei_name="p.csv", datensatz="projektkennzahlen",
        zeitraum="2023", benutzer="test",
    ).angenommen  # fmt: skip
    e = services.liefere_jahreszahlen(katalog, 2023)
    assert e is not None and e.angenommen, e and e.probleme
    assert services.liefere_jahreszahlen(katalog, 2023).unveraendert  # type: ignore[union-attr]
    werte = {b.merkmale: b.wert for b in e.lieferung.beobachtungen.all()}
    assert werte["lds_integriert|vermittlung_arbeit"] == 99 and werte["welcomecenter|sprachkurse"] == 42

    quelle = DbQuelle(katalog)
    neu = reihe(katalog, quelle, "lds_integriert_neukunden", perioden=["2023"])
    assert neu[0].value == erwartet["erst"]
    folge = {
        z.category: z.value for z in reihe(katalog, quelle, "lds_integriert_folgetermine", perioden=["2023"])
    }
    assert (folge["1"], folge["2"], folge["3"]) == (
        erwartet["folge_1"],
        erwartet["folge_2"],
        erwartet["folge_3"],
    )
    assert services.liefere_jahreszahlen(katalog, 2022) is None  # no contacts: nothing delivered

    # once the site counts referrals in the form, its tallies are the year's referral figures
    _kontakte(lds, date(2023, 3, 1), 3, vermittlungen=["arbeit", "ausbildung"])
    _kontakte(lds, date(2023, 9, 1), 4, vermittlungen=["arbeit"])
    e = services.liefere_jahreszahlen(katalog, 2023)
    assert e is not None and e.angenommen, e and e.probleme
    werte = {b.merkmale: b.wert for b in e.lieferung.beobachtungen.all()}
    assert (
        werte["lds_integriert|vermittlung_arbeit"] == 7
        and werte["lds_integriert|vermittlung_ausbildung"] == 3
    )
    assert werte["lds_integriert|neukunden"] == erwartet["erst"] + 7
    vermittlungen = {
        z.category: z.value for z in reihe(katalog, DbQuelle(katalog), "vermittlungen", perioden=["2023"])
    }
    assert vermittlungen == {"arbeit": 7, "ausbildung": 3}


# --- demo ----------------------------------------------------------------------------------------


def test_demo_tallies_reproduce_the_reports_2024_figures_and_are_idempotent(katalog):
    ergebnisse = baue_beratung_demo(katalog)
    assert len(ergebnisse) == 36 and all(e.angenommen and not e.unveraendert for e in ergebnisse)
    assert {e.lieferung.datensatz for e in ergebnisse} == {
        "beratungskontakte", "beratungsthemen", "beratungsvermittlungen",
    }  # fmt: skip
    with SEED_FIGURES.open(encoding="utf-8") as f:
        seed = {
            r["figure"]: int(r["value"])
            for r in csv.DictReader(f)
            if r["year"] == "2024" and r["figure"].startswith("lds_integriert_")
        }
    figuren = services.jahreszahlen(2024, "lds_integriert")
    assert figuren["neukunden"] == seed["lds_integriert_neukunden"] == 175
    assert figuren["folgetermin_1"] == seed["lds_integriert_folgetermin_1"]
    assert figuren["folgetermin_2"] == seed["lds_integriert_folgetermin_2"]
    assert figuren["vermittlung_arbeit"] == seed["lds_integriert_vermittlungen_arbeit"] == 69
    assert figuren["vermittlung_ausbildung"] == seed["lds_integriert_vermittlungen_ausbildung"] == 24
    kontakte = Beratungszahl.objects.filter(merkmal="kontaktart").aggregate(n=Sum("anzahl"))["n"]
    assert kontakte == sum(sum(v.values()) for v in VOLUMEN.values())
    dez = Lieferung.objects.get(datensatz="beratungskontakte", zeitraum="2024-12", status="aktiv")
    assert (
        None in _veroeffentlicht(katalog, dez).values()
    )  # the small site's counts are secret when published
    for stelle, haeufigstes in (("welcomecenter", "fachkraefte"), ("lds_integriert", "beratung")):
        themen = Counter()
        for code, n in Beratungszahl.objects.filter(stelle__code=stelle, merkmal="thema").values_list(
            "code", "anzahl"
        ):
            themen[code] += n
        assert themen.most_common(1)[0][0] == haeufigstes and len(themen) == 10  # every topic occurs
    dezember = Beobachtung.objects.get(
        lieferung__datensatz="beratungsthemen", lieferung__zeitraum="2024-12", merkmale="welcomecenter|_T"
    )
    assert dezember.wert == sum(
        Beratungszahl.objects.filter(
            stelle__code="welcomecenter", monat="2024-12", merkmal="thema"
        ).values_list("anzahl", flat=True)
    )
    zahlen = Beratungszahl.objects.count()

    zweite = baue_beratung_demo(katalog)
    assert all(e.unveraendert for e in zweite)
    assert Beratungszahl.objects.count() == zahlen


def test_topic_codes_and_words_of_the_form_are_the_catalogues(katalog):
    from django.utils import translation

    liste = katalog.codelisten["beratungsthema"].codes
    with translation.override("de"):
        assert [(c, str(n)) for c, n in THEMEN] == [(c, liste[c].name) for c in liste]

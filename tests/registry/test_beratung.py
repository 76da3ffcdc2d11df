"""Anonymous counselling contacts: the entry form, no personal data, monthly protected deliveries, yearly figures."""

from __future__ import annotations

import csv
import random
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone

from integrationsmonitor.catalog.loader import lade_katalog
from integrationsmonitor.indicators.engine import reihe
from integrationsmonitor.registry.beratung import services
from integrationsmonitor.registry.beratung.demo import VOLUMEN, baue_beratung_demo
from integrationsmonitor.registry.beratung.forms import KontaktFormular
from integrationsmonitor.registry.beratung.models import (
    THEMEN,
    Beratungskontakt,
    Beratungsstelle,
    themen_pruefen,
    verweise_pruefen,
)
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


def _kontakt(stelle, tag: date, art: str = "erst") -> Beratungskontakt:
    return Beratungskontakt(
        datum=tag,
        stelle=stelle,
        art=art,
        themen=["arbeit"],
        sprache="uk",
        geschlecht="w",
        altersgruppe="27_44",
    )


GUELTIG = {
    "art": "folge_1",
    "themen": ["wohnen", "gesundheit"],
    "verweise": ["jobcenter"],
    "sprache": "ar",
    "dolmetscher": "on",
    "geschlecht": "m",
    "altersgruppe": "18_26",
}


# --- no personal data ---------------------------------------------------------------------------


def test_contact_model_has_no_free_text_and_no_field_for_a_name():
    for feld in Beratungskontakt._meta.get_fields():
        assert "name" not in feld.name.lower(), feld.name
        assert not isinstance(feld, models.TextField), feld.name
        if isinstance(feld, models.CharField):
            assert feld.choices, f"{feld.name}: Textfeld ohne feste Codeliste"
        elif isinstance(feld, models.JSONField):
            assert set(feld.validators) & {themen_pruefen, verweise_pruefen}, feld.name
        else:
            assert isinstance(
                feld, models.DateField | models.BooleanField | models.ForeignKey | models.AutoField
            )
    for name, formularfeld in KontaktFormular().fields.items():
        widget = type(formularfeld.widget).__name__
        assert widget in {"DateInput", "RadioSelect", "CheckboxSelectMultiple", "CheckboxInput"}, (
            name,
            widget,
        )


def test_code_lists_reject_anything_else(stellen):
    k = _kontakt(stellen[0], date(2024, 5, 2))
    k.themen = ["arbeit", "Herr Müller braucht eine Wohnung"]
    with pytest.raises(Exception, match="Codes"):
        k.full_clean()


# --- the entry form -----------------------------------------------------------------------------


def test_provider_saves_a_contact_and_gets_an_empty_form_with_todays_count(client, stellen):
    lds, _ = stellen
    client.force_login(_nutzer("ta", rolle=Rolle.TRAEGER, traeger=lds.traeger))
    url = "/beratung/lds_integriert/erfassen/"
    leer = client.get(url)
    assert leer.status_code == 200
    text = leer.content.decode()
    assert "Heute 0 Kontakte erfasst." in text
    heute = timezone.localdate()
    assert f'value="{heute:%Y-%m-%d}"' in text and 'value="erst"' in text and "checked" in text
    antwort = client.post(url, {**GUELTIG, "datum": f"{heute:%Y-%m-%d}"}, follow=True)
    assert antwort.redirect_chain == [(url, 302)]
    text = antwort.content.decode()
    assert "Kontakt gespeichert." in text and "Heute 1 Kontakt erfasst." in text
    k = Beratungskontakt.objects.get()
    assert (k.stelle, k.art, k.themen, k.verweise, k.sprache, k.dolmetscher, k.gruppe) == (
        lds, "folge_1", ["wohnen", "gesundheit"], ["jobcenter"], "ar", True, False,
    )  # fmt: skip


def test_invalid_entry_is_not_saved(client, stellen):
    client.force_login(_nutzer("ta", rolle=Rolle.TRAEGER, traeger=stellen[0].traeger))
    antwort = client.post(
        "/beratung/lds_integriert/erfassen/", {**GUELTIG, "datum": "2024-12-02", "themen": ["x"]}
    )
    assert antwort.status_code == 400 and not Beratungskontakt.objects.exists()


def test_other_providers_site_is_refused(client, stellen):
    lds = stellen[0]
    url = "/beratung/stellwerk8/erfassen/"
    anonym = client.get(url)
    assert anonym.status_code == 302 and "/anmelden/" in anonym["Location"]
    client.force_login(_nutzer("ta", rolle=Rolle.TRAEGER, traeger=lds.traeger))
    assert client.get(url).status_code == 403
    assert client.post(url, {**GUELTIG, "datum": "2024-12-02"}).status_code == 403
    client.force_login(_nutzer("ana", rolle=Rolle.ANALYST))
    assert client.get(url).status_code == 403
    client.force_login(get_user_model().objects.create_superuser("chef", password="x-geheim-1"))
    assert client.get(url).status_code == 200
    assert client.get("/beratung/gibt-es-nicht/erfassen/").status_code == 404
    assert not Beratungskontakt.objects.exists()


# --- monthly aggregation under the disclosure rule ----------------------------------------------


def _veroeffentlicht(katalog, lf) -> dict[tuple[str, ...], float | None]:
    """What the platform publishes of a delivery: (codes…) -> value, None for secret."""
    w = DbQuelle(katalog).wuerfel(lf.datensatz, lf.zeitraum)
    assert w is not None
    return {m: (None if z.geheim else z.wert) for (_g, m), z in w.exakt.items()}


def test_month_with_a_one_is_delivered_as_counted_and_published_protected(katalog, stellen):
    lds, stellwerk = stellen
    tag = date(2024, 12, 3)
    kontakte = [_kontakt(lds, tag) for _ in range(7)] + [_kontakt(lds, tag, "folge_1")]  # the 1
    kontakte += [_kontakt(stellwerk, tag) for _ in range(5)] + [
        _kontakt(stellwerk, tag, "folge_1") for _ in range(4)
    ]
    kontakte.append(_kontakt(lds, date(2024, 11, 30), "folge_2"))  # another month: not counted
    Beratungskontakt.objects.bulk_create(kontakte)

    t = services.monatstabelle(katalog, "2024-12")
    assert t.tabelle.werte[("_T", "_T")] == 17 and t.tabelle.werte[("lds_integriert", "folge_1")] == 1

    e, themen = services.liefere_monat(katalog, "2024-12")
    assert e.angenommen, e.probleme
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
    kontakte = []
    for i in range(9):  # LDS integriert: 9 contacts, all about work, 6 also about housing, 1 about health
        k = _kontakt(lds, tag)
        k.themen = ["arbeit"] + (["wohnen"] if i < 6 else []) + (["gesundheit"] if i == 0 else [])
        kontakte.append(k)
    for i in range(8):  # Stellwerk 8: 8 contacts about language, 4 also about education
        k = _kontakt(stellwerk, tag)
        k.themen = ["sprache"] + (["bildung"] if i < 4 else [])
        kontakte.append(k)
    Beratungskontakt.objects.bulk_create(kontakte)

    t = services.themen_monatstabelle(katalog, "2024-12")
    assert t.tabelle.dimensionen == ("beratungsstelle", "thema")
    assert (
        t.tabelle.werte[("lds_integriert", "arbeit")] == 9
        and t.tabelle.werte[("lds_integriert", "wohnen")] == 6
    )
    assert t.tabelle.werte[("_T", "_T")] == 9 + 6 + 1 + 8 + 4  # mentions, not contacts (17)

    kontakte_e, themen_e = services.liefere_monat(katalog, "2024-12")
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


def test_a_refused_topics_table_takes_the_months_contacts_back(katalog, stellen, monkeypatch):
    for i in range(6):
        _kontakt(stellen[0], date(2024, 12, 3 + i)).save()
    echt = services.lieferdatei

    def kaputt(k, t):
        return (
            b"gebiet;zeitraum;beratungsstelle;thema;wert\n12061;2024-12;lds_integriert;arbeit;-4\n"
            if (t.datensatz == "beratungsthemen")
            else echt(k, t)
        )

    monkeypatch.setattr(services, "lieferdatei", kaputt)
    kontakte_e, themen_e = services.liefere_monat(katalog, "2024-12")
    assert not themen_e.angenommen and "negativ" in " ".join(themen_e.probleme)
    assert not kontakte_e.angenommen
    assert kontakte_e.probleme == [
        "nicht gespeichert, weil die Lieferung beratungsthemen desselben Monats abgelehnt wurde"
    ]
    assert not Lieferung.objects.exists() and not Beobachtung.objects.exists()


def test_site_without_catalogue_code_is_refused(katalog, stellen):
    fremd = Beratungsstelle.objects.create(
        name="Neu", code="neu", traeger=stellen[0].traeger, gemeinde="12061316"
    )
    _kontakt(fremd, date(2024, 12, 3)).save()
    with pytest.raises(ValueError, match="neu"):
        services.liefere_monat(katalog, "2024-12")
    assert not Lieferung.objects.exists()


# --- yearly figures of LDS integriert -----------------------------------------------------------


def test_yearly_figures_equal_the_first_and_follow_up_contacts(katalog, stellen):
    lds, stellwerk = stellen
    rng = random.Random("beratung-jahr")
    arten = ["erst", "folge_1", "folge_2", "folge_3"]
    kontakte = [
        _kontakt(lds, date(2023, rng.randint(1, 12), rng.randint(1, 28)), rng.choice(arten))
        for _ in range(300)
    ]
    kontakte += [_kontakt(stellwerk, date(2023, 6, 1)) for _ in range(40)]  # another site: not counted
    Beratungskontakt.objects.bulk_create(kontakte)
    erwartet = {a: sum(1 for k in kontakte if k.stelle == lds and k.art == a) for a in arten}
    figuren = services.jahreszahlen(2023, "lds_integriert")
    assert figuren["neukunden"] == erwartet["erst"]
    assert [figuren[f"folgetermin_{i}"] for i in (1, 2, 3)] == [erwartet[f"folge_{i}"] for i in (1, 2, 3)]
    assert figuren["folgetermin_4"] == figuren["folgetermin_5"] == 0

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


# --- demo ----------------------------------------------------------------------------------------


def test_demo_contacts_reproduce_the_reports_2024_figures_and_are_idempotent(katalog):
    ergebnisse = baue_beratung_demo(katalog)
    assert len(ergebnisse) == 24 and all(e.angenommen and not e.unveraendert for e in ergebnisse)
    assert {e.lieferung.datensatz for e in ergebnisse} == {"beratungskontakte", "beratungsthemen"}
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
    assert Beratungskontakt.objects.count() == sum(sum(v.values()) for v in VOLUMEN.values())
    dez = Lieferung.objects.get(datensatz="beratungskontakte", zeitraum="2024-12", status="aktiv")
    assert (
        None in _veroeffentlicht(katalog, dez).values()
    )  # the small site's counts are secret when published
    for stelle, haeufigstes in (("welcomecenter", "fachkraefte"), ("lds_integriert", "beratung")):
        themen = Counter(
            t
            for ts in Beratungskontakt.objects.filter(stelle__code=stelle).values_list("themen", flat=True)
            for t in ts
        )
        assert themen.most_common(1)[0][0] == haeufigstes and len(themen) == 10  # every topic occurs
    dezember = Beobachtung.objects.get(
        lieferung__datensatz="beratungsthemen", lieferung__zeitraum="2024-12", merkmale="welcomecenter|_T"
    )
    assert dezember.wert == sum(
        len(ts)
        for ts in Beratungskontakt.objects.filter(stelle__code="welcomecenter", datum__month=12).values_list(
            "themen", flat=True
        )
    )

    zweite = baue_beratung_demo(katalog)
    assert all(e.unveraendert for e in zweite)
    assert Beratungskontakt.objects.count() == sum(sum(v.values()) for v in VOLUMEN.values())


def test_topic_codes_and_words_of_the_form_are_the_catalogues(katalog):
    from django.utils import translation

    liste = katalog.codelisten["beratungsthema"].codes
    with translation.override("de"):
        assert [(c, str(n)) for c, n in THEMEN] == [(c, liste[c].name) for c in liste]

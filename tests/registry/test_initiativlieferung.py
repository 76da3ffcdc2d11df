"""An initiative reports only its own yearly figures in its own Gemeinde (issue 13); the reports are collected,
not published, until the Amt publishes the year at once (store.sammlung, registry/engagementlieferung.py)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from integrationsmonitor.catalog.loader import katalog
from integrationsmonitor.registry.engagementlieferung import veroeffentliche_jahr
from integrationsmonitor.registry.traegerlieferung import INITIATIVE, liefere_als_traeger
from integrationsmonitor.store.models import Lieferung, Sammelmeldung

pytestmark = pytest.mark.django_db

KOPF = "gebiet;zeitraum;initiative;kennzahl;wert;kennzeichen\n"
KW, LUEBBEN = "12061260", "12061316"


@dataclass
class Initiative:  # the fields registry.engagement.Initiative has and the delivery uses
    name: str
    kurzname: str


SPRECHCAFE = Initiative("Sprechcafé Königs Wusterhausen (Demo)", "sprechcafe-kw-demo")
PATEN = Initiative("Patenschaftsnetz Lübben (Demo)", "patenschaften-luebben-demo")
WILDAU = Initiative("Willkommensinitiative Wildau (Demo)", "willkommen-wildau-demo")


def _liefern(wer: Initiative, zeilen: str, **kw):
    return liefere_als_traeger(
        katalog=katalog(), traeger=wer, daten=(KOPF + zeilen).encode(), datei_name=f"{wer.kurzname}.csv",
        datensatz="engagement_kennzahlen", zeitraum="2024", benutzer=wer.kurzname, attribut=INITIATIVE, **kw,
    )  # fmt: skip


def _aktiv() -> dict[tuple[str, str], tuple[float | None, str]]:
    lf = Lieferung.objects.get(datensatz="engagement_kennzahlen", zeitraum="2024", status="aktiv")
    return {(b.gebiet, b.merkmale): (b.wert, b.kennzeichen) for b in lf.beobachtungen.all()}


def _veroeffentlichen() -> None:
    ergebnisse = veroeffentliche_jahr(katalog(), 2024, "amt")
    assert all(e.angenommen for e in ergebnisse), [e.probleme for e in ergebnisse]


def test_reports_are_collected_and_published_once_by_the_amt():
    e = _liefern(
        SPRECHCAFE,
        f"{KW};2024;sprechcafe-kw-demo;ehrenamtliche;39;\n{KW};2024;sprechcafe-kw-demo;teilnehmende;480;\n",
    )
    assert e.angenommen and e.gesammelt == "2024", e.probleme
    e = _liefern(PATEN, f"{LUEBBEN};2024;patenschaften-luebben-demo;ehrenamtliche;34;\n")
    assert e.angenommen, e.probleme
    assert not Lieferung.objects.exists()  # nothing public per upload
    assert Sammelmeldung.objects.count() == 2
    # a second upload replaces the initiative's own report, nothing else
    e = _liefern(SPRECHCAFE, f"{KW};2024;sprechcafe-kw-demo;ehrenamtliche;41;\n")
    assert e.angenommen and Sammelmeldung.objects.count() == 2
    _liefern(WILDAU, "12061540;2024;willkommen-wildau-demo;ehrenamtliche;22;\n")
    _veroeffentlichen()
    a = _aktiv()
    assert a[("12061", "_T|ehrenamtliche")] == (97.0, "")  # 41 + 34 + 22: three initiatives
    assert (KW, "sprechcafe-kw-demo|teilnehmende") not in a  # replaced by the second report
    assert a[(LUEBBEN, "_T|ehrenamtliche")] == (None, "g")  # a single initiative: secret
    assert not Sammelmeldung.objects.exists()  # published reports are gone
    zahl = Lieferung.objects.get(datensatz="engagement_initiativen", zeitraum="2024", status="aktiv")
    assert [b.wert for b in zahl.beobachtungen.all()] == [3.0]


def test_a_late_correction_of_one_initiative_is_refused_and_kept():
    for wer, zeile in (
        (SPRECHCAFE, f"{KW};2024;sprechcafe-kw-demo;ehrenamtliche;39;"),
        (PATEN, f"{LUEBBEN};2024;patenschaften-luebben-demo;ehrenamtliche;34;"),
        (WILDAU, "12061540;2024;willkommen-wildau-demo;ehrenamtliche;22;"),
    ):
        assert _liefern(wer, zeile + "\n").angenommen
    _veroeffentlichen()
    assert _liefern(SPRECHCAFE, f"{KW};2024;sprechcafe-kw-demo;ehrenamtliche;44;\n").angenommen
    (e,) = veroeffentliche_jahr(katalog(), 2024, "amt")
    assert not e.angenommen
    assert "nur 1 Beitragenden (sprechcafe-kw-demo)" in e.probleme[0], e.probleme
    assert "würde ihre Zahlen zeigen" in e.probleme[0] and "nächsten Jahr" in e.probleme[0]
    assert _aktiv()[("12061", "_T|ehrenamtliche")] == (95.0, "")  # the published version stays
    assert Sammelmeldung.objects.count() == 1  # kept for a later publication with more corrections


@pytest.mark.parametrize(
    ("zeile", "meldung"),
    [
        (f"{LUEBBEN};2024;patenschaften-luebben-demo;ehrenamtliche;3;",
         "Spalte ‚initiative‘: ‚patenschaften-luebben-demo‘ ist nicht der Code von Sprechcafé Königs "
         "Wusterhausen (Demo) (eigener Code: sprechcafe-kw-demo)"),
        (f"{KW};2024;_T;ehrenamtliche;3;",
         "Spalte ‚initiative‘: ‚_T‘ (Summe über alle Initiativen) bildet die Plattform"),
        (f"{LUEBBEN};2024;sprechcafe-kw-demo;ehrenamtliche;3;",
         f"Spalte ‚gebiet‘: ‚{LUEBBEN}‘ – Sprechcafé Königs Wusterhausen (Demo) liefert nur für {KW}"),
        (f"{KW};2024;sprechcafe-kw-demo;ehrenamtliche;drei;", "Spalte ‚wert‘: ‚drei‘ ist keine ganze Zahl ≥ 0"),
    ],
    ids=["fremde-initiative", "summe", "andere-gemeinde", "kein-wert"],
)  # fmt: skip
def test_foreign_rows_are_refused_in_german_with_row_and_column(zeile, meldung):
    e = _liefern(SPRECHCAFE, zeile + "\n")
    assert not e.angenommen
    assert e.probleme == [f"sprechcafe-kw-demo.csv, Zeile 2, {meldung}"], e.probleme
    assert not Lieferung.objects.filter(datensatz="engagement_kennzahlen").exists()
    assert not Sammelmeldung.objects.exists()


def test_the_same_cell_twice_is_refused():
    zeile = f"{KW};2024;sprechcafe-kw-demo;ehrenamtliche;3;\n"
    e = _liefern(SPRECHCAFE, zeile + zeile)
    assert e.probleme == ["sprechcafe-kw-demo.csv, Zeile 3, dieselbe Zelle wie Zeile 2"]


def test_a_provider_may_not_deliver_the_initiatives_dataset():
    e = liefere_als_traeger(
        katalog=katalog(), traeger=SPRECHCAFE, daten=KOPF.encode(), datei_name="x.csv",
        datensatz="engagement_kennzahlen", zeitraum="2024", benutzer="x",
    )  # fmt: skip
    assert e.probleme == ["den Datensatz engagement_kennzahlen liefern Träger nicht selbst"]


@pytest.fixture
def sprechcafe_login(client):
    from django.contrib.auth import get_user_model

    from integrationsmonitor.registry.engagement.models import Initiative as Eintrag
    from integrationsmonitor.registry.engagement.models import InitiativZugang

    ini = Eintrag.objects.create(
        name=SPRECHCAFE.name, kurzname=SPRECHCAFE.kurzname, gemeinde=KW, email="sprechcafe@kw-demo.example"
    )
    u = get_user_model().objects.create_user("sprechcafe", password="x-geheim-1")
    InitiativZugang.objects.create(benutzer=u, initiative=ini)
    client.force_login(u)
    return client


def test_an_initiative_user_uploads_its_figures_on_the_delivery_page(sprechcafe_login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = sprechcafe_login
    seite = client.get("/lieferungen/").content.decode()
    assert 'value="engagement_kennzahlen"' in seite and 'value="projektkennzahlen"' not in seite
    datei = SimpleUploadedFile(
        "sprechcafe.csv", (KOPF + f"{KW};2024;sprechcafe-kw-demo;ehrenamtliche;39;\n").encode(), "text/csv"
    )
    antwort = client.post(
        "/lieferungen/", {"datensatz": "engagement_kennzahlen", "zeitraum": "2024", "datei": datei}
    )
    # no preview (its sums would be an oracle of the others' figures): collected at once, nothing published
    assert antwort.status_code == 302 and antwort["Location"] == "/lieferungen/", antwort.content.decode()[
        -800:
    ]
    seite = client.get("/lieferungen/").content.decode()
    assert "erst, wenn das Amt" in seite  # the message after the upload
    assert (
        "Ihre gemeldeten Jahreszahlen (noch nicht veröffentlicht)" in seite
        and "2024: eingegangen am" in seite
    )
    assert "gesammelt und nicht sofort veröffentlicht" in seite and "sehen Sie eine Vorschau" not in seite
    (m,) = Sammelmeldung.objects.all()
    assert m.eigentuemer == "sprechcafe-kw-demo" and m.zellen == [
        [KW, "sprechcafe-kw-demo", "ehrenamtliche", 39]
    ]
    assert not Lieferung.objects.exists()
    fremd = SimpleUploadedFile("x.csv", (KOPF + f"{KW};2024;_T;ehrenamtliche;39;\n").encode(), "text/csv")
    antwort = client.post(
        "/lieferungen/", {"datensatz": "engagement_kennzahlen", "zeitraum": "2024", "datei": fremd}
    )
    assert antwort.status_code == 400 and "Summe über alle Initiativen" in antwort.content.decode()
    andere = client.post(
        "/lieferungen/", {"datensatz": "projektkennzahlen", "zeitraum": "2024", "datei": fremd}
    )
    assert andere.status_code in (400, 403)


def test_the_template_of_an_initiative_holds_its_own_rows_and_goes_back_filled_in(sprechcafe_login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from web.vorschauhilfe import bestaetige

    client = sprechcafe_login
    antwort = client.get("/lieferungen/vorlage/engagement_kennzahlen.csv?zeitraum=2024")
    assert antwort.status_code == 200
    kopf, *zeilen = antwort.content.decode().splitlines()
    assert kopf == KOPF.strip()
    assert zeilen == [
        f"{KW};2024;sprechcafe-kw-demo;{k};;" for k in ("ehrenamtliche", "patenschaften", "teilnehmende")
    ]
    ausgefuellt = "\n".join([kopf, *(z[:-1] + "7;" for z in zeilen)]) + "\n"
    datei = SimpleUploadedFile("vorlage.csv", ausgefuellt.encode(), "text/csv")
    antwort = client.post(
        "/lieferungen/", {"datensatz": "engagement_kennzahlen", "zeitraum": "2024", "datei": datei}
    )
    assert bestaetige(client, antwort).status_code == 302
    (m,) = Sammelmeldung.objects.all()
    assert sorted(z[2] for z in m.zellen) == ["ehrenamtliche", "patenschaften", "teilnehmende"]

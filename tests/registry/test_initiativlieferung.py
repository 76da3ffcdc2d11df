"""An initiative delivers only its own yearly figures in its own Gemeinde (issue 13); the others' figures stay,
and the sums over the initiatives are formed anew with at least two initiatives below the Kreis."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from integrationsmonitor.catalog.loader import katalog
from integrationsmonitor.registry.traegerlieferung import INITIATIVE, liefere_als_traeger
from integrationsmonitor.store.models import Lieferung

pytestmark = pytest.mark.django_db

KOPF = "gebiet;zeitraum;initiative;kennzahl;wert;kennzeichen\n"
KW, LUEBBEN = "12061260", "12061316"


@dataclass
class Initiative:  # the fields registry.engagement.Initiative has and the delivery uses
    name: str
    kurzname: str


SPRECHCAFE = Initiative("Sprechcafé Königs Wusterhausen (Demo)", "sprechcafe-kw-demo")
PATEN = Initiative("Patenschaftsnetz Lübben (Demo)", "patenschaften-luebben-demo")


def _liefern(wer: Initiative, zeilen: str, **kw):
    return liefere_als_traeger(
        katalog=katalog(), traeger=wer, daten=(KOPF + zeilen).encode(), datei_name=f"{wer.kurzname}.csv",
        datensatz="engagement_kennzahlen", zeitraum="2024", benutzer=wer.kurzname, attribut=INITIATIVE, **kw,
    )  # fmt: skip


def _aktiv() -> dict[tuple[str, str], tuple[float | None, str]]:
    lf = Lieferung.objects.get(datensatz="engagement_kennzahlen", zeitraum="2024", status="aktiv")
    return {(b.gebiet, b.merkmale): (b.wert, b.kennzeichen) for b in lf.beobachtungen.all()}


def test_each_initiative_adds_its_own_cells_and_the_kreis_sum_follows():
    e = _liefern(
        SPRECHCAFE,
        f"{KW};2024;sprechcafe-kw-demo;ehrenamtliche;39;\n{KW};2024;sprechcafe-kw-demo;teilnehmende;480;\n",
    )
    assert e.angenommen, e.probleme
    e = _liefern(PATEN, f"{LUEBBEN};2024;patenschaften-luebben-demo;ehrenamtliche;34;\n")
    assert e.angenommen, e.probleme
    a = _aktiv()
    assert a[(KW, "sprechcafe-kw-demo|ehrenamtliche")] == (39.0, "")  # the first one's cells stay
    assert a[("12061", "_T|ehrenamtliche")] == (73.0, "")
    assert a[("12061", "_T|mit_ehrenamtlichen")] == (2.0, "")  # counted by the platform
    assert a[(LUEBBEN, "_T|ehrenamtliche")] == (None, "g")  # a single initiative: secret
    # a correction replaces only the own cells
    e = _liefern(SPRECHCAFE, f"{KW};2024;sprechcafe-kw-demo;ehrenamtliche;41;\n")
    assert e.angenommen, e.probleme
    a = _aktiv()
    assert a[("12061", "_T|ehrenamtliche")] == (75.0, "") and (KW, "sprechcafe-kw-demo|teilnehmende") not in a
    assert a[(LUEBBEN, "patenschaften-luebben-demo|ehrenamtliche")] == (34.0, "")


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

    from web.vorschauhilfe import bestaetige

    client = sprechcafe_login
    seite = client.get("/lieferungen/").content.decode()
    assert 'value="engagement_kennzahlen"' in seite and 'value="projektkennzahlen"' not in seite
    datei = SimpleUploadedFile(
        "sprechcafe.csv", (KOPF + f"{KW};2024;sprechcafe-kw-demo;ehrenamtliche;39;\n").encode(), "text/csv"
    )
    antwort = client.post(
        "/lieferungen/", {"datensatz": "engagement_kennzahlen", "zeitraum": "2024", "datei": datei}
    )
    antwort = bestaetige(client, antwort)
    assert antwort.status_code == 302, antwort.content.decode()[-800:]
    assert _aktiv()[("12061", "_T|ehrenamtliche")] == (39.0, "")
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
        f"{KW};2024;sprechcafe-kw-demo;{k};;"
        for k in ("ehrenamtliche", "patenschaften", "teilnehmende")  # not the count the platform sets
    ]
    ausgefuellt = "\n".join([kopf, *(z[:-1] + "7;" for z in zeilen)]) + "\n"
    datei = SimpleUploadedFile("vorlage.csv", ausgefuellt.encode(), "text/csv")
    antwort = client.post(
        "/lieferungen/", {"datensatz": "engagement_kennzahlen", "zeitraum": "2024", "datei": datei}
    )
    assert bestaetige(client, antwort).status_code == 302
    a = _aktiv()
    assert a[("12061", "_T|patenschaften")] == (7.0, "")
    assert a[("12061", "_T|mit_ehrenamtlichen")] == (1.0, "")  # counted by the platform

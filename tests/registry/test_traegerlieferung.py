"""A provider delivers only its own projects' figures; the other providers' figures stay as they were."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from integrationsmonitor.catalog.loader import katalog
from integrationsmonitor.registry.models import Rolle, Traeger, Zugang
from integrationsmonitor.store.ingest import liefere
from integrationsmonitor.store.models import Lieferung
from web.vorschauhilfe import bestaetige

pytestmark = pytest.mark.django_db

KOPF = "gebiet;zeitraum;projekt;kennzahl;wert;kennzeichen\n"
ALLE = KOPF + "12061;2024;lds_integriert;neukunden;175;\n12061;2024;stellwerk8;besucher;900;\n"


@pytest.fixture
def awo(client):
    t = Traeger.objects.create(name="AWO Brandenburg Süd e. V.", kurzname="awo-brandenburg-sued")
    u = get_user_model().objects.create_user("awo", password="x-geheim-1")
    Zugang.objects.create(benutzer=u, rolle=Rolle.TRAEGER, traeger=t)
    client.force_login(u)
    ergebnis = liefere(katalog=katalog(), daten=ALLE.encode(), datei_name="amt.csv",
                       datensatz="projektkennzahlen", zeitraum="2024", benutzer="amt")  # fmt: skip
    assert ergebnis.angenommen, ergebnis.probleme
    return client


def _senden(client, text: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    datei = SimpleUploadedFile("awo.csv", text.encode(), content_type="text/csv")
    antwort = client.post(
        "/lieferungen/", {"datensatz": "projektkennzahlen", "zeitraum": "2024", "datei": datei}
    )
    return bestaetige(client, antwort)  # stored after its preview


def _aktiv() -> dict[str, float | None]:
    lf = Lieferung.objects.get(datensatz="projektkennzahlen", zeitraum="2024", status="aktiv")
    return {b.merkmale: b.wert for b in lf.beobachtungen.all()}


def test_own_project_figures_replace_only_the_own_cells(awo):
    antwort = _senden(awo, KOPF + "12061;2024;lds_integriert;neukunden;180;\n")
    assert antwort.status_code == 302, antwort.content.decode()[-800:]
    assert _aktiv() == {"lds_integriert|neukunden": 180.0, "stellwerk8|besucher": 900.0}


@pytest.mark.parametrize(
    ("zeile", "meldung"),
    [
        ("12061;2024;stellwerk8;besucher;1;", "‚stellwerk8‘ ist kein Projekt von AWO Brandenburg Süd e. V."),
        ("12061;2024;_T;neukunden;1;", "‚_T‘ (Summe über alle Projekte) liefert nur das Amt"),
    ],
)
def test_another_providers_project_or_a_total_is_refused(awo, zeile, meldung):
    vorher = _aktiv()
    antwort = _senden(awo, KOPF + "12061;2024;lds_integriert;neukunden;180;\n" + zeile + "\n")
    html = antwort.content.decode()
    assert antwort.status_code == 400
    assert "awo.csv, Zeile 3, Spalte ‚projekt‘" in html and meldung in html
    assert _aktiv() == vorher and Lieferung.objects.count() == 1


def test_the_preview_does_not_name_another_providers_delivery(awo):
    """The project figures' dataset is shared: the delivery a provider's upload replaces is usually someone
    else's, and its number, file name and date are not the provider's to see (as in the history)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    datei = SimpleUploadedFile("awo.csv", (KOPF + "12061;2024;lds_integriert;neukunden;180;\n").encode())
    antwort = awo.post(
        "/lieferungen/", {"datensatz": "projektkennzahlen", "zeitraum": "2024", "datei": datei}
    )
    assert antwort.status_code == 302
    html = awo.get(antwort["Location"]).content.decode()
    fremd = Lieferung.objects.get(datei_name="amt.csv")
    assert "amt.csv" not in html and f"ersetzt Lieferung {fremd.pk}" not in html
    assert "sie enthält auch Zahlen anderer Träger" in html
    # its own earlier delivery is named
    bestaetige(awo, antwort)
    datei = SimpleUploadedFile("awo2.csv", (KOPF + "12061;2024;lds_integriert;neukunden;181;\n").encode())
    antwort = awo.post(
        "/lieferungen/", {"datensatz": "projektkennzahlen", "zeitraum": "2024", "datei": datei}
    )
    eigene = Lieferung.objects.get(datensatz="projektkennzahlen", zeitraum="2024", status="aktiv")
    assert f"ersetzt Lieferung {eigene.pk} (" in awo.get(antwort["Location"]).content.decode()

"""Templates per dataset: the dataset's columns, a row per region, code lists in the XLSX; filled in, they
pass the upload's check (CSV and XLSX)."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from integrationsmonitor.catalog.model import Katalog
from integrationsmonitor.formats.delivery_csv import Lieferdatei
from integrationsmonitor.store.models import Lieferung
from integrationsmonitor.store.validation import pruefe_datei

from .vorschauhilfe import bestaetige


def _ausgefuellt(text: str) -> str:
    """Every row's value 0 (margins and parts agree)."""
    kopf, *zeilen = text.strip().splitlines()
    return "\n".join([kopf, *(z[: z.rindex(";", 0, len(z) - 1)] + ";0;" for z in zeilen)]) + "\n"


def test_the_csv_template_has_the_datasets_columns_and_passes_the_check(
    angemeldet: Client, katalog: Katalog
) -> None:
    antwort = angemeldet.get("/lieferungen/vorlage/auslaender_bestand.csv?zeitraum=2024")
    assert antwort.status_code == 200 and antwort["Content-Type"].startswith("text/csv")
    assert 'filename="vorlage_auslaender_bestand_2024.csv"' in antwort["Content-Disposition"]
    text = antwort.content.decode()
    kopf = text.splitlines()[0]
    assert kopf == "gebiet;zeitraum;gruppe;staatsangehoerigkeit;geschlecht;altersgruppe;wert;kennzeichen"
    assert "12061;2024;_T;_T;_T;_T;;" in text and "12061020;2024;_T;_T;_T;_T;;" in text
    leer = pruefe_datei(katalog, "auslaender_bestand", "2024", Lieferdatei(antwort.content, "v.csv"))
    assert leer.probleme and all("Wert fehlt" in p.text for p in leer.probleme)  # no column is missing
    voll = _ausgefuellt(text).encode()
    ergebnis = pruefe_datei(katalog, "auslaender_bestand", "2024", Lieferdatei(voll, "v.csv"))
    assert ergebnis.ok, [str(p) for p in ergebnis.probleme]


def test_the_xlsx_template_has_the_code_lists_and_is_delivered_back(angemeldet: Client, db: None) -> None:
    antwort = angemeldet.get("/lieferungen/vorlage/einbuergerungen.xlsx?zeitraum=2023")
    assert antwort.status_code == 200
    mappe = load_workbook(io.BytesIO(antwort.content))
    assert mappe.sheetnames == ["Lieferung", "Codelisten"]
    daten = mappe["Lieferung"]
    assert [c.value for c in daten[1]] == [
        "gebiet",
        "zeitraum",
        "staatsangehoerigkeit",
        "geschlecht",
        "wert",
        "kennzeichen",
    ]
    codes = {(r[0], r[1]): r[2] for r in mappe["Codelisten"].iter_rows(min_row=2, values_only=True)}
    assert codes[("gebiet", "12061")] == "Landkreis Dahme-Spreewald"
    assert codes[("geschlecht", "_T")] == "insgesamt" and ("staatsangehoerigkeit", "152") in codes
    for zeile in daten.iter_rows(min_row=2):
        zeile[4].value = 0
    puffer = io.BytesIO()
    mappe.save(puffer)
    datei = SimpleUploadedFile("einbuergerungen_2023.xlsx", puffer.getvalue())
    antwort = angemeldet.post(
        "/lieferungen/", {"datensatz": "einbuergerungen", "zeitraum": "2023", "datei": datei}
    )
    assert antwort.status_code == 302, antwort.content.decode()[:3000]
    assert bestaetige(angemeldet, antwort).status_code == 302
    lf = Lieferung.objects.get(datensatz="einbuergerungen", zeitraum="2023")
    assert lf.datei_name == "einbuergerungen_2023.xlsx" and lf.zellen == daten.max_row - 1


def test_the_form_links_every_template_and_names_the_columns(angemeldet: Client, db: None) -> None:
    html = angemeldet.get("/lieferungen/").content.decode()
    assert 'href="/lieferungen/vorlage/auslaender_bestand.xlsx"' in html
    assert "gebiet;zeitraum;gruppe;staatsangehoerigkeit;geschlecht;altersgruppe;wert;kennzeichen" in html
    assert "gebiet;zeitraum;;wert" not in html
    assert "den Merkmalen des Datensatzes, wert und kennzeichen" in html


def test_no_template_of_another_offices_dataset(client: Client, db: None) -> None:
    from django.contrib.auth import get_user_model

    from integrationsmonitor.registry.models import Rolle, Zugang

    abh = get_user_model().objects.create_user("abh", "abh@example.org", "geheim-789")
    Zugang.objects.create(benutzer=abh, rolle=Rolle.LIEFERSTELLE, lieferant="auslaenderbehoerde")
    client.force_login(abh)
    assert client.get("/lieferungen/vorlage/auslaender_bestand.csv").status_code == 200
    assert client.get("/lieferungen/vorlage/asyl_unterbringung.csv").status_code == 404
    assert client.get("/lieferungen/vorlage/gibtsnicht.csv").status_code == 404
    assert client.get("/lieferungen/vorlage/auslaender_bestand.pdf").status_code == 404

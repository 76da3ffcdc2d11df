"""Delivery upload and history: login required, accepted files stored, rejected files listed and not stored."""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from integrationsmonitor.store.models import Beobachtung, Lieferung

from .vorschauhilfe import bestaetige

GUT = b"gebiet;zeitraum;staatsangehoerigkeit;geschlecht;wert;kennzeichen\n12061;2023;_T;_T;231;\n"
SCHLECHT = (
    b"gebiet;zeitraum;staatsangehoerigkeit;geschlecht;wert;kennzeichen\n"
    b"12061;2023;_T;_T;zwanzig;\n"
    b"99999;2023;_T;_T;12;\n"
)


def _hochladen(client: Client, inhalt: bytes, name: str = "einbuergerungen_2023.csv", **felder: str):
    daten = {"datensatz": "einbuergerungen", "zeitraum": "2023", **felder}
    antwort = client.post("/lieferungen/", {**daten, "datei": SimpleUploadedFile(name, inhalt, "text/csv")})
    return bestaetige(client, antwort)


def test_anonym_wird_zur_anmeldung_umgeleitet(client: Client, db: None) -> None:
    response = client.get("/lieferungen/")
    assert response.status_code == 302
    assert response["Location"].startswith("/anmelden/?next=/lieferungen/")
    assert client.post("/lieferungen/", {}).status_code == 302
    assert "/lieferungen/" not in client.get("/").content.decode()  # not in the navigation either


def test_historie_zeigt_alle_lieferungen_auch_ersetzte(angemeldet: Client, daten: list) -> None:
    _hochladen(angemeldet, GUT)
    _hochladen(angemeldet, GUT.replace(b"231", b"232"), name="einbuergerungen_2023_korrigiert.csv")
    html = angemeldet.get("/lieferungen/").content.decode()
    assert "Sie ersetzt die Lieferung einbuergerungen_2023.csv vom" in html
    assert '<select name="datensatz"' in html and 'value="auslaender_bestand"' in html
    html = html[html.index('id="historie"') :]
    assert html.index("einbuergerungen_2023_korrigiert.csv") < html.index(
        "einbuergerungen_2023.csv"
    )  # newest first
    assert "ersetzt (durch die Lieferung vom" in html
    assert html.count("<td>aktiv") == 6
    assert "abh_bestand_2024.csv" in html


def test_gute_datei_wird_gespeichert(angemeldet: Client, daten: list) -> None:
    vorher = Lieferung.objects.count()
    response = _hochladen(angemeldet, GUT)
    assert response.status_code == 302 and response["Location"] == "/lieferungen/"
    assert Lieferung.objects.count() == vorher + 1
    neu = Lieferung.objects.get(datei_name="einbuergerungen_2023.csv")
    assert neu.benutzer == "redaktion" and neu.zellen == 1
    html = angemeldet.get("/lieferungen/").content.decode()
    assert "Lieferung einbuergerungen_2023.csv für Einbürgerungen" in html and "angenommen (1 Zelle)" in html


def test_dieselbe_datei_noch_einmal_aendert_nichts(angemeldet: Client, db: None) -> None:
    _hochladen(angemeldet, GUT)
    response = _hochladen(angemeldet, GUT)
    assert response.status_code == 302
    assert Lieferung.objects.count() == 1
    assert "nichts geändert" in angemeldet.get("/lieferungen/").content.decode()


def test_schlechte_datei_400_mit_allen_problemen_nichts_gespeichert(angemeldet: Client, daten: list) -> None:
    lieferungen, zellen = Lieferung.objects.count(), Beobachtung.objects.count()
    response = _hochladen(angemeldet, SCHLECHT)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Die Lieferung wurde abgelehnt – 2 Probleme:" in html
    assert "Zeile 2, Spalte ‚wert‘: ‚zwanzig‘ ist keine Zahl" in html
    assert "Zeile 3, Spalte ‚gebiet‘: unbekanntes Gebiet ‚99999‘" in html
    assert "Es wurde nichts gespeichert." in html
    assert (Lieferung.objects.count(), Beobachtung.objects.count()) == (lieferungen, zellen)


def test_falscher_zeitraum_wird_abgelehnt(angemeldet: Client, db: None) -> None:
    response = _hochladen(angemeldet, GUT, zeitraum="letztes Jahr")
    assert response.status_code == 400
    assert "ist kein gültiger Zeitraum vom Typ jahr" in response.content.decode()
    assert not Lieferung.objects.exists()


def test_fehlende_angaben_400(angemeldet: Client, db: None) -> None:
    response = angemeldet.post("/lieferungen/", {"datensatz": "", "zeitraum": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Dieses Feld ist zwingend erforderlich." in html
    assert not Lieferung.objects.exists()


@override_settings(IMON_MAX_UPLOAD_BYTES=20)
def test_zu_grosse_datei_wird_abgewiesen(angemeldet: Client, db: None) -> None:
    response = _hochladen(angemeldet, GUT)
    assert response.status_code == 400
    assert "Die Datei ist mit 0,0 MB zu groß; erlaubt sind höchstens 0,0 MB." in response.content.decode()
    assert not Lieferung.objects.exists()


BEISPIELE = Path(__file__).parents[2] / "src" / "integrationsmonitor" / "collect" / "beispiele"


def _mit_profil(client: Client, name: str, profil: str, inhalt: bytes | None = None, **felder: str):
    inhalt = (BEISPIELE / name).read_bytes() if inhalt is None else inhalt
    daten = {"datensatz": "", "zeitraum": "", "profil": profil, **felder}
    return bestaetige(
        client, client.post("/lieferungen/", {**daten, "datei": SimpleUploadedFile(name, inhalt)})
    )


def test_upload_with_profile_converts_the_office_table(angemeldet: Client, db: None) -> None:
    html = angemeldet.get("/lieferungen/").content.decode()
    assert '<select name="profil"' in html and 'value="sozialamt_unterbringung"' in html
    assert "– ohne Profil: Lieferdatei im Langformat –" in html
    angemeldet.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = angemeldet.get("/lieferungen/").content.decode()
    assert "Table profile" in html and "– no profile: delivery file in long format –" in html
    angemeldet.post("/i18n/setlang/", {"language": "de", "next": "/"})
    response = _mit_profil(angemeldet, "sozialamt_unterbringung_2024.xlsx", "sozialamt_unterbringung")
    assert response.status_code == 302, response.content.decode()
    lf = Lieferung.objects.get()
    assert (lf.datensatz, lf.zeitraum, lf.zellen, lf.benutzer) == (
        "asyl_unterbringung",
        "2024",
        95,
        "redaktion",
    )
    daten = (BEISPIELE / "sozialamt_unterbringung_2024.xlsx").read_bytes()
    assert lf.datei_name == "sozialamt_unterbringung_2024.xlsx"
    assert lf.datei_hash == hashlib.sha256(daten).hexdigest()
    assert lf.beobachtungen.get(gebiet="12061316", merkmale="gemeinschaftsunterkunft|w").wert == 30
    html = angemeldet.get("/lieferungen/").content.decode()
    assert "Lieferung sozialamt_unterbringung_2024.xlsx für Zugewiesene Asylsuchende" in html


def test_upload_with_profile_period_field_overrides_and_hints_are_shown(angemeldet: Client, db: None) -> None:
    inhalt = "Berichtsjahr;bisherige Staatsangehörigkeit;Geschlecht;Anzahl\n2023;Polen;w;4\n2024;Polen;w;6\n"
    response = _mit_profil(angemeldet, "e.csv", "einbuergerungen_staaten", inhalt.encode(), zeitraum="2024")
    assert response.status_code == 302
    assert Lieferung.objects.get().beobachtungen.get().wert == 6
    html = angemeldet.get("/lieferungen/").content.decode()
    assert "e.csv: Zeilen anderer Zeiträume nicht übernommen: 2023 (1 Zeile)" in html


def test_upload_with_profile_rejected_names_sheet_row_column(angemeldet: Client, daten: list) -> None:
    vorher = (Lieferung.objects.count(), Beobachtung.objects.count())
    inhalt = (BEISPIELE / "jobcenter_elb_2024.xlsx").read_bytes()
    response = _mit_profil(angemeldet, "elb.xlsx", "jobcenter_elb", inhalt)  # no year in the file name
    assert response.status_code == 400
    html = response.content.decode()
    assert "elb.xlsx: Zeitraum: der Dateiname ‚elb.xlsx‘ passt nicht zum Muster des Profils" in html
    response = _mit_profil(angemeldet, "elb.xlsx", "sozialamt_unterbringung", inhalt, zeitraum="2024")
    assert response.status_code == 400
    assert "elb.xlsx: kein Blatt „Unterbringung“; die Mappe hat: Inhalt, ELB nach Staatsangehörigkeit" in (
        response.content.decode()
    )
    assert "Es wurde nichts gespeichert." in response.content.decode()
    assert (Lieferung.objects.count(), Beobachtung.objects.count()) == vorher


def test_profile_and_other_dataset_is_a_form_error(angemeldet: Client, db: None) -> None:
    response = _mit_profil(
        angemeldet, "jobcenter_elb_2024.xlsx", "jobcenter_elb", datensatz="einbuergerungen"
    )
    assert response.status_code == 400
    assert "Das Profil jobcenter_elb liefert den Datensatz sgb2_elb" in response.content.decode()
    assert not Lieferung.objects.exists()

"""Delivery upload and history: login required, accepted files stored, rejected files listed and not stored."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from integrationsmonitor.store.models import Beobachtung, Lieferung

GUT = b"gebiet;zeitraum;staatsangehoerigkeit;geschlecht;wert;kennzeichen\n12061;2023;_T;_T;231;\n"
SCHLECHT = (
    b"gebiet;zeitraum;staatsangehoerigkeit;geschlecht;wert;kennzeichen\n"
    b"12061;2023;_T;_T;zwanzig;\n"
    b"99999;2023;_T;_T;12;\n"
)


def _hochladen(client: Client, inhalt: bytes, name: str = "einbuergerungen_2023.csv", **felder: str):
    daten = {"datensatz": "einbuergerungen", "zeitraum": "2023", **felder}
    return client.post("/lieferungen/", {**daten, "datei": SimpleUploadedFile(name, inhalt, "text/csv")})


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

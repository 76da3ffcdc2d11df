"""Uploads in two steps: the check stores nothing, the preview shows what would change, the confirmation
stores exactly the previewed file (web.lieferung_vorschau, web.vorschauablage, store.vorschau)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from integrationsmonitor.indicators.engine import indikator_wert
from integrationsmonitor.store.models import Beobachtung, Lieferung
from integrationsmonitor.store.selectors import DbQuelle
from integrationsmonitor.web import vorschauablage

from .conftest import AUSLAENDER_2024, liefern

NEU_2024 = (
    AUSLAENDER_2024.replace("14933", "15033")
    .replace("9000", "9100", 1)
    .replace("drittstaat;475;_T;_T;9000", "drittstaat;475;_T;_T;9100")
    .replace("_T;475;_T;_T;11933", "_T;475;_T;_T;12033")
)


@pytest.fixture(autouse=True)
def _ablage(tmp_path: Path, settings) -> None:
    settings.IMON_VORSCHAU_DIR = str(tmp_path / "vorschau")


def _zaehlen() -> tuple[int, int]:
    return Lieferung.objects.count(), Beobachtung.objects.count()


def _pruefen(client: Client, text: str, name: str = "abh_2024_neu.csv", **felder: str):
    daten = {"datensatz": "auslaender_bestand", "zeitraum": "2024", **felder}
    datei = SimpleUploadedFile(name, text.encode(), "text/csv")
    return client.post("/lieferungen/", {**daten, "datei": datei})


def _pruefsumme(html: str) -> str:
    treffer = re.search(r'name="pruefsumme" value="([0-9a-f]{64})"', html)
    assert treffer, html[:2000]
    return treffer.group(1)


def test_the_check_stores_nothing_and_leads_to_the_preview(angemeldet: Client, daten: list) -> None:
    vorher = _zaehlen()
    antwort = _pruefen(angemeldet, NEU_2024)
    assert antwort.status_code == 302 and antwort["Location"].startswith("/lieferungen/vorschau/")
    assert _zaehlen() == vorher
    html = angemeldet.get(antwort["Location"]).content.decode()
    assert _zaehlen() == vorher
    alt = Lieferung.objects.get(datei_name="abh_bestand_2024.csv")
    assert f"ersetzt Lieferung {alt.pk} (abh_bestand_2024.csv vom" in html
    assert "Gespeichert ist noch nichts" in html
    assert "Bestätigen und speichern" in html and "Verwerfen" in html
    assert "<dd>11</dd>" in html  # cells
    assert "Landkreis Dahme-Spreewald (12061)" in html and "Bestensee (12061020)" in html


def test_the_preview_shows_old_and_new_published_kreis_values(angemeldet: Client, daten: list) -> None:
    html = angemeldet.get(_pruefen(angemeldet, NEU_2024)["Location"]).content.decode()
    kreis = html[html.index('id="kreiswerte"') :]
    assert "14.933" in kreis and "15.033" in kreis and "+100" in kreis  # German numbers, old → new


def test_confirm_stores_exactly_the_previewed_file(angemeldet: Client, daten: list) -> None:
    vorher = _zaehlen()
    ort = _pruefen(angemeldet, NEU_2024)["Location"]
    summe = _pruefsumme(angemeldet.get(ort).content.decode())
    antwort = angemeldet.post(ort, {"pruefsumme": summe, "bestaetigen": "1"})
    assert antwort.status_code == 302 and antwort["Location"] == "/lieferungen/"
    neu = Lieferung.objects.get(datei_name="abh_2024_neu.csv")
    assert neu.datei_hash == summe and neu.status == "aktiv" and neu.zellen == 11
    assert _zaehlen() == (vorher[0] + 1, vorher[1] + 11)
    assert Lieferung.objects.get(datei_name="abh_bestand_2024.csv").status == "ersetzt"
    assert angemeldet.get(ort).status_code == 404  # the staged file is gone
    assert not list(Path(vorschauablage._ordner()).iterdir())


def test_another_hash_stores_nothing(angemeldet: Client, daten: list) -> None:
    vorher = _zaehlen()
    ort = _pruefen(angemeldet, NEU_2024)["Location"]
    antwort = angemeldet.post(ort, {"pruefsumme": "0" * 64, "bestaetigen": "1"})
    assert antwort.status_code == 302 and _zaehlen() == vorher
    assert "nicht mehr dieselbe" in angemeldet.get("/lieferungen/").content.decode()


def test_cancel_discards(angemeldet: Client, daten: list) -> None:
    vorher = _zaehlen()
    ort = _pruefen(angemeldet, NEU_2024)["Location"]
    summe = _pruefsumme(angemeldet.get(ort).content.decode())
    antwort = angemeldet.post(ort, {"pruefsumme": summe, "verwerfen": "1"})
    assert antwort.status_code == 302 and _zaehlen() == vorher
    assert "wurde verworfen; es wurde nichts gespeichert" in angemeldet.get("/lieferungen/").content.decode()
    assert angemeldet.get(ort).status_code == 404


def test_a_delivery_arriving_meanwhile_makes_the_preview_anew(
    angemeldet: Client, daten: list, katalog
) -> None:
    ort = _pruefen(angemeldet, NEU_2024)["Location"]
    summe = _pruefsumme(angemeldet.get(ort).content.decode())
    dazwischen = liefern(
        katalog,
        "auslaender_bestand",
        "2024",
        "dazwischen.csv",
        AUSLAENDER_2024.replace("12061112;2024;_T;_T;_T;_T;300;", "12061112;2024;_T;_T;_T;_T;301;"),
    )
    vorher = _zaehlen()
    antwort = angemeldet.post(ort, {"pruefsumme": summe, "bestaetigen": "1"})
    html = antwort.content.decode()
    assert antwort.status_code == 200 and _zaehlen() == vorher
    assert "Inzwischen ist eine andere Lieferung" in html
    assert f"ersetzt Lieferung {dazwischen.lieferung.pk} (dazwischen.csv" in html
    antwort = angemeldet.post(ort, {"pruefsumme": summe, "bestaetigen": "1"})  # now it is stored
    assert antwort.status_code == 302
    assert Lieferung.objects.get(
        status="aktiv", datensatz="auslaender_bestand", zeitraum="2024"
    ).datei_name == ("abh_2024_neu.csv")


def test_an_expired_preview_stores_nothing(angemeldet: Client, daten: list, settings) -> None:
    ort = _pruefen(angemeldet, NEU_2024)["Location"]
    summe = _pruefsumme(angemeldet.get(ort).content.decode())
    token = ort.rstrip("/").rsplit("/", 1)[1]
    meta = Path(settings.IMON_VORSCHAU_DIR) / f"{token}.json"
    inhalt = json.loads(meta.read_text(encoding="utf-8"))
    inhalt["abgelegt_um"] -= settings.IMON_VORSCHAU_SEKUNDEN + 1  # put down longer ago than allowed
    meta.write_text(json.dumps(inhalt), encoding="utf-8")
    vorher = _zaehlen()
    antwort = angemeldet.post(ort, {"pruefsumme": summe, "bestaetigen": "1"})
    assert antwort.status_code == 302 and _zaehlen() == vorher
    assert "Die Vorschau ist abgelaufen" in angemeldet.get("/lieferungen/").content.decode()
    assert not meta.exists()


def test_expired_files_are_cleaned_up_by_the_next_upload(angemeldet: Client, daten: list, settings) -> None:
    ort = _pruefen(angemeldet, NEU_2024)["Location"]
    settings.IMON_VORSCHAU_SEKUNDEN = -1  # everything put down is expired
    _pruefen(angemeldet, NEU_2024, name="zweite.csv")
    dateien = sorted(p.suffix for p in Path(settings.IMON_VORSCHAU_DIR).iterdir())
    assert dateien == [".bin", ".json"]  # only the second upload's
    assert ort.rstrip("/").rsplit("/", 1)[1] not in str(list(Path(settings.IMON_VORSCHAU_DIR).iterdir()))


def test_another_users_token_is_not_found(angemeldet: Client, daten: list, client: Client) -> None:
    from django.contrib.auth import get_user_model

    from integrationsmonitor.registry.models import Rolle, Zugang

    ort = _pruefen(angemeldet, NEU_2024)["Location"]
    andere = get_user_model().objects.create_user("andere", "a@example.org", "geheim-456")
    Zugang.objects.create(benutzer=andere, rolle=Rolle.ADMIN)
    fremd = Client()
    fremd.force_login(andere)
    vorher = _zaehlen()
    assert fremd.get(ort).status_code == 404
    assert fremd.post(ort, {"pruefsumme": "0" * 64, "bestaetigen": "1"}).status_code == 404
    assert _zaehlen() == vorher
    assert angemeldet.get(ort).status_code == 200  # still there for its owner


def test_a_rejected_file_is_not_put_down(angemeldet: Client, daten: list, settings) -> None:
    antwort = _pruefen(angemeldet, NEU_2024.replace("15033", "fünfzehntausend"))
    assert antwort.status_code == 400
    ordner = Path(settings.IMON_VORSCHAU_DIR)
    assert not ordner.exists() or not list(ordner.iterdir())


def test_secret_values_never_appear_in_the_preview(angemeldet: Client, daten: list, katalog) -> None:
    """Bestensee with 1 foreigner: a protected dataset publishes no such small count, so the preview (which
    shows published values only) shows it nowhere, though the uploader delivered it; after the confirmation
    the public value is secret too."""
    klein = NEU_2024.replace("12061020;2024;_T;_T;_T;_T;500;", "12061020;2024;_T;_T;_T;_T;1;")
    ort = _pruefen(angemeldet, klein)["Location"]
    html = angemeldet.get(ort).content.decode()
    groesste = html[html.index('id="groesste"') :]
    assert "Bestensee" not in groesste
    angemeldet.post(ort, {"pruefsumme": _pruefsumme(html), "bestaetigen": "1"})
    ind = katalog.indikatoren["auslaender_gesamt"]
    wert = indikator_wert(katalog, DbQuelle(katalog), ind, "12061020", "2024")
    assert wert.value is None and "g" in wert.flag


def test_the_largest_changes_name_each_change_once(angemeldet: Client, daten: list) -> None:
    html = angemeldet.get(_pruefen(angemeldet, NEU_2024)["Location"]).content.decode()
    groesste = html[html.index('id="groesste"') : html.index("</table>", html.index('id="groesste"'))]
    zeilen = [z for z in groesste.split("<tr>")[2:]]
    assert zeilen and len(zeilen) == len(set(zeilen))
    assert groesste.count("+100") == 1  # three indicators count the same 14.933 → 15.033 for the Kreis

"""The pure mapping of Integreat places and events to offers (integreat.abbildung): opening hours, dates,
Gemeinde by name or postcode, translations joined by their links."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from integrationsmonitor.integreat import abbildung
from integrationsmonitor.integreat.abbildung import (
    Gemeindeverzeichnis,
    Uebersprungen,
    eintraege,
    namensvarianten,
    oeffnungszeiten_text,
    termin,
)

DATEN = Path(__file__).parent / "daten"
VERZEICHNIS = Gemeindeverzeichnis(
    [
        ("12061260", "Königs Wusterhausen, Stadt", "15711"),
        ("12061316", "Lübben (Spreewald) / Lubin (Błota), Stadt", "15907"),
        ("12061320", "Luckau, Stadt", "15926"),
        ("12061433", "Schönefeld", "12529"),
        ("12061112", "Eichwalde", "15732"),
        ("12061572", "Zeuthen", "15732"),  # two Gemeinden with one postcode: the postcode decides nothing
    ]
)


def _lade(art: str) -> dict[str, list[dict[str, Any]]]:
    return {s: json.loads((DATEN / f"{art}_{s}.json").read_text("utf-8")) for s in ("de", "en", "uk", "ar")}


def test_oeffnungszeiten_als_deutscher_text() -> None:
    zu = {"closed": True, "timeSlots": []}
    ganztags = {"allDay": True, "closed": False, "timeSlots": []}
    zwei = {
        "closed": False,
        "timeSlots": [{"start": "09:00", "end": "12:00"}, {"start": "13:00", "end": "17:30"}],
    }
    termin_ = {"closed": False, "appointmentOnly": True, "timeSlots": [{"start": "13:00", "end": "16:00"}]}
    assert oeffnungszeiten_text([ganztags] * 5 + [zu, zu]) == "Montag bis Freitag: ganztägig geöffnet"
    assert oeffnungszeiten_text([zwei, zwei, zu, termin_, zu, zu, zu]) == (
        "Montag und Dienstag: 9:00–12:00 und 13:00–17:30 Uhr\nDonnerstag: 13:00–16:00 Uhr (nur mit Termin)"
    )
    assert oeffnungszeiten_text(None) == ""
    assert oeffnungszeiten_text([zu] * 7) == ""


def test_termine_einmalig_und_wiederkehrend() -> None:
    einmal = {"event": {"start": "2027-06-12T14:00:00+02:00", "end": "2027-06-12T18:00:00+02:00"}}
    assert termin(einmal) == ("Termin: Sa. 12.06.2027, 14:00–18:00 Uhr", date(2027, 6, 12))
    ganztags = {
        "event": {"start": "2027-06-12T00:00:00+02:00", "end": "2027-06-13T23:59:00+02:00", "all_day": True}
    }
    assert termin(ganztags) == ("Termin: Sa. 12.06.2027 bis So. 13.06.2027", date(2027, 6, 13))
    woche = {
        "event": {"start": "2027-01-07T09:00:00+01:00", "end": "2027-01-07T11:00:00+01:00"},
        "recurrence_rule": "DTSTART:20270107T080000\nRRULE:FREQ=WEEKLY;BYDAY=TH;UNTIL=20270630T000000Z",
    }
    assert termin(woche) == (
        "Termin: jeden Donnerstag, 9:00–11:00 Uhr, ab 07.01.2027 bis 30.06.2027",
        date(2027, 6, 30),
    )
    monat = {
        "event": {"start": "2027-01-07T17:00:00+01:00", "end": "2027-01-07T19:00:00+01:00"},
        "recurrence_rule": "RRULE:FREQ=MONTHLY",
    }
    assert termin(monat) == ("Termin: monatlich, 17:00–19:00 Uhr, ab 07.01.2027", None)


def test_gemeinde_nach_name_dann_postleitzahl() -> None:
    assert namensvarianten("Lübben (Spreewald) / Lubin (Błota), Stadt") == [
        "lübben (spreewald)", "lübben", "lubin (błota)", "lubin",
    ]  # fmt: skip
    assert VERZEICHNIS.finde("Lübben", "15907") == "12061316"
    assert VERZEICHNIS.finde("Lübben (Spreewald)", "") == "12061316"
    assert VERZEICHNIS.finde("Zeesen", "15711") == "12061260"  # an Ortsteil: by its postcode
    assert VERZEICHNIS.finde("Ort", "15732") == ""  # postcode of two Gemeinden
    assert VERZEICHNIS.finde("Berlin", "10115") == ""


def test_orte_und_veranstaltungen_mit_uebersetzungen() -> None:
    liste, ohne = eintraege(_lade("locations"), _lade("events"), VERZEICHNIS)
    nach_name = {e.name: e for e in liste}
    assert len(liste) == 6  # four places, two events
    cafe = nach_name["Sprachcafé Zeesen"]
    assert cafe.pfad == "/lkdahmespreewald/de/locations/sprachcafe-zeesen/"
    assert cafe.orte == [("12061260", "Gemeindezentrum Zeesen, Karl-Liebknecht-Straße 12, 15711 Zeesen")]
    assert cafe.breite == Decimal("52.272100") and cafe.laenge == Decimal("13.638800")
    assert cafe.oeffnungszeiten == "Dienstag: 16:00–18:00 Uhr\nDonnerstag: 16:00–18:00 Uhr"
    assert cafe.uebersetzungen["uk"]["name"] == "Мовне кафе Зеезен"
    assert (
        cafe.kategorie == "Sprache und Begegnung"
        and cafe.uebersetzungen["en"]["kategorie"] == "Language and meeting people"
    )
    assert cafe.uebersetzungen["ar"]["url"].endswith("/ar/locations/maqha-allugha-zeesen/")
    assert (
        "Telefon: 03375 123456" in cafe.kontakt
        and "Organisation: Begegnungsverein Zeesen (Demo)" in cafe.kontakt
    )
    kammer = nach_name["Kleiderkammer Luckau"]
    assert (
        kammer.voruebergehend_geschlossen
        and kammer.oeffnungszeiten == ""
        and "ar" not in kammer.uebersetzungen
    )
    assert ohne["ar"] == ["Kleiderkammer Luckau", "Willkommensfest Lübben"]
    assert ohne["en"] == [] and ohne["uk"] == []
    fest = nach_name["Willkommensfest Lübben"]
    assert fest.art == "veranstaltung" and fest.aktiv_bis == date(2027, 6, 12)
    assert fest.orte[0][0] == "12061316" and fest.kategorie == "Veranstaltung"


def test_uebersetzung_nur_mit_rueckverweis() -> None:
    """A translation whose German side does not link to it is still joined by its own link to "de"."""
    orte = _lade("locations")
    for o in orte["de"]:
        o["available_languages"].pop("en", None)
    liste, ohne = eintraege(orte, {}, VERZEICHNIS)
    assert all("en" in e.uebersetzungen for e in liste) and ohne["en"] == []


def test_nur_http_links_werden_uebernommen() -> None:
    """#13 review: a `javascript:` url of the page or of a translation ended up in an href of /angebote/."""
    orte = _lade("locations")
    cafe = orte["de"][0]
    cafe["url"] = "javascript:alert(document.cookie)"
    cafe["website"] = "JavaScript:alert(1)"
    cafe["appointment_url"] = "https://termine.example.org/cafe"
    en_pfad = cafe["available_languages"]["en"]["path"]
    for o in orte["en"]:
        if o["path"] == en_pfad:
            o["url"] = "data:text/html,<script>alert(1)</script>"
    liste, _ohne = eintraege(orte, {}, VERZEICHNIS)
    e = next(x for x in liste if x.pfad == cafe["path"])
    assert e.url == "" and "url" not in e.uebersetzungen["en"]
    assert "javascript" not in e.kontakt.lower()
    assert "Termin online: https://termine.example.org/cafe" in e.kontakt
    assert e.hinweise == [
        "Link „url“ ist keine http(s)-Adresse, weggelassen",
        "„website“ ist keine http(s)-Adresse, weggelassen",
        "Link der Übersetzung en ist keine http(s)-Adresse, weggelassen",
    ]
    andere = next(x for x in liste if x.pfad != cafe["path"])
    assert andere.url.startswith("https://integreat.app/") and not andere.hinweise


def test_feindliche_werte_werden_weggelassen_statt_abzustuerzen() -> None:
    """#13 review: latitude "NaN" raised decimal.InvalidOperation, UNTIL=20241399 a ValueError."""
    orte = _lade("locations")
    orte["de"][0]["location"] = dict(orte["de"][0]["location"], latitude="NaN", longitude="Infinity")
    orte["de"][1]["opening_hours"] = [{"timeSlots": [{"start": "²:00", "end": "12:00"}]}] * 7
    ereignisse = _lade("events")
    ereignisse["de"][0]["recurrence_rule"] = (
        "DTSTART:20260105T160000\nRRULE:FREQ=WEEKLY;BYDAY=TH;UNTIL=20241399"
    )
    liste, _ohne = eintraege(orte, ereignisse, VERZEICHNIS)
    assert len(liste) == 6
    cafe = next(x for x in liste if x.pfad == orte["de"][0]["path"])
    assert cafe.breite is None and cafe.laenge is None
    assert cafe.hinweise == [
        "„location.latitude“ (NaN) ist keine gültige Koordinate, weggelassen",
        "„location.longitude“ (Infinity) ist keine gültige Koordinate, weggelassen",
    ]
    fest = next(x for x in liste if x.pfad == ereignisse["de"][0]["path"])
    assert fest.aktiv_bis is None and "jeden Donnerstag" in fest.oeffnungszeiten
    assert fest.hinweise == ["Ende der Wiederholung (UNTIL=20241399) ist kein Datum, ohne Ende übernommen"]


def test_unlesbarer_eintrag_wird_uebersprungen_die_anderen_nicht(monkeypatch: pytest.MonkeyPatch) -> None:
    """A mapping error not foreseen (here forced) skips that entry only, named by its path."""
    orte = _lade("locations")
    orte["de"][0]["opening_hours"] = [{"kaputt": True}] * 7
    echt = abbildung.oeffnungszeiten_text

    def oeffnungszeiten(zeiten: list[dict[str, Any]] | None) -> str:
        if zeiten and zeiten[0].get("kaputt"):
            raise ValueError("unlesbar")
        return echt(zeiten)

    monkeypatch.setattr(abbildung, "oeffnungszeiten_text", oeffnungszeiten)
    uebersprungen: list[Uebersprungen] = []
    liste, ohne = eintraege(orte, {}, VERZEICHNIS, uebersprungen)
    assert len(liste) == 3 and orte["de"][0]["path"] not in {e.pfad for e in liste}
    assert uebersprungen == [Uebersprungen(orte["de"][0]["path"], "Angaben nicht lesbar (ValueError)")]
    assert "Sprachcafé Zeesen" not in ohne["ar"]

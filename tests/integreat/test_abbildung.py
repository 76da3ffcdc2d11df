"""The pure mapping of Integreat places and events to offers (integreat.abbildung): opening hours, dates,
Gemeinde by name or postcode, translations joined by their links."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from integrationsmonitor.integreat.abbildung import (
    Gemeindeverzeichnis,
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

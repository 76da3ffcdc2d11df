"""How Integreat places and events become offers (`registry.Angebot`): pure mapping, no Django, no network.

The input is what `api.IntegreatClient` read, per language: `{"de": [place, …], "en": […], …}`. The key of an
offer is the German translation's `path`; the other languages are joined to it by their `available_languages`
links (either direction). The output is one `Eintrag` per German place or event, with every field the offer
gets — the importer (importieren.py) only compares and stores them.

Decisions (the issue is silent on them):
- Events become offers too: a one-off event is shown until its end (`aktiv_bis` = its last day) with its date
  as "Termin"; a recurring one ("jeden Donnerstag …") until the UNTIL of its rule, if any.
- The Gemeinde (AGS) comes from the catalogue's Gemeinden: first by the town's name (without ", Stadt", the
  Sorbian name after "/" and a bracket such as "(Spreewald)"), then by the postcode if exactly one Gemeinde has
  it as its main postcode (Destatis Gemeindeverzeichnis). Otherwise the place stays without Gemeinde (empty
  AGS) and the summary names it.
- Opening hours become German text, consecutive days with the same hours joined ("Montag bis Freitag:
  ganztägig geöffnet"); closed days are left out.
- Links (the page's `url`, each translation's `url`, `website`, `appointment_url`) are kept only if they are
  http(s) addresses; any other (e.g. `javascript:`) is dropped and named in `Eintrag.hinweise`. So are a
  coordinate that is no finite number and an unreadable UNTIL of a recurrence rule: the offer is taken over
  without them. An entry that still cannot be mapped is skipped (`Uebersprungen`), the others are mapped.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlsplit

TAGE = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")
TAGE_KURZ = ("Mo.", "Di.", "Mi.", "Do.", "Fr.", "Sa.", "So.")
ICAL_TAGE = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}
ICAL_FREQ = {"DAILY": "täglich", "WEEKLY": "wöchentlich", "MONTHLY": "monatlich", "YEARLY": "jährlich"}
SECHS_STELLEN = Decimal("0.000001")


@dataclass
class Eintrag:
    """One offer as Integreat describes it (German fields, other languages in `uebersetzungen`)."""

    pfad: str
    art: str  # "ort" or "veranstaltung"
    name: str
    url: str = ""
    beschreibung: str = ""
    oeffnungszeiten: str = ""
    kontakt: str = ""
    kategorie: str = ""
    breite: Decimal | None = None
    laenge: Decimal | None = None
    voruebergehend_geschlossen: bool = False
    aktiv_von: date | None = None
    aktiv_bis: date | None = None
    uebersetzungen: dict[str, dict[str, str]] = field(default_factory=dict)
    orte: list[tuple[str, str]] = field(default_factory=list)  # (AGS or "", address)
    ohne_gemeinde: str = ""  # the town/postcode that matched no Gemeinde ("" if matched or no address)
    hinweise: list[str] = field(default_factory=list)  # German: what of Integreat's data was left out


@dataclass(frozen=True)
class Uebersprungen:
    """An entry that could not be mapped at all: its path and the German reason."""

    pfad: str
    grund: str


def sicherer_link(wert: Any) -> str:
    """`wert` if it is an http(s) address with a host (at most 500 characters), else "" (e.g. `javascript:`)."""
    if not isinstance(wert, str):
        return ""
    wert = wert.strip()
    if not wert or len(wert) > 500 or any(ord(z) < 33 for z in wert):
        return ""
    try:
        teile = urlsplit(wert)
    except ValueError:
        return ""
    return wert if teile.scheme.lower() in ("http", "https") and teile.netloc else ""


class Gemeindeverzeichnis:
    """Finds a Gemeinde's AGS by town name or postcode."""

    def __init__(self, gemeinden: Iterable[tuple[str, str, str]]) -> None:
        """`gemeinden`: (AGS, name as in the catalogue, main postcode or "")."""
        self._namen: dict[str, str] = {}
        plz: dict[str, set[str]] = {}
        for ags, name, postleitzahl in gemeinden:
            for variante in namensvarianten(name):
                self._namen.setdefault(variante, ags)
            if postleitzahl.strip():
                plz.setdefault(postleitzahl.strip(), set()).add(ags)
        self._plz = {p: next(iter(a)) for p, a in plz.items() if len(a) == 1}

    def finde(self, ort: str, postleitzahl: str) -> str:
        for variante in namensvarianten(ort):
            if variante in self._namen:
                return self._namen[variante]
        return self._plz.get(postleitzahl.strip(), "")


def namensvarianten(name: str) -> list[str]:
    """ "Lübben (Spreewald) / Lubin (Błota), Stadt" → ["lübben (spreewald)", "lübben", "lubin (błota)", "lubin"]."""
    name = re.sub(r",\s*(stadt|gemeinde)\s*$", "", name.strip(), flags=re.IGNORECASE)
    varianten: list[str] = []
    for teil in name.split("/"):
        teil = " ".join(teil.split()).lower()
        if not teil:
            continue
        varianten.append(teil)
        ohne = re.sub(r"\s*\([^)]*\)", "", teil).strip()
        if ohne and ohne != teil:
            varianten.append(ohne)
    return varianten


def text(e: dict[str, Any]) -> str:
    """The plain-text description of a translation: its excerpt, else its content without markup."""
    for feld in ("excerpt", "meta_description"):
        wert = e.get(feld)
        if isinstance(wert, str) and wert.strip():
            return " ".join(html.unescape(wert).split())
    inhalt = e.get("content") or ""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", str(inhalt))).split())


def _uhr(zeit: str) -> str:
    stunden, _, minuten = zeit.partition(":")
    return f"{int(stunden)}:{minuten[:2] or '00'}" if stunden.isascii() and stunden.isdigit() else zeit


def _tageszeiten(tag: dict[str, Any]) -> str:
    """ "9:00–12:00 und 13:00–17:30 Uhr (nur mit Termin)", or "" for a closed day."""
    if tag.get("closed"):
        return ""
    if tag.get("allDay"):
        text_ = "ganztägig geöffnet"
    else:
        slots = [f"{_uhr(s['start'])}–{_uhr(s['end'])}" for s in tag.get("timeSlots") or []]
        if not slots:
            return ""
        text_ = " und ".join(slots) + " Uhr"
    return text_ + (" (nur mit Termin)" if tag.get("appointmentOnly") else "")


def oeffnungszeiten_text(zeiten: list[dict[str, Any]] | None) -> str:
    """Opening hours (Monday first) as German lines; consecutive days with the same hours joined."""
    if not zeiten:
        return ""
    zeilen: list[str] = []
    tage = [_tageszeiten(t) for t in zeiten[:7]]
    i = 0
    while i < len(tage):
        j = i
        while j + 1 < len(tage) and tage[j + 1] == tage[i]:
            j += 1
        if tage[i]:
            if j == i:
                wann = TAGE[i]
            elif j == i + 1:
                wann = f"{TAGE[i]} und {TAGE[j]}"
            else:
                wann = f"{TAGE[i]} bis {TAGE[j]}"
            zeilen.append(f"{wann}: {tage[i]}")
        i = j + 1
    return "\n".join(zeilen)


def _zeitpunkt(wert: Any) -> datetime | None:
    if not isinstance(wert, str) or not wert:
        return None
    try:
        return datetime.fromisoformat(wert.replace("Z", "+00:00"))
    except ValueError:
        return None


def _datum(d: datetime) -> str:
    return f"{TAGE_KURZ[d.weekday()]} {d:%d.%m.%Y}"


def _regel(rrule: str) -> dict[str, str]:
    for zeile in rrule.replace("\r", "").split("\n"):
        zeile = zeile.strip()
        if zeile.upper().startswith("RRULE:"):
            zeile = zeile[6:]
        elif ":" in zeile:
            continue
        teile = dict(t.split("=", 1) for t in zeile.split(";") if "=" in t)
        if "FREQ" in teile:
            return {k.upper(): v.upper() for k, v in teile.items()}
    return {}


def _bis(until: str, hinweise: list[str] | None) -> date | None:
    """The last day of a recurrence rule's UNTIL (YYYYMMDD…), None if there is none or it is no date."""
    if not re.fullmatch(r"\d{8}(T\d{6}Z?)?", until):
        if until and hinweise is not None:
            hinweise.append(f"Ende der Wiederholung (UNTIL={until[:20]}) unlesbar, ohne Ende übernommen")
        return None
    try:
        return date(int(until[:4]), int(until[4:6]), int(until[6:8]))
    except ValueError:
        if hinweise is not None:
            hinweise.append(
                f"Ende der Wiederholung (UNTIL={until[:20]}) ist kein Datum, ohne Ende übernommen"
            )
        return None


def termin(ereignis: dict[str, Any], hinweise: list[str] | None = None) -> tuple[str, date | None]:
    """German text of an event's date(s) and the last day it is shown (None: open end); what could not be
    read is added to `hinweise`."""
    t = ereignis.get("event") or {}
    beginn, ende = _zeitpunkt(t.get("start")), _zeitpunkt(t.get("end"))
    if beginn is None:
        return "", None
    ende = ende or beginn
    ganztags = bool(t.get("all_day"))
    zeit = "" if ganztags else f", {beginn:%H:%M}–{ende:%H:%M} Uhr".replace(" 0", " ").replace("–0", "–")
    regel = _regel(str(ereignis.get("recurrence_rule") or ""))
    if regel:
        tage = [TAGE[ICAL_TAGE[d[-2:]]] for d in regel.get("BYDAY", "").split(",") if d[-2:] in ICAL_TAGE]
        if regel.get("FREQ") == "WEEKLY" and tage and regel.get("INTERVAL", "1") == "1":
            wie = "jeden " + " und ".join(tage)
        else:
            wie = ICAL_FREQ.get(regel.get("FREQ", ""), "wiederkehrend")
        bis = _bis(regel.get("UNTIL", ""), hinweise)
        text_ = f"Termin: {wie}{zeit}, ab {beginn:%d.%m.%Y}" + (f" bis {bis:%d.%m.%Y}" if bis else "")
        return text_, bis
    if beginn.date() == ende.date():
        return f"Termin: {_datum(beginn)}{' (ganztägig)' if ganztags else zeit}", ende.date()
    if ganztags:
        return f"Termin: {_datum(beginn)} bis {_datum(ende)}", ende.date()
    return f"Termin: {_datum(beginn)}, {beginn:%H:%M} Uhr bis {_datum(ende)}, {ende:%H:%M} Uhr", ende.date()


def kontakt_text(e: dict[str, Any], hinweise: list[str] | None = None) -> str:
    """Organisation, phone, e-mail and links as German lines; a link that is no http(s) address is left out
    (and named in `hinweise`)."""
    zeilen = []
    organisation = e.get("organization")
    if isinstance(organisation, dict) and organisation.get("name"):
        zeilen.append(f"Organisation: {organisation['name']}")
    for feld, label in (
        ("phone_number", "Telefon"),
        ("email", "E-Mail"),
        ("website", "Webseite"),
        ("appointment_url", "Termin online"),
    ):
        wert = e.get(feld)
        if not isinstance(wert, str) or not wert.strip():
            continue
        if feld in LINKFELDER and not sicherer_link(wert):
            if hinweise is not None:
                hinweise.append(f"„{feld}“ ist keine http(s)-Adresse, weggelassen")
            continue
        zeilen.append(f"{label}: {wert.strip()}")
    return "\n".join(zeilen)


LINKFELDER = ("website", "appointment_url")


def _koordinate(wert: Any, grenze: int) -> Decimal | None:
    """A coordinate within ±`grenze` with six decimals; None if missing, not a finite number or out of range."""
    if wert is None or isinstance(wert, bool) or wert == "":
        return None
    try:
        zahl = Decimal(str(wert))
        if not zahl.is_finite() or abs(zahl) > grenze:
            return None
        return zahl.quantize(SECHS_STELLEN)
    except (InvalidOperation, ValueError):
        return None


def _ortsangabe(e: dict[str, Any], verzeichnis: Gemeindeverzeichnis) -> tuple[list[tuple[str, str]], str]:
    ort = e.get("location")
    if not isinstance(ort, dict):
        return [], ""
    stadt, plz = str(ort.get("town") or "").strip(), str(ort.get("postcode") or "").strip()
    teile = [str(ort.get(f) or "").strip() for f in ("name", "address")]
    teile.append(f"{plz} {stadt}".strip())
    adresse = ", ".join(dict.fromkeys(t for t in teile if t))
    if not adresse:
        return [], ""
    ags = verzeichnis.finde(stadt, plz)
    return [(ags, adresse[:300])], ("" if ags else f"{plz} {stadt}".strip())


def _deutscher_pfad(
    e: dict[str, Any], sprache: str, links: dict[tuple[str, str], str], deutsche: set[str]
) -> str | None:
    """The German path of a translation: by its own link to "de", else by the German side's link to it."""
    verweis = (e.get("available_languages") or {}).get("de")
    if isinstance(verweis, dict) and verweis.get("path") in deutsche:
        return str(verweis["path"])
    return links.get((sprache, e["path"]))


def eintraege(
    orte: dict[str, list[dict[str, Any]]],
    ereignisse: dict[str, list[dict[str, Any]]],
    verzeichnis: Gemeindeverzeichnis,
    uebersprungen: list[Uebersprungen] | None = None,
) -> tuple[list[Eintrag], dict[str, list[str]]]:
    """Offers from the places and events per language; also, per non-German language, the German names of
    the offers without a translation into it. A German entry that cannot be mapped is left out and added to
    `uebersprungen` (the others are mapped)."""
    ergebnis: list[Eintrag] = []
    ohne: dict[str, list[str]] = {s: [] for s in {*orte, *ereignisse} if s != "de"}
    for art, quelle in (("ort", orte), ("veranstaltung", ereignisse)):
        deutsch = quelle.get("de") or []
        # (language, path of that translation) → German path, from the German side's links
        links = {
            (s, v["path"]): e["path"]
            for e in deutsch
            for s, v in (e.get("available_languages") or {}).items()
        }
        uebersetzt: dict[str, dict[str, dict[str, Any]]] = {e["path"]: {} for e in deutsch}
        for sprache, liste in quelle.items():
            if sprache == "de":
                continue
            for e in liste:
                de = _deutscher_pfad(e, sprache, links, set(uebersetzt))
                if de in uebersetzt:
                    uebersetzt[de][sprache] = e
        for e in deutsch:
            try:
                eintrag = _eintrag(art, e, verzeichnis)
                for sprache in sorted(ohne):
                    t = uebersetzt[e["path"]].get(sprache)
                    if t is not None:
                        eintrag.uebersetzungen[sprache] = _uebersetzung(t, sprache, eintrag.hinweise)
            except (ArithmeticError, LookupError, RecursionError, TypeError, ValueError) as exc:
                if uebersprungen is not None:
                    uebersprungen.append(
                        Uebersprungen(str(e["path"]), f"Angaben nicht lesbar ({type(exc).__name__})")
                    )
                continue
            for sprache in sorted(ohne):
                if sprache not in eintrag.uebersetzungen:
                    ohne[sprache].append(eintrag.name)
            ergebnis.append(eintrag)
    return ergebnis, ohne


def _link(wert: Any, wo: str, hinweise: list[str]) -> str:
    """`sicherer_link(wert)`; a link given but not kept is named in `hinweise`."""
    link = sicherer_link(wert)
    if not link and isinstance(wert, str) and wert.strip():
        hinweise.append(f"{wo} ist keine http(s)-Adresse, weggelassen")
    return link


def _uebersetzung(t: dict[str, Any], sprache: str, hinweise: list[str]) -> dict[str, str]:
    """The fields of one translation kept in `Angebot.uebersetzungen[sprache]` (empty ones left out)."""
    kategorie = t.get("category") if isinstance(t.get("category"), dict) else {}
    felder = {
        "name": " ".join(str(t["title"]).split())[:200],
        "beschreibung": text(t),
        "kategorie": str((kategorie or {}).get("name") or "")[:200],
        "url": _link(t.get("url"), f"Link der Übersetzung {sprache}", hinweise),
    }
    return {k: v for k, v in felder.items() if v}


def _eintrag(art: str, e: dict[str, Any], verzeichnis: Gemeindeverzeichnis) -> Eintrag:
    orte, ohne_gemeinde = _ortsangabe(e, verzeichnis)
    ort = e.get("location") if isinstance(e.get("location"), dict) else {}
    kategorie = e.get("category") if isinstance(e.get("category"), dict) else {}
    hinweise: list[str] = []
    koordinaten = {}
    for feld, grenze in (("latitude", 90), ("longitude", 180)):
        roh = (ort or {}).get(feld)
        koordinaten[feld] = _koordinate(roh, grenze)
        if koordinaten[feld] is None and roh not in (None, ""):
            hinweise.append(f"„location.{feld}“ ({str(roh)[:20]}) ist keine gültige Koordinate, weggelassen")
    eintrag = Eintrag(
        pfad=e["path"],
        art=art,
        name=" ".join(str(e["title"]).split())[:200],
        url=_link(e.get("url"), "Link „url“", hinweise),
        beschreibung=text(e),
        kontakt=kontakt_text(e, hinweise),
        kategorie=str((kategorie or {}).get("name") or "")[:200],
        breite=koordinaten["latitude"],
        laenge=koordinaten["longitude"],
        voruebergehend_geschlossen=bool(e.get("temporarily_closed")),
        orte=orte,
        ohne_gemeinde=ohne_gemeinde,
        hinweise=hinweise,
    )
    if art == "veranstaltung":
        eintrag.oeffnungszeiten, eintrag.aktiv_bis = termin(e, hinweise)
        eintrag.kategorie = eintrag.kategorie or "Veranstaltung"
    else:
        eintrag.oeffnungszeiten = oeffnungszeiten_text(e.get("opening_hours"))
    return eintrag

"""The site search: indicators, offers and language courses for a few words, on the server (read only).

Each word of the query must occur in an entry (in any of its searched fields); case, umlauts and accents do
not matter: "Aerzte", "ärzte" and "Arzte" all find "Ärzte", "strasse" finds "Straße". Only what the public
pages show is searched: the offers of `/angebote/` (active, of active providers) and the courses of `/kurse/`
(not ended). The lists are small (a Kreis has tens to a few hundred offers and courses), so the entries are
read and matched in Python: two to three queries and a few milliseconds per search.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from integrationsmonitor.catalog.model import Katalog
from integrationsmonitor.publish import formatting as fmt
from integrationsmonitor.registry import selectors as registry_selectors
from integrationsmonitor.registry.kurse.models import Kursart, Sprachkurs

from .anzeige import handlungsfeld_titel, sortierschluessel

MAX_LAENGE = 200  # characters of a query; the rest is ignored
MAX_WOERTER = 10
MIN_ZEICHEN = 2  # a query shorter than this would match nearly everything
MAX_TREFFER = 50  # per group
AUSZUG = 160  # characters of a description shown under a hit


def _ohne_akzente(zeichen: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", zeichen) if not unicodedata.combining(c))


def _tabelle(umlaute: dict[str, str]) -> dict[int, str]:
    """A str.translate table for the Latin letters with accents (U+00C0 to U+024F, casefolded): the
    umlauts as given, every other letter without its accents ("é" → "e", "ł" stays)."""
    tabelle = {ord(c): _ohne_akzente(c) for c in map(chr, range(0xC0, 0x250)) if c == c.casefold()}
    tabelle.update({ord(k): v for k, v in umlaute.items()})
    return {k: v for k, v in tabelle.items() if v != chr(k)}


_MIT_AE = _tabelle({"ä": "ae", "ö": "oe", "ü": "ue"})
_MIT_A = _tabelle({"ä": "a", "ö": "o", "ü": "u"})


def normalisiere(text: str) -> str:
    """Search form of a text: case folded (ß → ss), ä/ö/ü → ae/oe/ue, other accents dropped."""
    return unicodedata.normalize("NFC", text).casefold().translate(_MIT_AE)


def _suchtext(*teile: str) -> str:
    """The searched text of an entry, in both spellings of its umlauts (ae and a), so "Arzte" also finds."""
    text = unicodedata.normalize("NFC", " ".join(t for t in teile if t)).casefold()
    return text.translate(_MIT_AE) + "\n" + text.translate(_MIT_A)


def woerter(anfrage: str) -> list[str]:
    """The normalised words of a query (at most MAX_WOERTER, duplicates once)."""
    return list(dict.fromkeys(normalisiere(anfrage[:MAX_LAENGE]).split()))[:MAX_WOERTER]


@dataclass(frozen=True)
class Treffer:
    titel: str
    url: str
    zeilen: list[str] = field(default_factory=list)  # provider, place, field, an excerpt
    lang: str = "de"  # language of the title ("" when shown in the reader's language)


@dataclass(frozen=True)
class Gruppe:
    schluessel: str  # "indikatoren", "angebote", "kurse": the section's anchor
    titel: str
    treffer: list[Treffer]  # at most MAX_TREFFER
    anzahl: int  # all hits of the group
    liste_url: str  # the page listing everything of this kind


@dataclass(frozen=True)
class Ergebnis:
    anfrage: str  # as typed (trimmed), for the form and the sentences
    woerter: list[str]
    gruppen: list[Gruppe]  # groups with hits only, in the order indicators, offers, courses

    @property
    def anzahl(self) -> int:
        return sum(g.anzahl for g in self.gruppen)

    @property
    def zu_kurz(self) -> bool:
        return bool(self.anfrage) and len("".join(self.woerter)) < MIN_ZEICHEN


@dataclass(frozen=True)
class _Eintrag:
    treffer: Treffer
    suchtext: str
    titeltext: str


def _passt(eintraege: Iterable[_Eintrag], gesucht: list[str]) -> list[Treffer]:
    """Entries with every word, those with every word in the title first, then alphabetical."""
    passend = [e for e in eintraege if all(w in e.suchtext for w in gesucht)]
    passend.sort(
        key=lambda e: (not all(w in e.titeltext for w in gesucht), sortierschluessel(e.treffer.titel))
    )
    return [e.treffer for e in passend]


def _auszug(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= AUSZUG:
        return text
    return text[:AUSZUG].rsplit(" ", 1)[0] + " …"


def _gemeinde(katalog: Katalog, code: str) -> str:
    return katalog.gebiete[code].name if code in katalog.gebiete else code


# The indicator entries per catalogue and language: the catalogue does not change while it is loaded, and
# building the entries is most of a search's time. Holds the catalogue itself, so its id stays unique.
_INDIKATOREN: dict[tuple[int, str], tuple[Katalog, list[_Eintrag]]] = {}


def _indikatoren(katalog: Katalog) -> list[_Eintrag]:
    schluessel = (id(katalog), translation.get_language() or "")
    if (gespeichert := _INDIKATOREN.get(schluessel)) is None or gespeichert[0] is not katalog:
        if len(_INDIKATOREN) > 16:  # a few catalogues (tests) times a few languages
            _INDIKATOREN.clear()
        gespeichert = _INDIKATOREN[schluessel] = (katalog, _indikator_eintraege(katalog))
    return gespeichert[1]


def _indikator_eintraege(katalog: Katalog) -> list[_Eintrag]:
    eintraege = []
    for ind in katalog.indikatoren.values():
        hf = katalog.handlungsfelder.get(ind.handlungsfeld)
        hf_text = ""
        if hf is not None:
            titel = handlungsfeld_titel(hf)
            hf_text = (
                titel if not hf.nr else _("Handlungsfeld %(nr)s: %(titel)s") % {"nr": hf.nr, "titel": titel}
            )
        zeilen = [z for z in (hf_text, _auszug(ind.definition)) if z]
        treffer = Treffer(ind.name, reverse("indikator", args=[ind.id]), zeilen)
        suchtext = _suchtext(ind.name, ind.definition, hf_text, hf.name if hf else "")
        eintraege.append(_Eintrag(treffer, suchtext, _suchtext(ind.name)))
    return eintraege


def _angebote(katalog: Katalog, sprache: str, stichtag: dt.date) -> list[_Eintrag]:
    eintraege = []
    angebote_url = reverse("registry:angebote")
    for a in registry_selectors.aktive_angebote(stichtag):
        name = a.uebersetzt(sprache, "name")
        beschreibung = a.uebersetzt(sprache, "beschreibung")
        orte = list(dict.fromkeys(_gemeinde(katalog, o.gemeinde) for o in a.orte.all()))
        zeilen = [a.traeger.name]
        if orte:
            zeilen.append(", ".join(orte))
        if beschreibung:
            zeilen.append(_auszug(beschreibung))
        treffer = Treffer(name, f"{angebote_url}#angebot-{a.pk}", zeilen, "de" if name == a.name else "")
        suchtext = _suchtext(name, a.name, a.traeger.name, " ".join(orte), beschreibung, a.beschreibung)
        eintraege.append(_Eintrag(treffer, suchtext, _suchtext(name, a.name)))
    return eintraege


def _kurse(katalog: Katalog, stichtag: dt.date) -> list[_Eintrag]:
    with translation.override("de"):
        arten_de = {str(k): str(v) for k, v in Kursart.choices}
    arten = {str(k): str(v) for k, v in Kursart.choices}  # in the reader's language
    eintraege = []
    kurse_url = reverse("kurse:finder")
    for k in Sprachkurs.objects.select_related("traeger").filter(ende__gte=stichtag):  # as /kurse/ shows
        ort = _gemeinde(katalog, k.gemeinde)
        art = arten.get(k.kursart, k.kursart)
        zeilen = [
            k.traeger.name,
            _("%(art)s, Niveau %(niveau)s") % {"art": art, "niveau": k.niveau},
            f"{ort} ({k.adresse})" if k.adresse else ort,
            f"{fmt.datum(k.beginn)} – {fmt.datum(k.ende)}",
        ]
        treffer = Treffer(k.titel, f"{kurse_url}#kurs-{k.pk}", zeilen)
        suchtext = _suchtext(
            k.titel, k.traeger.name, art, arten_de.get(k.kursart, ""), k.niveau, ort, k.adresse
        )
        eintraege.append(_Eintrag(treffer, suchtext, _suchtext(k.titel)))
    return eintraege


def _gruppe(schluessel: str, titel: str, treffer: list[Treffer], liste_url: str) -> Gruppe:
    return Gruppe(schluessel, titel, treffer[:MAX_TREFFER], len(treffer), liste_url)


def suchen(
    katalog: Katalog, anfrage: str, *, sprache: str = "de", stichtag: dt.date | None = None
) -> Ergebnis:
    """Indicators, offers and courses matching every word of `anfrage`; no search for an empty or too
    short query."""
    anfrage = " ".join(anfrage[:MAX_LAENGE].split())
    gesucht = woerter(anfrage)
    ergebnis = Ergebnis(anfrage, gesucht, [])
    if not anfrage or ergebnis.zu_kurz:
        return ergebnis
    tag = stichtag or dt.date.today()
    gruppen = [
        _gruppe(
            "indikatoren", _("Indikatoren"), _passt(_indikatoren(katalog), gesucht), reverse("indikatoren")
        ),
        _gruppe(
            "angebote",
            _("Angebote"),
            _passt(_angebote(katalog, sprache, tag), gesucht),
            reverse("registry:angebote"),
        ),
        _gruppe("kurse", _("Sprachkurse"), _passt(_kurse(katalog, tag), gesucht), reverse("kurse:finder")),
    ]
    return Ergebnis(anfrage, gesucht, [g for g in gruppen if g.anzahl])

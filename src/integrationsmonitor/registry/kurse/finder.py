"""Read logic of the public course finder: the reader's filters and one card per course in his language."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import quote

from django.db.models import F, QuerySet
from django.utils.translation import gettext as _

from integrationsmonitor.store.katalog import aktueller_katalog

from .models import Kursart, Niveau, Sprachkurs

OSM_SUCHE = "https://www.openstreetmap.org/search?query="  # a link, no map embedded: no JavaScript, no CDN


def gemeinden() -> dict[str, str]:
    """AGS → name of the county's Gemeinden, by name."""
    k = aktueller_katalog()
    return {g.code: g.name for g in sorted(k.gebiete.values(), key=lambda g: g.name) if g.ebene == "gemeinde"}


def _datum(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


@dataclass(frozen=True)
class Filter:
    """The reader's choice (GET parameters): place, type, level, start from/until, childcare, open seats."""

    ort: str = ""
    art: str = ""
    niveau: str = ""
    ab: str = ""  # ISO date: starts on or after
    bis: str = ""  # ISO date: starts on or before
    kinder: bool = False  # only with childcare
    frei: bool = False  # only with open seats
    fehler: tuple[str, ...] = field(default=())

    @classmethod
    def aus(cls, daten: Mapping[str, str]) -> Filter:
        """From the query; unknown codes are ignored (as "all"), a wrong date is named in `fehler`."""
        orte = gemeinden()
        fehler = []
        for name, bezeichnung in (("ab", _("Beginn ab")), ("bis", _("Beginn bis"))):
            wert = daten.get(name, "")
            if wert and _datum(wert) is None:
                fehler.append(
                    _("Das Datum „%(feld)s“ ist ungültig (Format JJJJ-MM-TT).") % {"feld": bezeichnung}
                )
        return cls(
            ort=o if (o := daten.get("ort", "")) in orte else "",
            art=a if (a := daten.get("art", "")) in Kursart.values else "",
            niveau=n if (n := daten.get("niveau", "")) in Niveau.values else "",
            ab=daten.get("ab", "") if _datum(daten.get("ab", "")) else "",
            bis=daten.get("bis", "") if _datum(daten.get("bis", "")) else "",
            kinder=daten.get("kinder", "") == "1",
            frei=daten.get("frei", "") == "1",
            fehler=tuple(fehler),
        )

    def anwenden(self, kurse: QuerySet[Sprachkurs]) -> QuerySet[Sprachkurs]:
        if self.ort:
            kurse = kurse.filter(gemeinde=self.ort)
        if self.art:
            kurse = kurse.filter(kursart=self.art)
        if self.niveau:
            kurse = kurse.filter(niveau=self.niveau)
        if (ab := _datum(self.ab)) is not None:
            kurse = kurse.filter(beginn__gte=ab)
        if (bis := _datum(self.bis)) is not None:
            kurse = kurse.filter(beginn__lte=bis)
        if self.kinder:
            kurse = kurse.filter(kinderbetreuung=True)
        if self.frei:
            kurse = kurse.filter(belegt__lt=F("plaetze"))
        return kurse

    @property
    def aktiv(self) -> bool:
        return any((self.ort, self.art, self.niveau, self.ab, self.bis, self.kinder, self.frei))


@dataclass(frozen=True)
class Text:
    """A provider's text in the reader's language or, untranslated, German (`lang` says which)."""

    text: str
    lang: str


@dataclass(frozen=True)
class Karte:
    """Everything a reader needs about one course, in his language."""

    kurs: Sprachkurs
    titel: Text
    zeiten: Text
    anmeldung: Text
    ort_hinweis: Text
    gemeinde: str
    karte_url: str
    telefon: str
    telefon_url: str
    email: str

    @property
    def ausgebucht(self) -> bool:
        return self.kurs.freie_plaetze == 0


def telefon_url(nummer: str) -> str:
    """`tel:` address of a phone number as people write it (`030 23125 100` → `tel:03023125100`)."""
    ziffern = re.sub(r"[^\d+]", "", nummer)
    return f"tel:{ziffern}" if ziffern.strip("+") else ""


def kurzer_ortsname(name: str) -> str:
    """The name people use and a map finds: `Lübben (Spreewald) / Lubin (Błota), Stadt` → `Lübben (Spreewald)`
    (without the Sorbian name and the kind of municipality of the official name)."""
    return re.sub(r",\s*(Stadt|Gemeinde|Amt)$", "", name.split(" / ")[0]).strip()


def karten_url(adresse: str, gemeinde: str) -> str:
    """An OpenStreetMap search for the address in its Gemeinde."""
    return OSM_SUCHE + quote(", ".join(t for t in (adresse, gemeinde) if t))


def karte(kurs: Sprachkurs, sprache: str, namen: Mapping[str, str]) -> Karte:
    def text(feld: str) -> Text:
        return Text(kurs.text(feld, sprache), kurs.text_sprache(feld, sprache))

    gemeinde = kurzer_ortsname(namen.get(kurs.gemeinde, kurs.gemeinde))
    telefon = kurs.kontakt_telefon
    return Karte(
        kurs=kurs,
        titel=text("titel"),
        zeiten=text("zeiten"),
        anmeldung=text("anmeldung"),
        ort_hinweis=text("ort_hinweis"),
        gemeinde=gemeinde,
        karte_url=karten_url(kurs.adresse, gemeinde),
        telefon=telefon,
        telefon_url=telefon_url(telefon),
        email=kurs.kontakt_email,
    )


def laufende_kurse(heute: dt.date) -> QuerySet[Sprachkurs]:
    """Courses that have not ended, by start."""
    return (
        Sprachkurs.objects.select_related("traeger").filter(ende__gte=heute).order_by("beginn", "titel", "pk")
    )


def karten(auswahl: Filter, sprache: str, heute: dt.date) -> list[Karte]:
    """The cards of the courses the filter lets through."""
    namen = gemeinden()
    return [karte(k, sprache, namen) for k in auswahl.anwenden(laufende_kurse(heute))]


def karten_mit_freien_plaetzen(sprache: str, heute: dt.date) -> list[Karte]:
    """The printable list: courses that have not ended and have open seats."""
    return karten(Filter(frei=True), sprache, heute)


def gemeinden_mit_kursen(heute: dt.date) -> list[tuple[str, str]]:
    """(AGS, name) of the Gemeinden with a running or coming course: the place filter's choices."""
    mit = set(laufende_kurse(heute).values_list("gemeinde", flat=True))
    return [(c, n) for c, n in gemeinden().items() if c in mit]

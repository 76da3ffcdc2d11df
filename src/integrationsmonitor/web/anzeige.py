"""Words and signs for values on screen: units, directions, changes, breakdown and field titles (pure)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from integrationsmonitor.catalog.model import (
    EINHEITEN,
    RICHTUNGEN,
    Aufschluesselung,
    Handlungsfeld,
    Indikator,
    Katalog,
)
from integrationsmonitor.publish.formatting import veraenderung as veraenderung  # re-exported

# The catalogue's German words, translated at display time (their msgids are in locale/*/django.po).
EINHEIT_WORTE: dict[str, Promise] = {k: gettext_lazy(v) for k, v in EINHEITEN.items()}
RICHTUNG_WORTE: dict[str, Promise] = {k: gettext_lazy(v) for k, v in RICHTUNGEN.items()}

KENNZEICHEN_WORTE: dict[str, Promise] = {
    "p": gettext_lazy("vorläufig"),
    "s": gettext_lazy("geschätzt"),
    "r": gettext_lazy("berichtigt"),
    "g": gettext_lazy("geheim gehalten"),
}


def einheit_wort(einheit: str) -> str:
    return str(EINHEIT_WORTE.get(einheit, einheit))


def richtung_wort(richtung: str) -> str:
    return str(RICHTUNG_WORTE.get(richtung, richtung))


def handlungsfeld_titel(hf: Handlungsfeld) -> str:
    """The heading of an action field; the context data come first as "Rahmendaten".

    Like every catalogue text it stays German in the English interface (marked lang="de" in the pages)."""
    if hf.id == "kontext":
        return "Rahmendaten"
    return hf.name


def handlungsfelder(katalog: Katalog) -> list[Handlungsfeld]:
    """Action fields in their order ("kontext", nr 0, first)."""
    return sorted(katalog.handlungsfelder.values(), key=lambda h: (h.id != "kontext", h.nr))


def aufschluesselung_titel(katalog: Katalog, ind: Indikator, a: Aufschluesselung) -> str:
    """The name of a breakdown: the code list's name, or the breakdown's own name for custom categories."""
    if a.name == a.merkmal:
        return katalog.codeliste_von(ind.zaehler.datensatz, a.merkmal).name
    return a.name.replace("_", " ").capitalize()


_DIN_5007 = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss", "Ä": "a", "Ö": "o", "Ü": "u"})


def sortierschluessel(text: str) -> str:
    """German dictionary order (DIN 5007-1): umlauts sort with their base letter."""
    return text.translate(_DIN_5007).casefold()

"""Read logic of /mitmachen/: the initiatives the reader's filter lets through, as cards in his language, and
the initiatives a volunteer's interest goes to."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from integrationsmonitor.registry.kurse.finder import gemeinden, kurzer_ortsname, telefon_url

from .models import Angebotsart, Initiative, Mitmachanfrage


def frist() -> timedelta:
    """How long an interest request is kept at most (IMON_MITMACHEN_FRIST_TAGE, default 7 days)."""
    return timedelta(days=int(getattr(settings, "IMON_MITMACHEN_FRIST_TAGE", 7)))


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Filter:
    """The reader's choice (GET parameters): Gemeinde and kind of offer; unknown codes count as "all"."""

    ort: str = ""
    art: str = ""

    @classmethod
    def aus(cls, daten: Mapping[str, str]) -> Filter:
        return cls(
            ort=o if (o := daten.get("ort", "")) in gemeinden() else "",
            art=a if (a := daten.get("art", "")) in Angebotsart.values else "",
        )

    @property
    def aktiv(self) -> bool:
        return bool(self.ort or self.art)


@dataclass(frozen=True)
class Karte:
    """One initiative for the reader: its description in his language if it has one (`lang` says which)."""

    initiative: Initiative
    beschreibung: str
    lang: str
    gemeinde: str
    arten: list[str]
    telefon_url: str


def aktive_initiativen() -> list[Initiative]:
    return list(Initiative.objects.filter(aktiv=True).order_by("name", "pk"))


def _hat_art(initiative: Initiative, arten: Iterable[str]) -> bool:
    gesucht = set(arten)
    return not gesucht or bool(gesucht & set(initiative.arten or []))


def karten(auswahl: Filter, sprache: str) -> list[Karte]:
    """The cards of the active initiatives the filter lets through (kinds: a JSON list, filtered here)."""
    namen = gemeinden()
    ergebnis = []
    for i in aktive_initiativen():
        if (auswahl.ort and i.gemeinde != auswahl.ort) or not _hat_art(
            i, [auswahl.art] if auswahl.art else []
        ):
            continue
        text, lang = i.beschreibung_in(sprache)
        ergebnis.append(
            Karte(
                initiative=i,
                beschreibung=text,
                lang=lang,
                gemeinde=kurzer_ortsname(namen.get(i.gemeinde, i.gemeinde)),
                arten=i.arten_namen(),
                telefon_url=telefon_url(i.telefon),
            )
        )
    return ergebnis


def gemeinden_mit_initiativen() -> list[tuple[str, str]]:
    """(AGS, name) of the Gemeinden with an active initiative: the place filter's choices."""
    mit = {i.gemeinde for i in aktive_initiativen()}
    return [(c, n) for c, n in gemeinden().items() if c in mit]


def empfaenger(gemeinde: str, arten: Iterable[str]) -> tuple[list[Initiative], bool]:
    """The initiatives an interest goes to, and whether that is the county-wide fallback: the active ones of
    the Gemeinde with one of the chosen kinds (any kind if none was chosen); if there is none, the active
    ones of the whole county with one of those kinds — never one that offers none of them. Empty if no
    initiative of the county fits: the request is then deleted without being forwarded. The confirmation
    page shows this before and after confirming."""
    arten = list(arten)
    passend = [i for i in aktive_initiativen() if _hat_art(i, arten)]
    im_ort = [i for i in passend if i.gemeinde == gemeinde]
    return (im_ort, False) if im_ort else (passend, True)


def anfrage_zum_bestaetigen(token: str, jetzt: datetime | None = None) -> Mitmachanfrage | None:
    """The unconfirmed request whose confirmation link this is, if it has not expired."""
    jetzt = jetzt or timezone.now()
    if not token:
        return None
    return Mitmachanfrage.objects.filter(
        token_hash=token_hash(token), bestaetigt_am__isnull=True, angelegt_am__gt=jetzt - frist()
    ).first()

"""Monthly aggregation of anonymous counselling contacts into protected deliveries.

    liefere_monat(katalog, "2024-12")        # datasets beratungskontakte and beratungsthemen, period 2024-12
    jahreszahlen(2024, "lds_integriert")     # {"neukunden": …, "folgetermin_1": …, …} as the report charts them

Two tables per month, each Kreis × Beratungsstelle × one characteristic with every margin: the contacts by
Kontaktart, and the topics ticked (Handlungsfelder; a contact may tick several, so that table counts
mentions). The counts never leave the platform as they are: like every delivery of a dataset that counts
people, they are protected at publication (store.veroeffentlichung, docs/geheimhaltung.md) together with the
other months of the year and the year figures that sum them.
"""

from __future__ import annotations

import calendar
import io
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import transaction

from integrationsmonitor.catalog import zeitraum as zr
from integrationsmonitor.catalog.model import Katalog
from integrationsmonitor.protect import Hierarchie, Tabelle
from integrationsmonitor.store.ingest import Lieferergebnis, liefere
from integrationsmonitor.store.models import Lieferung

from .models import THEMEN, Beratungskontakt, Kontaktart

DATENSATZ = "beratungskontakte"
DIMENSIONEN = ("beratungsstelle", "kontaktart")
THEMEN_DATENSATZ = "beratungsthemen"
THEMEN_DIMENSIONEN = ("beratungsstelle", "thema")
SUMME = "_T"


@dataclass(frozen=True)
class Monatstabelle:
    datensatz: str
    monat: str
    tabelle: Tabelle


def _zeitspanne(monat: str) -> tuple[date, date]:
    jahr, m = (int(t) for t in monat.split("-"))
    return date(jahr, m, 1), date(jahr, m, calendar.monthrange(jahr, m)[1])


def _geschuetzt(
    katalog: Katalog,
    datensatz: str,
    monat: str,
    dimensionen: tuple[str, str],
    codes: list[str],
    zaehler: Counter[tuple[str, ...]],
) -> Monatstabelle:
    """Site × `codes` as a full cube (every site of the code list) with every margin."""
    stellen = list(katalog.codelisten["beratungsstelle"].codes)
    fremd = {s for s, _c in zaehler} - set(stellen)
    if fremd:
        raise ValueError(
            f"Beratungsstellen ohne Code im Katalog (Liste beratungsstelle): {', '.join(sorted(fremd))}"
        )
    hierarchien = (Hierarchie.flach(SUMME, stellen), Hierarchie.flach(SUMME, codes))
    tabelle = Tabelle.aus_blattwerten(dimensionen, hierarchien, dict(zaehler))
    return Monatstabelle(datensatz, monat, tabelle)


Kontakt = tuple[str, str, list[str]]  # (site code, contact type, topics) of one contact


def _kontakte(monat: str) -> list[Kontakt]:
    von, bis = _zeitspanne(monat)
    return list(
        Beratungskontakt.objects.filter(datum__range=(von, bis)).values_list("stelle__code", "art", "themen")
    )


def _nach_art(katalog: Katalog, monat: str, kontakte: Iterable[Kontakt]) -> Monatstabelle:
    zaehler: Counter[tuple[str, ...]] = Counter((stelle, art) for stelle, art, _themen in kontakte)
    return _geschuetzt(katalog, DATENSATZ, monat, DIMENSIONEN, list(Kontaktart.values), zaehler)


def _nach_thema(katalog: Katalog, monat: str, kontakte: Iterable[Kontakt]) -> Monatstabelle:
    zaehler: Counter[tuple[str, ...]] = Counter(
        (stelle, thema) for stelle, _art, themen in kontakte for thema in set(themen)
    )
    return _geschuetzt(katalog, THEMEN_DATENSATZ, monat, THEMEN_DIMENSIONEN, [c for c, _n in THEMEN], zaehler)


def monatstabelle(katalog: Katalog, monat: str) -> Monatstabelle:
    """The month's contacts by site and Kontaktart."""
    monat = zr.normalisiere(monat, "monat")
    return _nach_art(katalog, monat, _kontakte(monat))


def themen_monatstabelle(katalog: Katalog, monat: str) -> Monatstabelle:
    """The month's topic mentions by site and topic (one per topic ticked in a contact)."""
    monat = zr.normalisiere(monat, "monat")
    return _nach_thema(katalog, monat, _kontakte(monat))


def lieferdatei(katalog: Katalog, t: Monatstabelle) -> bytes:
    """The delivery CSV (the contract of `formats.delivery_csv`): one row per cell."""
    kreis = katalog.kreis.code
    aus = io.StringIO()
    aus.write(f"gebiet;zeitraum;{';'.join(t.tabelle.dimensionen)};wert;kennzeichen\n")
    for zelle, wert in t.tabelle.werte.items():
        aus.write(f"{kreis};{t.monat};{';'.join(zelle)};{wert};\n")
    return aus.getvalue().encode("utf-8")


def _liefere_tabelle(katalog: Katalog, t: Monatstabelle, benutzer: str, ist_demo: bool) -> Lieferergebnis:
    return liefere(
        katalog=katalog,
        daten=lieferdatei(katalog, t),
        datei_name=f"{t.datensatz}_{t.monat}.csv",
        datensatz=t.datensatz,
        zeitraum=t.monat,
        benutzer=benutzer,
        ist_demo=ist_demo,
    )


def liefere_monat(
    katalog: Katalog, monat: str, *, benutzer: str = "beratungskontakte", ist_demo: bool = False
) -> list[Lieferergebnis]:
    """Aggregate, protect and deliver one month: contacts, then topics (the same contacts again: unchanged).

    Both tables are built before either is delivered, so a site without a catalogue code stops the month
    before anything is stored; and both are stored or neither: if one is refused, the other is taken back
    and reported as not accepted."""
    monat = zr.normalisiere(monat, "monat")
    kontakte = _kontakte(monat)  # read once for both tables
    tabellen = [_nach_art(katalog, monat, kontakte), _nach_thema(katalog, monat, kontakte)]
    with transaction.atomic():
        ergebnisse = [_liefere_tabelle(katalog, t, benutzer, ist_demo) for t in tabellen]
        abgelehnt = [t.datensatz for t, e in zip(tabellen, ergebnisse, strict=True) if not e.angenommen]
        if not abgelehnt:
            return ergebnisse
        transaction.set_rollback(True)
    grund = f"nicht gespeichert, weil die Lieferung {', '.join(abgelehnt)} desselben Monats abgelehnt wurde"
    return [e if not e.angenommen else Lieferergebnis(False, [grund]) for e in ergebnisse]


KENNZAHL: dict[str, str] = {
    a: "neukunden" if a == Kontaktart.ERST else f"folgetermin_{a[-1]}" for a in Kontaktart.values
}
"""Contact type → Kennzahl of dataset projektkennzahlen (how the projects report their year)."""


def jahreszahlen(jahr: int, stelle: str) -> dict[str, int]:
    """A site's yearly figures as the report charts them: first contacts = new clients, n-th follow-ups."""
    zaehler = Counter(
        Beratungskontakt.objects.filter(datum__year=jahr, stelle__code=stelle).values_list("art", flat=True)
    )
    return {KENNZAHL[a]: zaehler.get(a, 0) for a in Kontaktart.values}


def liefere_jahreszahlen(
    katalog: Katalog,
    jahr: int,
    stelle: str = "lds_integriert",
    *,
    benutzer: str = "beratungskontakte",
    ist_demo: bool = False,
) -> Lieferergebnis | None:
    """Put a site's yearly figures from its contacts into the year's `projektkennzahlen` delivery.

    `projektkennzahlen` holds one delivery per year for every project, so the cells of the other projects (and
    the site's other Kennzahlen, e.g. Vermittlungen) are carried over from the active delivery unchanged; only
    the site's new clients and follow-ups are replaced by the counts of its contacts (protected at publication
    together with the months they sum). Without contacts of the site in that year nothing is delivered (None);
    the same figures again leave the delivery unchanged."""
    figuren = jahreszahlen(jahr, stelle)
    if not any(figuren.values()):
        return None
    zellen: dict[tuple[str, str, str], tuple[float | None, str]] = {}
    aktiv = Lieferung.objects.filter(
        datensatz="projektkennzahlen", zeitraum=str(jahr), status=Lieferung.Status.AKTIV
    ).first()
    if aktiv is not None:
        for b in aktiv.beobachtungen.all():
            projekt, kennzahl = b.merkmale.split("|")
            zellen[(b.gebiet, projekt, kennzahl)] = (b.wert, b.kennzeichen)
    kreis = katalog.kreis.code
    for kennzahl, n in figuren.items():
        if n or (kreis, stelle, kennzahl) in zellen:
            zellen[(kreis, stelle, kennzahl)] = (float(n), "")
    aus = io.StringIO()
    aus.write("gebiet;zeitraum;projekt;kennzahl;wert;kennzeichen\n")
    for (gebiet, projekt, kennzahl), (wert, kz) in sorted(zellen.items()):
        text = "" if wert is None else (f"{wert:.0f}" if float(wert).is_integer() else repr(wert))
        aus.write(f"{gebiet};{jahr};{projekt};{kennzahl};{text};{kz}\n")
    return liefere(
        katalog=katalog,
        daten=aus.getvalue().encode("utf-8"),
        datei_name=f"projektkennzahlen_{jahr}_{stelle}.csv",
        datensatz="projektkennzahlen",
        zeitraum=str(jahr),
        benutzer=benutzer,
        ist_demo=ist_demo,
    )

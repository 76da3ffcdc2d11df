"""Counting anonymous counselling contacts into running tallies, and the tallies into protected deliveries.

    erfasse(stelle, datum, "erst", ["arbeit"], ["arbeit"])  # one contact: adds one to three tallies
    liefere_monat(katalog, "2024-12")        # beratungskontakte, beratungsthemen, beratungsvermittlungen
    jahreszahlen(2024, "lds_integriert")     # {"neukunden": …, "folgetermin_1": …, "vermittlung_arbeit": …}

A contact is never stored: it adds one to its month's tallies (`Beratungszahl`), which are exactly the cells
the deliveries need (docs/datenschutz.md). Three tables per month: Kreis × Beratungsstelle × Kontaktart,
× topic (Handlungsfelder; a contact may tick several, so that table counts mentions) and × referral target
(work, training, other services; a contact may name several), each with every margin. The counts never leave
the platform as they are: like every delivery of a dataset that counts people, they are protected at
publication (store.veroeffentlichung, docs/geheimhaltung.md) together with the other months of the year and
the year figures that sum them.
"""

from __future__ import annotations

import calendar
import io
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import F, Sum

from integrationsmonitor.catalog import zeitraum as zr
from integrationsmonitor.catalog.model import Katalog
from integrationsmonitor.protect import Hierarchie, Tabelle
from integrationsmonitor.store.ingest import Lieferergebnis, liefere
from integrationsmonitor.store.models import Lieferung

from .models import (
    CODES,
    THEMEN,
    Beratungsstelle,
    Beratungszahl,
    Einmalmarke,
    Kontaktart,
    Merkmal,
    Vermittlung,
)

DATENSATZ = "beratungskontakte"
DIMENSIONEN = ("beratungsstelle", "kontaktart")
THEMEN_DATENSATZ = "beratungsthemen"
THEMEN_DIMENSIONEN = ("beratungsstelle", "thema")
VERMITTLUNGEN_DATENSATZ = "beratungsvermittlungen"
VERMITTLUNGEN_DIMENSIONEN = ("beratungsstelle", "vermittlung")
SUMME = "_T"


def _zellen(art: str, themen: Iterable[str], vermittlungen: Iterable[str]) -> list[tuple[str, str]]:
    zellen = [(str(Merkmal.KONTAKTART), art)]
    zellen += [(str(Merkmal.THEMA), t) for t in sorted(set(themen))]
    zellen += [(str(Merkmal.VERMITTLUNG), v) for v in sorted(set(vermittlungen))]
    for merkmal, code in zellen:
        if code not in CODES[merkmal]:
            raise ValueError(f"Beratungskontakt: Code ‚{code}‘ gibt es für {merkmal} nicht")
    return zellen


EINMALMARKEN_HOECHSTENS = 10_000  # the newest marks kept: far more than a county records in ten minutes


def einmal(marke: str | None) -> bool:
    """Use a one-time mark inside the caller's transaction: True the first time (or without a mark), False
    if it was used before (the same form submitted twice). Only the newest marks are kept."""
    if not marke:
        return True
    neueste = Einmalmarke.objects.order_by("-id").values_list("id", flat=True).first()
    if neueste is not None and neueste % 1000 == 0:  # now and then, not on every contact
        Einmalmarke.objects.filter(id__lte=neueste - EINMALMARKEN_HOECHSTENS).delete()
    try:
        with transaction.atomic():
            Einmalmarke.objects.create(marke=marke[:64])
    except IntegrityError:
        return False
    return True


def erfasse(
    stelle: Beratungsstelle,
    datum: date,
    art: str,
    themen: Iterable[str],
    vermittlungen: Iterable[str],
    marke: str | None = None,
) -> bool:
    """Count one contact: one more in the month's tally of its Kontaktart, of each topic and each referral.
    False (nothing counted) if the form's one-time `marke` was used already: a double tap or a reload."""
    monat = f"{datum:%Y-%m}"
    with transaction.atomic():
        if not einmal(marke):
            return False
        for merkmal, code in _zellen(art, themen, vermittlungen):
            Beratungszahl.objects.get_or_create(monat=monat, stelle=stelle, merkmal=merkmal, code=code)
            Beratungszahl.objects.filter(monat=monat, stelle=stelle, merkmal=merkmal, code=code).update(
                anzahl=F("anzahl") + 1
            )
    return True


def nimm_zurueck(
    stelle: Beratungsstelle,
    monat: str,
    art: str,
    themen: Iterable[str],
    vermittlungen: Iterable[str],
    marke: str | None = None,
) -> bool:
    """Take a contact counted by mistake back (one less in each of its tallies); False if a tally is 0 or
    this contact (its form's `marke`) was taken back already: a double tap or a replayed undo."""
    zellen = _zellen(art, themen, vermittlungen)
    with transaction.atomic():
        if marke and not einmal(f"zurueck:{marke}"):
            return False
        for merkmal, code in zellen:
            n = Beratungszahl.objects.filter(
                monat=monat, stelle=stelle, merkmal=merkmal, code=code, anzahl__gt=0
            ).update(anzahl=F("anzahl") - 1)
            if n != 1:
                transaction.set_rollback(True)
                return False
    return True


def kontakte_im_monat(stelle: Beratungsstelle, monat: str) -> int:
    """How many contacts a site has counted in a month (the sum of its Kontaktart tallies)."""
    summe = Beratungszahl.objects.filter(monat=monat, stelle=stelle, merkmal=Merkmal.KONTAKTART).aggregate(
        n=Sum("anzahl")
    )["n"]
    return int(summe or 0)


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


Zahlen = dict[tuple[str, str, str], int]  # (merkmal, site code, code) -> count of one month


def _zahlen(monat: str) -> Zahlen:
    zahlen: Zahlen = {}
    for merkmal, stelle, code, n in Beratungszahl.objects.filter(monat=monat, anzahl__gt=0).values_list(
        "merkmal", "stelle__code", "code", "anzahl"
    ):
        zahlen[(merkmal, stelle, code)] = n
    return zahlen


def _je_stelle(zahlen: Zahlen, merkmal: str) -> Counter[tuple[str, ...]]:
    return Counter({(stelle, code): n for (m, stelle, code), n in zahlen.items() if m == merkmal})


def _nach_art(katalog: Katalog, monat: str, zahlen: Zahlen) -> Monatstabelle:
    zaehler = _je_stelle(zahlen, Merkmal.KONTAKTART)
    return _geschuetzt(katalog, DATENSATZ, monat, DIMENSIONEN, list(Kontaktart.values), zaehler)


def _nach_thema(katalog: Katalog, monat: str, zahlen: Zahlen) -> Monatstabelle:
    zaehler = _je_stelle(zahlen, Merkmal.THEMA)
    return _geschuetzt(katalog, THEMEN_DATENSATZ, monat, THEMEN_DIMENSIONEN, [c for c, _n in THEMEN], zaehler)


def monatstabelle(katalog: Katalog, monat: str) -> Monatstabelle:
    """The month's contacts by site and Kontaktart."""
    monat = zr.normalisiere(monat, "monat")
    return _nach_art(katalog, monat, _zahlen(monat))


def themen_monatstabelle(katalog: Katalog, monat: str) -> Monatstabelle:
    """The month's topic mentions by site and topic (one per topic ticked in a contact)."""
    monat = zr.normalisiere(monat, "monat")
    return _nach_thema(katalog, monat, _zahlen(monat))


def _nach_vermittlung(katalog: Katalog, monat: str, zahlen: Zahlen) -> Monatstabelle:
    zaehler = _je_stelle(zahlen, Merkmal.VERMITTLUNG)
    return _geschuetzt(
        katalog, VERMITTLUNGEN_DATENSATZ, monat, VERMITTLUNGEN_DIMENSIONEN, list(Vermittlung.values), zaehler
    )


def vermittlungs_monatstabelle(katalog: Katalog, monat: str) -> Monatstabelle:
    """The month's referrals by site and target. By site, not by Gemeinde: a site's yearly referrals
    (projektkennzahlen) are the sum of its months, and the protection links exactly these cells
    (docs/geheimhaltung.md)."""
    monat = zr.normalisiere(monat, "monat")
    return _nach_vermittlung(katalog, monat, _zahlen(monat))


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
    """Deliver one month's tallies: contacts, topics, referrals (the same tallies again: unchanged).

    Every table is built before any is delivered, so a site without a catalogue code stops the month
    before anything is stored; and all are stored or none: if one is refused, the others are taken back
    and reported as not accepted."""
    monat = zr.normalisiere(monat, "monat")
    zahlen = _zahlen(monat)  # read once for every table
    tabellen = [
        _nach_art(katalog, monat, zahlen),
        _nach_thema(katalog, monat, zahlen),
        _nach_vermittlung(katalog, monat, zahlen),
    ]
    with transaction.atomic():
        ergebnisse = [_liefere_tabelle(katalog, t, benutzer, ist_demo) for t in tabellen]
        abgelehnt = [t.datensatz for t, e in zip(tabellen, ergebnisse, strict=True) if not e.angenommen]
        if not abgelehnt:
            return ergebnisse
        transaction.set_rollback(True)
    grund = f"nicht gespeichert, weil die Lieferung {', '.join(abgelehnt)} desselben Monats abgelehnt wurde"
    return [e if not e.angenommen else Lieferergebnis(False, [grund]) for e in ergebnisse]


KENNZAHL: dict[tuple[str, str], str] = {
    **{
        (str(Merkmal.KONTAKTART), a): "neukunden" if a == Kontaktart.ERST else f"folgetermin_{a[-1]}"
        for a in Kontaktart.values
    },
    (str(Merkmal.VERMITTLUNG), str(Vermittlung.ARBEIT)): "vermittlung_arbeit",
    (str(Merkmal.VERMITTLUNG), str(Vermittlung.AUSBILDUNG)): "vermittlung_ausbildung",
}
"""Tally → Kennzahl of dataset projektkennzahlen (how the projects report their year)."""


def jahreszahlen(jahr: int, stelle: str) -> dict[str, int]:
    """A site's yearly figures as the report charts them: first contacts = new clients, n-th follow-ups,
    referrals into work and into training."""
    summen = {
        (m, c): n
        for m, c, n in Beratungszahl.objects.filter(monat__startswith=f"{jahr}-", stelle__code=stelle)
        .values_list("merkmal", "code")
        .annotate(n=Sum("anzahl"))
    }
    return {kennzahl: int(summen.get(schluessel, 0)) for schluessel, kennzahl in KENNZAHL.items()}


def liefere_jahreszahlen(
    katalog: Katalog,
    jahr: int,
    stelle: str = "lds_integriert",
    *,
    benutzer: str = "beratungskontakte",
    ist_demo: bool = False,
) -> Lieferergebnis | None:
    """Put a site's yearly figures from its tallies into the year's `projektkennzahlen` delivery.

    `projektkennzahlen` holds one delivery per year for every project, so the cells of the other projects (and
    the site's other Kennzahlen, e.g. visitors) are carried over from the active delivery unchanged; only
    the site's new clients and follow-ups, and its referrals into work and training, are replaced by its
    tallies (protected at publication; new clients and follow-ups together with the months they sum) — each
    group only if the site counted any of it that year, so referrals reported by hand stay until the site
    counts referrals in the form. Without contacts of the site in that year nothing is delivered (None);
    the same figures again leave the delivery unchanged."""
    figuren = jahreszahlen(jahr, stelle)
    for merkmal in (Merkmal.KONTAKTART, Merkmal.VERMITTLUNG):  # a group the site did not count: kept
        gruppe = [kz for (m, _c), kz in KENNZAHL.items() if m == merkmal]
        if not any(figuren[kz] for kz in gruppe):
            for kz in gruppe:
                del figuren[kz]
    if not figuren:
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

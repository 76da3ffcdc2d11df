"""Targets (Zielwerte): where a value stands against its target, and its change against the previous year.

Pure (no Django), for the web pages, the FactSheet and the annual report alike. Values and targets are
compared as they are printed (rounded to the unit's decimals, e.g. one decimal for percent;
indicators.rundung), so a status never contradicts the numbers beside it. This module returns data only
(status, numbers, the reason for "kein Ziel"); the screens word and format it (publish.zieltexte).

Rules:
- The target of a year is the one set for that year, else the nearest later one (a target for 2026 also
  guides 2024 and 2025). Years after the last target have no target.
- Target year reached: "erreicht" when the value is at or beyond the target in the indicator's direction,
  else "nicht erreicht".
- Target still ahead and not yet met: "auf Kurs" when the change against the previous year is at least the
  change per year still needed to reach the target in time, else "nicht auf Kurs"; "offen" without a
  previous-year value.
- "kein Ziel" for neutral indicators and years without a target, "kein Wert" when the value is missing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from integrationsmonitor.catalog.model import Indikator, Ziel

from .model import SeriesRow
from .rundung import gerundet


class Status(StrEnum):
    ERREICHT = "erreicht"
    AUF_KURS = "auf_kurs"
    OFFEN = "offen"
    NICHT_AUF_KURS = "nicht_auf_kurs"
    NICHT_ERREICHT = "nicht_erreicht"
    KEIN_ZIEL = "kein_ziel"
    KEIN_WERT = "kein_wert"


class Grund(StrEnum):
    """Why a value has no target to be judged against (status "kein Ziel")."""

    OHNE_RICHTUNG = "ohne_richtung"  # neutral indicator: no direction, so no judgement
    KEIN_ZIEL_MEHR = "kein_ziel_mehr"  # the region has targets, but none for this year or later
    KEIN_ZIEL_IM_GEBIET = "kein_ziel_im_gebiet"  # the region has no target at all


VORZEICHEN = {"hoeher_besser": 1, "niedriger_besser": -1}


@dataclass(frozen=True, slots=True)
class Zielstatus:
    """A value of one year against the target that applies to it."""

    status: Status
    jahr: int | None  # year of the assessed value; None when nothing was delivered yet
    wert: float | None  # the value, unrounded
    einheit: str
    ziel: Ziel | None = None
    abstand: float | None = None  # value − target as printed (percentage points for shares)
    vorjahreswert: float | None = None
    noetig_je_jahr: float | None = None  # change per year still needed for a target ahead
    grund: Grund | None = None  # why there is no target (status KEIN_ZIEL with a year)

    @property
    def erreicht(self) -> bool:
        return self.status is Status.ERREICHT

    @property
    def hat_ziel(self) -> bool:
        return self.ziel is not None


@dataclass(frozen=True, slots=True)
class Veraenderung:
    """A value against the previous year's."""

    jahr: int
    wert: float | None
    vorjahreswert: float | None
    differenz: float | None  # as printed; percentage points for shares
    prozent: float | None  # relative change in percent; None for shares and a zero base
    wertung: str  # "besser", "schlechter", "unverändert"; "" for neutral indicators or a missing value
    einheit: str

    @property
    def vorjahr(self) -> int:
        return self.jahr - 1


def relevantes_ziel(ind: Indikator, jahr: int, gebiet: str) -> Ziel | None:
    """The target for that year in that region, else the nearest later one; None after the last target."""
    kommende = [z for z in ind.ziele_fuer(gebiet) if z.jahr >= jahr]
    return min(kommende, key=lambda z: z.jahr) if kommende else None


def bewerte(
    ind: Indikator, ziel: Ziel, wert: float | None, jahr: int, *, vorjahreswert: float | None = None
) -> Zielstatus:
    """The value of one year against one given target (see the module docstring for the rules)."""
    e = ind.einheit
    richtung = VORZEICHEN.get(ind.richtung)
    if richtung is None:
        return Zielstatus(Status.KEIN_ZIEL, jahr, wert, e, grund=Grund.OHNE_RICHTUNG)
    if wert is None:
        return Zielstatus(Status.KEIN_WERT, jahr, None, e, ziel, vorjahreswert=vorjahreswert)
    v, t = gerundet(wert, e), gerundet(ziel.wert, e)
    abstand = gerundet(v - t, e)

    def ergebnis(status: Status, noetig: float | None = None) -> Zielstatus:
        return Zielstatus(status, jahr, wert, e, ziel, abstand, vorjahreswert, noetig)

    if richtung * abstand >= 0:
        return ergebnis(Status.ERREICHT)
    if ziel.jahr <= jahr:
        return ergebnis(Status.NICHT_ERREICHT)
    noetig = (t - v) / (ziel.jahr - jahr)
    if vorjahreswert is None:
        return ergebnis(Status.OFFEN, noetig)
    tatsaechlich = v - gerundet(vorjahreswert, e)
    if richtung * tatsaechlich >= richtung * noetig:
        return ergebnis(Status.AUF_KURS, noetig)
    return ergebnis(Status.NICHT_AUF_KURS, noetig)


def zielstatus(
    ind: Indikator, wert: float | None, jahr: int, *, gebiet: str, vorjahreswert: float | None = None
) -> Zielstatus:
    """The value of one year in one region against the target that applies to that year."""
    if VORZEICHEN.get(ind.richtung) is None:
        return Zielstatus(Status.KEIN_ZIEL, jahr, wert, ind.einheit, grund=Grund.OHNE_RICHTUNG)
    ziel = relevantes_ziel(ind, jahr, gebiet)
    if ziel is None:
        grund = Grund.KEIN_ZIEL_MEHR if ind.ziele_fuer(gebiet) else Grund.KEIN_ZIEL_IM_GEBIET
        return Zielstatus(Status.KEIN_ZIEL, jahr, wert, ind.einheit, vorjahreswert=vorjahreswert, grund=grund)
    return bewerte(ind, ziel, wert, jahr, vorjahreswert=vorjahreswert)


_JAHR = re.compile(r"\d{4}")


def jahreswerte(rows: Iterable[SeriesRow]) -> dict[int, float | None]:
    """Year → value of a series of one region without breakdown (quarters, months and categories ignored)."""
    return {int(r.period): r.value for r in rows if r.category is None and _JAHR.fullmatch(r.period)}


def zielstatus_reihe(
    ind: Indikator, rows: Iterable[SeriesRow], *, gebiet: str, jahr: int | None = None
) -> Zielstatus:
    """The status of a series: of the given year, else of the latest year with a value."""
    werte = jahreswerte(rows)
    if jahr is None:
        mit_wert = [j for j, v in werte.items() if v is not None]
        jahr = max(mit_wert or werte, default=None)
    if jahr is None:
        ziele = ind.ziele_fuer(gebiet)
        status = Status.KEIN_WERT if ziele and ind.richtung in VORZEICHEN else Status.KEIN_ZIEL
        ziel = ziele[0] if status is Status.KEIN_WERT else None
        return Zielstatus(status, None, None, ind.einheit, ziel)  # nothing delivered yet
    return zielstatus(ind, werte.get(jahr), jahr, gebiet=gebiet, vorjahreswert=werte.get(jahr - 1))


def zielbilanz(ind: Indikator, rows: Iterable[SeriesRow], *, gebiet: str) -> list[Zielstatus]:
    """Every target of a region with its status: at the target year once the series has reached it,
    else at the latest year with a value before it (on course or not)."""
    werte = jahreswerte(rows)
    letztes = max(werte, default=None)
    ergebnis = []
    for ziel in ind.ziele_fuer(gebiet):
        if letztes is not None and letztes >= ziel.jahr:
            jahr = ziel.jahr
        else:
            frueher = [j for j, v in werte.items() if v is not None and j < ziel.jahr]
            jahr = max(frueher, default=ziel.jahr)
        ergebnis.append(bewerte(ind, ziel, werte.get(jahr), jahr, vorjahreswert=werte.get(jahr - 1)))
    return ergebnis


def veraenderung(ind: Indikator, wert: float | None, vorjahreswert: float | None, jahr: int) -> Veraenderung:
    """The change of a value against the previous year, judged by the indicator's direction."""
    e = ind.einheit
    if wert is None or vorjahreswert is None:
        return Veraenderung(jahr, wert, vorjahreswert, None, None, "", e)
    differenz = gerundet(gerundet(wert, e) - gerundet(vorjahreswert, e), e)
    prozent = None
    if e not in ("prozent", "promille") and vorjahreswert != 0:
        prozent = (wert - vorjahreswert) / abs(vorjahreswert) * 100
    richtung = VORZEICHEN.get(ind.richtung)
    wertung = ""
    if richtung is not None and differenz == 0:
        wertung = "unverändert"
    elif richtung is not None:
        wertung = "besser" if richtung * differenz > 0 else "schlechter"
    return Veraenderung(jahr, wert, vorjahreswert, differenz, prozent, wertung, e)


def veraenderung_reihe(ind: Indikator, rows: Iterable[SeriesRow], jahr: int) -> Veraenderung:
    """The change of a series' value of one year against the previous year."""
    werte = jahreswerte(rows)
    return veraenderung(ind, werte.get(jahr), werte.get(jahr - 1), jahr)

"""Targets (Zielwerte): where a value stands against its target, and its change against the previous year.

Pure (no Django), for the web pages, the FactSheet and the annual report alike. Values and targets are
compared as they are printed (rounded to the unit's decimals, e.g. one decimal for percent), so a status
never contradicts the numbers beside it. The texts are German, like the catalogue and the charts.

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
from integrationsmonitor.publish import formatting as fmt

from .model import SeriesRow


class Status(StrEnum):
    ERREICHT = "erreicht"
    AUF_KURS = "auf_kurs"
    OFFEN = "offen"
    NICHT_AUF_KURS = "nicht_auf_kurs"
    NICHT_ERREICHT = "nicht_erreicht"
    KEIN_ZIEL = "kein_ziel"
    KEIN_WERT = "kein_wert"


# Short German label and a sign to show beside it (never the colour alone); the sign is decoration only.
LABEL: dict[Status, str] = {
    Status.ERREICHT: "Ziel erreicht",
    Status.AUF_KURS: "auf Kurs",
    Status.OFFEN: "Tendenz offen",
    Status.NICHT_AUF_KURS: "nicht auf Kurs",
    Status.NICHT_ERREICHT: "Ziel nicht erreicht",
    Status.KEIN_ZIEL: "kein Ziel",
    Status.KEIN_WERT: "kein Wert",
}
SYMBOL: dict[Status, str] = {
    Status.ERREICHT: "✓",
    Status.AUF_KURS: "→",
    Status.OFFEN: "?",
    Status.NICHT_AUF_KURS: "!",
    Status.NICHT_ERREICHT: "✗",
    Status.KEIN_ZIEL: "–",
    Status.KEIN_WERT: "–",
}

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
    text: str = ""  # one or two German sentences

    @property
    def label(self) -> str:
        return LABEL[self.status]

    @property
    def symbol(self) -> str:
        return SYMBOL[self.status]

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
    text: str  # "+55 (+31,3 %) gegenüber 2023, eine Verbesserung"

    @property
    def vorjahr(self) -> int:
        return self.jahr - 1


def _stellen(einheit: str) -> int:
    return fmt.EINHEITEN.get(einheit, (1, ""))[0]


def _gerundet(wert: float, einheit: str) -> float:
    return float(fmt.runden(wert, _stellen(einheit)))


def _wert(wert: float | None, einheit: str) -> str:
    return fmt.wert(wert, einheit if einheit in fmt.EINHEITEN else "dezimal")


def _betrag(differenz: float, einheit: str) -> str:
    """An unsigned difference: "0,2 Prozentpunkte" for shares, else the value with its unit."""
    if einheit == "prozent":
        return f"{fmt.zahl(abs(differenz), 1)} Prozentpunkte"
    return _wert(abs(differenz), einheit)


def _mit_vorzeichen(differenz: float, einheit: str, stellen: int | None = None) -> str:
    """A signed difference: "+0,6 Prozentpunkte", "−2.110", "±0"."""
    if einheit == "prozent":
        return fmt.punkte(differenz)
    stellen = _stellen(einheit) if stellen is None else stellen
    q = fmt.runden(differenz, stellen)
    zeichen = "±" if q == 0 else ("+" if q > 0 else "")
    suffix = fmt.EINHEITEN.get(einheit, (1, ""))[1]
    return f"{zeichen}{fmt.zahl(differenz, stellen)}{suffix}"


def _je_jahr(differenz: float, einheit: str) -> str:
    """The change needed per year; counts get a decimal when the need is fractional (2,5 je Jahr)."""
    stellen = _stellen(einheit)
    if einheit == "anzahl" and differenz != round(differenz):
        stellen = 1
    return f"{_mit_vorzeichen(differenz, einheit, stellen)} je Jahr"


def relevantes_ziel(ind: Indikator, jahr: int, gebiet: str) -> Ziel | None:
    """The target for that year in that region, else the nearest later one; None after the last target."""
    kommende = [z for z in ind.ziele_fuer(gebiet) if z.jahr >= jahr]
    return min(kommende, key=lambda z: z.jahr) if kommende else None


def _ziel_text(ziel: Ziel, einheit: str) -> str:
    return f"Ziel für {ziel.jahr} ({_wert(ziel.wert, einheit)})"


def bewerte(
    ind: Indikator, ziel: Ziel, wert: float | None, jahr: int, *, vorjahreswert: float | None = None
) -> Zielstatus:
    """The value of one year against one given target (see the module docstring for the rules)."""
    e = ind.einheit
    richtung = VORZEICHEN.get(ind.richtung)
    if richtung is None:
        return Zielstatus(Status.KEIN_ZIEL, jahr, wert, e, text="Der Indikator hat keine Wertungsrichtung.")
    ziel_text = _ziel_text(ziel, e)
    if wert is None:
        text = f"Für {jahr} liegt kein Wert vor; {ziel_text}."
        return Zielstatus(Status.KEIN_WERT, jahr, None, e, ziel, vorjahreswert=vorjahreswert, text=text)
    v, t = _gerundet(wert, e), _gerundet(ziel.wert, e)
    abstand = _gerundet(v - t, e)

    def ergebnis(status: Status, text: str, noetig: float | None = None) -> Zielstatus:
        return Zielstatus(status, jahr, wert, e, ziel, abstand, vorjahreswert, noetig, text)

    stand = f"{jahr}: {_wert(wert, e)}"
    if abstand == 0:
        lage = "genau auf dem Zielwert"
    else:
        lage = f"{_betrag(abstand, e)} {'darüber' if abstand > 0 else 'darunter'}"
    if richtung * abstand >= 0:
        schon = "" if ziel.jahr <= jahr else "schon "
        return ergebnis(Status.ERREICHT, f"{stand} – {ziel_text} {schon}erreicht, {lage}.")
    if ziel.jahr <= jahr:
        return ergebnis(Status.NICHT_ERREICHT, f"{stand} – {ziel_text} nicht erreicht, {lage}.")
    noetig = (t - v) / (ziel.jahr - jahr)
    bedarf = f"nötig sind {_je_jahr(noetig, e)}"
    if vorjahreswert is None:
        text = (
            f"{stand} – {ziel_text} noch nicht erreicht: {bedarf}. Ohne Wert für {jahr - 1} lässt sich nicht sagen, "
            "ob der Indikator auf Kurs ist."
        )
        return ergebnis(Status.OFFEN, text, noetig)
    tatsaechlich = v - _gerundet(vorjahreswert, e)
    zuletzt = f"zuletzt {_mit_vorzeichen(tatsaechlich, e)} gegenüber {jahr - 1}"
    if richtung * tatsaechlich >= richtung * noetig:
        text = f"{stand} – auf Kurs zum {ziel_text}: {bedarf}, {zuletzt}."
        return ergebnis(Status.AUF_KURS, text, noetig)
    text = f"{stand} – nicht auf Kurs zum {ziel_text}: {bedarf}, {zuletzt}."
    return ergebnis(Status.NICHT_AUF_KURS, text, noetig)


def zielstatus(
    ind: Indikator, wert: float | None, jahr: int, *, gebiet: str, vorjahreswert: float | None = None
) -> Zielstatus:
    """The value of one year in one region against the target that applies to that year."""
    if VORZEICHEN.get(ind.richtung) is None:
        return Zielstatus(
            Status.KEIN_ZIEL, jahr, wert, ind.einheit, text="Der Indikator hat keine Wertungsrichtung."
        )
    ziel = relevantes_ziel(ind, jahr, gebiet)
    if ziel is None:
        text = (
            f"Für {jahr} und später ist kein Zielwert festgelegt."
            if ind.ziele_fuer(gebiet)
            else "Für dieses Gebiet ist kein Zielwert festgelegt."
        )
        return Zielstatus(Status.KEIN_ZIEL, jahr, wert, ind.einheit, vorjahreswert=vorjahreswert, text=text)
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
        return Zielstatus(status, None, None, ind.einheit, ziel, text="Noch kein Wert geliefert.")
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
    gegenueber = f"gegenüber {jahr - 1}"
    if wert is None or vorjahreswert is None:
        fehlt = jahr if wert is None else jahr - 1
        text = f"Kein Vergleich mit {jahr - 1}: für {fehlt} liegt kein Wert vor."
        return Veraenderung(jahr, wert, vorjahreswert, None, None, "", text)
    differenz = _gerundet(_gerundet(wert, e) - _gerundet(vorjahreswert, e), e)
    prozent = None
    if e not in ("prozent", "promille") and vorjahreswert != 0:
        prozent = (wert - vorjahreswert) / abs(vorjahreswert) * 100
    text = _mit_vorzeichen(differenz, e)
    if prozent is not None:
        text += f" ({_mit_vorzeichen(prozent, 'dezimal')} %)"
    text += f" {gegenueber}"
    richtung = VORZEICHEN.get(ind.richtung)
    wertung = ""
    if richtung is not None:
        if differenz == 0:
            wertung = "unverändert"
        else:
            wertung = "besser" if richtung * differenz > 0 else "schlechter"
            text += ", eine Verbesserung" if wertung == "besser" else ", eine Verschlechterung"
    return Veraenderung(jahr, wert, vorjahreswert, differenz, prozent, wertung, text)


def veraenderung_reihe(ind: Indikator, rows: Iterable[SeriesRow], jahr: int) -> Veraenderung:
    """The change of a series' value of one year against the previous year."""
    werte = jahreswerte(rows)
    return veraenderung(ind, werte.get(jahr), werte.get(jahr - 1), jahr)

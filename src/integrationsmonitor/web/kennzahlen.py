"""Key-figure cards for the start page: latest value at the Kreis and its change (read only)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from integrationsmonitor.catalog.model import Indikator, Katalog
from integrationsmonitor.indicators.engine import AUSSTEHEND, Quelle, kategorie_namen, reihe
from integrationsmonitor.indicators.model import SeriesRow
from integrationsmonitor.publish import formatting as fmt

from .anzeige import aufschluesselung_titel, veraenderung
from .ausstehend import bis_stand, hinweise
from .sparkline import sparkline_svg
from .ziele import StatusAnzeige, kennzahl_status

MAX_KATEGORIEN = 5  # categories shown on a card of an indicator that only exists broken down


@dataclass(frozen=True)
class KategorieWert:
    name: str
    wert: str


@dataclass(frozen=True)
class Kennzahl:
    indikator: Indikator
    wert: str  # formatted, "." when the newest period has no value (secret cell, ...), "" without any value
    periode: str = ""  # formatted period of the value
    grund: str = ""  # why the value is missing
    veraenderung: str = ""  # "+0,5 Prozentpunkte", "+2.110"
    vergleich: str = ""  # "gegenüber 2023"
    kategorien: list[KategorieWert] = field(default_factory=list)
    kategorie_titel: str = ""
    ziel: StatusAnzeige | None = None  # status against the target, where the Kreis has one
    ausstehend: list[str] = field(default_factory=list)  # newer periods waiting for a delivery
    veraenderung_worte: str = ""  # the change in words for screen readers: "gestiegen um 0,5 Prozentpunkte"
    sparkline: SafeString = field(
        default_factory=SafeString
    )  # inline SVG of the Kreis series (web.sparkline), "" without values
    keine_daten: bool = False  # no period has a value: the card says "noch keine Daten" in one line


def _keine_daten(ind: Indikator, rows: list[SeriesRow]) -> Kennzahl:
    """No period has a value: one line "noch keine Daten", with the reason when one was given (a secret
    cell, a denominator of 0), not a bare "."."""
    grund = next((r.reason for r in reversed(rows) if r.reason and r.reason not in AUSSTEHEND), "")
    return Kennzahl(ind, "", grund=grund, keine_daten=True)


def in_worten(veraenderung: str, vergleich: str) -> str:
    """A signed change ("+0,5 Prozentpunkte", "−2.110", "±0") in words for screen readers."""
    if veraenderung.startswith("±"):
        return _("unverändert %(vergleich)s") % {"vergleich": vergleich}
    betrag = veraenderung.lstrip("+" + fmt.MINUS)
    if veraenderung.startswith(fmt.MINUS):
        return _("gesunken um %(betrag)s %(vergleich)s") % {"betrag": betrag, "vergleich": vergleich}
    return _("gestiegen um %(betrag)s %(vergleich)s") % {"betrag": betrag, "vergleich": vergleich}


def _sparkline(ind: Indikator, rows: list[SeriesRow]) -> SafeString:
    """The Kreis series as a sparkline; its aria-label names first and last value and where the numbers are."""
    mit_wert = [r for r in rows if r.value is not None]
    if not mit_wert:
        return mark_safe("")
    erste, letzte = mit_wert[0], mit_wert[-1]
    if len(mit_wert) == 1:
        text = _("Verlauf: nur ein Wert, %(periode)s: %(wert)s.") % {
            "periode": fmt.periode(letzte.period),
            "wert": fmt.wert(letzte.value, ind.einheit),
        }
    else:
        text = _("Verlauf %(von)s bis %(bis)s: von %(erster)s auf %(letzter)s.") % {
            "von": fmt.periode(erste.period),
            "bis": fmt.periode(letzte.period),
            "erster": fmt.wert(erste.value, ind.einheit),
            "letzter": fmt.wert(letzte.value, ind.einheit),
        }
    text += " " + _("Die Zahlen stehen auf dieser Karte, alle Werte in der Tabelle der Indikatorseite.")
    svg = sparkline_svg([(r.period, r.value) for r in rows], text)
    return mark_safe(svg)  # built by sparkline_svg, every text in it escaped


def _einfach(ind: Indikator, rows: list[SeriesRow]) -> Kennzahl:
    if all(r.value is None for r in rows):
        return _keine_daten(ind, rows)
    letzte = rows[-1]
    if letzte.value is None:
        return Kennzahl(ind, fmt.FEHLT, fmt.periode(letzte.period), letzte.reason)
    kennzahl = Kennzahl(ind, fmt.wert(letzte.value, ind.einheit), fmt.periode(letzte.period))
    if len(rows) < 2 or rows[-2].value is None:
        return kennzahl
    vorher = rows[-2]
    assert vorher.value is not None
    differenz = veraenderung(letzte.value - vorher.value, ind.einheit)
    vergleich = _("gegenüber %(periode)s") % {"periode": fmt.periode(vorher.period)}
    return Kennzahl(
        ind,
        kennzahl.wert,
        kennzahl.periode,
        veraenderung=differenz,
        vergleich=vergleich,
        veraenderung_worte=in_worten(differenz, vergleich),
    )


def _aufgeschluesselt(katalog: Katalog, ind: Indikator, rows: list[SeriesRow]) -> Kennzahl:
    """Latest period of an indicator that only makes sense broken down: its (largest) categories."""
    if all(r.value is None for r in rows):
        return _keine_daten(ind, rows)
    letzte = rows[-1].period
    a = ind.aufschluesselungen[0]
    namen = kategorie_namen(katalog, ind, a)
    aktuell = [r for r in rows if r.period == letzte]
    vorhanden = sorted((r for r in aktuell if r.value is not None), key=lambda r: -(r.value or 0.0))
    kategorien = [
        KategorieWert(namen.get(r.category or "", r.category or ""), fmt.wert(r.value, ind.einheit))
        for r in vorhanden[:MAX_KATEGORIEN]
    ]
    grund = "" if kategorien else (aktuell[0].reason if aktuell else _("noch keine Lieferung"))
    return Kennzahl(
        ind,
        "",
        fmt.periode(letzte),
        grund=grund,
        kategorien=kategorien,
        kategorie_titel=aufschluesselung_titel(katalog, ind, a),
    )


def kennzahl(katalog: Katalog, quelle: Quelle, ind: Indikator) -> Kennzahl:
    """The card of one key figure at the Kreis: its newest period with a value (or a final reason such as
    a secret cell), with a note for each newer period still waiting for a delivery."""
    rows, wartend = bis_stand(reihe(katalog, quelle, ind.id))
    noten = hinweise(katalog, quelle, ind, wartend)
    if ind.pflicht_aufschluesselung:
        return replace(_aufgeschluesselt(katalog, ind, rows), ausstehend=noten)
    karte = replace(_einfach(ind, rows), ausstehend=noten, sparkline=_sparkline(ind, rows))
    status = kennzahl_status(katalog, ind, rows)
    return karte if status is None else replace(karte, ziel=status)

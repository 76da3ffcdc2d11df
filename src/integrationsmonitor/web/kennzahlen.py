"""Key-figure cards for the start page: latest value at the Kreis and its change (read only)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from django.utils.translation import gettext as _

from integrationsmonitor.catalog.model import Indikator, Katalog
from integrationsmonitor.indicators.engine import Quelle, kategorie_namen, reihe
from integrationsmonitor.indicators.model import SeriesRow
from integrationsmonitor.publish import formatting as fmt

from .anzeige import aufschluesselung_titel, veraenderung
from .ausstehend import bis_stand, hinweise
from .ziele import StatusAnzeige, kennzahl_status

MAX_KATEGORIEN = 5  # categories shown on a card of an indicator that only exists broken down


@dataclass(frozen=True)
class KategorieWert:
    name: str
    wert: str


@dataclass(frozen=True)
class Kennzahl:
    indikator: Indikator
    wert: str  # formatted, "." when missing
    periode: str = ""  # formatted period of the value
    grund: str = ""  # why the value is missing
    veraenderung: str = ""  # "+0,5 Prozentpunkte", "+2.110"
    vergleich: str = ""  # "gegenüber 2023"
    kategorien: list[KategorieWert] = field(default_factory=list)
    kategorie_titel: str = ""
    ziel: StatusAnzeige | None = None  # status against the target, where the Kreis has one
    ausstehend: list[str] = field(default_factory=list)  # newer periods waiting for a delivery


def _leer(ind: Indikator, grund: str) -> Kennzahl:
    return Kennzahl(ind, fmt.FEHLT, grund=grund)


def _einfach(ind: Indikator, rows: list[SeriesRow]) -> Kennzahl:
    if not rows:
        return _leer(ind, _("noch keine Lieferung"))
    letzte = rows[-1]
    if letzte.value is None:
        return Kennzahl(ind, fmt.FEHLT, fmt.periode(letzte.period), letzte.reason)
    kennzahl = Kennzahl(ind, fmt.wert(letzte.value, ind.einheit), fmt.periode(letzte.period))
    if len(rows) < 2 or rows[-2].value is None:
        return kennzahl
    vorher = rows[-2]
    assert vorher.value is not None
    return Kennzahl(
        ind,
        kennzahl.wert,
        kennzahl.periode,
        veraenderung=veraenderung(letzte.value - vorher.value, ind.einheit),
        vergleich=_("gegenüber %(periode)s") % {"periode": fmt.periode(vorher.period)},
    )


def _aufgeschluesselt(katalog: Katalog, ind: Indikator, rows: list[SeriesRow]) -> Kennzahl:
    """Latest period of an indicator that only makes sense broken down: its (largest) categories."""
    if not rows:
        return _leer(ind, _("noch keine Lieferung"))
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
    karte = replace(_einfach(ind, rows), ausstehend=noten)
    status = kennzahl_status(katalog, ind, rows)
    return karte if status is None else replace(karte, ziel=status)

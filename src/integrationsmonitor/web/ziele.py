"""View data of targets (Zielwerte): the status with sign and words, and the table of targets (read only).

The assessment itself is pure (indicators.ziele), its German sentences are publish.zieltexte; this module
only adds translated labels and the rows the templates show. The detailed sentence stays German (marked
lang="de"), like the chart texts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integrationsmonitor.catalog.model import Gebiet, Indikator, Katalog
from integrationsmonitor.indicators import ziele
from integrationsmonitor.indicators.model import SeriesRow
from integrationsmonitor.indicators.ziele import Status, Zielstatus
from integrationsmonitor.publish import formatting as fmt
from integrationsmonitor.publish.zieltexte import symbol, zieltext

STATUS_WORTE: dict[Status, Promise] = {
    Status.ERREICHT: gettext_lazy("Ziel erreicht"),
    Status.AUF_KURS: gettext_lazy("auf Kurs"),
    Status.OFFEN: gettext_lazy("Tendenz offen"),
    Status.NICHT_AUF_KURS: gettext_lazy("nicht auf Kurs"),
    Status.NICHT_ERREICHT: gettext_lazy("Ziel nicht erreicht"),
    Status.KEIN_ZIEL: gettext_lazy("kein Ziel"),
    Status.KEIN_WERT: gettext_lazy("kein Wert"),
}


@dataclass(frozen=True)
class StatusAnzeige:
    """A status as shown: sign (decoration, aria-hidden), translated label, German sentence."""

    status: Zielstatus
    label: str
    symbol: str
    klasse: str  # CSS class; colour is an extra cue only, sign and label carry the meaning
    ziel_kurz: str  # "Ziel für 2026: 50"
    text: str  # the German sentence on the status (publish.zieltexte)


@dataclass(frozen=True)
class ZielZeile:
    jahr: int
    zielwert: str
    stand: str  # the value assessed with its year: "42 (2024)", or "." without a value
    anzeige: StatusAnzeige
    quelle: str


@dataclass(frozen=True)
class Zielbereich:
    """The targets section of an indicator page for one region."""

    gebiet: Gebiet
    aktuell: StatusAnzeige | None  # status of the latest year; None without targets in this region
    zeilen: list[ZielZeile]
    andere_gebiete: list[str] = field(default_factory=list)  # regions that do have targets

    @property
    def beschriftung(self) -> str:
        return _("Zielwerte, %(gebiet)s") % {"gebiet": self.gebiet.name}


def anzeige(s: Zielstatus) -> StatusAnzeige:
    kurz = ""
    if s.ziel is not None:
        kurz = _("Ziel für %(jahr)s: %(wert)s") % {
            "jahr": s.ziel.jahr,
            "wert": fmt.wert(s.ziel.wert, s.einheit),
        }
    klasse = f"zielstatus zielstatus-{s.status.value.replace('_', '-')}"
    return StatusAnzeige(s, str(STATUS_WORTE[s.status]), symbol(s), klasse, kurz, zieltext(s))


def zielbereich(
    katalog: Katalog, ind: Indikator, gebiet: Gebiet, rows: Sequence[SeriesRow]
) -> Zielbereich | None:
    """Targets of the region with their status; None when the indicator has no targets at all.

    `rows` is the series of the region without breakdown."""
    if not ind.ziele:
        return None
    if not ind.ziele_fuer(gebiet.code):
        codes = dict.fromkeys(z.gebiet for z in ind.ziele)
        namen = [katalog.gebiete[c].name if c in katalog.gebiete else c for c in codes]
        return Zielbereich(gebiet, None, [], namen)
    zeilen = []
    for s in ziele.zielbilanz(ind, rows, gebiet=gebiet.code):
        assert s.ziel is not None
        stand = fmt.FEHLT if s.wert is None else f"{fmt.wert(s.wert, ind.einheit)} ({s.jahr})"
        zeilen.append(
            ZielZeile(s.ziel.jahr, fmt.wert(s.ziel.wert, ind.einheit), stand, anzeige(s), s.ziel.quelle)
        )
    aktuell = anzeige(ziele.zielstatus_reihe(ind, rows, gebiet=gebiet.code))
    return Zielbereich(gebiet, aktuell, zeilen)


def kennzahl_status(katalog: Katalog, ind: Indikator, rows: Sequence[SeriesRow]) -> StatusAnzeige | None:
    """The status of a key figure at the Kreis for its latest period; None without targets there."""
    if not ind.ziele_fuer(katalog.kreis.code) or not rows or not rows[-1].period.isdigit():
        return None
    jahr = int(rows[-1].period)
    return anzeige(ziele.zielstatus_reihe(ind, rows, gebiet=katalog.kreis.code, jahr=jahr))

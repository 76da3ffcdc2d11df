"""View data of the start page and the indicator list, grouped by Handlungsfeld (read only)."""

from __future__ import annotations

from dataclasses import dataclass

from integrationsmonitor.catalog.model import Handlungsfeld, Indikator, Katalog
from integrationsmonitor.indicators.engine import Quelle

from .anzeige import handlungsfeld_titel, handlungsfelder
from .kennzahlen import Kennzahl, kennzahl


@dataclass(frozen=True)
class Feld:
    handlungsfeld: Handlungsfeld
    titel: str
    indikatoren: list[Indikator]
    kennzahlen: list[Kennzahl]

    @property
    def anker(self) -> str:
        return f"hf-{self.handlungsfeld.id}"


def _indikatoren(katalog: Katalog, hf: Handlungsfeld) -> list[Indikator]:
    return [i for i in katalog.indikatoren.values() if i.handlungsfeld == hf.id]  # catalogue order


def indikatorliste(katalog: Katalog) -> list[Feld]:
    """Every action field with its indicators (no figures computed)."""
    return [
        Feld(hf, handlungsfeld_titel(hf), _indikatoren(katalog, hf), []) for hf in handlungsfelder(katalog)
    ]


def startseite(katalog: Katalog, quelle: Quelle) -> list[Feld]:
    """Every action field with its indicators and the key-figure cards of its `kernzahl` indicators."""
    felder = []
    for hf in handlungsfelder(katalog):
        inds = _indikatoren(katalog, hf)
        karten = [kennzahl(katalog, quelle, i) for i in inds if i.kernzahl]
        felder.append(Feld(hf, handlungsfeld_titel(hf), inds, karten))
    return felder

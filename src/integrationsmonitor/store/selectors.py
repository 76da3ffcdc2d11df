"""Read access to deliveries and observations."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db.models import QuerySet

from integrationsmonitor.catalog.model import Katalog
from integrationsmonitor.indicators.cube import Wuerfel, Zelle

from .ingest import TRENNER
from .models import Lieferung


def lieferungen(*, datensatz: str | None = None, nur_aktive: bool = False) -> QuerySet[Lieferung]:
    qs = Lieferung.objects.all()
    if datensatz:
        qs = qs.filter(datensatz=datensatz)
    if nur_aktive:
        qs = qs.filter(status=Lieferung.Status.AKTIV)
    return qs


def gibt_demodaten() -> bool:
    return Lieferung.objects.filter(status=Lieferung.Status.AKTIV, ist_demo=True).exists()


class DbQuelle:
    """The active deliveries as cubes, loaded once per dataset and period (one instance per request).

    With `stand` (delivery ids), exactly those delivery versions instead, whatever their status now:
    an archived FactSheet is regenerated from the versions it used. `benutzt` collects the ids of the
    deliveries whose cells were read."""

    def __init__(self, katalog: Katalog, stand: Iterable[int] | None = None) -> None:
        self.katalog = katalog
        self.stand = None if stand is None else frozenset(stand)
        self.benutzt: set[int] = set()
        self._aktiv: dict[str, dict[str, Lieferung]] | None = None
        self._wuerfel: dict[tuple[str, str], Wuerfel | None] = {}

    def aktive(self, datensatz: str) -> dict[str, Lieferung]:
        if self._aktiv is None:
            self._aktiv = {}
            qs = (
                Lieferung.objects.filter(status=Lieferung.Status.AKTIV)
                if self.stand is None
                else Lieferung.objects.filter(id__in=self.stand)
            )
            for lf in qs:
                self._aktiv.setdefault(lf.datensatz, {})[lf.zeitraum] = lf
        return self._aktiv.get(datensatz, {})

    def eingang(self, datensatz: str, zeitraum: str) -> datetime | None:
        """When the delivery behind a dataset and period arrived (its data status)."""
        lf = self.aktive(datensatz).get(zeitraum)
        return None if lf is None else lf.eingegangen_am

    def zeitraeume(self, datensatz: str) -> list[str]:
        return sorted(self.aktive(datensatz))

    def wuerfel(self, datensatz: str, zeitraum: str) -> Wuerfel | None:
        key = (datensatz, zeitraum)
        if key not in self._wuerfel:
            lf = self.aktive(datensatz).get(zeitraum)
            self._wuerfel[key] = None if lf is None else self._lade(lf)
            if lf is not None:
                self.benutzt.add(lf.id)
        return self._wuerfel[key]

    def _lade(self, lf: Lieferung) -> Wuerfel:
        zeilen = lf.beobachtungen.values_list("gebiet", "merkmale", "wert", "kennzeichen")
        zellen = [Zelle(g, tuple(m.split(TRENNER)), w, k) for g, m, w, k in zeilen.iterator(chunk_size=5000)]
        return Wuerfel(self.katalog, self.katalog.datensaetze[lf.datensatz], zellen)


def letzter_eingang() -> datetime | None:
    """When the newest active delivery arrived (the data status shown in the page footer)."""
    lf = Lieferung.objects.filter(status=Lieferung.Status.AKTIV).order_by("-eingegangen_am").first()
    return lf.eingegangen_am if lf else None

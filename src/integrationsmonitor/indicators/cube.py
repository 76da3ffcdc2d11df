"""The delivered cells of one dataset and period, and how any cell's value follows from them (pure).

Rules (DESIGN §2): a delivered cell is taken as delivered. A cell that was not delivered is the sum of
the delivered cells of the finest level below it (Gemeinde, every dimension coded), provided the
delivery contains that level at all: fine cells that are 0 may be left out. If one of the summed
cells is secret, the result is missing ("geheim gehalten"), never a partial sum. Datasets whose codes
measure different things (summierbar: false) are never summed.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from integrationsmonitor.catalog.model import EBENEN, TOTAL, Datensatz, Katalog

from .model import FEHLT_GEHEIM, FEHLT_ZELLE, Wert

# Per dimension: None = total over the dimension, otherwise the set of codes to add up.
Auswahl = tuple[frozenset[str] | None, ...]

_FLAG_RANG = {"p": 3, "s": 2, "r": 1}
MAX_KOMBINATIONEN = 4096  # beyond this, a selection is summed from the finest cells directly


@dataclass(frozen=True, slots=True)
class Zelle:
    gebiet: str
    merkmale: tuple[str, ...]  # codes in the dataset's dimension order, TOTAL for totals
    wert: float | None  # None only for secret cells
    kennzeichen: str = ""  # "", "p", "s", "r", "g" (geheim)

    @property
    def geheim(self) -> bool:
        return self.kennzeichen == "g"


def _summe(zellen: Iterable[tuple[float | None, str]]) -> Wert:
    total, flag = 0.0, ""
    for wert, kennzeichen in zellen:
        if kennzeichen == "g" or wert is None:
            return Wert(None, "g", FEHLT_GEHEIM)
        total += wert
        if _FLAG_RANG.get(kennzeichen, 0) > _FLAG_RANG.get(flag, 0):
            flag = kennzeichen
    return Wert(total, flag)


class Wuerfel:
    """Cells of one delivery (dataset × period) with lookup and roll-up.

    `gruppen` (published cubes, docs/geheimhaltung.md): per dimension index, codes of published subtotals
    (`kontinent:europa`) and the codes they sum. A selection that contains all codes of a subtotal reads the
    subtotal, so a sum over many secret small cells still has the value published for it."""

    def __init__(
        self,
        katalog: Katalog,
        datensatz: Datensatz,
        zellen: Sequence[Zelle],
        gruppen: Mapping[int, Mapping[str, frozenset[str]]] | None = None,
        strukturnull: frozenset[tuple[str, tuple[str, ...]]] = frozenset(),
    ) -> None:
        self.katalog, self.datensatz = katalog, datensatz
        self.gruppen = gruppen or {}
        self.strukturnull = strukturnull  # cells impossible by the catalogue's rules (published as 0)
        self.exakt: dict[tuple[str, tuple[str, ...]], Zelle] = {(z.gebiet, z.merkmale): z for z in zellen}
        # The finest level is the finest region level at which this delivery has fully coded cells
        # (a Kreis-only delivery of fully coded cells has its finest level at the Kreis).
        ebenen = {katalog.gebiete[z.gebiet].ebene for z in zellen if TOTAL not in z.merkmale}
        self.feinste_ebene = max(ebenen, key=EBENEN.index) if ebenen else datensatz.feinste_ebene
        self.fein: dict[str, list[Zelle]] = {}
        for z in zellen:
            if self.ist_fein(z):
                self.fein.setdefault(z.gebiet, []).append(z)
        self._cache: dict[tuple[str, Auswahl], Wert] = {}
        self._codes: dict[int, frozenset[str]] = {}

    def ist_fein(self, zelle: Zelle) -> bool:
        ebene = self.katalog.gebiete[zelle.gebiet].ebene
        return ebene == self.feinste_ebene and TOTAL not in zelle.merkmale

    def feine_gebiete(self, gebiet: str) -> list[str] | None:
        """The finest-level regions that make up `gebiet`; None if `gebiet` is finer than the dataset."""
        ebene = self.katalog.gebiete[gebiet].ebene
        if ebene == self.feinste_ebene:
            return [gebiet]
        if self.feinste_ebene == "gemeinde":
            return self.katalog.gemeinden_unter(gebiet)
        if self.feinste_ebene == "kreis" or ebene == "gemeinde":
            return None
        return [g.code for g in self.katalog.kinder(gebiet)]  # verband level below the Kreis

    def fein_summe(self, gebiet: str, auswahl: Auswahl) -> Wert | None:
        """Sum of the finest delivered cells below a cell; None if the delivery has no finest level."""
        if not self.fein or not self.datensatz.summierbar:
            return None
        gebiete = self.feine_gebiete(gebiet)
        if gebiete is None:
            return None
        return _summe(
            (z.wert, z.kennzeichen)
            for g in gebiete
            for z in self.fein.get(g, ())
            if all(a is None or m in a for m, a in zip(z.merkmale, auswahl, strict=True))
        )

    def aufsummiert(self, muster: set[tuple[bool, ...]]) -> dict[tuple[str, tuple[str, ...]], Wert]:
        """Sums of the finest cells for every region above them and every pattern of coded dimensions
        (True = keep the code, False = total), in one pass: for checking many margins at once."""
        summen: dict[tuple[str, tuple[str, ...]], tuple[float, bool]] = {}
        for gebiet, zellen in self.fein.items():
            kette = [gebiet]
            while (eltern := self.katalog.gebiete[kette[-1]].parent) is not None:
                kette.append(eltern)
            for z in zellen:
                for m in muster:
                    key_m = tuple(c if behalten else TOTAL for c, behalten in zip(z.merkmale, m, strict=True))
                    for g in kette:
                        alt, geheim = summen.get((g, key_m), (0.0, False))
                        summen[(g, key_m)] = (alt + (z.wert or 0.0), geheim or z.geheim)
        return {k: Wert(None, "g", FEHLT_GEHEIM) if geheim else Wert(v) for k, (v, geheim) in summen.items()}

    def wert(self, gebiet: str, auswahl: Auswahl) -> Wert:
        """The value of any cell: delivered, or summed from delivered cells, or missing with its reason."""
        key = (gebiet, auswahl)
        if key not in self._cache:
            self._cache[key] = self._berechne(gebiet, auswahl)
        return self._cache[key]

    def _achse(self, index: int, auswahl: frozenset[str] | None) -> tuple[str, ...]:
        """The codes to add up for one dimension: published subtotals that the selection covers, then the rest."""
        if auswahl is None:
            return (TOTAL,)
        gruppen = self.gruppen.get(index)
        if not gruppen:
            return tuple(sorted(auswahl))
        rest = set(auswahl)
        codes = []
        for code, teile in sorted(gruppen.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            if teile and teile <= rest:
                codes.append(code)
                rest -= teile
        return (*codes, *sorted(rest))

    def _berechne(self, gebiet: str, auswahl: Auswahl) -> Wert:
        """Per code combination of the selection: the delivered cell, else the sum of the finest cells
        of that combination. So delivered margins keep a value exact where fine cells are secret."""
        achsen = [self._achse(i, a) for i, a in enumerate(auswahl)]
        anzahl = math.prod(len(a) for a in achsen)
        if not self.datensatz.summierbar:  # only delivered cells: a figure not reported is not 0
            zelle = self.exakt.get((gebiet, tuple(a[0] for a in achsen))) if anzahl == 1 else None
            return Wert(None, "", FEHLT_ZELLE) if zelle is None else _summe([(zelle.wert, zelle.kennzeichen)])
        if anzahl > MAX_KOMBINATIONEN:
            summe = self.fein_summe(gebiet, auswahl)
            return summe if summe is not None else Wert(None, "", FEHLT_ZELLE)
        teile: list[tuple[float | None, str]] = []
        fehlend = []
        for k in itertools.product(*achsen):
            zelle = self.exakt.get((gebiet, k))
            if zelle is None:
                fehlend.append(k)
            else:
                teile.append((zelle.wert, zelle.kennzeichen))
        if fehlend:
            fein = self._fein_je_kombination(gebiet, auswahl)
            if fein is None:
                return Wert(None, "", FEHLT_ZELLE)
            teile += [fein.get(k, (0.0, "")) for k in fehlend]
        return _summe(teile)

    def _fein_je_kombination(
        self, gebiet: str, auswahl: Auswahl
    ) -> dict[tuple[str, ...], tuple[float | None, str]] | None:
        """Sums of the finest cells below `gebiet` per combination of the selected codes (one pass)."""
        if not self.fein:
            return None
        gebiete = self.feine_gebiete(gebiet)
        if gebiete is None:
            return None
        summen: dict[tuple[str, ...], tuple[float | None, str]] = {}
        for g in gebiete:
            for z in self.fein.get(g, ()):
                if not all(a is None or m in a for m, a in zip(z.merkmale, auswahl, strict=True)):
                    continue
                k = tuple(TOTAL if a is None else m for m, a in zip(z.merkmale, auswahl, strict=True))
                alt, kz = summen.get(k, (0.0, ""))
                if alt is None or z.geheim:
                    summen[k] = (None, "g")
                else:
                    summen[k] = (alt + (z.wert or 0.0), kz or z.kennzeichen)
        return summen

    def codes(self, index: int) -> frozenset[str]:
        """Codes of one dimension that occur in the delivered cells (computed once per dimension); subtotals
        are not codes, and a code only in cells that are impossible by the rules does not occur."""
        if index not in self._codes:
            self._codes[index] = frozenset(
                {k[1][index] for k in self.exakt if k not in self.strukturnull}
                - {TOTAL}
                - set(self.gruppen.get(index, {}))
            )
        return self._codes[index]

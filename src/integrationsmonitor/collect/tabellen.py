"""Which tables a delivery publishes, and their protection as linked tables (pure).

A full cube of every dimension at every region level is far too large and too fine to protect (most cells
are 1 or 2). The profile names the tables to publish instead, e.g. Gebiet × Gruppe at every region level
and Gruppe × Staatsangehörigkeit for the Kreis only. Each table gets primary and secondary suppression
(protect); cells that several tables share (e.g. the total of a Gemeinde) must be secret in all of them
if they are secret in one, so the tables are protected again with those cells forced secret until
nothing changes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from integrationsmonitor.catalog.model import TOTAL, Katalog
from integrationsmonitor.protect import Hierarchie, Tabelle, primaer, sekundaer

Schluessel = tuple[str, ...]  # (gebiet, code per dimension of the dataset)
MAX_RUNDEN = 20


@dataclass(frozen=True)
class Veroeffentlichung:
    """One published table: some dimensions of the dataset, at every region level or for the Kreis only."""

    merkmale: tuple[str, ...]
    nur_kreis: bool = False


@dataclass(frozen=True)
class Geschuetzt:
    werte: dict[Schluessel, int | None]  # every published cell; None = secret
    primaer: frozenset[Schluessel]
    sekundaer: frozenset[Schluessel]


class Teiltabelle:
    def __init__(
        self, katalog: Katalog, merkmale: list[str], v: Veroeffentlichung, fein: Counter[Schluessel]
    ) -> None:
        self.katalog, self.alle_merkmale, self.v = katalog, merkmale, v
        idx = [merkmale.index(m) + 1 for m in v.merkmale]
        dims: list[str] = list(v.merkmale)
        hier = [Hierarchie.flach(TOTAL, sorted({k[i] for k in fein})) for i in idx]
        blatt = _projektion(fein, idx if v.nur_kreis else [0, *idx])
        if not v.nur_kreis:
            dims.insert(0, "gebiet")
            hier.insert(0, _gebietsbaum(katalog))
        self.tabelle = Tabelle.aus_blattwerten(dims, hier, blatt)

    def voll(self, key: Schluessel) -> Schluessel:
        """The table's cell as a cell of the dataset (other dimensions at their total)."""
        gebiet, codes = (self.katalog.kreis.code, key) if self.v.nur_kreis else (key[0], key[1:])
        wert = dict(zip(self.v.merkmale, codes, strict=True))
        return (gebiet, *(wert.get(m, TOTAL) for m in self.alle_merkmale))


def _projektion(fein: Counter[Schluessel], teile: list[int]) -> dict[Schluessel, int]:
    """Counts summed over the parts of the key not in `teile` (one pass, no Python code per key part)."""
    holen = itemgetter(*teile)
    summe: dict[Any, int] = {}
    for key, n in zip(map(holen, fein), fein.values(), strict=True):
        summe[key] = summe.get(key, 0) + n
    return summe if len(teile) > 1 else {(k,): n for k, n in summe.items()}


def _gebietsbaum(katalog: Katalog) -> Hierarchie:
    return Hierarchie({g.code: g.parent for g in katalog.gebiete.values()})


def schuetze_tabellen(
    katalog: Katalog,
    merkmale: list[str],
    fein: Counter[Schluessel],
    tabellen: Iterable[Veroeffentlichung],
    schwelle: int = 2,
) -> Geschuetzt:
    """Protect every published table; cells shared between tables end up secret in all or none."""
    teile = [Teiltabelle(katalog, merkmale, v, fein) for v in tabellen]
    prim = {t.voll(z) for t in teile for z in primaer(t.tabelle, schwelle)}
    geheim = set(prim)
    for _ in range(MAX_RUNDEN):
        neu = set(prim)
        for t in teile:
            rueck = {t.voll(z): z for z in t.tabelle.zellen}
            erzwungen = {rueck[k] for k in geheim if k in rueck}
            neu |= {t.voll(z) for z in erzwungen | sekundaer(t.tabelle, erzwungen)}
        if neu == geheim:
            break
        geheim = neu
    werte: dict[Schluessel, int | None] = {}
    for t in teile:
        for z, n in t.tabelle.werte.items():
            k = t.voll(z)
            werte[k] = None if k in geheim else n
    return Geschuetzt(werte, frozenset(prim), frozenset(geheim - prim))

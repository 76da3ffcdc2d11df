"""Which tables a delivery publishes, and their protection (pure).

A full cube of every dimension at every region level is far too fine to publish (most cells are 1 or 2).
The dataset's catalogue entry names the tables to publish instead (`veroeffentlichung`, e.g. Gebiet × Gruppe
at every region level and the nationalities for the Kreis only); a profile may name its own. They are
protected as one linked set by the same procedure the platform applies at publication
(`protect.fassungen`, docs/geheimhaltung.md): cells of 0 to the threshold are secret, and further cells
until an integer attacker who knows every published cell pins no secret cell.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from integrationsmonitor.catalog.model import TOTAL, Katalog, Tabellenangabe, Veroeffentlichung
from integrationsmonitor.protect.fassungen import Fassung, veroeffentliche
from integrationsmonitor.protect.tabellensatz import Tabellensatz, baue, summen_aus_teilen

Schluessel = tuple[str, ...]  # (gebiet, code per dimension of the dataset)

REGEL = (
    "0 bis Schwelle geheim (primär), weitere Zellen gesperrt, bis ein ganzzahliger Angreifer, der jede "
    "veröffentlichte Zelle kennt, keine geheime Zelle enger als auf 3 Werte eingrenzt und keine als klein "
    "beweist (docs/geheimhaltung.md)"
)


@dataclass(frozen=True)
class Geschuetzt:
    werte: dict[Schluessel, int | None]  # every published cell; None = secret
    ok: bool  # did the attacker find nothing?


def schuetze_tabellen(
    katalog: Katalog,
    datensatz: str,
    zeitraum: str,
    fein: Counter[Schluessel],
    tabellen: Sequence[Tabellenangabe],
    schwelle: int,
) -> Geschuetzt:
    """Protect every published table of the counted cells as one linked set."""
    ds = katalog.datensaetze[datensatz]
    v = ds.veroeffentlichung or Veroeffentlichung()
    ds = dataclasses.replace(
        ds, veroeffentlichung=dataclasses.replace(v, schwelle=schwelle, tabellen=tuple(tabellen))
    )
    ts = baue(katalog, ds, zeitraum, tabellen)
    werte = _blattwerte(katalog, ts, fein)
    summen_aus_teilen(ts, werte)
    ergebnis = veroeffentliche(katalog, [Fassung("collect", ds, zeitraum, ts, werte)], [])
    return Geschuetzt(ergebnis.werte, ergebnis.ok)


def _projektion(zaehlung: Mapping[Schluessel, int], teile: list[int]) -> dict[Any, int]:
    """Counts summed over the parts of the key not in `teile` (one pass; no Python code per key part)."""
    holen = itemgetter(*teile)
    summe: dict[Any, int] = {}
    for key, n in zip(map(holen, zaehlung), zaehlung.values(), strict=True):
        summe[key] = summe.get(key, 0) + n
    return summe if len(teile) > 1 else {(k,): n for k, n in summe.items()}


def _blattwerte(
    katalog: Katalog, ts: Tabellensatz, fein: Mapping[Schluessel, int]
) -> dict[Schluessel, int | None]:
    """The finest cells of every table from the counted cells. Millions of records give hundreds of thousands
    of counted cells; two small projections are made first (without the dimension with the most codes, and
    for the Kreis), and each table is summed from the smallest one that has its dimensions."""
    merkmale = list(ts.datensatz.merkmale)
    groesste = max(
        range(len(merkmale)), key=lambda i: len(katalog.codelisten[ts.datensatz.merkmale[merkmale[i]]].codes)
    )
    ohne = [i for i in range(len(merkmale)) if i != groesste]
    gemeinden = _projektion(fein, [0, *(i + 1 for i in ohne)]) if ohne else dict(fein)
    kreis = _projektion(fein, [i + 1 for i in range(len(merkmale))])
    werte: dict[Schluessel, int | None] = {}
    for blaetter in ts.blaetter:
        if not blaetter:
            continue
        beispiel = blaetter[0]
        behalten = [i for i, c in enumerate(beispiel[1:]) if c != TOTAL]
        quelle: Mapping[Any, int]
        if beispiel[0] == katalog.kreis.code:
            quelle, stellen, gebiet = kreis, behalten, None
        elif groesste not in behalten and ohne:
            quelle, stellen, gebiet = gemeinden, [0, *(ohne.index(i) + 1 for i in behalten)], 0
        else:
            quelle, stellen, gebiet = fein, [0, *(i + 1 for i in behalten)], 0
        zwischen = {  # a table that stops at subtotals (continents) has them as its finest codes
            i: {code: g for g, codes in ts.gruppen.get(i, {}).items() for code in codes}
            for i in behalten
            if ":" in beispiel[i + 1]
        }
        summen: dict[Schluessel, int] = {}
        for teil, n in _projektion(quelle, stellen).items():
            codes = [TOTAL] * len(merkmale)
            rest = teil[1:] if gebiet is not None else teil
            for i, c in zip(behalten, rest, strict=True):
                codes[i] = zwischen[i].get(c, c) if i in zwischen else c
            key = (teil[0] if gebiet is not None else katalog.kreis.code, *codes)
            summen[key] = summen.get(key, 0) + n
        for s in blaetter:
            werte[s] = summen.get(s, 0)
    return werte

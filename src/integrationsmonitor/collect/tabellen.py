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
from collections.abc import Sequence
from dataclasses import dataclass

from integrationsmonitor.catalog.model import Katalog, Tabellenangabe, Veroeffentlichung
from integrationsmonitor.indicators.cube import Wuerfel, Zelle
from integrationsmonitor.protect.fassungen import Fassung, veroeffentliche
from integrationsmonitor.protect.tabellensatz import baue, tabellenwerte

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
    wuerfel = Wuerfel(katalog, ds, [Zelle(k[0], k[1:], float(n)) for k, n in fein.items()])
    werte = tabellenwerte(ts, wuerfel)
    ergebnis = veroeffentliche(katalog, [Fassung("collect", ds, zeitraum, ts, werte)], [])
    return Geschuetzt(ergebnis.werte, ergebnis.ok)

"""Eine Tabelle in der Grösse der LDS-Ausländerbestandsränder: 37 Gemeinden in 16 Verbänden, Kreis ×
Geschlecht × Gruppe. Geprüft wird, was nicht von der Rechenzeit abhängt."""

from __future__ import annotations

import itertools
import random

from integrationsmonitor.protect import Hierarchie, Tabelle, anwenden, schuetzen

from .angreifer import intervalle, tabellenwissen, verletzungen


def test_37_gemeinden_16_verbaende_kreis_mal_geschlecht_mal_gruppe() -> None:
    eltern: dict[str, str | None] = {"K": None}
    eltern.update({f"V{v:02d}": "K" for v in range(16)})
    eltern.update({f"G{g:02d}": f"V{g % 16:02d}" for g in range(37)})
    region = Hierarchie(eltern)
    geschlecht = Hierarchie.flach("_T", ["m", "w"])
    gruppe = Hierarchie.flach("_T", ["1", "2", "3", "4"])
    rnd = random.Random(7)
    zahlen = [0, 0, 0, 1, 1, 2, 2, 3, 5, 8, 13, 40, 120]
    blaetter = itertools.product(region.blaetter, geschlecht.blaetter, gruppe.blaetter)
    t = Tabelle.aus_blattwerten(
        ["region", "geschlecht", "gruppe"],
        [region, geschlecht, gruppe],
        {z: rnd.choice(zahlen) for z in blaetter},
    )
    assert len(t.zellen) == 54 * 3 * 5

    s = schuetzen(t)
    print(f"\n{len(t.zellen)} Zellen: primär {len(s.primaer)}, sekundär {len(s.sekundaer)}")
    assert s.primaer == {z for z, w in t.werte.items() if w <= 2}
    assert len(s.primaer) > 100
    assert len(s.sekundaer) <= 2 * len(s.primaer)  # gemessen: primär 221, sekundär 234

    veroeffentlicht = anwenden(t, s)
    assert all(w is None if z in s.geheim else w == t.werte[z] for z, w in veroeffentlicht.items())
    # die Kreiszahlen (Geschlecht × Gruppe mit ihren Summen) bleiben veröffentlicht
    assert veroeffentlicht[("K", "_T", "_T")] == t.werte[("K", "_T", "_T")]
    assert all(veroeffentlicht[("K", g, k)] is not None for g in geschlecht.codes for k in gruppe.codes)

    wissen = tabellenwissen(t, veroeffentlicht)
    assert not wissen.klein
    assert verletzungen(intervalle(wissen)) == {}

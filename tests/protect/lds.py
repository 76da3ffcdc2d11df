"""Kleine synthetische Zählungen für den LDS-Katalog (Ausländerbestand) und ihre Fassungen (pur, ohne Django)."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from datetime import date

from integrationsmonitor.catalog import zeitraum as zr
from integrationsmonitor.catalog.model import Katalog
from integrationsmonitor.indicators.cube import Wuerfel, Zelle
from integrationsmonitor.protect.fassungen import Fassung
from integrationsmonitor.protect.tabellensatz import Schluessel, baue, tabellenwerte

BESTAND = "auslaender_bestand"
Person = tuple[str, str, str, str, str]  # (Gemeinde, Gruppe, Staatsangehörigkeit, Geschlecht, Altersgruppe)


def staaten(k: Katalog, stichtag: date) -> dict[str, list[str]]:
    """Je Gruppe einige Staatsangehörigkeiten, die die Regeln des Datensatzes erlauben (EU nur EU-Staaten)."""
    liste = k.codeliste_von(BESTAND, "staatsangehoerigkeit")
    eu = sorted(c for c in liste.codes if liste.ist_mitglied(c, "eu", stichtag))
    dritt = sorted(c for c in liste.codes if liste.ist_mitglied(c, "drittstaat", stichtag))
    return {"eu": eu[:4], "drittstaat": dritt[:6], "asyl": dritt[-4:]}


def zaehlung(
    k: Katalog,
    rnd: random.Random,
    personen: Mapping[str, int],
    zeitraum: str = "2024",
    geschlechter: Sequence[str] = ("m", "w"),
) -> Counter[Person]:
    """Zufällige Personen je Gemeinde (Anzahl je Gemeinde), mit gültigen Codes des Katalogs."""
    je_gruppe = staaten(k, zr.stichtag(zeitraum))
    alter = list(k.codeliste_von(BESTAND, "altersgruppe").codes)
    zaehler: Counter[Person] = Counter()
    for gemeinde, anzahl in personen.items():
        for _ in range(anzahl):
            gruppe = rnd.choice(sorted(je_gruppe))
            person = (
                gemeinde,
                gruppe,
                rnd.choice(je_gruppe[gruppe]),
                rnd.choice(geschlechter),
                rnd.choice(alter),
            )
            zaehler[person] += 1
    return zaehler


def fassung(
    k: Katalog,
    kennung: Hashable,
    zaehler: Mapping[tuple[str, ...], int],
    zeitraum: str = "2024",
    datensatz: str = BESTAND,
) -> tuple[Fassung, dict[Schluessel, int]]:
    """Die Fassung einer Lieferung der feinsten Zellen (Gemeinde, Code je Merkmal) und die wahren Werte jeder
    Tabellenzelle."""
    ds = k.datensaetze[datensatz]
    assert ds.veroeffentlichung is not None
    ts = baue(k, ds, zeitraum, ds.veroeffentlichung.tabellen)
    wuerfel = Wuerfel(k, ds, [Zelle(p[0], p[1:], float(n)) for p, n in zaehler.items()])
    werte = tabellenwerte(ts, wuerfel)
    assert all(w is not None for w in werte.values())
    return Fassung(kennung, ds, zeitraum, ts, werte), {s: w for s, w in werte.items() if w is not None}


def gemeinden(k: Katalog) -> list[str]:
    return sorted(g.code for g in k.gebiete.values() if g.ebene == "gemeinde")

"""Die veröffentlichten Tabellen eines Datensatzes als Zellen und Gleichungen (pur, nach dem Katalog).

Eine Zelle ist (Gebiet, Code je Merkmal des Datensatzes) wie in einer Lieferung; Merkmale, die eine Tabelle
nicht hat, stehen auf `_T`. Jede Tabelle umfasst alle Codes ihrer Codelisten (auch die, die in einer
Lieferung nicht vorkommen: eine neue Kategorie darf sich nicht durch eine neue Zeile verraten) und alle
Summen auf jeder Gebietsebene des Datensatzes. Zellen, die mehrere Tabellen teilen (die Summe einer
Gemeinde), sind dieselbe Zelle. Eine Gliederung (Staatsangehörigkeit › Kontinent) fügt Zwischensummen mit
dem Code `attribut:wert` ein (z. B. `kontinent:europa`). Strukturnullen folgen aus den Regeln des Datensatzes
(Gruppe `eu` nur mit Staaten, die am Stichtag EU-Mitglied sind).
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from integrationsmonitor.catalog import zeitraum as zr
from integrationsmonitor.catalog.model import EBENEN, TOTAL, Datensatz, Gliederung, Katalog, Tabellenangabe
from integrationsmonitor.indicators.cube import Wuerfel

from .tabelle import Hierarchie
from .verbund import GESAMTSUMME_KOSTEN

Schluessel = tuple[str, ...]  # (gebiet, code je Merkmal des Datensatzes)

KREIS_AUFSCHLAG = 2.0
"""Zellen des Kreises sind die Zahlen, die jeder liest: sie zu sperren kostet mehr."""
GLIEDERUNG_AUFSCHLAG = 5.0
"""Zwischensummen (Kontinente) tragen Indikatoren des Kreises: sie zu sperren kostet mehr."""


def aggregat(attribut: str, gruppe: str) -> str:
    """Code einer Zwischensumme, z. B. `kontinent:europa`."""
    return f"{attribut}:{gruppe}"


@dataclass(frozen=True, eq=False)
class Tabellensatz:
    """Alle Zellen und Gleichungen der veröffentlichten Tabellen eines Datensatzes in einem Zeitraum."""

    datensatz: Datensatz
    zellen: tuple[Schluessel, ...]
    gleichungen: tuple[tuple[Schluessel, tuple[Schluessel, ...]], ...]
    strukturnull: frozenset[Schluessel]
    blaetter: tuple[tuple[Schluessel, ...], ...]  # je Tabelle ihre feinsten Zellen
    gruppen: Mapping[int, Mapping[str, frozenset[str]]]  # Merkmalsindex -> Zwischensummen-Code -> Codes
    kosten: Mapping[Schluessel, float] = field(default_factory=dict)  # ohne den Wertanteil
    untergrenze: Mapping[Schluessel, int] = field(
        default_factory=dict
    )  # 1: Zelle nur in Tabellen mit öffentlichen Nullen
    nullen_bekannt: frozenset[Schluessel] = frozenset()  # Zellen, deren 0 der Angreifer ohnehin kennt


def _gebietsbaum(katalog: Katalog, ebenen: Iterable[str]) -> Hierarchie:
    """Die Gebiete der Ebenen des Datensatzes, jedes unter seinem nächsten Vorfahren dieser Ebenen."""
    erlaubt = set(ebenen)
    eltern: dict[str, str | None] = {}
    for g in katalog.gebiete.values():
        if g.ebene not in erlaubt:
            continue
        e: str | None = g.parent
        while e is not None and katalog.gebiete[e].ebene not in erlaubt:
            e = katalog.gebiete[e].parent
        eltern[g.code] = e
    return Hierarchie(
        dict(sorted(eltern.items(), key=lambda kv: (EBENEN.index(katalog.gebiete[kv[0]].ebene), kv[0])))
    )


def _merkmalsbaum(
    katalog: Katalog, ds: Datensatz, merkmal: str, gliederung: Gliederung | None, nur_gliederung: bool
) -> tuple[Hierarchie, dict[str, frozenset[str]]]:
    """Summe › (Zwischenebene ›) Codes; dazu je Zwischensumme ihre Codes."""
    liste = katalog.codelisten[ds.merkmale[merkmal]]
    eltern: dict[str, str | None] = {TOTAL: None}
    if gliederung is None:
        eltern.update(dict.fromkeys(liste.codes, TOTAL))
        return Hierarchie(eltern), {}
    mitglieder: dict[str, set[str]] = {}
    gruppe_von: dict[str, str] = {}
    for gid, _name, _werte in gliederung.gruppen:
        eltern[aggregat(gliederung.attribut, gid)] = TOTAL
        mitglieder[aggregat(gliederung.attribut, gid)] = set()
    for c in liste.codes.values():
        gruppe = gliederung.gruppe_von(c.attribute.get(gliederung.attribut, ""))
        if gruppe is None:
            raise ValueError(f"Code {c.code} von {merkmal} gehört zu keiner Gruppe der Gliederung")
        gruppe_von[c.code] = aggregat(gliederung.attribut, gruppe)
        mitglieder[gruppe_von[c.code]].add(c.code)
    if not nur_gliederung:
        eltern.update(gruppe_von)
    return Hierarchie(eltern), {g: frozenset(m) for g, m in mitglieder.items()}


def gruppennamen(ds: Datensatz) -> dict[str, str]:
    """Code einer Zwischensumme -> Name (für Dateien und Seiten)."""
    v = ds.veroeffentlichung
    namen: dict[str, str] = {}
    for t in v.tabellen if v is not None else ():
        for g in t.gliederung:
            for gid, name, _werte in g.gruppen:
                namen[aggregat(g.attribut, gid)] = name
    return namen


def _strukturell_unmoeglich(
    katalog: Katalog, ds: Datensatz, stichtag: date, codes: Mapping[str, str]
) -> bool:
    """Verletzt eine feinste Zelle eine Regel des Datensatzes (z. B. Gruppe eu mit einem Nicht-EU-Staat)?"""
    for r in ds.regeln:
        wenn, dann = codes.get(r.wenn_merkmal), codes.get(r.dann_merkmal)
        if wenn != r.wenn_code or dann is None or dann == TOTAL or ":" in dann:
            continue
        liste = katalog.codeliste_von(ds.id, r.dann_merkmal)
        if not liste.ist_mitglied(dann, r.dann_gruppe, stichtag):
            return True
    return False


def baue(
    katalog: Katalog,
    ds: Datensatz,
    zeitraum: str,
    tabellen: Iterable[Tabellenangabe],
    *,
    geliefert: Iterable[Schluessel] = (),
) -> Tabellensatz:
    """Die Zellen der Tabellen. Nicht summierbare Datensätze (Kennzahlen) veröffentlichen nur die gelieferten
    Zellen, jede für sich (`geliefert`), ohne Summen."""
    merkmale = list(ds.merkmale)
    if not ds.summierbar:
        zellen = tuple(sorted(set(geliefert)))
        return Tabellensatz(ds, zellen, (), frozenset(), (zellen,), {}, {})
    stichtag = zr.stichtag(zeitraum)
    kreisbaum = Hierarchie({katalog.kreis.code: None})
    gebietsbaum = _gebietsbaum(katalog, ds.ebenen) if len(ds.ebenen) > 1 else kreisbaum
    reihenfolge: dict[Schluessel, None] = {}
    gleichungen: list[tuple[Schluessel, tuple[Schluessel, ...]]] = []
    blaetter: list[tuple[Schluessel, ...]] = []
    gruppen: dict[int, dict[str, frozenset[str]]] = {}
    kosten: dict[Schluessel, float] = {}
    struktur: set[Schluessel] = set()
    nullen_geheim: set[Schluessel] = set()
    nullen_offen: set[Schluessel] = set()
    bekannt: set[Schluessel] = set()
    for t in tabellen:
        gliederung = {g.merkmal: g for g in t.gliederung}
        baeume = [kreisbaum if t.nur_kreis else gebietsbaum]
        mitglieder: dict[str, frozenset[str]] = {}
        for m in t.merkmale:
            baum, zwischen = _merkmalsbaum(katalog, ds, m, gliederung.get(m), t.nur_gliederung)
            baeume.append(baum)
            mitglieder.update(zwischen)
            if zwischen:
                gruppen.setdefault(merkmale.index(m), {}).update(zwischen)
        positionen = [merkmale.index(m) + 1 for m in t.merkmale]

        def voll(codes: tuple[str, ...], pos: list[int] = positionen) -> Schluessel:
            schluessel = [codes[0], *([TOTAL] * len(merkmale))]
            for p, c in zip(pos, codes[1:], strict=True):
                schluessel[p] = c
            return tuple(schluessel)

        for codes in itertools.product(*(b.codes for b in baeume)):
            z = voll(codes)
            if z not in reihenfolge:
                reihenfolge[z] = None
                summen = sum(not b.ist_blatt(c) for b, c in zip(baeume, codes, strict=True))
                kosten[z] = 1.0 + 0.25 * summen
                if katalog.gebiete[codes[0]].ebene == "kreis":
                    kosten[z] += KREIS_AUFSCHLAG
                if any(":" in c for c in codes[1:]):
                    kosten[z] += GLIEDERUNG_AUFSCHLAG
                if all(c == TOTAL for c in z[1:]) and z[0] == katalog.kreis.code:
                    kosten[z] = GESAMTSUMME_KOSTEN
            # öffentliche Nullen nur im Kreis: darunter verriete eine 0, wo jemand neu hinzukommt
            offen = t.nullen_oeffentlich and codes[0] == katalog.kreis.code
            (nullen_offen if offen else nullen_geheim).add(z)
            if t.nullen_bekannt:  # die Struktur ist öffentlich: jede 0 auf jeder Ebene ist bekannt
                bekannt.add(z)
            if all(b.ist_blatt(c) for b, c in zip(baeume, codes, strict=True)):
                # ein Blatt, das eine Zwischensumme ist, ist strukturell 0, wenn jeder seiner Codes es ist
                varianten = itertools.product(*(sorted(mitglieder.get(c, (c,))) for c in codes[1:]))
                if all(
                    _strukturell_unmoeglich(katalog, ds, stichtag, dict(zip(t.merkmale, v, strict=True)))
                    for v in varianten
                ):
                    struktur.add(z)
        blaetter.append(tuple(voll(codes) for codes in itertools.product(*(b.blaetter for b in baeume))))
        for d, b in enumerate(baeume):
            andere = [bb.codes for i, bb in enumerate(baeume) if i != d]
            for elter, kinder in b.kinder.items():
                if not kinder:
                    continue
                for rest in itertools.product(*andere):
                    summe = voll((*rest[:d], elter, *rest[d:]))
                    teile = tuple(voll((*rest[:d], k, *rest[d:])) for k in kinder)
                    gleichungen.append((summe, teile))
    # eine Summe nur aus Strukturnullen ist selbst eine
    geaendert = True
    while geaendert:
        geaendert = False
        for summe, teile in gleichungen:
            if summe not in struktur and all(t in struktur for t in teile):
                struktur.add(summe)
                geaendert = True
    return Tabellensatz(
        ds,
        tuple(reihenfolge),
        tuple(dict.fromkeys(gleichungen)),
        frozenset(struktur),
        tuple(blaetter),
        {i: dict(g) for i, g in gruppen.items()},
        kosten,
        dict.fromkeys(nullen_offen - nullen_geheim - struktur, 1),
        frozenset(bekannt - struktur),
    )


_cache: dict[tuple[object, ...], Tabellensatz] = {}
_cache_sperre = threading.Lock()


def _regelstand(katalog: Katalog, ds: Datensatz, stichtag: date) -> tuple[frozenset[str], ...]:
    """Was die Regeln des Datensatzes am Stichtag erlauben (die EU-Mitglieder): gleich für die meisten Jahre,
    also bauen gleiche Regelstände denselben Tabellensatz."""
    return tuple(
        katalog.codeliste_von(ds.id, r.dann_merkmal).auswahl({"gruppe": (r.dann_gruppe,)}, stichtag)
        for r in ds.regeln
    )


def tabellensatz(
    katalog: Katalog, ds: Datensatz, zeitraum: str, geliefert: Iterable[Schluessel] = ()
) -> Tabellensatz:
    """`baue` mit den Tabellen des Katalogs; für summierbare Datensätze einmal je Katalog und Regelstand."""
    v = ds.veroeffentlichung
    tabellen = v.tabellen if v is not None else ()
    if not ds.summierbar:
        return baue(katalog, ds, zeitraum, tabellen, geliefert=geliefert)
    schluessel = (id(katalog), ds.id, _regelstand(katalog, ds, zr.stichtag(zeitraum)))
    with _cache_sperre:
        ts = _cache.get(schluessel)
    if ts is None or ts.datensatz is not ds:
        ts = baue(katalog, ds, zeitraum, tabellen)
        with _cache_sperre:
            _cache[schluessel] = ts
    return ts


def tabellenwerte(ts: Tabellensatz, w: Wuerfel) -> dict[Schluessel, int | None]:
    """The value of every table cell from a delivered cube: the delivered cell; else, where the delivery has
    its finest level, the sum of the finest cells (a cell with none below is 0); else the sum of the cell's
    parts in the table. None: secret (delivered so, or summing a secret cell). A cell that none of these
    gives is left out (not delivered)."""
    werte: dict[Schluessel, int | None] = {}
    for s in ts.zellen:
        zelle = w.exakt.get((s[0], s[1:]))
        if zelle is not None:
            werte[s] = None if zelle.geheim or zelle.wert is None else round(zelle.wert)
    if w.fein and w.datensatz.summierbar:
        for blaetter in ts.blaetter:
            _blattsummen(ts, w, blaetter, werte)
    summen_aus_teilen(ts, werte)
    return werte


def summen_aus_teilen(ts: Tabellensatz, werte: dict[Schluessel, int | None]) -> None:
    """Every sum of the tables that is not in `werte` yet, from its parts, level by level (None if a part is
    secret; left out if a part is missing)."""
    offen = [(summe, teile) for summe, teile in ts.gleichungen if summe not in werte]
    while offen:  # sums of parts, level by level
        weiter = []
        for summe, teile in offen:
            if summe in werte:
                continue
            if all(t in werte for t in teile):
                vals = [werte[t] for t in teile]
                werte[summe] = None if None in vals else sum(v for v in vals if v is not None)
            else:
                weiter.append((summe, teile))
        if len(weiter) == len(offen):
            break
        offen = weiter


def _blattsummen(
    ts: Tabellensatz, w: Wuerfel, blaetter: tuple[Schluessel, ...], werte: dict[Schluessel, int | None]
) -> None:
    """The finest cells of one table from the delivery's finest cells: project, add up (0 where none)."""
    if not blaetter:
        return
    beispiel = blaetter[0]
    behalten = [i for i, c in enumerate(beispiel[1:]) if c != TOTAL]
    gruppen = {  # a table that stops at subtotals (continents) has them as its finest codes
        i: {code: g for g, codes in ts.gruppen.get(i, {}).items() for code in codes}
        if ":" in beispiel[i + 1]
        else {}
        for i in behalten
    }
    ebene = w.katalog.gebiete[beispiel[0]].ebene
    n = len(beispiel) - 1
    summen: dict[Schluessel, float | None] = {}
    for gebiet, zellen in w.fein.items():
        ziel = gebiet
        while w.katalog.gebiete[ziel].ebene != ebene:
            eltern = w.katalog.gebiete[ziel].parent
            if eltern is None:
                return  # the table's regions are finer than the delivery's finest level
            ziel = eltern
        for z in zellen:
            m = z.merkmale
            codes = [TOTAL] * n
            for i in behalten:
                codes[i] = gruppen[i].get(m[i], m[i])
            key = (ziel, *codes)
            if z.geheim or z.wert is None:
                summen[key] = None
            else:
                alt = summen.get(key, 0.0)
                if alt is not None:
                    summen[key] = alt + z.wert
    for s in blaetter:
        if s not in werte:
            v = summen.get(s, 0.0)
            werte[s] = None if v is None else round(v)

"""Ein unabhängiger ganzzahliger Angreifer für die Tests (docs/geheimhaltung.md, Abschnitte 1–5).

Er importiert nichts aus `integrationsmonitor.protect`: was er weiß, leitet er selbst aus dem ab, was
veröffentlicht ist, und aus dem Katalog (Gebietsbaum, Codelisten, Gliederungen der Tabellen, Regeln des
Datensatzes, Nullregel). Gerechnet wird mit `scipy.optimize.milp` (HiGHS über scipy), gemischt-ganzzahlig,
ohne relative Lücke.

    wissen = katalogwissen(k, "auslaender_bestand", "2024", {"v1": veroeffentlicht})
    befund = verletzungen(intervalle(wissen), schwelle=2)   # {Zelle: (u, o)}, leer heißt geschützt

Bausteine:
- `Wissen`: veröffentlichte Werte (None: geheim oder nicht geliefert), lineare Bedingungen, Unter- und
  Obergrenzen, ganzzahlige Hilfsgrößen (Schalter der Nullregel), Strukturnullen.
- `katalogwissen`: die veröffentlichten Tabellen eines Katalogdatensatzes in einer oder mehreren Fassungen,
  wahlweise mit dem Wissen, dass von Fassung zu Fassung genau `hinzu` Personen dazukamen.
- `tabellenwissen`: eine einzelne `protect.Tabelle` (nur über ihre Hierarchien gelesen) und ihre Veröffentlichung.
- `gleichungswissen`: Werte und Summengleichungen ohne Katalog (Monate und Jahr, Gleichheiten).
- `vereinige`: mehrere Wissensstände zu einem, dazu Verknüpfungen (Jahr = Summe der Monate, A = B).
- `intervalle`: das ganzzahlige Intervall [u, o] jeder geheimen Zelle; `verletzungen`: die Schutzregel.

Für eine Zelle, die schon zwei ganzzahlige Zeugen ausreichend weit auseinander zeigen, ist das gelieferte
Intervall das der Zeugen (im wahren Intervall enthalten); mit `exakt=True` wird jedes Intervall berechnet.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

from integrationsmonitor.catalog import zeitraum as zr
from integrationsmonitor.catalog.model import TOTAL, Datensatz, Katalog, Tabellenangabe

Zelle = Hashable
Schluessel = tuple[str, ...]
Zeile = tuple[dict[Hashable, int], float, float]  # (Koeffizienten, untere, obere Schranke)

SCHWELLE = 2
RUNDEN = 200
"""Höchstens so viele Runden `_Teil.streue`."""
GROSS = 10**7
"""Obere Schranke jeder Unbekannten ohne bessere: was sie erreicht, gilt als unbeschränkt."""


class Widerspruch(AssertionError):
    """Das Veröffentlichte verträgt sich nicht mit dem Modell (etwa eine veröffentlichte Summe, die nicht
    aufgeht, oder eine veröffentlichte 0 unter einer kleinen Summe in einer Tabelle mit öffentlichen Nullen)."""


@dataclass
class Wissen:
    """Alles, was der Angreifer weiß."""

    werte: dict[Zelle, int | None] = field(default_factory=dict)
    zeilen: list[Zeile] = field(default_factory=list)
    untergrenze: dict[Zelle, int] = field(default_factory=dict)  # Vorgabe 0
    obergrenze: dict[Zelle, int] = field(default_factory=dict)  # Vorgabe GROSS
    hilfsgroessen: dict[Hashable, tuple[int, int]] = field(default_factory=dict)  # ganzzahlig, [von, bis]
    strukturnull: set[Zelle] = field(default_factory=set)
    # veröffentlichte Zellen mit 0 bis Schwelle Personen, die nach der Nullregel geheim sein müssten
    klein: set[Zelle] = field(default_factory=set)

    def gleichung(self, summe: Zelle, teile: Iterable[Zelle]) -> None:
        """summe = Σ teile."""
        koef: dict[Hashable, int] = {summe: 1}
        for t in teile:
            koef[t] = koef.get(t, 0) - 1
        self.zeilen.append((koef, 0.0, 0.0))

    def bedingung(self, koef: Mapping[Hashable, int], unten: float, oben: float) -> None:
        """unten ≤ Σ koef·x ≤ oben."""
        self.zeilen.append((dict(koef), unten, oben))

    @property
    def geheim(self) -> frozenset[Zelle]:
        """Die Zellen, die geschützt sein müssen: ohne veröffentlichten Wert und nicht strukturell 0."""
        return frozenset(z for z, w in self.werte.items() if w is None and z not in self.strukturnull)


def vereinige(*teile: Wissen, gleichungen: Iterable[tuple[Zelle, Sequence[Zelle]]] = ()) -> Wissen:
    """Mehrere Wissensstände zu einem, dazu Gleichungen zwischen ihnen (Jahr = Summe der Monate, A = B)."""
    w = Wissen()
    for t in teile:
        for z, v in t.werte.items():
            if z in w.werte and w.werte[z] != v:
                raise ValueError(f"Zelle {z!r} mit zwei Werten: {w.werte[z]} und {v}")
            w.werte[z] = v
        w.zeilen.extend(t.zeilen)
        w.untergrenze.update(t.untergrenze)
        w.obergrenze.update(t.obergrenze)
        w.hilfsgroessen.update(t.hilfsgroessen)
        w.strukturnull |= t.strukturnull
        w.klein |= t.klein
    for summe, teile_ in gleichungen:
        for z in (summe, *teile_):
            if z not in w.werte:
                raise ValueError(f"Gleichung mit unbekannter Zelle {z!r}")
        w.gleichung(summe, teile_)
    return w


# ------------------------------------------------------------------------------------------------ Rechnen
def _mip(
    a: sparse.csr_matrix,
    zl: np.ndarray,
    zu: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
    c: np.ndarray,
    presolve: bool = True,
) -> np.ndarray | None:
    """Eine ganzzahlige Optimallösung von min c·x (None: keine), geprüft, dass sie wirklich zulässig ist.

    Das HiGHS in scipy 1.17 erklärt mit Presolve manches lösbare Programm für unlösbar; dann ohne Presolve
    noch einmal. Weil jede Lösung geprüft ist, kann ein falsches Optimum ein Intervall nur zu eng machen,
    nie zu weit: was als verletzt erscheint, rechnet `_Teil` ohne Presolve nach."""
    res = milp(
        c,
        constraints=LinearConstraint(a, zl, zu),
        integrality=np.ones(len(c)),
        bounds=Bounds(lo, hi),
        options={"mip_rel_gap": 0.0, "disp": False, "presolve": presolve},
    )
    if res.status == 2:
        return _mip(a, zl, zu, lo, hi, c, presolve=False) if presolve else None
    if res.status != 0 or res.x is None:
        raise RuntimeError(f"milp: {res.status} {res.message}")
    x = np.round(res.x)
    ax = a @ x
    if (
        np.max(np.abs(res.x - x), initial=0.0) > 1e-5
        or np.any(ax < zl - 1e-6)
        or np.any(ax > zu + 1e-6)
        or np.any(x < lo)
        or np.any(x > hi)
    ):
        raise RuntimeError("milp: Lösung nicht ganzzahlig oder nicht zulässig")
    return x


class _Teil:
    """Ein Zusammenhangsteil der Unbekannten: sein Programm und die ganzzahligen Zeugen, die es lieferte.

    Zwei Unbekannte mit derselben Spalte (dieselben Bedingungen mit denselben Koeffizienten) und denselben
    Grenzen sind vertauschbar: jede Lösung mit vertauschten Werten ist auch eine. Sie haben dasselbe
    Intervall, gerechnet wird nur für die erste."""

    def __init__(
        self,
        mitglieder: list[int],
        zeilen: list[tuple[dict[int, int], float, float]],
        lo: np.ndarray,
        hi: np.ndarray,
    ) -> None:
        self.lokal = {g: j for j, g in enumerate(mitglieder)}
        r, c, d = [], [], []
        spalten: list[list[tuple[int, int]]] = [[] for _ in mitglieder]
        for j, (rest, _u, _o) in enumerate(zeilen):
            for i, k in rest.items():
                r.append(j)
                c.append(self.lokal[i])
                d.append(k)
                spalten[self.lokal[i]].append((j, k))
        self.m = len(mitglieder)
        self.a = sparse.csr_matrix((d, (r, c)), shape=(len(zeilen), self.m), dtype=float)
        self.zl = np.array([u for _r, u, _o in zeilen], dtype=float)
        self.zu = np.array([o for _r, _u, o in zeilen], dtype=float)
        self.lo, self.hi = lo[mitglieder], hi[mitglieder]
        self.zmin = np.full(self.m, np.inf)
        self.zmax = np.full(self.m, -np.inf)
        erste: dict[tuple[object, ...], int] = {}
        self.klasse = [
            erste.setdefault((tuple(sp), self.lo[j], self.hi[j]), j) for j, sp in enumerate(spalten)
        ]

    def zulaessig(self, x: np.ndarray) -> bool:
        ax = self.a @ x
        return bool(
            np.all(ax >= self.zl - 1e-6)
            and np.all(ax <= self.zu + 1e-6)
            and np.all(x >= self.lo)
            and np.all(x <= self.hi)
        )

    def merke(self, x: np.ndarray) -> None:
        np.minimum(self.zmin, x, out=self.zmin)
        np.maximum(self.zmax, x, out=self.zmax)

    def loese(self, kosten: np.ndarray, presolve: bool = True) -> np.ndarray | None:
        x = _mip(self.a, self.zl, self.zu, self.lo, self.hi, kosten, presolve)
        if x is not None:
            self.merke(x)
        return x

    def optimum(self, j: int, maximieren: bool, presolve: bool = True) -> float:
        e = np.zeros(self.m)
        e[j] = -1.0 if maximieren else 1.0
        x = self.loese(e, presolve)
        if x is None:
            raise Widerspruch("Das Veröffentlichte hat keine ganzzahlige Lösung im Modell des Angreifers")
        return float(x[j])

    def fein(self, j: int, schwelle: int) -> bool:
        return _fein(self.zmin[j], self.zmax[j], schwelle)

    def hebe(self, offen: list[int], lo: np.ndarray, schwelle: int, zufall: np.random.Generator) -> bool:
        """Sucht eine ganzzahlige Lösung mit x ≥ lo, die möglichst viele der offenen Zellen auf
        Bedarf_j = max(kleinster Zeuge + 2, Schwelle + 1) hebt: x_j ≥ Bedarf_j · z_j, z_j ∈ [0, 1],
        Σ w_j z_j maximal mit zufälligen Gewichten w_j ∈ [1, 2) (so füllt das Programm lieber einige Zellen
        ganz als alle ein wenig). Gesucht sind nur Zeugen, kein Optimum: jede ganzzahlige Lösung taugt, eine
        ungefähr gute genügt (Zeitgrenze, Lücke). False: keine gefunden – dann rechnet `intervalle` genau."""
        bedarf = np.array([max(self.zmin[j] + 2, schwelle + 1) for j in offen], dtype=float)
        erreichbar = bedarf <= self.hi[offen]
        offen = [j for j, e in zip(offen, erreichbar, strict=True) if e]
        bedarf = bedarf[erreichbar]
        k = len(offen)
        a = self.a
        if k:
            hebel = sparse.csr_matrix((np.ones(k), (np.arange(k), offen)), shape=(k, self.m))
            a = sparse.vstack(
                [
                    sparse.hstack([self.a, sparse.csr_matrix((self.a.shape[0], k))]),
                    sparse.hstack([hebel, -sparse.diags(bedarf)]),
                ],
                format="csr",
            )
        res = milp(
            np.concatenate([np.zeros(self.m), -(1.0 + zufall.random(k))]),
            constraints=LinearConstraint(
                a, np.concatenate([self.zl, np.zeros(k)]), np.concatenate([self.zu, np.full(k, np.inf)])
            ),
            integrality=np.concatenate([np.ones(self.m), np.zeros(k)]),
            bounds=Bounds(np.concatenate([lo, np.zeros(k)]), np.concatenate([self.hi, np.ones(k)])),
            options={"disp": False, "mip_rel_gap": 0.3, "time_limit": 0.5},
        )
        if res.x is None:
            return False
        x = np.round(res.x[: self.m])
        if np.max(np.abs(res.x[: self.m] - x), initial=0.0) > 1e-6 or not self.zulaessig(x) or np.any(x < lo):
            return False
        self.merke(x)
        return True

    def streue(self, spalten: list[int], schwelle: int, zufall: np.random.Generator) -> None:
        """Zeugen für viele Zellen zugleich (`hebe`), Runden, solange sie etwas bringen."""
        for _runde in range(RUNDEN):
            offen = [j for j in spalten if not self.fein(j, schwelle)]
            if not offen or not self.hebe(offen, self.lo, schwelle, zufall):
                return
            if sum(not self.fein(j, schwelle) for j in offen) > len(offen) - 3:
                return

    def intervalle(
        self, zellen: list[Zelle], spalten: list[int], schwelle: int, exakt: bool, rest: list[float]
    ) -> dict[Zelle, tuple[int, float]]:
        """Intervalle der Zellen; `rest[0]`: wie viele verletzte noch gesucht werden (danach Schluss)."""
        lokal = [self.lokal[i] for i in spalten]
        vertreter = sorted({self.klasse[j] for j in lokal})
        zufall = np.random.default_rng(len(vertreter))
        if not exakt:  # billige Zeugen für viele Zellen zugleich: alle hinauf, alle hinunter, streuen
            alle = np.zeros(self.m)
            alle[vertreter] = 1.0
            if self.loese(alle) is None:
                raise Widerspruch("Das Veröffentlichte hat keine ganzzahlige Lösung im Modell des Angreifers")
            self.loese(-alle)
            self.streue(vertreter, schwelle, zufall)
        je_klasse: dict[int, tuple[int, float]] = {}
        for j in vertreter:
            if not exakt:
                if not self.fein(j, schwelle):  # eine Lösung mit x_j ≥ Bedarf, die andere mit hebt
                    lo = self.lo.copy()
                    lo[j] = max(lo[j], self.zmin[j] + 2, schwelle + 1)
                    if lo[j] <= self.hi[j]:
                        offen = [i for i in vertreter if i != j and not self.fein(i, schwelle)]
                        self.hebe(offen, lo, schwelle, zufall)
                if self.fein(j, schwelle):
                    je_klasse[j] = (int(self.zmin[j]), _grenze(self.zmax[j]))
                    continue
            oben, unten = self.optimum(j, True), self.optimum(j, False)
            if not _fein(unten, oben, schwelle):  # nachrechnen, ohne Presolve
                oben, unten = self.optimum(j, True, False), self.optimum(j, False, False)
            je_klasse[j] = (int(unten), _grenze(oben))
            if not _fein(unten, oben, schwelle):
                rest[0] -= 1
                if rest[0] <= 0:
                    break
        return {
            z: je_klasse[self.klasse[j]]
            for z, j in zip(zellen, lokal, strict=True)
            if self.klasse[j] in je_klasse
        }


def _grenze(wert: float) -> float:
    return math.inf if wert >= GROSS - 0.5 else float(wert)


def _fein(unten: float, oben: float, schwelle: int) -> bool:
    return oben >= schwelle + 1 and oben - unten >= 2


def intervalle(
    wissen: Wissen,
    *,
    schwelle: int = SCHWELLE,
    zellen: Iterable[Zelle] | None = None,
    exakt: bool = False,
    hoechstens: int | None = None,
) -> dict[Zelle, tuple[int, float]]:
    """Das ganzzahlige Intervall [u, o] jeder geheimen Zelle (oder der Zellen in `zellen`, soweit geheim).

    o = inf: nach oben unbeschränkt. Ohne `exakt` kann das Intervall einer Zelle, die schon zwei Zeugen als
    geschützt zeigen, enger sein als das wahre (es ist das der Zeugen). `hoechstens`: nach so vielen
    verletzten Zellen (Klassen vertauschbarer Zellen) aufhören, die übrigen fehlen dann im Ergebnis – ein
    Test, der scheitert, scheitert so schnell."""
    geheim = wissen.geheim
    unbekannt = [z for z in wissen.werte if z in geheim]
    variablen: list[Hashable] = [*unbekannt, *wissen.hilfsgroessen]
    index = {v: i for i, v in enumerate(variablen)}
    if len(index) != len(variablen):
        raise ValueError("Hilfsgröße mit dem Namen einer Zelle")

    def bekannt(z: Zelle) -> int:
        if z in wissen.strukturnull:
            return 0
        if z not in wissen.werte:
            raise ValueError(f"Bedingung mit unbekannter Zelle {z!r}")
        w = wissen.werte[z]
        assert w is not None
        return w

    zeilen: list[tuple[dict[int, int], float, float]] = []
    widersprueche: list[str] = []
    for koef, unten, oben in wissen.zeilen:
        rest: dict[int, int] = {}
        konst = 0
        for v, k in koef.items():
            if v in index:
                rest[index[v]] = rest.get(index[v], 0) + k
            else:
                konst += k * bekannt(v)
        rest = {i: k for i, k in rest.items() if k}
        if rest:
            zeilen.append((rest, unten - konst, oben - konst))
        elif not unten - 1e-9 <= konst <= oben + 1e-9:
            widersprueche.append(f"{koef} = {konst} nicht in [{unten}, {oben}]")
    for z in wissen.strukturnull:
        if wissen.werte.get(z) not in (None, 0):
            widersprueche.append(f"Strukturnull {z!r} mit Wert {wissen.werte[z]}")
    if widersprueche:
        raise Widerspruch(f"{len(widersprueche)} Widersprüche, etwa: {widersprueche[:3]}")

    n = len(variablen)
    lo = np.zeros(n)
    hi = np.full(n, float(GROSS))
    for i, v in enumerate(variablen):
        if v in wissen.hilfsgroessen:
            lo[i], hi[i] = wissen.hilfsgroessen[v]
        else:
            lo[i] = wissen.untergrenze.get(v, 0)
            hi[i] = min(float(GROSS), wissen.obergrenze.get(v, GROSS))

    # Zusammenhangsteile der Unbekannten
    eltern = list(range(n))

    def wurzel(i: int) -> int:
        while eltern[i] != i:
            eltern[i] = eltern[eltern[i]]
            i = eltern[i]
        return i

    for rest, _u, _o in zeilen:
        it = iter(rest)
        r = wurzel(next(it))
        for i in it:
            eltern[wurzel(i)] = r
    teile: dict[int, list[int]] = {}
    for i in range(n):
        teile.setdefault(wurzel(i), []).append(i)
    zeilen_je_teil: dict[int, list[tuple[dict[int, int], float, float]]] = {}
    for zeile in zeilen:
        zeilen_je_teil.setdefault(wurzel(next(iter(zeile[0]))), []).append(zeile)

    ziel = set(geheim if zellen is None else (z for z in zellen if z in geheim))
    rest = [math.inf if hoechstens is None else float(hoechstens)]
    ergebnis: dict[Zelle, tuple[int, float]] = {}
    for w, mitglieder in teile.items():
        ziele = [i for i in mitglieder if variablen[i] in ziel]
        if not ziele:
            continue
        eigene = zeilen_je_teil.get(w, [])
        if not eigene:
            for i in ziele:
                ergebnis[variablen[i]] = (int(lo[i]), _grenze(hi[i]))
            continue
        teil = _Teil(mitglieder, eigene, lo, hi)
        ergebnis.update(teil.intervalle([variablen[i] for i in ziele], ziele, schwelle, exakt, rest))
        if rest[0] <= 0:
            break
    return ergebnis


def verletzungen(
    iv: Mapping[Zelle, tuple[int, float]], schwelle: int = SCHWELLE
) -> dict[Zelle, tuple[int, float]]:
    """Die Zellen, für die die Schutzregel nicht gilt: o − u < 2 oder o < Schwelle + 1."""
    return {z: (u, o) for z, (u, o) in iv.items() if not _fein(u, o, schwelle)}


# ----------------------------------------------------------------------------------- ohne Katalog
def gleichungswissen(
    werte: Mapping[Zelle, int | None],
    gleichungen: Iterable[tuple[Zelle, Sequence[Zelle]]],
    schwelle: int = SCHWELLE,
) -> Wissen:
    """Veröffentlichte Werte (None: geheim) mit Summengleichungen; jede geheime Zelle ist ≥ 0 (0 bis
    Schwelle sind geheim)."""
    w = Wissen(werte=dict(werte), klein={z for z, v in werte.items() if v is not None and v <= schwelle})
    for summe, teile in gleichungen:
        w.gleichung(summe, teile)
    return w


def tabellenwissen(
    tabelle: object, veroeffentlicht: Mapping[Schluessel, int | None], schwelle: int = SCHWELLE
) -> Wissen:
    """Eine `protect.Tabelle` und was von ihr veröffentlicht ist. Die Gleichungen kommen aus den
    Hierarchien (`eltern` jeder Dimension), nicht aus der Tabelle: jede Elternzelle ist die Summe ihrer
    Kinder entlang einer Dimension, bei festen übrigen Koordinaten."""
    hierarchien = tabelle.hierarchien  # type: ignore[attr-defined]
    baeume = [_kinder(dict(h.eltern)) for h in hierarchien]
    codes = [list(h.eltern) for h in hierarchien]
    zellen = set(itertools.product(*codes))
    if set(veroeffentlicht) != zellen:
        raise ValueError("Die Veröffentlichung hat nicht genau die Zellen der Tabelle")
    return gleichungswissen(veroeffentlicht, _gleichungen(codes, baeume, lambda s: s), schwelle)


def _kinder(eltern: Mapping[str, str | None]) -> dict[str, list[str]]:
    kinder: dict[str, list[str]] = {c: [] for c in eltern}
    for c, e in eltern.items():
        if e is not None:
            kinder[e].append(c)
    return kinder


def _gleichungen(
    codes: Sequence[Sequence[str]], baeume: Sequence[Mapping[str, Sequence[str]]], voll
) -> list[tuple[Schluessel, list[Schluessel]]]:
    """Jede Beziehung „Elter = Summe der Kinder“ entlang einer Dimension, bei festen übrigen Koordinaten."""
    ergebnis = []
    for d, baum in enumerate(baeume):
        andere = [c for i, c in enumerate(codes) if i != d]
        for elter, kinder in baum.items():
            if not kinder:
                continue
            for rest in itertools.product(*andere):
                summe = voll((*rest[:d], elter, *rest[d:]))
                ergebnis.append((summe, [voll((*rest[:d], k, *rest[d:])) for k in kinder]))
    return ergebnis


# ----------------------------------------------------------------------------------- mit Katalog
@dataclass(frozen=True)
class Tabellenbau:
    """Die veröffentlichten Tabellen eines Datensatzes, wie der Angreifer sie aus dem Katalog kennt."""

    zellen: tuple[Schluessel, ...]
    gleichungen: tuple[tuple[Schluessel, tuple[Schluessel, ...]], ...]
    blaetter: tuple[tuple[Schluessel, ...], ...]  # je Tabelle ihre feinsten Zellen
    strukturnull: frozenset[Schluessel]
    nullen_offen: frozenset[Schluessel]  # Zellen nur in Tabellen mit öffentlichen Nullen
    gesamt: Schluessel  # die Gesamtsumme (Kreis, alles _T)
    nullen_bekannt: frozenset[Schluessel] = frozenset()  # jede 0 veröffentlicht: geheim heißt ≥ 1


def _gebietseltern(katalog: Katalog, ebenen: Iterable[str]) -> dict[str, str | None]:
    """Gebiete der Ebenen, jedes unter seinem nächsten Vorfahren, der zu diesen Ebenen gehört."""
    erlaubt = set(ebenen)
    eltern: dict[str, str | None] = {}
    for g in katalog.gebiete.values():
        if g.ebene not in erlaubt:
            continue
        e = g.parent
        while e is not None and katalog.gebiete[e].ebene not in erlaubt:
            e = katalog.gebiete[e].parent
        eltern[g.code] = e
    return eltern


def _unmoeglich(katalog: Katalog, ds: Datensatz, stichtag, codes: Mapping[str, str]) -> bool:
    """Verletzt eine Kombination feinster Codes eine Regel des Datensatzes?"""
    for r in ds.regeln:
        if codes.get(r.wenn_merkmal) == r.wenn_code:
            dann = codes[r.dann_merkmal]
            if not katalog.codelisten[ds.merkmale[r.dann_merkmal]].ist_mitglied(
                dann, r.dann_gruppe, stichtag
            ):
                return True
    return False


def tabellenbau(
    katalog: Katalog, ds: Datensatz, zeitraum: str, tabellen: Sequence[Tabellenangabe] | None = None
) -> Tabellenbau:
    """Zellen, Gleichungen, feinste Zellen und Strukturnullen der Tabellen (summierbare Datensätze)."""
    if tabellen is None:
        assert ds.veroeffentlichung is not None
        tabellen = ds.veroeffentlichung.tabellen
    merkmale = list(ds.merkmale)
    kreis = katalog.kreis.code
    stichtag = zr.stichtag(zeitraum)
    gebiete = _gebietseltern(katalog, ds.ebenen)
    alle_codes = {m: list(katalog.codelisten[ds.merkmale[m]].codes) for m in merkmale}
    zellen: dict[Schluessel, None] = {}
    gleichungen: dict[tuple[Schluessel, tuple[Schluessel, ...]], None] = {}
    blaetter: list[tuple[Schluessel, ...]] = []
    struktur: set[Schluessel] = set()
    offen: set[Schluessel] = set()
    geheim: set[Schluessel] = set()
    bekannt: set[Schluessel] = set()
    struktur_geprueft: set[Schluessel] = set()
    regelmerkmale = list(dict.fromkeys(m for r in ds.regeln for m in (r.wenn_merkmal, r.dann_merkmal)))
    unmoeglich: dict[tuple[tuple[str, ...], ...], bool] = {}
    for t in tabellen:
        gliederung = {g.merkmal: g for g in t.gliederung}
        eltern_je_dim: list[dict[str, str | None]] = [{kreis: None} if t.nur_kreis else gebiete]
        mitglieder: dict[str, list[str]] = {}  # Code (auch Zwischensumme, _T) -> feinste Codes darunter
        for m in t.merkmale:
            e: dict[str, str | None] = {TOTAL: None}
            g = gliederung.get(m)
            if g is None:
                e.update(dict.fromkeys(alle_codes[m], TOTAL))
            else:
                for gid, _name, werte in g.gruppen:
                    gruppe = f"{g.attribut}:{gid}"
                    e[gruppe] = TOTAL
                    mitglieder[gruppe] = [
                        c.code
                        for c in katalog.codelisten[ds.merkmale[m]].codes.values()
                        if c.attribute.get(g.attribut) in werte
                    ]
                    if not t.nur_gliederung:
                        e.update(dict.fromkeys(mitglieder[gruppe], gruppe))
            eltern_je_dim.append(e)
        codes = [list(e) for e in eltern_je_dim]
        baeume = [_kinder(e) for e in eltern_je_dim]
        pos = [merkmale.index(m) + 1 for m in t.merkmale]

        def voll(c: Sequence[str], pos: list[int] = pos) -> Schluessel:
            s = [c[0], *([TOTAL] * len(merkmale))]
            for p, code in zip(pos, c[1:], strict=True):
                s[p] = code
            return tuple(s)

        for c in itertools.product(*codes):
            z = voll(c)
            zellen[z] = None
            # öffentliche Nullen nur im Kreis (docs/geheimhaltung.md, Abschnitt 3)
            (offen if t.nullen_oeffentlich and c[0] == katalog.kreis.code else geheim).add(z)
            if t.nullen_bekannt:  # öffentliche Struktur: jede 0 auf jeder Ebene (Abschnitt 9)
                bekannt.add(z)
            if z in struktur_geprueft:
                continue
            struktur_geprueft.add(z)
            # strukturell 0: jede Kombination feinster Codes darunter verletzt eine Regel (ein Merkmal, das
            # die Tabelle nicht hat oder das auf _T steht, umfasst jeden seiner Codes)
            if regelmerkmale:
                tabellencode = dict(zip(t.merkmale, c[1:], strict=True))
                varianten = tuple(
                    tuple(alle_codes[m])
                    if tabellencode.get(m, TOTAL) == TOTAL
                    else tuple(mitglieder.get(tabellencode[m], [tabellencode[m]]))
                    for m in regelmerkmale
                )
                if varianten not in unmoeglich:
                    unmoeglich[varianten] = all(
                        _unmoeglich(katalog, ds, stichtag, dict(zip(regelmerkmale, v, strict=True)))
                        for v in itertools.product(*varianten)
                    )
                if unmoeglich[varianten]:
                    struktur.add(z)
        for summe, teile in _gleichungen(codes, baeume, voll):
            gleichungen[(summe, tuple(teile))] = None
        blaetter.append(
            tuple(voll(c) for c in itertools.product(*([k for k in b if not b[k]] for b in baeume)))
        )
    return Tabellenbau(
        tuple(zellen),
        tuple(gleichungen),
        tuple(blaetter),
        frozenset(struktur),
        frozenset(offen - geheim - struktur),
        (kreis, *([TOTAL] * len(merkmale))),
        frozenset(bekannt - struktur),
    )


def katalogwissen(
    katalog: Katalog,
    datensatz: str | Datensatz,
    zeitraum: str,
    fassungen: Mapping[Hashable, Mapping[Schluessel, int | None]],
    *,
    hinzu: int | None = None,
    tabellen: Sequence[Tabellenangabe] | None = None,
    schwelle: int | None = None,
) -> Wissen:
    """Was der Angreifer aus den veröffentlichten Fassungen (älteste zuerst; Schlüssel: Kennung) eines
    Datensatzes und Zeitraums weiß. Zellen heißen (Kennung, Gebiet, Code je Merkmal).

    - Summierbare Datensätze: jede Tabelle des Katalogs (oder `tabellen`) mit allen Summen auf jeder
      Gebietsebene, Strukturnullen aus den Regeln, die Nullregel (Tabellen mit öffentlichen Nullen).
      Eine Zelle der Tabellen, die in einer Fassung fehlt, ist unbekannt (nicht geliefert).
    - Nicht summierbare (Kennzahlen): nur die veröffentlichten Zellen, ohne Gleichungen.
    - `hinzu`: von einer Fassung zur nächsten kamen genau so viele Personen hinzu, keine ging weg: jede
      feinste Zelle jeder Tabelle wächst um δ ≥ 0, die δ einer Tabelle ergeben zusammen `hinzu`.
    - Früher geheim bleibt geheim: in einer späteren Fassung verrät „geheim“ dort nichts über die Nullregel;
      ebenso wenig eine 0, die schon eine frühere Fassung veröffentlicht hat (unverändert veröffentlicht).
    """
    ds = katalog.datensaetze[datensatz] if isinstance(datensatz, str) else datensatz
    s = (
        schwelle
        if schwelle is not None
        else (ds.veroeffentlichung.schwelle if ds.veroeffentlichung else SCHWELLE)
    )
    w = Wissen()
    if not ds.summierbar:
        for kennung, werte in fassungen.items():
            for sch, v in werte.items():
                w.werte[(kennung, *sch)] = v
        return w
    bau = tabellenbau(katalog, ds, zeitraum, tabellen)
    bekannt_zellen = set(bau.zellen)
    als_teil: dict[Schluessel, list[tuple[Schluessel, int]]] = {}
    for summe, teile in bau.gleichungen:
        for t in teile:
            als_teil.setdefault(t, []).append((summe, len(teile)))
    frueher_geheim: set[Schluessel] = set()
    frueher_null: set[Schluessel] = set()
    kennungen = list(fassungen)
    for kennung in kennungen:
        werte = fassungen[kennung]
        fremd = [sch for sch in werte if sch not in bekannt_zellen]
        if fremd:
            raise Widerspruch(f"{kennung}: Zellen, die keine Tabelle des Katalogs hat: {fremd[:3]}")

        def z(sch: Schluessel, kennung: Hashable = kennung) -> Zelle:
            return (kennung, *sch)

        for sch in bau.zellen:
            v = werte.get(sch)
            w.werte[z(sch)] = v
            if (
                v is not None
                and v <= s
                and sch not in bau.strukturnull
                and not (v == 0 and sch in bau.nullen_offen)
                and not (v == 0 and sch in bau.nullen_bekannt)
                # unter einer veröffentlichten 0 ist jede Zelle bekannt 0 (docs/geheimhaltung.md, Abschnitt 3)
                and not (v == 0 and any(werte.get(summe) == 0 for summe, _n in als_teil.get(sch, [])))
            ):
                w.klein.add(z(sch))
        w.strukturnull |= {z(sch) for sch in bau.strukturnull}
        for sch in bau.nullen_bekannt:  # jede 0 ist dort veröffentlicht: eine geheime Zelle ist ≥ 1
            if werte.get(sch) is None and sch in werte:
                w.untergrenze[z(sch)] = max(w.untergrenze.get(z(sch), 0), 1)
        for summe, teile in bau.gleichungen:
            w.gleichung(z(summe), [z(t) for t in teile])
        gesamt = werte.get(bau.gesamt)
        if gesamt is not None:  # keine Zelle zählt mehr Personen als der ganze Kreis
            w.obergrenze.update(dict.fromkeys(map(z, bau.zellen), gesamt))
        _nullregel(w, bau, als_teil, kennung, werte, s, frueher_geheim, frueher_null)
        frueher_geheim |= {sch for sch in bau.zellen if werte.get(sch) is None}
        frueher_null |= {sch for sch in bau.zellen if werte.get(sch) == 0}

    if hinzu is not None:
        for alt, neu in itertools.pairwise(kennungen):
            for blaetter in bau.blaetter:
                for sch in blaetter:
                    if sch not in bau.strukturnull:
                        w.bedingung({(neu, *sch): 1, (alt, *sch): -1}, 0, math.inf)
                koef = {}
                for sch in blaetter:
                    koef[(neu, *sch)] = 1
                    koef[(alt, *sch)] = -1
                w.bedingung(koef, hinzu, hinzu)
    return w


def _nullregel(
    w: Wissen,
    bau: Tabellenbau,
    als_teil: Mapping[Schluessel, list[tuple[Schluessel, int]]],
    kennung: Hashable,
    werte: Mapping[Schluessel, int | None],
    s: int,
    frueher_geheim: set[Schluessel],
    frueher_null: set[Schluessel],
) -> None:
    """Die Nullregel für eine Fassung (verändert `w`). In Tabellen mit öffentlichen Nullen ist eine geheime
    Zelle ≥ 1, wenn jede Summe, deren Teil sie ist, mindestens Schwelle + Zahl der Teile Personen hat; eine
    veröffentlichte 0 beweist, dass jede dieser Summen so groß ist – außer unter einer veröffentlichten 0
    (darunter ist jede Zelle bekannt 0 und wird als 0 veröffentlicht) und wenn schon eine frühere Fassung die
    Zelle als 0 veröffentlicht hat (unverändert veröffentlicht, was der Angreifer ohnehin kennt). Ist eine Summe geheim, sagt ein Schalter
    b ∈ {0, 1}, ob sie groß ist: Summe ≥ (Schwelle + Teile)·b und Summe ≤ Schwelle + Teile − 1 + M·b (M: die
    Gesamtsumme, wenn sie veröffentlicht ist). War die Zelle früher schon geheim, verrät „geheim“ nichts."""
    gesamt = werte.get(bau.gesamt)
    grosses_m = gesamt if gesamt is not None else GROSS

    def gross(summe: Schluessel, n_teile: int) -> bool | tuple[object, ...]:
        sw = werte.get(summe)
        if sw is not None:
            return sw >= s + n_teile
        b = ("groß", kennung, summe, n_teile)
        if b not in w.hilfsgroessen:
            w.hilfsgroessen[b] = (0, 1)
            w.bedingung({(kennung, *summe): 1, b: -(s + n_teile)}, 0, math.inf)
            w.bedingung({(kennung, *summe): 1, b: -grosses_m}, -math.inf, s + n_teile - 1)
        return b

    for t in sorted(bau.nullen_offen):
        summen = als_teil.get(t, [])
        v = werte.get(t)
        if v == 0 and t not in frueher_null and not any(werte.get(summe) == 0 for summe, _n in summen):
            for summe, n_teile in summen:
                b = gross(summe, n_teile)
                if b is False:
                    raise Widerspruch(f"{kennung}: veröffentlichte 0 {t} unter der kleinen Summe {summe}")
                if b is not True:
                    w.bedingung({b: 1}, 1, 1)
        elif v is None and t not in frueher_geheim:
            schalter = [gross(summe, n) for summe, n in summen]
            if any(b is False for b in schalter):
                continue
            variabel = [b for b in schalter if b is not True]
            koef: dict[Hashable, int] = {(kennung, *t): 1}  # t ≥ 1 − Σ (1 − b)
            for b in variabel:
                koef[b] = koef.get(b, 0) - 1
            w.bedingung(koef, 1 - len(variabel), math.inf)


def unerfuellt(wissen: Wissen, wahr: Mapping[Zelle, int], schwelle: int = SCHWELLE) -> list[str]:
    """Die Bedingungen des Angreifers, die die wahren Werte verletzen (Selbstprüfung des Modells: leer, wenn
    der Angreifer nichts Falsches annimmt). Schalter der Nullregel bekommen ihren wahren Wert."""

    def wert(v: Hashable) -> int:
        if v in wissen.hilfsgroessen:
            _gross, kennung, summe, n_teile = v  # type: ignore[misc]
            return int(wahr[(kennung, *summe)] >= schwelle + n_teile)
        return 0 if v in wissen.strukturnull else wahr[v]

    falsch = []
    for koef, unten, oben in wissen.zeilen:
        links = sum(k * wert(v) for v, k in koef.items())
        if not unten <= links <= oben:
            falsch.append(f"{unten} ≤ {koef} = {links} ≤ {oben}")
    for z, w in wissen.werte.items():
        if w is not None and w != wahr[z]:
            falsch.append(f"{z!r}: veröffentlicht {w}, wahr {wahr[z]}")
        if not wissen.untergrenze.get(z, 0) <= wahr[z] <= wissen.obergrenze.get(z, GROSS):
            falsch.append(f"{z!r}: {wahr[z]} außerhalb der Grenzen")
    falsch += [f"Strukturnull {z!r} ist {wahr[z]}" for z in wissen.strukturnull if wahr[z] != 0]
    return falsch


def ebene(katalog: Katalog, zelle: Zelle) -> str:
    """Gebietsebene einer Zelle (Kennung, Gebiet, Codes …)."""
    return katalog.gebiete[zelle[1]].ebene  # type: ignore[index]

"""Der Angreifer: wie eng lässt sich eine geheime Zelle aus allem Veröffentlichten eingrenzen? (pur)

Das Modell (docs/geheimhaltung.md): Der Angreifer kennt jede veröffentlichte Zelle des Verbunds (jede
Tabelle, jede Gebietsebene, was frühere Fassungen verraten, verknüpfte Summen über die Zeit), jede Gleichung,
die Codelisten und Strukturnullen, und weiß, dass Fallzahlen ganze Zahlen ≥ 0 sind. Geheim kann jede Zahl
sein, auch 0 (Nullregel: 0, 1 und 2 sind gleich geheim), also weiß er über eine geheime Zelle nur „≥ 0“ –
außer in Tabellen mit öffentlichen Nullen, dort „≥ 1“ (`Verbund.untergrenze`).

Schutzregel für jede geheime Zelle, mit dem ganzzahligen Intervall [u, o] des Angreifers:
    o ≥ Schwelle + 1   (er kann nicht beweisen, dass die Zelle klein ist)   und   o − u ≥ 2.

Gerechnet wird ganzzahlig (HiGHS): zuerst das lineare Programm; ist dessen Lösung ganzzahlig, ist sie zugleich
die ganzzahlige Grenze, sonst entscheidet das gemischt-ganzzahlige Programm. Jede gefundene ganzzahlige Lösung
ist ein Zeuge für alle Zellen ihres Teilsystems zugleich, so braucht nicht jede Zelle ihre eigenen Programme.
Reicht die Zeit (`zeitbudget`) nicht, gelten die offenen Zellen als nicht geschützt (`Befund.unvollstaendig`).
"""

from __future__ import annotations

import math
import os
import sys
import threading
import time
from collections.abc import Iterable, Set
from dataclasses import dataclass, field

import highspy
import numpy as np
from scipy import sparse

from .verbund import Verbund, Zelle

GANZ = 1e-6
"""Abstand zur nächsten ganzen Zahl, bis zu dem ein Wert der Lösung als ganzzahlig gilt."""
ZEITBUDGET = 60.0
"""Sekunden für eine Prüfung, wenn der Aufrufer nichts anderes sagt."""

_start_sperre = threading.Lock()
_gestartet = False


def _highs() -> highspy.Highs:
    """Ein stilles HiGHS. HiGHS druckt beim ersten Objekt eines Prozesses seinen Namen auf stdout (fd 1);
    das würde die CSV-Ausgabe von `imon series` verderben, also geht das erste Objekt ins Leere."""
    global _gestartet
    with _start_sperre:
        if not _gestartet:
            sys.stdout.flush()
            alt = os.dup(1)
            leer = os.open(os.devnull, os.O_WRONLY)
            try:
                os.dup2(leer, 1)
                highspy.Highs()  # type: ignore[no-untyped-call]
            finally:
                os.dup2(alt, 1)
                os.close(alt)
                os.close(leer)
            _gestartet = True
    h = highspy.Highs()  # type: ignore[no-untyped-call]
    h.setOptionValue("output_flag", False)
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("threads", 1)
    h.setOptionValue("presolve", "off")  # small programs, solved again and again from the last basis
    return h


def lp_modell(
    matrix: sparse.csc_matrix,
    kosten: np.ndarray,
    spalten: tuple[np.ndarray, np.ndarray],
    zeilen: tuple[np.ndarray, np.ndarray],
    ganzzahlig: int = 0,
) -> highspy.HighsLp:
    """Ein HiGHS-Modell: Matrix (spaltenweise), Kosten, Grenzen der Spalten und Zeilen (±inf erlaubt); die
    ersten `ganzzahlig` Spalten ganzzahlig."""
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = matrix.shape[1], matrix.shape[0]
    lp.col_cost_ = np.asarray(kosten, dtype=np.float64)
    lp.col_lower_, lp.col_upper_ = (np.clip(g, -highspy.kHighsInf, highspy.kHighsInf) for g in spalten)
    lp.row_lower_, lp.row_upper_ = (np.clip(g, -highspy.kHighsInf, highspy.kHighsInf) for g in zeilen)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = matrix.indptr.astype(np.int32)
    lp.a_matrix_.index_ = matrix.indices.astype(np.int32)
    lp.a_matrix_.value_ = matrix.data.astype(np.float64)
    if ganzzahlig:
        lp.integrality_ = [highspy.HighsVarType.kInteger] * ganzzahlig + [
            highspy.HighsVarType.kContinuous
        ] * (matrix.shape[1] - ganzzahlig)
    return lp


def erfuellt(unten: float, oben: float, schwelle: int) -> bool:
    """Die Schutzregel für ein ganzzahliges Intervall [unten, oben] (oben darf unendlich sein)."""
    return oben >= schwelle + 1 and oben - unten >= 2


@dataclass(frozen=True)
class Befund:
    """Ergebnis einer Prüfung: verletzte Zellen mit dem, was der Angreifer über sie beweisen kann."""

    verletzt: dict[Zelle, tuple[float, float]] = field(default_factory=dict)
    unvollstaendig: frozenset[Zelle] = frozenset()
    intervalle: dict[Zelle, tuple[float, float]] = field(default_factory=dict)  # nur bei exakt=True

    @property
    def ok(self) -> bool:
        return not self.verletzt and not self.unvollstaendig

    @property
    def nicht_geschuetzt(self) -> frozenset[Zelle]:
        return frozenset(self.verletzt) | self.unvollstaendig


@dataclass
class _Teilsystem:
    """Ein Zusammenhangsteil der Unbekannten mit seinem HiGHS-Modell."""

    zellen: list[Zelle]  # Spalten des Teils
    lokal: dict[int, int]  # Spalte des ganzen Systems -> Spalte des Teils
    h: highspy.Highs
    spalten: int
    zeuge_min: np.ndarray
    zeuge_max: np.ndarray
    ganz: bool = False  # Ganzzahligkeit gerade gesetzt?
    ziel: int = -1  # Spalte mit Kosten 1 (die übrigen 0)
    frist_gesetzt: bool = False


class Angreifer:
    """Der Angreifer gegen einen Verbund mit einer Menge geheimer Zellen."""

    def __init__(self, verbund: Verbund, geheim: Set[Zelle]) -> None:
        fehlt = [z for z in verbund.geheim_fest if z not in geheim]
        ohne_wert = [z for z, w in verbund.werte.items() if w is None and z not in geheim]
        if fehlt or ohne_wert:
            raise ValueError(f"Fest geheime Zellen müssen geheim bleiben: {(fehlt + ohne_wert)[:3]}")
        self.verbund = verbund
        self.schwelle = verbund.schwelle
        self.unbekannt = [z for z in verbund.zellen if z in geheim and z not in verbund.strukturnull]
        self._index = {z: i for i, z in enumerate(self.unbekannt)}
        self._zeilen: list[tuple[dict[int, float], float, float]] = []  # (Koeffizienten, unten, oben)
        self._baue(geheim)
        self._teile: dict[int, _Teilsystem] = {}
        self._teil_von = self._zusammenhang()
        self._mitglieder: dict[int, list[int]] = {}
        for i, w in enumerate(self._teil_von):
            self._mitglieder.setdefault(w, []).append(i)
        self._zeilen_je_teil: dict[int, list[tuple[dict[int, float], float, float]]] = {}
        for z in self._zeilen:
            self._zeilen_je_teil.setdefault(self._teil_von[next(iter(z[0]))], []).append(z)
        self._mit_zeile = set(self._zeilen_je_teil)
        self._sterne: dict[int, tuple[tuple[float, int], tuple[float, int], set[int]]] = {}
        self._zeilen_von: dict[int, list[int]] = {}
        for j, (koef, _u, _o) in enumerate(self._zeilen):
            for i in koef:
                self._zeilen_von.setdefault(i, []).append(j)

    # ---------------------------------------------------------------------------------------------- Aufbau
    def _bekannt(self, z: Zelle) -> float:
        w = self.verbund.werte[z]
        return 0.0 if w is None or z in self.verbund.strukturnull else float(w)

    def _baue(self, geheim: Set[Zelle]) -> None:
        idx = self._index
        for summe, teile in self.verbund.gleichungen:
            koef: dict[int, float] = {}
            rechts = 0.0
            for z, k in ((summe, 1.0), *((t, -1.0) for t in teile)):
                if z in idx:
                    koef[idx[z]] = koef.get(idx[z], 0.0) + k
                else:
                    rechts -= k * self._bekannt(z)
            koef = {i: k for i, k in koef.items() if k}
            if koef:
                self._zeilen.append((koef, rechts, rechts))

    def _zusammenhang(self) -> list[int]:
        n = len(self.unbekannt)
        eltern = list(range(n))

        def wurzel(i: int) -> int:
            while eltern[i] != i:
                eltern[i] = eltern[eltern[i]]
                i = eltern[i]
            return i

        for koef, _u, _o in self._zeilen:
            it = iter(koef)
            erste = wurzel(next(it))
            for i in it:
                r = wurzel(i)
                if r != erste:
                    eltern[r] = erste
        return [wurzel(i) for i in range(n)]

    def _teil(self, spalte: int) -> _Teilsystem:
        wurzel = self._teil_von[spalte]
        if wurzel in self._teile:
            return self._teile[wurzel]
        mitglieder = self._mitglieder[wurzel]
        lokal = {g: i for i, g in enumerate(mitglieder)}
        zeilen = self._zeilen_je_teil[wurzel]
        r, c, v = [], [], []
        for j, (koef, _u, _o) in enumerate(zeilen):
            for i, k in koef.items():
                r.append(j)
                c.append(lokal[i])
                v.append(k)
        n, m = len(mitglieder), len(zeilen)
        matrix = sparse.csc_matrix((v, (r, c)), shape=(m, n))
        lp = lp_modell(
            matrix,
            np.zeros(n),
            (
                np.array([float(self.verbund.unten(self.unbekannt[g])) for g in mitglieder]),
                np.full(n, math.inf),
            ),
            (np.array([u for _k, u, _o in zeilen]), np.array([o for _k, _u, o in zeilen])),
        )
        h = _highs()
        h.passModel(lp)
        zellen = [self.unbekannt[g] for g in mitglieder]
        teil = _Teilsystem(zellen, lokal, h, n, np.full(n, np.inf), np.full(n, -np.inf))
        wahr = self._wahrer_zeuge(mitglieder)
        if wahr is None:  # geheim geliefert oder nicht geliefert: irgendeine ganzzahlige Lösung als Ausgang
            h.run()
            x = (
                np.array(h.getSolution().col_value)
                if h.getModelStatus() == highspy.HighsModelStatus.kOptimal
                else None
            )
            if x is not None and np.all(np.abs(x - np.round(x)) <= GANZ):
                wahr = np.round(x)
        if wahr is not None:
            self._merke(teil, wahr)
            if n > 2:
                self._streue(teil, lp, wahr)
        self._teile[wurzel] = teil
        return teil

    def _streue(self, teil: _Teilsystem, lp: highspy.HighsLp, wahr: np.ndarray) -> None:
        """Zeugen für viele Zellen auf einmal: ein Programm hebt möglichst viele Zellen zugleich um so viel
        über ihren wahren Wert, wie die Schutzregel verlangt (z_i ≤ x_i − wahr_i, z_i ≤ Bedarf_i, Σ z maximal).
        Eine ganzzahlige Lösung ist ein Zeuge für jede Zelle, die ihren Bedarf erreicht; die übrigen prüft
        `pruefe` einzeln. Bis zu drei Runden, jede nur mit den noch offenen Zellen."""
        n, m = teil.spalten, lp.num_row_
        bedarf = np.maximum(2.0, self.schwelle + 1 - wahr)
        offen = np.ones(n, dtype=bool)
        a = sparse.csc_matrix(
            (
                np.asarray(lp.a_matrix_.value_),
                np.asarray(lp.a_matrix_.index_),
                np.asarray(lp.a_matrix_.start_),
            ),
            shape=(m, n),
        )
        kopplung = sparse.hstack([-sparse.identity(n, format="csc"), sparse.identity(n, format="csc")])
        matrix = sparse.vstack([sparse.hstack([a, sparse.csc_matrix((m, n))]), kopplung], format="csc")
        for _runde in range(3):
            weit = lp.__class__()
            weit.num_col_ = 2 * n
            weit.num_row_ = m + n
            weit.col_cost_ = np.concatenate([np.zeros(n), np.where(offen, -1.0, 0.0)])
            weit.col_lower_ = np.concatenate([np.asarray(lp.col_lower_), np.zeros(n)])
            weit.col_upper_ = np.concatenate([np.full(n, highspy.kHighsInf), np.where(offen, bedarf, 0.0)])
            weit.row_lower_ = np.concatenate([np.asarray(lp.row_lower_), np.full(n, -highspy.kHighsInf)])
            weit.row_upper_ = np.concatenate([np.asarray(lp.row_upper_), -wahr])
            weit.a_matrix_.format_ = highspy.MatrixFormat.kColwise
            weit.a_matrix_.start_ = matrix.indptr.astype(np.int32)
            weit.a_matrix_.index_ = matrix.indices.astype(np.int32)
            weit.a_matrix_.value_ = matrix.data.astype(np.float64)
            h = _highs()
            h.passModel(weit)
            h.run()
            if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
                return
            x = np.array(h.getSolution().col_value)[:n]
            if not np.all(np.abs(x - np.round(x)) <= GANZ):
                return
            x = np.round(x)
            self._merke(teil, x)
            erreicht = x - wahr >= bedarf - GANZ
            if not np.any(erreicht & offen):
                return
            offen &= ~erreicht
            if not np.any(offen):
                return

    def _wahrer_zeuge(self, mitglieder: list[int]) -> np.ndarray | None:
        """Die wahren Werte als Lösung, wenn alle bekannt sind."""
        werte = [self.verbund.werte[self.unbekannt[g]] for g in mitglieder]
        if any(w is None for w in werte):
            return None
        return np.array(werte, dtype=np.float64)

    @staticmethod
    def _merke(teil: _Teilsystem, x: np.ndarray) -> None:
        np.minimum(teil.zeuge_min, x, out=teil.zeuge_min)
        np.maximum(teil.zeuge_max, x, out=teil.zeuge_max)

    # ---------------------------------------------------------------------------------------------- Lösen
    def _ganzzahlig(self, teil: _Teilsystem, an: bool) -> None:
        if teil.ganz == an:
            return
        n_zellen = len(teil.zellen)
        typ = highspy.HighsVarType.kInteger if an else highspy.HighsVarType.kContinuous
        teil.h.changeColsIntegrality(
            n_zellen, np.arange(n_zellen, dtype=np.int32), np.array([typ] * n_zellen)
        )
        teil.ganz = an

    def _optimum(
        self, teil: _Teilsystem, lokal: int, maximieren: bool, frist: float | None
    ) -> tuple[float, bool, np.ndarray | None]:
        """Ganzzahliges Optimum der Zelle: (Wert, sicher, ganzzahlige Lösung). Unbeschränkt: inf ohne Lösung.
        Nicht sicher, wenn die Zeit für das gemischt-ganzzahlige Programm nicht reichte; dann ist der Wert die
        Schranke des linearen Programms."""
        h = teil.h
        if teil.ziel != lokal:  # only the objective's column changes: two cost entries, not the whole vector
            if teil.ziel >= 0:
                h.changeColCost(teil.ziel, 0.0)
            h.changeColCost(lokal, 1.0)
            teil.ziel = lokal
        h.changeObjectiveSense(highspy.ObjSense.kMaximize if maximieren else highspy.ObjSense.kMinimize)
        self._ganzzahlig(teil, False)
        if teil.frist_gesetzt:
            h.setOptionValue("time_limit", highspy.kHighsInf)
            teil.frist_gesetzt = False
        h.run()
        status = h.getModelStatus()
        if status in (highspy.HighsModelStatus.kUnbounded, highspy.HighsModelStatus.kUnboundedOrInfeasible):
            return (math.inf if maximieren else 0.0), True, None
        if status != highspy.HighsModelStatus.kOptimal:
            raise RuntimeError(f"Angreifer: lineares Programm nicht gelöst ({status})")
        x = np.array(h.getSolution().col_value)
        n_zellen = len(teil.zellen)
        if np.all(np.abs(x[:n_zellen] - np.round(x[:n_zellen])) <= GANZ):
            x[:n_zellen] = np.round(x[:n_zellen])
            self._merke(teil, x)
            return float(x[lokal]), True, x
        lp_wert = float(x[lokal])
        self._ganzzahlig(teil, True)
        if frist is not None:
            h.setOptionValue("time_limit", max(0.05, frist - time.monotonic()))
            teil.frist_gesetzt = True
        h.run()
        status = h.getModelStatus()
        loesung = np.array(h.getSolution().col_value) if h.getInfo().primal_solution_status == 2 else None
        self._ganzzahlig(teil, False)
        if loesung is not None:
            loesung[:n_zellen] = np.round(loesung[:n_zellen])
            self._merke(teil, loesung)
        if status == highspy.HighsModelStatus.kOptimal and loesung is not None:
            return float(loesung[lokal]), True, loesung
        # Zeit abgelaufen: nur die Schranke des linearen Programms ist sicher
        return (math.floor(lp_wert + GANZ) if maximieren else math.ceil(lp_wert - GANZ)), False, loesung

    def eine_loesung(self, zellen: Iterable[Zelle]) -> dict[Zelle, float]:
        """Irgendeine ganzzahlige Lösung des Angreifers für diese geheimen Zellen (z. B. geheim gelieferte
        Zellen ohne Wert): das Minimum der ersten Zelle je Teilsystem, dessen Zeuge alle Zellen belegt."""
        werte: dict[Zelle, float] = {}
        for zelle in zellen:
            if zelle in werte:
                continue
            spalte = self._index[zelle]
            if not self._hat_zeile(spalte):
                werte[zelle] = float(self.verbund.unten(zelle))
                continue
            teil = self._teil(spalte)
            _wert, _sicher, x = self._optimum(teil, teil.lokal[spalte], False, None)
            if x is None:
                raise RuntimeError(f"Angreifer: keine Lösung für {zelle!r}")
            for i, z in enumerate(teil.zellen):
                werte[z] = float(x[i])
        return werte

    def intervall(self, zelle: Zelle) -> tuple[float, float]:
        """Das ganzzahlige Intervall [unten, oben] der Zelle (veröffentlichte Zellen: ihr Wert)."""
        if zelle not in self._index:
            w = self._bekannt(zelle)
            return w, w
        spalte = self._index[zelle]
        if not self._hat_zeile(spalte):
            return float(self.verbund.unten(zelle)), math.inf
        teil = self._teil(spalte)
        lokal = teil.lokal[spalte]
        oben, _s, _x = self._optimum(teil, lokal, True, None)
        unten, _s, _x = self._optimum(teil, lokal, False, None)
        return unten, oben

    def _beruehrte_teile(self, neu: frozenset[Zelle]) -> set[int]:
        """Teilsysteme mit einer neuen Zelle oder einer Gleichung, die eine neue Zelle enthält."""
        teile = {self._teil_von[self._index[z]] for z in neu if z in self._index}
        je = self.verbund.gleichungen_je_zelle
        gleichungen = {i for z in neu for i in je.get(z, ())}
        for i in gleichungen:
            summe, rest = self.verbund.gleichungen[i]
            for y in (summe, *rest):
                spalte = self._index.get(y)
                if spalte is not None:
                    teile.add(self._teil_von[spalte])
        return teile

    def _stern(self, spalte: int) -> tuple[float, float] | None:
        """Ein schneller, sicherer Nachweis ohne Programm: steht die Zelle in genau einer Gleichung, und stehen
        andere Unbekannte nur in dieser, dann kann die Zelle deren ganze Masse aufnehmen (ein Teil gegen einen
        Teil) oder beliebig wachsen (gegen die Summe) und bis auf ihre Untergrenze sinken, wenn ein solcher
        Partner gleichen Vorzeichens ausgleicht. Die Werte sind ganzzahlig erreichbar: [unten, oben] ⊆ Intervall
        des Angreifers. None, wenn das nicht greift (die wahren Werte fehlen oder die Zelle steht in mehreren
        Gleichungen)."""
        zeilen = self._zeilen_von.get(spalte, ())
        if len(zeilen) != 1:
            return None
        stern = self._sterne.get(zeilen[0])
        if stern is None:
            stern = self._sterne[zeilen[0]] = self._stern_der_zeile(zeilen[0])
        koef, _u, _o = self._zeilen[zeilen[0]]
        eigene = self.verbund.werte[self.unbekannt[spalte]]
        if eigene is None or spalte not in stern[2]:
            return None
        vorzeichen = koef[spalte] > 0
        masse, anzahl = stern[0] if vorzeichen else stern[1]
        gegen_anzahl = stern[1][1] if vorzeichen else stern[0][1]
        masse -= eigene - self.verbund.unten(self.unbekannt[spalte])
        gleich = anzahl > 1
        if not (gleich or gegen_anzahl):
            return None
        unten = float(self.verbund.unten(self.unbekannt[spalte])) if gleich else float(eigene)
        return unten, (math.inf if gegen_anzahl else eigene + masse)

    def _stern_der_zeile(self, zeile: int) -> tuple[tuple[float, int], tuple[float, int], set[int]]:
        """Je Vorzeichen: Masse (Wert − Untergrenze) und Zahl der Unbekannten, die nur in dieser Gleichung
        stehen und deren wahrer Wert bekannt ist; dazu diese Spalten."""
        koef, u, o = self._zeilen[zeile]
        plus, minus, spalten = [0.0, 0], [0.0, 0], set[int]()
        if u != o:
            return (0.0, 0), (0.0, 0), spalten
        for p, k in koef.items():
            if len(self._zeilen_von.get(p, ())) != 1:
                continue
            w = self.verbund.werte[self.unbekannt[p]]
            if w is None:
                continue
            ziel = plus if k > 0 else minus
            ziel[0] += w - self.verbund.unten(self.unbekannt[p])
            ziel[1] += 1
            spalten.add(p)
        return (plus[0], int(plus[1])), (minus[0], int(minus[1])), spalten

    def _hat_zeile(self, spalte: int) -> bool:
        return self._teil_von[spalte] in self._mit_zeile

    def pruefe(
        self,
        zellen: Iterable[Zelle] | None = None,
        *,
        zeitbudget: float | None = ZEITBUDGET,
        exakt: bool = False,
    ) -> Befund:
        """Prüft die Schutzregel für die geheimen Zellen (Vorgabe: alle)."""
        frist = None if zeitbudget is None else time.monotonic() + zeitbudget
        ziel = self.unbekannt if zellen is None else [z for z in zellen if z in self._index]
        if self.verbund.ungeprueft:
            ziel = [z for z in ziel if z not in self.verbund.ungeprueft]
        if self.verbund.neu is not None:  # nur Teilsysteme, die etwas Neues berühren
            beruehrt = self._beruehrte_teile(self.verbund.neu)
            ziel = [z for z in ziel if self._teil_von[self._index[z]] in beruehrt]
        verletzt: dict[Zelle, tuple[float, float]] = {}
        offen: list[Zelle] = []
        intervalle: dict[Zelle, tuple[float, float]] = {}
        s = self.schwelle
        for zelle in ziel:
            spalte = self._index[zelle]
            if not self._hat_zeile(spalte):
                intervalle[zelle] = (float(self.verbund.unten(zelle)), math.inf)
                continue
            if frist is not None and time.monotonic() > frist:
                offen.append(zelle)
                continue
            if not exakt and (stern := self._stern(spalte)) is not None and erfuellt(*stern, s):
                continue
            teil = self._teil(spalte)
            lokal = teil.lokal[spalte]
            if exakt:
                oben, sicher_o, _x = self._optimum(teil, lokal, True, frist)
                unten, sicher_u, _x = self._optimum(teil, lokal, False, frist)
                intervalle[zelle] = (unten, oben)
                if not (sicher_o and sicher_u):
                    offen.append(zelle)
                elif not erfuellt(unten, oben, s):
                    verletzt[zelle] = (unten, oben)
                continue
            if erfuellt(teil.zeuge_min[lokal], teil.zeuge_max[lokal], s):
                continue
            oben, sicher, _x = self._optimum(teil, lokal, True, frist)
            if erfuellt(teil.zeuge_min[lokal], teil.zeuge_max[lokal], s):
                continue
            if not sicher:
                offen.append(zelle)
                continue
            if oben < s + 1:
                verletzt[zelle] = (float(teil.zeuge_min[lokal]), oben)
                continue
            unten, sicher, _x = self._optimum(teil, lokal, False, frist)
            if erfuellt(unten, oben, s):
                continue
            if not sicher:
                offen.append(zelle)
            else:
                verletzt[zelle] = (unten, oben)
        return Befund(verletzt, frozenset(offen), intervalle)


def pruefe(
    verbund: Verbund,
    geheim: Set[Zelle],
    zellen: Iterable[Zelle] | None = None,
    *,
    zeitbudget: float | None = ZEITBUDGET,
    exakt: bool = False,
) -> Befund:
    """Hält die Schutzregel für jede geheime Zelle (oder für `zellen`)?"""
    return Angreifer(verbund, geheim).pruefe(zellen, zeitbudget=zeitbudget, exakt=exakt)


def intervall(verbund: Verbund, geheim: Set[Zelle], zelle: Zelle) -> tuple[float, float]:
    """Das ganzzahlige Intervall, auf das der Angreifer die Zelle eingrenzen kann."""
    return Angreifer(verbund, geheim).intervall(zelle)

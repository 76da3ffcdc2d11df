"""Sekundäre Sperrung: so lange weitere Zellen sperren, bis der Angreifer (`angriff`) keine geheime Zelle
mehr eingrenzt – über den ganzen Verbund (alle Tabellen, Fassungen und verknüpften Summen) zugleich.

1. Primär geheim sind die freien Zellen mit höchstens `schwelle` Personen (0 eingeschlossen), dazu bleibt
   geheim, was schon geheim veröffentlicht oder ohne Wert geliefert wurde.
2. Gleichungen schließen: eine Gleichung mit genau einer geheimen Zelle verriete sie; sie bekommt die
   billigste freie Zelle dazu (die möglichst zugleich andere solche Gleichungen schließt). Bis zum Fixpunkt.
3. Prüfen und nachbessern: der ganzzahlige Angreifer prüft jede geheime Zelle. Für jede verletzte Zelle
   sucht ein lineares (beim zweiten Mal ganzzahliges) Programm eine Abweichung y aller nicht festen Zellen
   mit A·y = 0 und Wert + y ≥ Untergrenze, die die Zelle auf den geforderten Wert
   schiebt und möglichst billige veröffentlichte Zellen berührt; die berührten werden gesperrt. Dann ist
   Wert + y eine Lösung, die der Angreifer nicht ausschließen kann. Eine sekundäre Zelle, die er exakt
   bestimmt, schützt nichts und wird wieder veröffentlicht (seine Lösungsmenge bleibt dieselbe).
4. Rückfall: hilft das nicht in `MAX_RUNDEN` Runden oder reicht die Zeit nicht, wird jede freie Zelle
   gesperrt. Das ist immer sicher: dann kommt gegenüber dem schon Veröffentlichten nichts hinzu.
"""

from __future__ import annotations

import math
import time
from collections.abc import Set
from dataclasses import dataclass

import highspy
import numpy as np
from scipy import sparse

from .angriff import GANZ, ZEITBUDGET, Angreifer, Befund, _highs, lp_modell
from .verbund import Verbund, Zelle

MAX_RUNDEN = 12


@dataclass(frozen=True)
class Schutz:
    """Ergebnis: geheime Zellen, davon primär; der Befund der letzten Prüfung; ob der Rückfall nötig war."""

    geheim: frozenset[Zelle]
    primaer: frozenset[Zelle]
    befund: Befund
    rueckfall: bool = False

    @property
    def sekundaer(self) -> frozenset[Zelle]:
        return self.geheim - self.primaer


def schuetze(verbund: Verbund, *, zeitbudget: float | None = ZEITBUDGET) -> Schutz:
    """Wählt die geheimen Zellen des Verbunds (siehe Moduldoku)."""
    frist = None if zeitbudget is None else time.monotonic() + zeitbudget
    basis = _ergaenzt(verbund)
    geheim = set(verbund.immer_geheim) | (verbund.vorgemerkt & verbund.frei)
    _gleichungen_schliessen(verbund, geheim, basis)
    schon_versucht: set[Zelle] = set()
    # Mehr geheime Zellen vergrößern nur die Lösungsmenge des Angreifers, und eine exakt bestimmte Zelle zu
    # veröffentlichen ändert sie nicht: was eine Runde geprüft hat, gilt weiter. Die nächste Runde prüft nur
    # die verletzten und die neu gesperrten Zellen.
    pruefen: set[Zelle] | None = None
    for _runde in range(MAX_RUNDEN):
        rest = None if frist is None else frist - time.monotonic()
        if rest is not None and rest <= 0:
            break
        befund = Angreifer(verbund, geheim).pruefe(pruefen, zeitbudget=rest)
        if befund.ok:
            return Schutz(frozenset(geheim), verbund.primaer, befund)
        if befund.unvollstaendig:
            break
        richtungen = _Richtungen(verbund, basis)
        neu: set[Zelle] = set()
        weg: set[Zelle] = set()
        laufend = set(geheim)
        for zelle, (unten, oben) in befund.verletzt.items():
            if oben - unten < GANZ and zelle in verbund.frei and zelle not in verbund.primaer:
                weg.add(zelle)  # exakt bestimmt: schützt nichts, die Lösungsmenge bleibt gleich
                continue
            ganz = zelle in schon_versucht
            schon_versucht.add(zelle)
            s = verbund.schwelle
            ziele = [max(s + 1, int(unten) + 2)]
            if oben >= s + 1 and oben - 2 >= 0:
                ziele.append(int(oben) - 2)
            for ziel in ziele:
                beruehrt = richtungen.suche(zelle, ziel, laufend, ganzzahlig=ganz)
                if beruehrt is not None:
                    neu |= beruehrt
                    laufend |= beruehrt
                    break
        if not neu and not weg:
            break
        geheim = (geheim - weg) | neu
        pruefen = (set(befund.verletzt) - weg) | neu
    alle = set(verbund.sperrbar) | set(verbund.immer_geheim)
    rest = None if frist is None else max(1.0, frist - time.monotonic())
    befund = Angreifer(verbund, alle).pruefe(
        None if pruefen is None else pruefen | (alle - geheim), zeitbudget=rest
    )
    return Schutz(frozenset(alle), verbund.primaer, befund, rueckfall=True)


def _ergaenzt(verbund: Verbund) -> dict[Zelle, float]:
    """Die wahren Werte; wo sie fehlen (geheim geliefert), eine ganzzahlige Lösung des Angreifers."""
    werte = {z: float(w) for z, w in verbund.werte.items() if w is not None}
    ohne = [z for z, w in verbund.werte.items() if w is None]
    if ohne:
        werte.update(Angreifer(verbund, set(verbund.geheim_fest)).eine_loesung(ohne))
    for z in verbund.strukturnull:
        werte[z] = 0.0
    return werte


def _gleichungen_schliessen(verbund: Verbund, geheim: set[Zelle], basis: dict[Zelle, float]) -> None:
    """Schritt 2 (verändert `geheim`): keine Gleichung mit genau einer geheimen Zelle, und wo die Summe
    veröffentlicht ist, tragen die geheimen Teile zusammen mindestens Schwelle + 1 Personen (sonst könnte
    keine von ihnen über die Schwelle reichen). Fehlt es, kommt die billigste freie Zelle der Gleichung dazu."""
    gleichungen = verbund.gleichungen
    je_zelle = verbund.gleichungen_je_zelle
    frei = verbund.sperrbar
    reihenfolge = {z: i for i, z in enumerate(verbund.zellen)}
    noetig = verbund.schwelle + 1

    def unbekannt(z: Zelle) -> bool:
        return z in geheim and z not in verbund.strukturnull

    def mangel(i: int) -> bool:
        summe, teile = gleichungen[i]
        if not any(unbekannt(z) and z not in verbund.ungeprueft for z in (summe, *teile)):
            return False  # nichts zu schützen (nicht gelieferte Zellen sind Unbekannte, aber nicht geheim)
        geheime = [t for t in teile if unbekannt(t)]
        if unbekannt(summe):
            return not geheime  # eine geheime Summe aus lauter bekannten Teilen wäre bekannt
        if not geheime:
            return False
        if len(geheime) == 1:
            return True
        masse = sum(basis[t] - verbund.unten(t) for t in geheime)
        return masse < noetig

    offen = list(range(len(gleichungen)))
    while offen:
        i = offen.pop()
        if not mangel(i):
            continue
        summe, teile = gleichungen[i]
        kandidaten = [z for z in (summe, *teile) if z in frei and z not in geheim]
        if not kandidaten:
            continue  # nicht zu schließen: die Prüfung meldet es, die Richtungssuche oder der Rückfall hilft

        def rang(z: Zelle) -> tuple[float, int]:
            return (verbund.preis(z), reihenfolge[z])

        for wahl in sorted(kandidaten, key=rang):
            if wahl == summe and not unbekannt(summe) and len(kandidaten) > 1:
                continue  # lieber einen Teil: die Summe zu sperren verschiebt das Problem eine Ebene höher
            geheim.add(wahl)
            offen.extend(je_zelle.get(wahl, ()))
            if not mangel(i):
                break


class _Richtungen:
    """Schritt 3: das Programm der Schutzrichtung, einmal aufgebaut je Runde (die Preise ändern sich)."""

    def __init__(self, verbund: Verbund, basis: dict[Zelle, float]) -> None:
        self.verbund, self.basis = verbund, basis
        # fest: bekannt, Strukturnull, und öffentliche Nullen (eine geheime Zelle dort wäre ≥ 1, die 0 nicht)
        fest = verbund.bekannt | verbund.strukturnull
        self.zellen = [
            z
            for z in verbund.zellen
            if z not in fest
            and not (basis[z] < verbund.unten(z))
            and not (verbund.unten(z) > 0 and basis[z] == 0)
        ]
        self.index = {z: i for i, z in enumerate(self.zellen)}
        n = len(self.zellen)
        r, c, v = [], [], []
        zeile = 0
        for summe, teile in verbund.gleichungen:
            eintraege = [(summe, 1.0), *((t, -1.0) for t in teile)]
            drin = [(self.index[z], k) for z, k in eintraege if z in self.index]
            if not drin:
                continue
            for i, k in drin:  # y = y⁺ − y⁻: Spalte i für y⁺, n + i für y⁻
                r += [zeile, zeile]
                c += [i, n + i]
                v += [k, -k]
            zeile += 1
        self.n = n
        self.matrix = sparse.csc_matrix((v, (r, c)), shape=(zeile, 2 * n))
        self.werte = np.array([basis[z] for z in self.zellen])
        self.spielraum = np.array([basis[z] - verbund.unten(z) for z in self.zellen])  # wie weit nach unten

        self._h: highspy.Highs | None = None
        self._preis_alle = np.array([verbund.preis(z) for z in self.zellen])

    def _modell(self, kosten: np.ndarray, ganzzahlig: bool) -> highspy.HighsLp:
        n = self.n
        return lp_modell(
            self.matrix,
            kosten,
            (np.zeros(2 * n), np.concatenate([np.full(n, math.inf), self.spielraum])),
            (np.zeros(self.matrix.shape[0]), np.zeros(self.matrix.shape[0])),
            ganzzahlig=2 * n if ganzzahlig else 0,
        )

    def suche(self, zelle: Zelle, ziel: int, geheim: Set[Zelle], *, ganzzahlig: bool) -> set[Zelle] | None:
        """Die zu sperrenden Zellen einer Abweichung, die `zelle` auf `ziel` schiebt; None, wenn es keine gibt.

        Das lineare Programm bleibt zwischen den Aufrufen stehen (nur Preise und die Grenzen der Zielzelle
        ändern sich), so beginnt HiGHS bei der letzten Basis."""
        if zelle not in self.index:
            return None
        n = self.n
        x = self.index[zelle]
        betrag = ziel - self.werte[x]
        if -betrag > self.spielraum[x] + GANZ:
            return None
        maske = np.fromiter((z in geheim for z in self.zellen), dtype=bool, count=n)
        preis = np.where(maske, 0.0, self._preis_alle)
        kosten = np.concatenate([preis, preis])
        if ganzzahlig:
            h = _highs()
            h.setOptionValue("time_limit", 20.0)
            h.passModel(self._modell(kosten, True))
        else:
            if self._h is None:
                self._h = _highs()
                self._h.passModel(self._modell(kosten, False))
            h = self._h
            h.changeColsCost(len(kosten), np.arange(len(kosten), dtype=np.int32), kosten)
        spalten = np.array([x, n + x], dtype=np.int32)
        h.changeColsBounds(
            2,
            spalten,
            np.array([max(betrag, 0.0), max(-betrag, 0.0)]),
            np.array([max(betrag, 0.0), max(-betrag, 0.0)]),
        )
        h.run()
        ok = h.getModelStatus() == highspy.HighsModelStatus.kOptimal
        y = np.array(h.getSolution().col_value) if ok else None
        h.changeColsBounds(2, spalten, np.zeros(2), np.array([highspy.kHighsInf, self.spielraum[x]]))
        if y is None:
            return None
        bewegt = np.abs(y[:n] - y[n : 2 * n]) > GANZ
        return {self.zellen[i] for i in np.flatnonzero(bewegt) if self.zellen[i] in self.verbund.sperrbar}

"""Tabellen mit Hierarchien: Typen für die Geheimhaltung (pure, ohne Django, ohne I/O).

Eine `Tabelle` ist ein vollständiger Würfel nicht negativer ganzzahliger Fallzahlen: jede Dimension ist eine
`Hierarchie` (Code -> Elterncode, die Wurzel ist die Summe, z. B. "_T" oder der Kreis), und die Tabelle enthält
jede Kombination aller Codes, also alle Randsummen auf jeder Ebene. Jede additive Beziehung
„Elternzelle = Summe der Kinderzellen“ entlang einer Dimension, bei festen übrigen Koordinaten, ist eine
`Gleichung`; `Tabelle` prüft beim Anlegen, dass sie alle aufgehen.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType

Schluessel = tuple[str, ...]
"""Koordinaten einer Zelle: ein Code je Dimension, in der Reihenfolge von `Tabelle.dimensionen`."""


@dataclass(frozen=True, eq=False)
class Hierarchie:
    """Baum der Codes einer Dimension: `eltern` bildet jeden Code auf seinen Elterncode ab, die Wurzel auf None."""

    eltern: Mapping[str, str | None]
    wurzel: str = field(init=False)
    kinder: Mapping[str, tuple[str, ...]] = field(init=False)

    def __post_init__(self) -> None:
        eltern = dict(self.eltern)
        wurzeln = [c for c, e in eltern.items() if e is None]
        if len(wurzeln) != 1:
            raise ValueError(f"Eine Hierarchie braucht genau eine Wurzel (Summe), gefunden: {wurzeln}")
        kinder: dict[str, list[str]] = {c: [] for c in eltern}
        for code, elter in eltern.items():
            if elter is None:
                continue
            if elter not in eltern:
                raise ValueError(f"Code {code!r}: Elterncode {elter!r} fehlt in der Hierarchie")
            kinder[elter].append(code)
        for code in eltern:  # jeder Weg muss an der Wurzel enden, sonst gibt es einen Kreis
            gesehen = {code}
            e = eltern[code]
            while e is not None:
                if e in gesehen:
                    raise ValueError(f"Code {code!r}: die Hierarchie enthält einen Kreis")
                gesehen.add(e)
                e = eltern[e]
        object.__setattr__(self, "eltern", MappingProxyType(eltern))
        object.__setattr__(self, "wurzel", wurzeln[0])
        object.__setattr__(self, "kinder", MappingProxyType({c: tuple(k) for c, k in kinder.items()}))

    @classmethod
    def flach(cls, wurzel: str, codes: Iterable[str]) -> Hierarchie:
        """Eine Ebene unter der Summe, z. B. `Hierarchie.flach("_T", ["m", "w"])`."""
        eltern: dict[str, str | None] = {wurzel: None}
        eltern.update({c: wurzel for c in codes})
        return cls(eltern)

    @property
    def codes(self) -> tuple[str, ...]:
        """Alle Codes, in der Reihenfolge von `eltern`."""
        return tuple(self.eltern)

    @cached_property
    def blaetter(self) -> tuple[str, ...]:
        """Codes ohne Kinder (feinste Ebene)."""
        return tuple(c for c in self.eltern if not self.kinder[c])

    def ist_blatt(self, code: str) -> bool:
        return not self.kinder[code]

    def tiefe(self, code: str) -> int:
        """Abstand zur Wurzel: 0 für die Summe."""
        n = 0
        e = self.eltern[code]
        while e is not None:
            n += 1
            e = self.eltern[e]
        return n


@dataclass(frozen=True)
class Gleichung:
    """Additive Beziehung der Tabelle: Wert von `summe` = Summe der Werte von `teile`."""

    summe: Schluessel
    teile: tuple[Schluessel, ...]

    @property
    def zellen(self) -> tuple[Schluessel, ...]:
        return (self.summe, *self.teile)


@dataclass(frozen=True, eq=False)
class Tabelle:
    """Vollständiger Würfel von Fallzahlen mit allen Randsummen (siehe Moduldoku)."""

    dimensionen: tuple[str, ...]
    hierarchien: tuple[Hierarchie, ...]
    werte: Mapping[Schluessel, int]

    def __post_init__(self) -> None:
        if not self.dimensionen or len(self.dimensionen) != len(self.hierarchien):
            raise ValueError("Je Dimension genau eine Hierarchie, mindestens eine Dimension")
        if len(set(self.dimensionen)) != len(self.dimensionen):
            raise ValueError(f"Dimensionen doppelt: {self.dimensionen}")
        werte = dict(self.werte)
        erwartet = set(itertools.product(*(h.codes for h in self.hierarchien)))
        if set(werte) != erwartet:
            fehlend = sorted(erwartet - set(werte))[:3]
            fremd = sorted(set(werte) - erwartet)[:3]
            raise ValueError(
                f"Die Tabelle muss jede Kombination aller Codes enthalten; fehlend {fehlend}, unbekannt {fremd}"
            )
        for schluessel, wert in werte.items():
            if isinstance(wert, bool) or not isinstance(wert, int) or wert < 0:
                raise ValueError(f"Zelle {schluessel}: {wert!r} ist keine nicht negative ganze Zahl")
        object.__setattr__(self, "werte", MappingProxyType(werte))
        for g in self.gleichungen:
            summe = sum(werte[t] for t in g.teile)
            if werte[g.summe] != summe:
                raise ValueError(
                    f"Zelle {g.summe}: {werte[g.summe]} ist nicht die Summe ihrer Teile ({summe})"
                )

    @classmethod
    def aus_blattwerten(
        cls,
        dimensionen: Sequence[str],
        hierarchien: Sequence[Hierarchie],
        blattwerte: Mapping[Schluessel, int],
    ) -> Tabelle:
        """Bildet alle Randsummen aus den Werten der feinsten Zellen (fehlende Blattzellen zählen 0)."""
        werte: dict[Schluessel, int] = dict.fromkeys(itertools.product(*(h.codes for h in hierarchien)), 0)
        for schluessel, wert in blattwerte.items():
            if not all(h.ist_blatt(c) for h, c in zip(hierarchien, schluessel, strict=True)):
                raise ValueError(f"Zelle {schluessel} ist keine Zelle der feinsten Ebene")
            vorfahren = [_vorfahren_und_selbst(h, c) for h, c in zip(hierarchien, schluessel, strict=True)]
            for ziel in itertools.product(*vorfahren):
                werte[ziel] += wert
        return cls(tuple(dimensionen), tuple(hierarchien), werte)

    @cached_property
    def zellen(self) -> tuple[Schluessel, ...]:
        """Alle Zellen in fester Reihenfolge (kartesisches Produkt der Codes)."""
        return tuple(itertools.product(*(h.codes for h in self.hierarchien)))

    @cached_property
    def gleichungen(self) -> tuple[Gleichung, ...]:
        """Jede additive Beziehung: je Dimension, je Code mit Kindern, je Kombination der übrigen Codes."""
        result: list[Gleichung] = []
        for d, h in enumerate(self.hierarchien):
            andere = [hh.codes for i, hh in enumerate(self.hierarchien) if i != d]
            for elter, kinder in h.kinder.items():
                if not kinder:
                    continue
                for rest in itertools.product(*andere):
                    result.append(
                        Gleichung(_setze(rest, d, elter), tuple(_setze(rest, d, k) for k in kinder))
                    )
        return tuple(result)

    def ist_gesamtsumme(self, zelle: Schluessel) -> bool:
        """Die Zelle, in der jede Koordinate die Wurzel ist."""
        return all(c == h.wurzel for h, c in zip(self.hierarchien, zelle, strict=True))

    def summenkoordinaten(self, zelle: Schluessel) -> int:
        """Wie viele Koordinaten der Zelle keine Blätter sind (0 für eine Zelle der feinsten Ebene)."""
        return sum(not h.ist_blatt(c) for h, c in zip(self.hierarchien, zelle, strict=True))


def _setze(rest: tuple[str, ...], d: int, code: str) -> Schluessel:
    return (*rest[:d], code, *rest[d:])


def _vorfahren_und_selbst(h: Hierarchie, code: str) -> list[str]:
    result = [code]
    e = h.eltern[code]
    while e is not None:
        result.append(e)
        e = h.eltern[e]
    return result

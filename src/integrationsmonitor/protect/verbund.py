"""Ein Verbund: alle Zellen, die ein Angreifer gemeinsam auswerten kann, mit ihren Gleichungen (pur).

Ein Verbund fasst zusammen, was zusammen veröffentlicht wird oder schon veröffentlicht wurde: jede Tabelle
eines Datensatzes auf jeder Gebietsebene, was frühere Fassungen schon verraten haben (Berichtigungen),
verknüpfte Datensätze (eine Jahreszahl als Summe von Monatszahlen). Zellen sind beliebige hashbare Schlüssel; die Gleichungen sagen,
welche Zelle die Summe welcher anderen ist. Die Regeln des Angreifers stehen in `angriff`, das Verfahren,
das die geheimen Zellen wählt, in `sekundaer`; das Modell in Worten in docs/geheimhaltung.md.

Zustände einer Zelle:
- frei: wird jetzt entschieden (veröffentlichen oder sperren);
- bekannt: schon veröffentlicht (eine frühere Fassung, ein früher veröffentlichter Monat) – fest, der Wert
  ist dem Angreifer bekannt;
- geheim_fest: schon als geheim veröffentlicht oder ohne Wert geliefert – bleibt geheim und muss geschützt
  bleiben;
- strukturnull: nach den Regeln des Katalogs unmöglich (z. B. Gruppe „EU“ mit einem Nicht-EU-Staat), also
  sicher 0 und dem Angreifer bekannt.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType

Zelle = tuple[Hashable, ...]
"""Eine Zelle: ein Tupel (bei Lieferungen: Kennung der Lieferung, Gebiet, Code je Merkmal)."""

GESAMTSUMME_KOSTEN = 1000.0
"""Preis, die Gesamtsumme einer Tabelle zu sperren: nur, wenn es gar nicht anders geht."""


@dataclass(frozen=True, eq=False)
class Verbund:
    """Zellen mit wahren Werten (None: unbekannt, weil geheim geliefert), Gleichungen und Zuständen."""

    werte: Mapping[Zelle, int | None]
    gleichungen: Sequence[tuple[Zelle, Sequence[Zelle]]]
    bekannt: frozenset[Zelle] = frozenset()
    geheim_fest: frozenset[Zelle] = frozenset()
    strukturnull: frozenset[Zelle] = frozenset()
    schwelle: int = 2
    kosten: Mapping[Zelle, float] = field(default_factory=dict)
    untergrenze: Mapping[Zelle, int] = field(default_factory=dict)  # Vorgabe 0; 1 wo Nullen öffentlich sind
    vorgemerkt: frozenset[Zelle] = frozenset()  # freie Zellen, die möglichst geheim bleiben (frühere Fassung)
    # Zellen, deren Teilsysteme sich seit der letzten Prüfung geändert haben können (None: alle). Ein
    # Teilsystem nur aus schon früher veröffentlichten Zellen und Gleichungen ist damals geprüft worden.
    neu: frozenset[Zelle] | None = None
    # Unbekannte, die nicht veröffentlicht werden und für die die Schutzregel nicht gilt: Zellen, die eine
    # Lieferung weder enthält noch bestimmt (sie sind Unbekannte für den Angreifer, aber keine geheimen Zellen)
    ungeprueft: frozenset[Zelle] = frozenset()

    def __post_init__(self) -> None:
        if self.schwelle < 0:
            raise ValueError("Die Schwelle darf nicht negativ sein")
        werte = MappingProxyType(dict(self.werte))
        object.__setattr__(self, "werte", werte)
        for summe, teile in self.gleichungen:
            for z in (summe, *teile):
                if z not in werte:
                    raise ValueError(f"Gleichung mit unbekannter Zelle {z!r}")
        for z in self.bekannt:
            if werte.get(z) is None:
                raise ValueError(f"Zelle {z!r} gilt als veröffentlicht, hat aber keinen Wert")
        for z, w in werte.items():
            if w is None and z not in self.geheim_fest:
                raise ValueError(f"Zelle {z!r} hat keinen Wert und ist nicht als geheim geliefert")
            if w is not None and (isinstance(w, bool) or not isinstance(w, int) or w < 0):
                raise ValueError(f"Zelle {z!r}: {w!r} ist keine nicht negative ganze Zahl")
        for z in self.strukturnull:
            if werte.get(z) not in (0, None):
                raise ValueError(f"Zelle {z!r} ist eine Strukturnull, hat aber den Wert {werte.get(z)}")
        if self.bekannt & self.geheim_fest:
            raise ValueError("Eine Zelle kann nicht zugleich veröffentlicht und geheim sein")

    @cached_property
    def zellen(self) -> tuple[Zelle, ...]:
        return tuple(self.werte)

    @cached_property
    def fest(self) -> frozenset[Zelle]:
        """Zellen, über die jetzt nicht entschieden wird."""
        return self.bekannt | self.geheim_fest | self.strukturnull

    @cached_property
    def frei(self) -> frozenset[Zelle]:
        return frozenset(self.werte) - self.fest

    @cached_property
    def sperrbar(self) -> frozenset[Zelle]:
        """Freie Zellen, die geheim sein dürfen: nicht eine öffentliche Null (geheim hieße dort „≥ 1“)."""
        return frozenset(z for z in self.frei if (self.werte[z] or 0) >= self.unten(z))

    def unten(self, zelle: Zelle) -> int:
        """Was der Angreifer über eine geheime Zelle ohnehin weiß: ≥ 0, oder ≥ 1, wo Nullen öffentlich sind."""
        return self.untergrenze.get(zelle, 0)

    @cached_property
    def primaer(self) -> frozenset[Zelle]:
        """Freie Zellen mit höchstens `schwelle` Personen, 0 eingeschlossen – außer wo Nullen öffentlich sind
        (Nullregel, docs/geheimhaltung.md)."""
        return frozenset(
            z for z in self.frei if (w := self.werte[z]) is not None and self.unten(z) <= w <= self.schwelle
        )

    @cached_property
    def immer_geheim(self) -> frozenset[Zelle]:
        """Was in jedem Fall geheim ist: primäre Zellen und die fest geheimen."""
        return self.primaer | self.geheim_fest

    def preis(self, zelle: Zelle) -> float:
        """Preis, eine freie Zelle zu sperren (Informationsverlust): `kosten` oder 1 + log(1 + Wert)/20."""
        if zelle in self.kosten:
            return self.kosten[zelle]
        w = self.werte[zelle]
        return 1.0 + 0.05 * math.log1p(w or 0)

    def veroeffentlicht(self, geheim: Iterable[Zelle]) -> dict[Zelle, int | None]:
        """Was herausgeht: None für geheime Zellen, sonst der Wert."""
        g = set(geheim)
        return {z: (None if z in g else w) for z, w in self.werte.items()}

    @cached_property
    def gleichungen_je_zelle(self) -> Mapping[Zelle, tuple[int, ...]]:
        je: dict[Zelle, list[int]] = {}
        for i, (summe, teile) in enumerate(self.gleichungen):
            for z in (summe, *teile):
                je.setdefault(z, []).append(i)
        return MappingProxyType({z: tuple(v) for z, v in je.items()})


def verbinde(*teile: Verbund, gleichungen: Sequence[tuple[Zelle, Sequence[Zelle]]] = ()) -> Verbund:
    """Mehrere Verbünde (mit verschiedenen Zellen) zu einem, dazu Gleichungen zwischen ihnen."""
    werte: dict[Zelle, int | None] = {}
    for t in teile:
        doppelt = werte.keys() & t.werte.keys()
        if doppelt:
            raise ValueError(f"Zelle in zwei Verbünden: {sorted(map(repr, doppelt))[:3]}")
        werte.update(t.werte)
    schwellen = {t.schwelle for t in teile}
    if len(schwellen) > 1:
        raise ValueError(f"Verbünde mit verschiedenen Schwellen: {sorted(schwellen)}")
    kosten: dict[Zelle, float] = {}
    untergrenze: dict[Zelle, int] = {}
    for t in teile:
        kosten.update(t.kosten)
        untergrenze.update(t.untergrenze)
    return Verbund(
        werte=werte,
        gleichungen=[g for t in teile for g in t.gleichungen] + list(gleichungen),
        bekannt=frozenset().union(*(t.bekannt for t in teile)),
        geheim_fest=frozenset().union(*(t.geheim_fest for t in teile)),
        strukturnull=frozenset().union(*(t.strukturnull for t in teile)),
        schwelle=schwellen.pop() if schwellen else 2,
        kosten=kosten,
        untergrenze=untergrenze,
        vorgemerkt=frozenset().union(*(t.vorgemerkt for t in teile)),
    )

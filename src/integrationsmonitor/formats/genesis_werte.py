"""Values and symbols of official GENESIS tables (INDICATORS.md §2.3 c), kept apart (pure, no Django).

A cell of an official table holds a number or a symbol (Zeichenerklärung der Statistischen Ämter).
`-` (nichts vorhanden) is a true zero and reads as 0 with its symbol; every other symbol means *no value*
and reads as None with its symbol — never as 0. A number in parentheses `(12)` and the ffcsv column
`value_q` (`e`, `p`, `r`, `s`, `()`) qualify a value without replacing it; they are returned as `qualitaet`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .numbers import deutsche_zahl

SYMBOLE = {
    "-": "nichts vorhanden",
    ".": "Zahlenwert unbekannt oder geheim zu halten",
    "...": "Angabe fällt später an",
    "x": "Tabellenfach gesperrt, weil Aussage nicht sinnvoll",
    "/": "keine Angaben, da Zahlenwert nicht sicher genug",
}
QUALITAET = {
    "e": "endgültig",
    "p": "vorläufig",
    "r": "berichtigt",
    "s": "geschätzt",
    "()": "Aussagewert eingeschränkt",
}


@dataclass(frozen=True, slots=True)
class GenesisWert:
    wert: float | None  # None: no value (symbol . ... x /)
    symbol: str = ""  # "" or a key of SYMBOLE
    qualitaet: str = ""  # "" or a key of QUALITAET

    @property
    def fehlt(self) -> bool:
        return self.wert is None


def lies_wert(roh: str, qualitaet: str = "", symbole: Mapping[str, str] | None = None) -> GenesisWert:
    """One cell: '164528', '1.234,5', '-', '.', '(12)' …; ValueError with a German reason otherwise.

    `qualitaet` is the content of the ffcsv column `value_q` (empty in classic tables); `symbole` maps
    further symbols of a statistical office to one of SYMBOLE (from a GENESIS profile, e.g. `–` -> `-`)."""
    t = roh.strip().replace("\u00a0", "")
    if symbole and t in symbole:
        t = symbole[t]
    q = qualitaet.strip()
    if q and q not in QUALITAET:
        raise ValueError(
            f"‚{qualitaet}‘ ist kein GENESIS-Qualitätskennzeichen (erlaubt: {', '.join(QUALITAET)})"
        )
    if t in SYMBOLE:
        return GenesisWert(0.0 if t == "-" else None, t, q)
    if len(t) > 2 and t[0] == "(" and t[-1] == ")":
        t, q = t[1:-1].strip(), "()"
    wert = deutsche_zahl(t)
    if wert is None:
        raise ValueError(f"‚{roh.strip()}‘ ist weder Zahl noch GENESIS-Zeichen ({', '.join(SYMBOLE)})")
    return GenesisWert(wert, "", q)

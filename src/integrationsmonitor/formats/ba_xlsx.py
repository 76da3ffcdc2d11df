"""Read Bundesagentur-für-Arbeit-style XLSX tables: values and symbols kept apart (pure, no Django).

Layout (Statistik der BA, e.g. "Arbeitsmarkt nach Staatsangehörigkeit", Kreise):

    Tabelle 3: Arbeitslose nach Staatsangehörigkeit                <- title rows
    Region (merged over 2 rows) | Insgesamt | davon (merged)       <- multi-row merged header
                                |           | Deutsche | Ausländer
    1                           | 2         | 3        | 4         <- optional column numbering
    Dahme-Spreewald             | 4.321     | 3.900    | 421
    Heidesee                    | *         | *        | 12        <- `*` secret (1 or 2, or computable from them)
    Insgesamt                   | …                                <- Summe lines (never data)
    © Statistik der Bundesagentur für Arbeit                       <- end marker; footnotes below

Symbols (Zeichenerklärung der BA, shared with GENESIS where they coincide, see genesis_werte): `*` anonymised
(None, symbol "*"), `-` nichts vorhanden (0 with symbol "-"), `x` Nachweis nicht möglich / nicht sinnvoll (None),
`.`, `...`, `/` as in GENESIS. The header, title and footer come from formats.xlsx.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import FormatFehler
from .genesis_werte import SYMBOLE, GenesisWert, lies_wert
from .xlsx import lies_xlsx
from .xlsx_pruefung import STANDARD, Grenzen

BA_SYMBOLE = {
    **SYMBOLE,
    "*": "anonymisiert (Wert 1 oder 2, oder daraus errechenbar)",
    "x": "Nachweis nicht möglich oder nicht sinnvoll",
}


@dataclass(frozen=True, slots=True)
class BaZelle:
    zeile: int  # Excel row
    spalte: str  # Excel column letter
    merkmale: tuple[str, ...]  # the row's label cells (e.g. region), left to right
    kopf: str  # the column name, header rows joined with " / "
    wert: float | None  # None: no value (symbol * x . ... /)
    symbol: str = ""  # "" or a key of BA_SYMBOLE


@dataclass(frozen=True, slots=True)
class BaTabelle:
    datei: str
    blatt: str
    titel: tuple[str, ...]
    merkmal_spalten: tuple[str, ...]
    wert_spalten: tuple[str, ...]
    zellen: tuple[BaZelle, ...]
    fuss: tuple[str, ...]  # Summe lines, footnotes, © line: text, never data


def lies_ba_wert(roh: str) -> GenesisWert:
    """One BA cell: '4.321', '12', '*', '-', 'x' …; ValueError with a German reason otherwise."""
    t = roh.strip()
    if t == "*":
        return GenesisWert(None, "*")
    try:
        return lies_wert(t)
    except ValueError:
        raise ValueError(
            f"‚{t}‘ ist weder Zahl noch Zeichen der BA-Statistik ({', '.join(BA_SYMBOLE)})"
        ) from None


def _ist_wert(t: str) -> bool:
    try:
        lies_ba_wert(t)
    except ValueError:
        return False
    return True


def lies_ba_xlsx(
    daten: bytes,
    datei: str,
    blatt: str | int = 1,
    *,
    merkmal_spalten: int | None = None,
    kopf_zeilen: int | None = None,
    grenzen: Grenzen = STANDARD,
) -> BaTabelle:
    """Every value cell with its labels and column head; FormatFehler naming sheet, row and column otherwise.

    `merkmal_spalten`: how many leading columns are labels (default: every column up to the last one that
    holds something other than a number or symbol — pass it when a label column holds only numbers, e.g. AGS)."""
    t = lies_xlsx(daten, datei, blatt, kopf_zeilen=kopf_zeilen, grenzen=grenzen)
    if merkmal_spalten is None:
        merkmal_spalten = 1 + max(
            (
                j
                for j, s in enumerate(t.spalten)
                if any(z.felder[s] and not _ist_wert(z.felder[s]) for z in t.zeilen)
            ),
            default=0,
        )
    if not 1 <= merkmal_spalten < len(t.spalten):
        raise FormatFehler(datei, "die Tabelle hat keine Spalte mit Zahlen", t.kopf_zeile, blatt=t.blatt)
    merkmale, werte = t.spalten[:merkmal_spalten], t.spalten[merkmal_spalten:]
    orte = dict(zip(t.spalten, t.spalten_orte, strict=True))
    zellen = []
    for z in t.zeilen:
        label = tuple(z.felder[s] for s in merkmale)
        for s in werte:
            roh = z.felder[s]
            if not roh:
                continue  # an empty cell is no value, not 0
            try:
                w = lies_ba_wert(roh)
            except ValueError as exc:
                raise FormatFehler(datei, str(exc), z.nr, orte[s], t.blatt) from None
            zellen.append(BaZelle(z.nr, orte[s], label, s, w.wert, w.symbol))
    fuss = tuple(" ".join(x for x in z.felder.values() if x) for z in t.fuss)
    return BaTabelle(datei, t.blatt, t.titel, merkmale, werte, tuple(zellen), fuss)

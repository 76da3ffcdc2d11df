"""Deterministic generator of the LDS demo: delivery CSV files exactly as the offices would deliver them.

Pure standard library.  The numbers (fine cells per dataset and year) come from :mod:`.zellen`, their
anchors from :mod:`.figures`; this module turns cells into the rows of delivery files and writes them.

Delivery format (the contract): UTF-8, ``;``-separated, header
``gebiet;zeitraum;<dimension ids in the dataset's order>;wert;kennzeichen``, one row per cell.
Rows: the fine cells (Gemeinde x every dimension coded; zero cells omitted) plus, at every region level
(37 Gemeinden, 16 Verbände = 3 Ämter + 13 amtsfreie Gemeinden, Kreis), the grand total (all ``_T``) and the
non-zero one-dimensional margins.  Kreis-only datasets carry the same rows at the Kreis only.
``projektkennzahlen`` (not summable) carries only fine cells.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from . import figures as F
from .zellen import (
    ALTER,
    GEMEINDEN_CSV,
    GESCHLECHT,
    GRUPPE,
    KENNZAHL,
    KREIS,
    PROJEKT,
    SGB2_GRUPPE,
    UNTERBRINGUNG,
    Gemeinde,
    Zellen,
    affinitaet,
    asyl_unterbringung_zellen,
    auslaender_zellen,
    einbuergerungen_zellen,
    lade_gemeinden,
    projekt_zellen,
    register_gemeinden,
    register_zellen,
    sgb2_zellen,
    zuweisungen_zellen,
)

# The regions and their file live in .zellen; the demo modules of other datasets import them from here too.
__all__ = ["DATENSAETZE", "GEMEINDEN_CSV", "DemoLieferung", "Gemeinde", "lade_gemeinden", "write_demo"]

TOTAL = "_T"

_CODE_ORDER: dict[str, tuple[str, ...]] = {
    "geschlecht": GESCHLECHT,
    "altersgruppe": ALTER,
    "gruppe": GRUPPE,
    "unterbringung": UNTERBRINGUNG,
    "staatsangehoerigkeitsgruppe": SGB2_GRUPPE,
    "projekt": PROJEKT,
    "kennzahl": KENNZAHL,
}


@dataclass(frozen=True)
class DemoLieferung:
    path: Path
    datensatz: str  # dataset id
    zeitraum: str  # period code, e.g. "2024"
    lieferant: str  # supplier office id
    profil: str = ""  # a table profile that converts the file (an office's own export), else a delivery file


@dataclass(frozen=True)
class _Datensatz:
    lieferant: str
    merkmale: tuple[str, ...]
    gemeindeebene: bool  # fine cells per Gemeinde (else Kreis only)


DATENSAETZE: dict[str, _Datensatz] = {
    "auslaender_bestand": _Datensatz(
        "auslaenderbehoerde", ("gruppe", "staatsangehoerigkeit", "geschlecht", "altersgruppe"), True
    ),
    "bevoelkerung_melderegister": _Datensatz("einwohnermeldeaemter", ("geschlecht", "altersgruppe"), True),
    "bevoelkerung_amtlich": _Datensatz("statistik", ("geschlecht",), True),
    "einbuergerungen": _Datensatz("einbuergerungsbehoerde", ("staatsangehoerigkeit", "geschlecht"), False),
    "asyl_unterbringung": _Datensatz("sozialamt", ("unterbringung", "geschlecht"), True),
    "asyl_zuweisungen": _Datensatz("sozialamt", ("staatsangehoerigkeit", "geschlecht"), False),
    "sgb2_elb": _Datensatz("jobcenter", ("staatsangehoerigkeitsgruppe", "geschlecht"), False),
    "projektkennzahlen": _Datensatz("traeger", ("projekt", "kennzahl"), False),
}

Zeile = tuple[str, tuple[str, ...], int]  # (gebiet, codes incl. _T, wert)


# Rows: fine cells plus margins, and the CSV writer
# ----------------------------------------------------------------------------------------------------------------
def _code_key(merkmal: str) -> Callable[[str], tuple[int, str]]:
    order = _CODE_ORDER.get(merkmal)
    if order is not None:
        index = {c: i for i, c in enumerate(order)}
        return lambda c: (index.get(c, len(index)), c)
    return lambda c: (int(c), c) if c.isdigit() else (10**6, c)


def _zeilen(
    zellen: Zellen, merkmale: tuple[str, ...], gemeinden: list[Gemeinde] | None, *, margen: bool = True
) -> list[Zeile]:
    """Rows of a delivery: per region (Kreis, Verbände, Gemeinden) the grand total, the non-zero one-dimensional
    margins and (at the finest level) the non-zero fine cells.  ``gemeinden=None``: Kreis-only dataset."""
    keys = [_code_key(m) for m in merkmale]
    n = len(merkmale)
    if gemeinden is None:
        kette: dict[str, tuple[str, ...]] = {KREIS: (KREIS,)}
        regionen = [KREIS]
    else:
        kette = {g.ags: (g.ags, g.verband, KREIS) for g in gemeinden}
        regionen = [KREIS, *sorted({g.verband for g in gemeinden}), *(g.ags for g in gemeinden)]
    summe: dict[str, int] = defaultdict(int)
    rand: dict[str, list[dict[str, int]]] = {r: [defaultdict(int) for _ in range(n)] for r in regionen}
    fein: dict[str, list[tuple[tuple[str, ...], int]]] = defaultdict(list)
    for key, wert in zellen.items():
        if wert < 0:
            raise ValueError(f"negative cell {key}: {wert}")
        if wert == 0:
            continue
        gebiet, codes = key[0], key[1:]
        fein[gebiet].append((codes, wert))
        for r in kette[gebiet]:
            summe[r] += wert
            for i, c in enumerate(codes):
                rand[r][i][c] += wert
    zeilen: list[Zeile] = []
    for r in regionen:
        if margen:
            zeilen.append((r, (TOTAL,) * n, summe.get(r, 0)))
            # With a single dimension the one-dimensional margins of a Gemeinde are its fine cells.
            for i in range(n if n > 1 or r not in fein else 0):
                for c in sorted(rand[r][i], key=keys[i]):
                    codes = tuple(c if j == i else TOTAL for j in range(n))
                    zeilen.append((r, codes, rand[r][i][c]))
        for codes, wert in sorted(
            fein.get(r, []), key=lambda cw: tuple(k(c) for k, c in zip(keys, cw[0], strict=True))
        ):
            zeilen.append((r, codes, wert))
    return zeilen


def _schreibe(path: Path, merkmale: tuple[str, ...], zeitraum: str, zeilen: Iterable[Zeile]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter=";", lineterminator="\n")
        w.writerow(["gebiet", "zeitraum", *merkmale, "wert", "kennzeichen"])
        for gebiet, codes, wert in zeilen:
            w.writerow([gebiet, zeitraum, *codes, str(int(wert)), ""])


def _amtlich_zeilen(jahr: int, gemeinden: list[Gemeinde]) -> list[Zeile]:
    """bevoelkerung_amtlich: real figures only.  2022: Gemeinde x geschlecht from the Gemeindeverzeichnis
    (fine cells + margins).  2014/2015: only Gemeinde totals are known -> grand-total rows per region, and for
    2015 the Kreis by sex (classic GENESIS 12411-01-01-4); no fine cells."""
    if jahr == 2022:
        zellen: Zellen = {}
        for g in gemeinden:
            zellen[(g.ags, "m")] = g.m_2022
            zellen[(g.ags, "w")] = g.w_2022
        return _zeilen(zellen, ("geschlecht",), gemeinden)
    bev = F.BEV_AMTLICH_GEMEINDE[jahr]
    verbaende: dict[str, int] = defaultdict(int)
    for g in gemeinden:
        verbaende[g.verband] += bev[g.ags]
    kreis = sum(bev.values())
    if kreis != F.BEV_AMTLICH_KREIS[jahr]:
        raise AssertionError(f"Gemeinden {jahr} sum to {kreis}, not {F.BEV_AMTLICH_KREIS[jahr]}")
    zeilen: list[Zeile] = [(KREIS, (TOTAL,), kreis)]
    if jahr == 2015:
        zeilen += [(KREIS, (s,), v) for s, v in F.BEV_AMTLICH_KREIS_GESCHLECHT_2015.items()]
    zeilen += [(v, (TOTAL,), verbaende[v]) for v in sorted(verbaende)]
    zeilen += [(g.ags, (TOTAL,), bev[g.ags]) for g in gemeinden]
    return zeilen


# ----------------------------------------------------------------------------------------------------------------
# Public API
# ----------------------------------------------------------------------------------------------------------------
DEMO_SEED = 20241231


@cache
def asyl_in_unterkuenften(jahr: int, seed: int = DEMO_SEED) -> dict[str, int]:
    """AGS -> asylum seekers the Sozialamt houses in a Gemeinschaftsunterkunft (asyl_unterbringung) on 31.12.
    of the year.  The demo's facilities (demo/handlungsfelder.py) are sized from these: the same people live
    in them, so a facility has at least as many residents and places."""
    gemeinden = lade_gemeinden()
    bestand = auslaender_zellen(
        jahr, gemeinden, register_gemeinden(jahr, gemeinden), affinitaet(seed, gemeinden), seed
    )
    gu: dict[str, int] = defaultdict(int)
    for (ags, unterbringung, _s), v in asyl_unterbringung_zellen(jahr, gemeinden, bestand).items():
        if unterbringung == "gemeinschaftsunterkunft":
            gu[ags] += v
    return dict(gu)


def write_demo(out_dir: Path, *, seed: int = DEMO_SEED) -> list[DemoLieferung]:
    """Write the LDS demo deliveries as ``<datensatz>_<zeitraum>.csv`` into ``out_dir`` (created if missing;
    existing files of the same name are overwritten).  Same seed -> byte-identical files."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    gemeinden = lade_gemeinden()
    aff = affinitaet(seed, gemeinden)
    dateien: dict[str, dict[int, list[Zeile]]] = defaultdict(dict)

    for jahr in F.JAHRE:
        bev = register_gemeinden(jahr, gemeinden)
        register = register_zellen(jahr, gemeinden, bev)
        auslaender = auslaender_zellen(jahr, gemeinden, bev, aff, seed)
        ds = DATENSAETZE
        dateien["auslaender_bestand"][jahr] = _zeilen(
            auslaender, ds["auslaender_bestand"].merkmale, gemeinden
        )
        dateien["bevoelkerung_melderegister"][jahr] = _zeilen(
            register, ds["bevoelkerung_melderegister"].merkmale, gemeinden
        )
        if jahr in F.BEV_AMTLICH_JAHRE:
            dateien["bevoelkerung_amtlich"][jahr] = _amtlich_zeilen(jahr, gemeinden)
        dateien["einbuergerungen"][jahr] = _zeilen(
            einbuergerungen_zellen(jahr, seed), ds["einbuergerungen"].merkmale, None
        )
        dateien["asyl_unterbringung"][jahr] = _zeilen(
            asyl_unterbringung_zellen(jahr, gemeinden, auslaender),
            ds["asyl_unterbringung"].merkmale,
            gemeinden,
        )
        dateien["asyl_zuweisungen"][jahr] = _zeilen(
            zuweisungen_zellen(jahr, seed), ds["asyl_zuweisungen"].merkmale, None
        )
        dateien["sgb2_elb"][jahr] = _zeilen(sgb2_zellen(jahr), ds["sgb2_elb"].merkmale, None)
        projekt = projekt_zellen(jahr)
        if projekt:
            dateien["projektkennzahlen"][jahr] = _zeilen(
                projekt, ds["projektkennzahlen"].merkmale, None, margen=False
            )

    lieferungen: list[DemoLieferung] = []
    for datensatz, spec in DATENSAETZE.items():
        for jahr, zeilen in sorted(dateien[datensatz].items()):
            path = out_dir / f"{datensatz}_{jahr}.csv"
            _schreibe(path, spec.merkmale, str(jahr), zeilen)
            lieferungen.append(DemoLieferung(path, datensatz, str(jahr), spec.lieferant))
    return lieferungen

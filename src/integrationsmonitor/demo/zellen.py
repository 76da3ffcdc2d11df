"""The numbers of the LDS demo: fine cells per dataset and year, from the anchors in :mod:`.figures`.

Pure standard library.  The only file read at run time is the catalogue's region file
``catalog/data/lds/gemeinden.csv`` (:func:`lade_gemeinden`).  A fine cell is (gebiet, code per dimension) ->
persons; turning cells into the rows of a delivery file and writing it is :mod:`.generator`'s job.

Randomness: ``random.Random`` instances seeded with strings derived from ``seed`` (``"<seed>/<part>"``; string
seeds are hashed with SHA-512 by :mod:`random`, independent of ``PYTHONHASHSEED``), one per dataset and year, so
changing one dataset never shifts the numbers of another.
"""

from __future__ import annotations

import csv
import random
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from . import figures as F
from .rechnen import interpolate, largest_remainder, randomized_round

GEMEINDEN_CSV = Path(__file__).resolve().parents[1] / "catalog" / "data" / "lds" / "gemeinden.csv"

KREIS = F.KREIS

GESCHLECHT = ("m", "w", "d")
ALTER = ("00_05", "06_14", "15_17", "18_24", "25_29", "30_49", "50_64", "65_")
GRUPPE = ("drittstaat", "asyl", "eu")
UNTERBRINGUNG = ("gemeinschaftsunterkunft", "wohnung")
SGB2_GRUPPE = ("deutsch", "eu", "asylherkunft", "sonstige_drittstaaten")
PROJEKT = (
    "lds_integriert",
    "stellwerk8",
    "stellwerk_luebben",
    "welcomecenter",
    "integrationsbegleitung_plus",
    "brueckenbau",
    "eltern_kind_cafe",
    "fahrdienst_luckau",
    "koordination_ehrenamt",
    "integreat_app",
    "migrationsbeauftragte",
)
KENNZAHL = (
    "neukunden",
    "folgetermin_1",
    "folgetermin_2",
    "folgetermin_3",
    "folgetermin_4",
    "folgetermin_5",
    "vermittlung_arbeit",
    "vermittlung_ausbildung",
    "besucher",
    "sprachkurse",
    "sprachkurstraeger",
    "ehrenamtliche",
    "vereine",
    "begegnungen",
    "fachkraefteberatungen",
    "app_zugriffe",
    "newsletter_ausgaben",
    "projekte_massnahmen",
)

# A fine cell: (gebiet, code per dimension) -> persons.
Zellen = dict[tuple[str, ...], int]


# ----------------------------------------------------------------------------------------------------------------
# Regions
# ----------------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Gemeinde:
    ags: str
    verband: str  # ARS-9 of the Amt, or of the amtsfreie Gemeinde itself
    bev_2022: int
    m_2022: int
    w_2022: int
    amt: bool  # member of an Amt


def lade_gemeinden(path: Path = GEMEINDEN_CSV) -> list[Gemeinde]:
    """The 37 Gemeinden from the catalogue's region file, sorted by AGS."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return sorted(
        (
            Gemeinde(
                ags=r["ags"],
                verband=r["verband_ars9"],
                bev_2022=int(r["bev_insgesamt_31122022"]),
                m_2022=int(r["bev_maennlich_31122022"]),
                w_2022=int(r["bev_weiblich_31122022"]),
                amt=r["verband_typ"] == "Amt",
            )
            for r in rows
        ),
        key=lambda g: g.ags,
    )


# ----------------------------------------------------------------------------------------------------------------


# ----------------------------------------------------------------------------------------------------------------
# Population register
# ----------------------------------------------------------------------------------------------------------------
# Age structure of the register population (demo; Brandenburg-like, ageing between 2014 and 2024) and the male
# share per age group.
_ALTER_2014 = (5.2, 7.9, 2.3, 5.0, 5.0, 25.5, 24.6, 24.5)
_ALTER_2024 = (5.0, 8.9, 2.8, 5.4, 4.6, 24.6, 22.6, 26.1)
_MAENNLICH_REGISTER = (0.513, 0.513, 0.515, 0.53, 0.53, 0.515, 0.50, 0.445)
# Berlin-near Gemeinden are younger, the Ämter and the rural amtsfreie Gemeinden older (demo factors).
_UMLAND = frozenset(
    {"12061260", "12061433", "12061540", "12061444", "12061112", "12061572", "12061020", "12061332"}
)
_LAENDLICH_AMTSFREI = frozenset({"12061219", "12061329"})
_FAKTOR_UMLAND = (1.1, 1.05, 1.0, 1.0, 1.05, 1.05, 0.97, 0.85)
_FAKTOR_LAENDLICH = (0.9, 0.95, 1.0, 0.95, 0.85, 0.92, 1.05, 1.2)


def register_gemeinden(jahr: int, gemeinden: list[Gemeinde]) -> dict[str, int]:
    """Register population per Gemeinde: real Gemeinde shares 2014, 2015 and 2022, linearly interpolated
    (2016-2021) or extrapolated (2023, 2024), scaled to the Kreis total with largest remainder."""
    total = F.MELDEREGISTER_KREIS[jahr]
    if jahr in F.BEV_AMTLICH_GEMEINDE:
        gewichte = [float(F.BEV_AMTLICH_GEMEINDE[jahr][g.ags]) for g in gemeinden]
    else:
        p15 = F.BEV_AMTLICH_GEMEINDE[2015]
        s15_sum = sum(p15.values())
        s22_sum = sum(g.bev_2022 for g in gemeinden)
        t = (jahr - 2015) / (2022 - 2015)
        gewichte = []
        for g in gemeinden:
            s15 = p15[g.ags] / s15_sum
            s22 = g.bev_2022 / s22_sum
            gewichte.append(max(s15 + (s22 - s15) * t, 0.0))
    return dict(zip((g.ags for g in gemeinden), largest_remainder(total, gewichte), strict=True))


def register_zellen(jahr: int, gemeinden: list[Gemeinde], bev: dict[str, int]) -> Zellen:
    t = (jahr - 2014) / 10
    alter = [a + (b - a) * t for a, b in zip(_ALTER_2014, _ALTER_2024, strict=True)]
    kreis_m = sum(g.m_2022 for g in gemeinden) / sum(g.bev_2022 for g in gemeinden)
    divers = dict.fromkeys(bev, 0)
    if F.MELDEREGISTER_DIVERS.get(jahr):
        divers = dict(
            zip(bev, largest_remainder(F.MELDEREGISTER_DIVERS[jahr], list(bev.values())), strict=True)
        )
    zellen: Zellen = {}
    faktor: tuple[float, ...]
    for g in gemeinden:
        if g.ags in _UMLAND:
            faktor = _FAKTOR_UMLAND
        elif g.amt or g.ags in _LAENDLICH_AMTSFREI:
            faktor = _FAKTOR_LAENDLICH
        else:
            faktor = (1.0,) * len(ALTER)
        m_faktor = (g.m_2022 / g.bev_2022) / kreis_m
        gew: list[float] = []
        codes: list[tuple[str, str]] = []
        for s in ("m", "w"):
            for i, a in enumerate(ALTER):
                pm = min(_MAENNLICH_REGISTER[i] * m_faktor, 0.95)
                gew.append(alter[i] * faktor[i] * (pm if s == "m" else 1 - pm))
                codes.append((s, a))
        for (s, a), v in zip(codes, largest_remainder(bev[g.ags] - divers[g.ags], gew), strict=True):
            zellen[(g.ags, s, a)] = v
        if divers[g.ags]:
            for a, v in zip(
                ("18_24", "25_29", "30_49"), largest_remainder(divers[g.ags], [3, 2, 3]), strict=True
            ):
                zellen[(g.ags, "d", a)] = v
    return zellen


# ----------------------------------------------------------------------------------------------------------------
# Foreigners
# ----------------------------------------------------------------------------------------------------------------
def ist_eu(staat: str, jahr: int) -> bool:
    """EU member at 31.12. of ``jahr`` (HR since 2013, so always within 2014-2024; GB until 31.01.2020)."""
    return staat in F.EU_MITGLIEDER or (staat == F.GB and jahr <= F.GB_EU_BIS)


def _erlaubt(gruppe: str, staat: str, jahr: int) -> bool:
    return ist_eu(staat, jahr) == (gruppe == "eu")


def auslaender_kreis(jahr: int) -> dict[tuple[str, str], int]:
    """Kreis totals per (gruppe, staatsangehoerigkeit): anchors interpolated, scaled to the seed's group totals
    with largest remainder (the 2024 anchors are exact)."""
    out: dict[tuple[str, str], int] = {}
    for gruppe in GRUPPE:
        anker = F.NATIONALITAETEN_ANKER[gruppe]
        staaten = [
            s for s in sorted(anker, key=int) if _erlaubt(gruppe, s, jahr) and interpolate(anker[s], jahr) > 0
        ]
        werte = largest_remainder(
            F.AUSLAENDER_GRUPPEN[jahr][gruppe], [interpolate(anker[s], jahr) for s in staaten]
        )
        for s, v in zip(staaten, werte, strict=True):
            if v:
                out[(gruppe, s)] = v
    return out


# Age structure (shares per ALTER) and male share per age group (demo).
_Profil = tuple[tuple[float, ...], tuple[float, ...]]
_PROFIL_EU: _Profil = ((6, 8, 2.5, 9, 13, 40, 17, 4.5), (0.51, 0.51, 0.52, 0.58, 0.60, 0.60, 0.58, 0.45))
_PROFIL_DRITT: _Profil = ((7, 11, 3.5, 9, 11, 35, 15, 8.5), (0.51, 0.51, 0.53, 0.55, 0.52, 0.50, 0.45, 0.40))
_PROFIL_UKRAINE_2022: _Profil = (
    (9, 16, 5, 7, 6, 30, 14, 13),
    (0.51, 0.51, 0.5, 0.40, 0.30, 0.28, 0.30, 0.30),
)
_PROFIL_OSTEUROPA: _Profil = ((5, 9, 3, 7, 8, 33, 20, 15), (0.51, 0.51, 0.5, 0.45, 0.42, 0.40, 0.38, 0.35))
_PROFIL_VIETNAM: _Profil = ((7, 12, 4, 9, 8, 35, 20, 5), (0.52, 0.52, 0.5, 0.5, 0.48, 0.47, 0.5, 0.5))
_PROFIL_FLUCHT: _Profil = ((12, 18, 5, 15, 12, 30, 7, 1), (0.52, 0.53, 0.6, 0.68, 0.62, 0.58, 0.55, 0.5))
_PROFIL_INDIEN: _Profil = ((7, 6, 1, 12, 25, 45, 3, 1), (0.5, 0.5, 0.5, 0.62, 0.65, 0.62, 0.6, 0.5))
_PROFIL_WESTEN: _Profil = ((5, 8, 2, 6, 10, 40, 20, 9), (0.5, 0.5, 0.5, 0.55, 0.55, 0.56, 0.56, 0.55))
_PROFIL_ASYL: _Profil = ((12, 15, 6, 22, 16, 24, 4, 1), (0.51, 0.52, 0.68, 0.75, 0.70, 0.62, 0.55, 0.5))


def _profil(gruppe: str, staat: str, jahr: int) -> list[float]:
    """16 weights, order (m, ALTER...), (w, ALTER...)."""
    if staat == "166" and jahr >= 2022:
        p = _PROFIL_UKRAINE_2022
    elif gruppe == "asyl":
        p = _PROFIL_ASYL
    elif gruppe == "eu":
        p = _PROFIL_WESTEN if staat in {"129", "137", "148", "151", "153", "161", F.GB} else _PROFIL_EU
    elif staat in {"160", "169", "444", "166", "146", "422"}:
        p = _PROFIL_OSTEUROPA
    elif staat == "432":
        p = _PROFIL_VIETNAM
    elif staat == "436":
        p = _PROFIL_INDIEN
    elif staat in F.ASYLHERKUNFT:
        p = _PROFIL_FLUCHT
    elif staat in {"368", "158", F.GB}:
        p = _PROFIL_WESTEN
    else:
        p = _PROFIL_DRITT
    alter, mann = p
    return [a * m for a, m in zip(alter, mann, strict=True)] + [
        a * (1 - m) for a, m in zip(alter, mann, strict=True)
    ]


_PROFIL_CODES = [("m", a) for a in ALTER] + [("w", a) for a in ALTER]


def affinitaet(seed: int, gemeinden: list[Gemeinde]) -> dict[tuple[str, str], float]:
    """Persistent preference of a nationality for a Gemeinde (drawn once, so that Gemeinde compositions change
    smoothly from year to year)."""
    rng = random.Random(f"{seed}/affinitaet")
    staaten = sorted({s for anker in F.NATIONALITAETEN_ANKER.values() for s in anker}, key=int)
    return {
        (s, g.ags): rng.lognormvariate(0.0, 0.45) * F.AFFINITAET.get((s, g.ags), 1.0)
        for s in staaten
        for g in gemeinden
    }


def auslaender_zellen(
    jahr: int, gemeinden: list[Gemeinde], bev: dict[str, int], aff: dict[tuple[str, str], float], seed: int
) -> Zellen:
    rng = random.Random(f"{seed}/auslaender_bestand/{jahr}")
    basis = {
        "drittstaat": [
            bev[g.ags] * F.AUSLAENDER_FAKTOR.get(g.ags, F.AUSLAENDER_FAKTOR_SONST) for g in gemeinden
        ],
        "eu": [bev[g.ags] * F.AUSLAENDER_FAKTOR.get(g.ags, F.AUSLAENDER_FAKTOR_SONST) for g in gemeinden],
        "asyl": [bev[g.ags] * F.ASYL_GU_GEMEINDEN.get(g.ags, F.ASYL_SONST_GEWICHT) for g in gemeinden],
    }
    zellen: Zellen = {}
    for (gruppe, staat), n in auslaender_kreis(jahr).items():
        # Asylum seekers are assigned by the office: nationality preferences count less.
        exp = 0.5 if gruppe == "asyl" else 1.0
        gew = [b * aff[(staat, g.ags)] ** exp for b, g in zip(basis[gruppe], gemeinden, strict=True)]
        profil = _profil(gruppe, staat, jahr)
        for g, k in zip(gemeinden, randomized_round(n, gew, rng), strict=True):
            if not k:
                continue
            for (s, a), v in zip(_PROFIL_CODES, randomized_round(k, profil, rng), strict=True):
                if v:
                    zellen[(g.ags, gruppe, staat, s, a)] = v
    return zellen


def asyl_unterbringung_zellen(jahr: int, gemeinden: list[Gemeinde], auslaender: Zellen) -> Zellen:
    """Same people as auslaender_bestand gruppe=asyl, split by accommodation.  Only the Gemeinden with a
    Gemeinschaftsunterkunft have GU places; the Kreis reaches the year's Wohnung share."""
    asyl: dict[tuple[str, str], int] = defaultdict(int)
    for (ags, gruppe, _staat, s, _a), v in auslaender.items():
        if gruppe == "asyl":
            asyl[(ags, s)] += v
    total = sum(asyl.values())
    gu_total = total - round(total * F.WOHNUNG_ANTEIL[jahr])
    gu_gemeinden = [g.ags for g in gemeinden if g.ags in F.ASYL_GU_GEMEINDEN]
    kapazitaet = [asyl[(a, "m")] + asyl[(a, "w")] for a in gu_gemeinden]
    gu_total = min(gu_total, sum(kapazitaet))
    gu = dict(zip(gu_gemeinden, largest_remainder(gu_total, kapazitaet), strict=True)) if gu_total else {}
    zellen: Zellen = {}
    for g in gemeinden:
        m, w = asyl[(g.ags, "m")], asyl[(g.ags, "w")]
        k = gu.get(g.ags, 0)  # <= m + w because the GU places are split proportional to the persons
        # Single men more often live in a GU: weight 1.3 for men.
        gu_m = largest_remainder(k, [m * 1.3, w])[0] if k else 0
        gu_m = min(m, max(k - w, gu_m))
        gu_w = k - gu_m
        for u, s, v in (
            ("gemeinschaftsunterkunft", "m", gu_m),
            ("gemeinschaftsunterkunft", "w", gu_w),
            ("wohnung", "m", m - gu_m),
            ("wohnung", "w", w - gu_w),
        ):
            if v:
                zellen[(g.ags, u, s)] = v
    return zellen


# ----------------------------------------------------------------------------------------------------------------
# Kreis-only datasets
# ----------------------------------------------------------------------------------------------------------------
_MAENNLICH_ZUWEISUNG = {"166": 0.35, "224": 0.72, "423": 0.68, "475": 0.64}
_MAENNLICH_EINBUERGERUNG = {"475": 0.6, "432": 0.45, "166": 0.4, "160": 0.4, "169": 0.38, "444": 0.45}


def _nach_geschlecht(
    jahr_zellen: dict[str, int], anteil_m: dict[str, float], default: float, rng: random.Random
) -> Zellen:
    zellen: Zellen = {}
    for staat in sorted(jahr_zellen, key=int):
        pm = anteil_m.get(staat, default)
        for s, v in zip(("m", "w"), randomized_round(jahr_zellen[staat], [pm, 1 - pm], rng), strict=True):
            if v:
                zellen[(KREIS, staat, s)] = v
    return zellen


def einbuergerungen_zellen(jahr: int, seed: int) -> Zellen:
    anker = F.EINBUERGERUNGEN_ANKER
    staaten = [s for s in sorted(anker, key=int) if interpolate(anker[s], jahr) > 0]
    werte = largest_remainder(F.EINBUERGERUNGEN_KREIS[jahr], [interpolate(anker[s], jahr) for s in staaten])
    rng = random.Random(f"{seed}/einbuergerungen/{jahr}")
    return _nach_geschlecht(dict(zip(staaten, werte, strict=True)), _MAENNLICH_EINBUERGERUNG, 0.5, rng)


def zuweisungen_zellen(jahr: int, seed: int) -> Zellen:
    anker = F.NATIONALITAETEN_ANKER["asyl"]
    gew = {s: interpolate(a, jahr) for s, a in anker.items() if not ist_eu(s, jahr)}
    if jahr in F.ZUWEISUNGEN_UKRAINE:
        gew["166"] = F.ZUWEISUNGEN_UKRAINE[jahr]
    staaten = [s for s in sorted(gew, key=int) if gew[s] > 0]
    werte = largest_remainder(F.ZUWEISUNGEN_KREIS[jahr], [gew[s] for s in staaten])
    rng = random.Random(f"{seed}/asyl_zuweisungen/{jahr}")
    return _nach_geschlecht(dict(zip(staaten, werte, strict=True)), _MAENNLICH_ZUWEISUNG, 0.66, rng)


def sgb2_zellen(jahr: int) -> Zellen:
    zellen: Zellen = {}
    for gruppe in SGB2_GRUPPE:
        pm = F.SGB2_MAENNLICH[gruppe]
        if gruppe == "sonstige_drittstaaten":
            pm = F.SGB2_MAENNLICH_UKRAINE_JAHRE.get(jahr, pm)
        for s, v in zip(("m", "w"), largest_remainder(F.SGB2_ELB[jahr][gruppe], [pm, 1 - pm]), strict=True):
            if v:
                zellen[(KREIS, gruppe, s)] = v
    return zellen


def projekt_zellen(jahr: int) -> Zellen:
    return {
        (KREIS, projekt, kennzahl): werte[jahr]
        for (projekt, kennzahl), werte in F.PROJEKTKENNZAHLEN.items()
        if werte.get(jahr)
    }

"""Target numbers of the LDS demo (constants only, no logic).

Every number that the county's report prints, or that is an official figure, is copied here once, with its
origin in a comment.  The generator (``generator.py``) never reads ``/work/shared`` at run time.

Origins:
  * "seed"      – shared/reference/seed_figures.csv (figures printed in the county's report).
  * "GENESIS"   – official tables quoted in shared/reference/INDICATORS.md §3 and shared/reference/genesis/.
  * "demo"      – invented for the demo; plausible, but not from any source.
"""

from __future__ import annotations

# Compact tables: keep them one year/Gemeinde per column, not one per line.
# fmt: off

JAHRE: tuple[int, ...] = tuple(range(2014, 2025))

KREIS = "12061"

# --------------------------------------------------------------------------------------------------------------
# Ausländerbestand at 31.12. by group (seed, report ch. I.1 chart "Entwicklung der Auslaenderzahlen im LDS").
# drittstaatsangehoerige -> drittstaat, zugewiesene_asylsuchende -> asyl, eu_buerger -> eu.
# --------------------------------------------------------------------------------------------------------------
AUSLAENDER_GRUPPEN: dict[int, dict[str, int]] = {
    2014: {"drittstaat": 2483, "asyl": 454, "eu": 1549},
    2015: {"drittstaat": 2127, "asyl": 1768, "eu": 1752},
    2016: {"drittstaat": 3791, "asyl": 602, "eu": 2509},
    2017: {"drittstaat": 4400, "asyl": 272, "eu": 2552},
    2018: {"drittstaat": 4822, "asyl": 197, "eu": 2978},
    2019: {"drittstaat": 5062, "asyl": 173, "eu": 3265},
    2020: {"drittstaat": 5384, "asyl": 146, "eu": 3555},
    2021: {"drittstaat": 6112, "asyl": 256, "eu": 3872},
    2022: {"drittstaat": 7153, "asyl": 1132, "eu": 4026},
    2023: {"drittstaat": 8406, "asyl": 1305, "eu": 4109},
    2024: {"drittstaat": 9108, "asyl": 1262, "eu": 4563},
}

# Einwohnermelderegister, Kreis total at 31.12. (demo).  Chosen so that the report's shares reproduce:
# 4486/161952 -> 2,8 %; 14933/182100 -> 8,2 %; 1262/182100 -> 0,7 %; changes of the rounded share
# 2014->15 +0,6, 2015->16 +0,8, 2021->22 +1,1.  2014 and 2015 equal the official population (GENESIS 12411).
MELDEREGISTER_KREIS: dict[int, int] = {
    2014: 161952, 2015: 164528, 2016: 165900, 2017: 167500, 2018: 168800, 2019: 170300,
    2020: 172100, 2021: 176500, 2022: 178000, 2023: 180500, 2024: 182100,
}

# Official population 31.12.2014 and 31.12.2015 per Gemeinde (GENESIS classic table 12411-01-01-5, via
# INDICATORS.md §3.1; Zensus-2011 basis).  Sums: 161952 and 164528.  2022 is read from the catalogue's
# gemeinden.csv (Destatis Gemeindeverzeichnis 30.06.2024, population 31.12.2022, Kreis 178967).
BEV_AMTLICH_GEMEINDE: dict[int, dict[str, int]] = {
    2014: {
        "12061005": 506, "12061017": 895, "12061020": 7125, "12061061": 775, "12061097": 584,
        "12061112": 6421, "12061164": 2505, "12061192": 2243, "12061216": 2176, "12061217": 6828,
        "12061219": 3679, "12061224": 550, "12061244": 673, "12061260": 34795, "12061265": 589,
        "12061308": 1391, "12061316": 13672, "12061320": 9558, "12061328": 740, "12061329": 3989,
        "12061332": 8774, "12061344": 481, "12061352": 1126, "12061405": 609, "12061428": 614,
        "12061433": 13895, "12061435": 1141, "12061444": 7706, "12061448": 815, "12061450": 1523,
        "12061470": 472, "12061471": 522, "12061476": 1000, "12061492": 1812, "12061510": 830,
        "12061540": 9945, "12061572": 10993,
    },
    2015: {
        "12061005": 502, "12061017": 896, "12061020": 7367, "12061061": 772, "12061097": 611,
        "12061112": 6426, "12061164": 2567, "12061192": 2253, "12061216": 2615, "12061217": 6889,
        "12061219": 3666, "12061224": 534, "12061244": 685, "12061260": 35765, "12061265": 600,
        "12061308": 1379, "12061316": 13824, "12061320": 9533, "12061328": 773, "12061329": 3954,
        "12061332": 8898, "12061344": 469, "12061352": 1119, "12061405": 613, "12061428": 619,
        "12061433": 14190, "12061435": 1129, "12061444": 7872, "12061448": 814, "12061450": 1499,
        "12061470": 464, "12061471": 507, "12061476": 976, "12061492": 1813, "12061510": 851,
        "12061540": 9978, "12061572": 11106,
    },
}
BEV_AMTLICH_KREIS: dict[int, int] = {2014: 161952, 2015: 164528, 2022: 178967}
# Kreis by sex 31.12.2015: classic GENESIS table 12411-01-01-4 (shared/reference/genesis/12411-01-01-4.csv,
# line "12061; Dahme-Spreewald, Landkreis;164528;81587;82941").
BEV_AMTLICH_KREIS_GESCHLECHT_2015: dict[str, int] = {"m": 81587, "w": 82941}
# Years of bevoelkerung_amtlich that the demo writes (2024 is imported from the real GENESIS flat file).
BEV_AMTLICH_JAHRE: tuple[int, ...] = (2014, 2015, 2022)

# Register: persons with sex "divers" (Kreis total, demo; possible in the register since 2019).
MELDEREGISTER_DIVERS: dict[int, int] = {2019: 2, 2020: 4, 2021: 5, 2022: 7, 2023: 9, 2024: 11}

# --------------------------------------------------------------------------------------------------------------
# Nationalities (Destatis 3-digit codes).  EU membership at 31.12. of the year (INDICATORS.md §4.2).
# --------------------------------------------------------------------------------------------------------------
EU_MITGLIEDER: frozenset[str] = frozenset({
    "124", "125", "126", "127", "128", "129", "130", "131", "134", "135", "137", "139", "142", "143", "145",
    "148", "151", "152", "153", "154", "155", "157", "161", "164", "165", "181",
})
GB = "168"  # EU member until 31.01.2020 -> member at 31.12. of 2014..2019
GB_EU_BIS = 2019

NAMEN: dict[str, str] = {
    "121": "Albanien", "122": "Bosnien und Herzegowina", "125": "Bulgarien", "129": "Frankreich",
    "130": "Kroatien", "134": "Griechenland", "137": "Italien", "139": "Lettland", "140": "Montenegro",
    "142": "Litauen", "144": "Nordmazedonien", "146": "Moldau", "148": "Niederlande", "150": "Kosovo",
    "151": "Österreich", "152": "Polen", "153": "Portugal", "154": "Rumänien", "155": "Slowakei",
    "158": "Schweiz", "160": "Russische Föderation", "161": "Spanien", "163": "Türkei", "164": "Tschechien",
    "165": "Ungarn", "166": "Ukraine", "168": "Vereinigtes Königreich", "169": "Belarus", "170": "Serbien",
    "224": "Eritrea", "232": "Nigeria", "243": "Kenia", "262": "Kamerun", "273": "Somalia",
    "368": "Vereinigte Staaten", "422": "Armenien", "423": "Afghanistan", "430": "Georgien", "432": "Vietnam",
    "436": "Indien", "438": "Irak", "439": "Iran", "444": "Kasachstan", "461": "Pakistan", "475": "Syrien",
}

# The report's top-12 countries of origin, in the report's order (seed README; valid for 2024).
TOP12_2024: tuple[str, ...] = ("152", "166", "154", "160", "163", "475", "423", "125", "432", "436", "134", "439")

# Composition of each group by nationality: anchor values per year (demo), linearly interpolated between
# anchors, 0 outside the first..last anchor year, then scaled to the seed's group total with largest
# remainder.  The 2024 anchors are exact counts: they sum to the seed's 2024 group totals and fix
#   * the top-12 order (totals over all groups): Polen 2250 > Ukraine 2150 > Rumänien 1100 > Russ. Föd. 980 >
#     Türkei 840 > Syrien 800 > Afghanistan 700 > Bulgarien 480 > Vietnam 470 > Indien 440 >
#     Griechenland 310 > Iran 290 > every other (at most 260: Kasachstan);
#   * Europe (codes 1xx, groups drittstaat + eu) = 4563 + 5167 = 9730 -> 9730/182100 = 5,34 % -> "5,3 %"
#     (about half of them EU citizens: 4563), other continents = 3941 -> 2,16 % -> "2,2 %"; 9730 + 3941 = 13671.
NATIONALITAETEN_ANKER: dict[str, dict[str, dict[int, int]]] = {
    "eu": {
        "152": {2014: 720, 2016: 1200, 2019: 1580, 2021: 1820, 2022: 1900, 2024: 2250},
        "154": {2014: 230, 2016: 520, 2019: 720, 2021: 880, 2022: 930, 2024: 1100},
        "125": {2014: 110, 2016: 250, 2019: 330, 2021: 390, 2022: 410, 2024: 480},
        "134": {2014: 70, 2016: 110, 2019: 170, 2021: 230, 2022: 250, 2024: 310},
        "137": {2014: 45, 2019: 55, 2024: 70},
        "165": {2014: 60, 2019: 60, 2024: 60},
        "164": {2014: 40, 2024: 45},
        "130": {2014: 15, 2019: 30, 2024: 40},
        "142": {2014: 35, 2024: 38},
        "139": {2014: 30, 2024: 30},
        "155": {2014: 25, 2024: 32},
        "161": {2014: 20, 2024: 28},
        "129": {2014: 25, 2024: 25},
        "153": {2014: 15, 2024: 20},
        "148": {2014: 20, 2024: 15},
        "151": {2014: 25, 2024: 20},
        GB: {2014: 55, 2019: 80},  # EU until 2019, then drittstaat (see below)
    },
    "asyl": {
        "475": {2014: 110, 2015: 600, 2016: 180, 2017: 60, 2019: 30, 2021: 60, 2022: 230, 2023: 250, 2024: 240},
        "423": {2014: 40, 2015: 280, 2016: 120, 2017: 60, 2019: 40, 2021: 60, 2022: 240, 2023: 280, 2024: 260},
        "438": {2014: 20, 2015: 180, 2016: 70, 2017: 30, 2019: 20, 2021: 25, 2022: 90, 2023: 100, 2024: 100},
        "439": {2014: 15, 2015: 60, 2016: 40, 2019: 15, 2021: 20, 2022: 60, 2023: 90, 2024: 90},
        "224": {2014: 45, 2015: 120, 2016: 50, 2019: 15, 2021: 15, 2022: 40, 2024: 60},
        "232": {2014: 10, 2015: 40, 2016: 20, 2019: 10, 2022: 25, 2024: 35},
        "461": {2014: 15, 2015: 60, 2016: 25, 2019: 10, 2022: 20, 2024: 30},
        "273": {2014: 25, 2015: 70, 2016: 25, 2019: 10, 2022: 25, 2024: 37},
        "163": {2014: 5, 2016: 8, 2019: 8, 2021: 20, 2022: 60, 2023: 120, 2024: 110},
        "160": {2014: 80, 2015: 110, 2016: 50, 2019: 15, 2021: 20, 2022: 40, 2024: 70},
        "262": {2014: 10, 2015: 30, 2016: 15, 2019: 5, 2022: 30, 2024: 50},
        "243": {2014: 5, 2015: 20, 2016: 10, 2019: 5, 2022: 25, 2024: 40},
        "430": {2016: 5, 2019: 5, 2022: 20, 2024: 30},
        "166": {2022: 150, 2023: 140, 2024: 110},  # Ukraine only 2022-2024
        # Westbalkan asylum applications 2014/2015 (rejected / returned by 2017).
        "121": {2014: 25, 2015: 120, 2016: 15},
        "150": {2014: 40, 2015: 90, 2016: 10},
        "170": {2014: 15, 2015: 30, 2016: 5},
    },
    "drittstaat": {
        "166": {2014: 90, 2021: 130, 2022: 1500, 2023: 1780, 2024: 2040},
        "160": {2014: 520, 2016: 600, 2019: 700, 2021: 780, 2022: 800, 2024: 910},
        "163": {2014: 260, 2016: 330, 2019: 420, 2021: 520, 2022: 580, 2024: 730},
        "475": {2014: 40, 2015: 90, 2016: 450, 2019: 600, 2021: 620, 2022: 600, 2024: 560},
        "423": {2014: 20, 2015: 30, 2016: 150, 2019: 300, 2021: 340, 2022: 380, 2024: 440},
        "432": {2014: 330, 2019: 400, 2024: 470},
        "436": {2014: 50, 2016: 80, 2019: 180, 2022: 320, 2024: 440},
        "439": {2014: 45, 2016: 60, 2019: 110, 2022: 160, 2024: 200},
        "438": {2014: 20, 2016: 60, 2019: 110, 2024: 150},
        "224": {2014: 10, 2016: 60, 2019: 110, 2024: 140},
        "232": {2014: 20, 2016: 40, 2019: 80, 2024: 150},
        "461": {2014: 25, 2016: 40, 2019: 90, 2024: 190},
        "273": {2014: 10, 2016: 30, 2019: 60, 2024: 100},
        "262": {2014: 30, 2019: 70, 2024: 140},
        "243": {2014: 25, 2019: 70, 2024: 150},
        "430": {2014: 40, 2019: 90, 2024: 220},
        "422": {2014: 50, 2019: 110, 2024: 200},
        "444": {2014: 130, 2019: 200, 2024: 260},
        "368": {2014: 70, 2019: 100, 2024: 131},
        "170": {2014: 90, 2019: 170, 2024: 255},
        "150": {2014: 60, 2019: 150, 2024: 232},
        "169": {2014: 80, 2019: 120, 2021: 140, 2022: 170, 2024: 210},
        "146": {2014: 30, 2019: 90, 2024: 160},
        "122": {2014: 60, 2019: 110, 2024: 150},
        "121": {2014: 30, 2016: 60, 2019: 100, 2024: 140},
        "144": {2014: 40, 2019: 80, 2024: 120},
        GB: {2020: 97, 2024: 110},  # Brexit: drittstaat from 2020 on
        "158": {2014: 45, 2024: 60},
        "140": {2014: 15, 2024: 50},
    },
}

# --------------------------------------------------------------------------------------------------------------
# Einbürgerungen (Kreis).  2014-2016 official (GENESIS 12511-01-01-4, seed_figures.csv); 2017-2024 demo.
# --------------------------------------------------------------------------------------------------------------
EINBUERGERUNGEN_KREIS: dict[int, int] = {
    2014: 82, 2015: 65, 2016: 56,
    2017: 61, 2018: 70, 2019: 88, 2020: 74, 2021: 95, 2022: 142, 2023: 176, 2024: 231,
}
# Former nationality weights (demo).  The 2014 anchors are exact counts summing to 82 and follow the official
# 2014 split by continent (Europa 39, Asien 26, Afrika 5, staatenlos/ungeklärt 12) with the 12 unknown
# distributed proportionally: Europa 46, Asien 30, Afrika 6.
EINBUERGERUNGEN_ANKER: dict[str, dict[int, int]] = {
    "163": {2014: 8, 2019: 12, 2022: 14, 2024: 20},
    "160": {2014: 12, 2019: 10, 2024: 12},
    "166": {2014: 10, 2019: 8, 2022: 6, 2024: 12},
    "152": {2014: 6, 2019: 5, 2024: 6},
    "150": {2014: 4, 2019: 4, 2024: 6},
    "170": {2014: 3, 2024: 3},
    "169": {2014: 3, 2024: 4},
    "432": {2014: 14, 2019: 12, 2024: 14},
    "444": {2014: 6, 2024: 4},
    "423": {2014: 3, 2019: 3, 2024: 12},
    "439": {2014: 3, 2024: 10},
    "438": {2014: 2, 2019: 4, 2024: 10},
    "422": {2014: 2, 2024: 3},
    "262": {2014: 3, 2024: 4},
    "243": {2014: 2, 2024: 3},
    "232": {2014: 1, 2024: 3},
    "475": {2017: 1, 2019: 6, 2021: 20, 2022: 45, 2023: 60, 2024: 80},
    GB: {2016: 1, 2017: 4, 2018: 6, 2019: 5, 2020: 2, 2021: 1},  # Brexit naturalisations
    "224": {2019: 1, 2024: 6},
    "154": {2016: 1, 2024: 3},
    "436": {2016: 1, 2024: 5},
}

# --------------------------------------------------------------------------------------------------------------
# Asylum seekers: share accommodated in a Wohnung (vs. Gemeinschaftsunterkunft) at 31.12. (demo; brief:
# ~30 % in 2015 rising to ~60 % in 2024, with a dip in the 2022 influx).
# --------------------------------------------------------------------------------------------------------------
WOHNUNG_ANTEIL: dict[int, float] = {
    2014: 0.35, 2015: 0.30, 2016: 0.38, 2017: 0.45, 2018: 0.50, 2019: 0.53,
    2020: 0.55, 2021: 0.56, 2022: 0.45, 2023: 0.52, 2024: 0.60,
}
# Gemeinden with a Gemeinschaftsunterkunft (demo) and their weight when asylum seekers are assigned.
ASYL_GU_GEMEINDEN: dict[str, float] = {
    "12061260": 3.0,  # Königs Wusterhausen
    "12061433": 2.5,  # Schönefeld
    "12061316": 3.0,  # Lübben
    "12061320": 2.5,  # Luckau
    "12061540": 1.5,  # Wildau
    "12061332": 1.5,  # Mittenwalde
    "12061217": 1.0,  # Heidesee
    "12061020": 1.0,  # Bestensee
}
ASYL_SONST_GEWICHT = 0.25  # other Gemeinden: only a few decentrally housed persons

# Zuweisungen of asylum seekers to the Kreis during the year (demo; flows, large 2015/16 and 2022/23).
ZUWEISUNGEN_KREIS: dict[int, int] = {
    2014: 520, 2015: 1950, 2016: 820, 2017: 250, 2018: 200, 2019: 185,
    2020: 150, 2021: 310, 2022: 1400, 2023: 1050, 2024: 640,
}
# Ukrainians among the Zuweisungen (replaces the stock weight of 166; demo).
ZUWEISUNGEN_UKRAINE: dict[int, int] = {2022: 450, 2023: 200, 2024: 120}

# --------------------------------------------------------------------------------------------------------------
# SGB II: erwerbsfähige Leistungsberechtigte in December (demo) and their male share.
# --------------------------------------------------------------------------------------------------------------
SGB2_ELB: dict[int, dict[str, int]] = {
    2014: {"deutsch": 6950, "eu": 180, "asylherkunft": 60, "sonstige_drittstaaten": 350},
    2015: {"deutsch": 6880, "eu": 200, "asylherkunft": 150, "sonstige_drittstaaten": 360},
    2016: {"deutsch": 6790, "eu": 230, "asylherkunft": 380, "sonstige_drittstaaten": 380},
    2017: {"deutsch": 6650, "eu": 250, "asylherkunft": 600, "sonstige_drittstaaten": 400},
    2018: {"deutsch": 6500, "eu": 270, "asylherkunft": 700, "sonstige_drittstaaten": 420},
    2019: {"deutsch": 6380, "eu": 290, "asylherkunft": 700, "sonstige_drittstaaten": 430},
    2020: {"deutsch": 6450, "eu": 330, "asylherkunft": 690, "sonstige_drittstaaten": 470},
    2021: {"deutsch": 6300, "eu": 340, "asylherkunft": 670, "sonstige_drittstaaten": 480},
    2022: {"deutsch": 6150, "eu": 360, "asylherkunft": 650, "sonstige_drittstaaten": 1450},
    2023: {"deutsch": 6080, "eu": 390, "asylherkunft": 700, "sonstige_drittstaaten": 1700},
    2024: {"deutsch": 6020, "eu": 420, "asylherkunft": 720, "sonstige_drittstaaten": 1650},
}
SGB2_MAENNLICH: dict[str, float] = {"deutsch": 0.51, "eu": 0.50, "asylherkunft": 0.62, "sonstige_drittstaaten": 0.47}
SGB2_MAENNLICH_UKRAINE_JAHRE = {2022: 0.36, 2023: 0.38, 2024: 0.39}  # sonstige_drittstaaten after 2022
# BA/IAB "Asylherkunftsländer" (INDICATORS.md §4.2).
ASYLHERKUNFT: frozenset[str] = frozenset({"423", "224", "438", "439", "232", "461", "273", "475"})

# --------------------------------------------------------------------------------------------------------------
# Projektkennzahlen (Kreis; projekt x kennzahl; never summed).
# --------------------------------------------------------------------------------------------------------------
PROJEKTKENNZAHLEN: dict[tuple[str, str], dict[int, int]] = {
    # seed, report ch. IV.4 chart (2016..2024)
    ("lds_integriert", "neukunden"): {
        2016: 120, 2017: 229, 2018: 260, 2019: 234, 2020: 152, 2021: 167, 2022: 230, 2023: 220, 2024: 175,
    },
    ("lds_integriert", "folgetermin_1"): {
        2016: 112, 2017: 203, 2018: 192, 2019: 207, 2020: 144, 2021: 152, 2022: 190, 2023: 180, 2024: 152,
    },
    ("lds_integriert", "folgetermin_2"): {
        2016: 103, 2017: 186, 2018: 171, 2019: 159, 2020: 129, 2021: 134, 2022: 129, 2023: 140, 2024: 91,
    },
    # 2024 seed ("2024: 69 Arbeitsvermittlungen ... 24 Ausbildungen"); 2017-2023 demo, proportional to the
    # Neukunden, so that the sum 2017-2024 of both is 1000 ("ca. 1.000 Menschen seit 2017").
    ("lds_integriert", "vermittlung_arbeit"): {
        2017: 103, 2018: 118, 2019: 106, 2020: 70, 2021: 76, 2022: 104, 2023: 99, 2024: 69,
    },
    ("lds_integriert", "vermittlung_ausbildung"): {
        2017: 36, 2018: 40, 2019: 36, 2020: 22, 2021: 26, 2022: 36, 2023: 35, 2024: 24,
    },
    # seed, report ch. IV.1 chart "Gesamtbesucherzahl Historie" (offer since 2019; 2024 not legible).
    ("stellwerk8", "besucher"): {2019: 869, 2020: 1351, 2021: 1563, 2022: 1679, 2023: 1870},
    # 2024 seed (ch. IV.2 "42 Sprach- und Integrationskurse ... durch 6 Bildungstraeger"); earlier demo.
    ("welcomecenter", "sprachkurse"): {2022: 28, 2023: 35, 2024: 42},
    ("welcomecenter", "sprachkurstraeger"): {2022: 4, 2023: 5, 2024: 6},
    ("welcomecenter", "fachkraefteberatungen"): {2023: 64, 2024: 97},  # demo
    # The volunteers and initiatives (Schlussbemerkung "mehr als 150 ... in 7 Vereinen und Initiativen") and the
    # Integreat accesses (ch. IV.1, 36382 in 12 months) come from the initiatives' and the Integreat CMS's own
    # deliveries since issue 13 (demo/engagement.py); the events stay a project figure.
    ("koordination_ehrenamt", "begegnungen"): {2020: 6, 2021: 9, 2022: 18, 2023: 22, 2024: 25},  # demo
    # seed, 2024 only (the report gives no year series): 35 FactSheet issues so far (ch. IV.5), "mehr als 130"
    # projects and measures accompanied since 2016 (ch. IV.5, lower bound).  Codes added to the catalogue later.
    ("migrationsbeauftragte", "newsletter_ausgaben"): {2024: 35},
    ("migrationsbeauftragte", "projekte_massnahmen"): {2024: 130},
    # demo: other projects of the report, figures invented.
    ("stellwerk_luebben", "besucher"): {2021: 312, 2022: 498, 2023: 615, 2024: 702},
    ("integrationsbegleitung_plus", "neukunden"): {2020: 38, 2021: 51, 2022: 88, 2023: 94, 2024: 86},
    ("brueckenbau", "neukunden"): {2018: 41, 2019: 47, 2020: 33, 2021: 36, 2022: 58, 2023: 61, 2024: 55},
    ("eltern_kind_cafe", "besucher"): {2019: 214, 2020: 96, 2021: 131, 2022: 246, 2023: 288, 2024: 301},
}

# --------------------------------------------------------------------------------------------------------------
# Where foreigners live (demo): factor on the Gemeinde's register population.  More in the Berlin-near north
# and in Lübben/Luckau; every Gemeinde gets some.  Gemeinden not listed: FAKTOR_SONST.
# --------------------------------------------------------------------------------------------------------------
AUSLAENDER_FAKTOR: dict[str, float] = {
    "12061260": 1.7,  # Königs Wusterhausen
    "12061433": 2.1,  # Schönefeld (airport BER)
    "12061540": 1.6,  # Wildau (TH Wildau)
    "12061112": 1.2,  # Eichwalde
    "12061572": 1.1,  # Zeuthen
    "12061444": 1.1,  # Schulzendorf
    "12061316": 1.4,  # Lübben
    "12061320": 1.3,  # Luckau
    "12061332": 1.0,  # Mittenwalde
    "12061020": 0.9,  # Bestensee
    "12061164": 0.9,  # Golßen (food industry)
    "12061217": 0.7,  # Heidesee
    "12061219": 0.5,  # Heideblick
    "12061329": 0.5,  # Märkische Heide
}
AUSLAENDER_FAKTOR_SONST = 0.45
# Extra affinity of single nationalities to single Gemeinden (demo).
AFFINITAET: dict[tuple[str, str], float] = {
    ("436", "12061540"): 2.5,  # Indien - Wildau
    ("436", "12061433"): 2.0,  # Indien - Schönefeld
    ("432", "12061260"): 1.6,  # Vietnam - Königs Wusterhausen
    ("432", "12061316"): 1.6,  # Vietnam - Lübben
    ("152", "12061164"): 2.0,  # Polen - Golßen
    ("154", "12061164"): 2.0,  # Rumänien - Golßen
    ("154", "12061433"): 1.5,  # Rumänien - Schönefeld
}
# fmt: on

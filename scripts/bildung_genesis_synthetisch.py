"""Write the SYNTHETIC GENESIS flat files of the Bildung demo (school and Kita statistics).

The values are invented (plausible for Landkreis Dahme-Spreewald, no real figure); the layout is the real
GENESIS flat-file CSV (ffcsv) as in ../shared/reference/genesis/*_flat.csv: UTF-8 with BOM, `;`, LF, one row
per cell, totals as empty attribute code with label `Insgesamt`, symbols `-` (nichts vorhanden), `.` (geheim)
and `x` (Aussage nicht sinnvoll). Deterministic: run it again and the files are the same.

    python scripts/bildung_genesis_synthetisch.py src/integrationsmonitor/demo/data
"""

from __future__ import annotations

import itertools
import random
import sys
from pathlib import Path

JAHRE = range(2019, 2025)  # school years 2019/20 … 2024/25; Kita Stichtag 01.03.2019 … 01.03.2024
KREISE = {
    "12060": "Barnim, Landkreis",
    "12061": "Dahme-Spreewald, Landkreis",
    "12062": "Elbe-Elster, Landkreis",
}
GROESSE = {"12060": 1.05, "12061": 1.0, "12062": 0.55}  # other counties: other sizes
NAT = [("NATD", "Deutsche"), ("NATA", "Ausländer")]
GES = [("GESM", "männlich"), ("GESW", "weiblich")]
SCHULARTEN = [  # code, label, pupils of the LDS 2019, foreign share 2019 in percent
    ("SA-GS", "Grundschulen", 7600, 2.6),
    ("SA-OS", "Oberschulen", 3350, 3.2),
    ("SA-GES", "Gesamtschulen", 1750, 2.9),
    ("SA-GYM", "Gymnasien", 3900, 1.4),
    ("SA-FOE", "Förderschulen", 640, 3.8),
    ("SA-WAL", "Freie Waldorfschulen", 310, 1.0),
    ("SA-ZBW", "Schulen des Zweiten Bildungsweges", 90, 4.0),
]
ABSCHLUESSE = [  # code, label, share among German leavers, share among foreign leavers (percent)
    ("ABS-OHNE", "ohne Berufsbildungsreife", 6.5, 17.0),
    ("ABS-BBR", "mit Berufsbildungsreife", 7.0, 14.0),
    ("ABS-EBBR", "mit erweiterter Berufsbildungsreife", 13.0, 17.0),
    ("ABS-FOR", "mit Fachoberschulreife", 37.0, 29.0),
    ("ABS-FHR", "mit Fachhochschulreife (schulischer Teil)", 1.5, 2.0),
    ("ABS-AHR", "mit allgemeiner Hochschulreife", 35.0, 21.0),
]
# "darunter" row of the Fachoberschulreife: a sub-category, never part of the total
ABS_DARUNTER = ("ABS-FORQ", "dar. mit Berechtigung zum Besuch der gymnasialen Oberstufe")
ALTER = [("ALT000B03", "unter 3 Jahre", 3350), ("ALT003BSE", "3 Jahre bis zum Schuleintritt", 5650)]
FAMSPR = [("FAMSPR-D", "vorrangig deutsch"), ("FAMSPR-ND", "vorrangig nicht deutsch")]
INSGESAMT = ("", "Insgesamt")


def _anstieg(jahr: int) -> float:
    """Foreign children and youths: slow rise, a jump with the refugees from Ukraine in 2022."""
    return 1.0 + 0.08 * (jahr - 2019) + (0.9 if jahr >= 2022 else 0.0) + (0.15 if jahr >= 2023 else 0.0)


def _aufteilen(rng: random.Random, gesamt: int, anteile: list[float]) -> list[int]:
    """Split a count by shares, with a little noise, summing exactly to `gesamt`."""
    gewichte = [max(a * rng.uniform(0.85, 1.15), 0.0) for a in anteile]
    s = sum(gewichte) or 1.0
    teile = [int(gesamt * g / s) for g in gewichte]
    for i in range(gesamt - sum(teile)):
        teile[i % len(teile)] += 1
    return teile


def _kopf(n: int) -> str:
    bloecke = [
        f"{i}_variable_code;{i}_variable_label;{i}_variable_attribute_code;{i}_variable_attribute_label"
        for i in range(1, n + 1)
    ]
    return ";".join(
        [
            "statistics_code;statistics_label;time_code;time_label;time",
            *bloecke,
            "value;value_unit;value_variable_code;value_variable_label",
        ]
    )


def _zeilen(
    statistik: str,  # "code;label"
    zeit: tuple[str, str, str],
    variablen: list[tuple[str, str, list[tuple[str, str]]]],
    fein: dict[tuple[str, ...], int],
    wert: tuple[str, str],
    kreis: tuple[str, str],
    symbol: dict[tuple[str, ...], str],
    darunter: dict[tuple[str, ...], int] | None = None,
) -> list[str]:
    """Every cell and every margin (all combinations of Insgesamt) of one county and period."""
    zeilen = []
    optionen = [[INSGESAMT, *attr] for _, _, attr in variablen]
    for kombi in itertools.product(*optionen):
        codes = tuple(c for c, _ in kombi)
        summe = sum(v for k, v in fein.items() if all(c in ("", kc) for c, kc in zip(codes, k, strict=True)))
        text = symbol.get(codes, "-" if summe == 0 else str(summe))
        teile = [f"KREISE;Kreise und kreisfreie Städte;{kreis[0]};{kreis[1]}"]
        teile += [f"{v};{lab};{c};{a}" for (v, lab, _), (c, a) in zip(variablen, kombi, strict=True)]
        zeilen.append(";".join([statistik, *zeit, *teile, text, "Anzahl", *wert]))
        if darunter is not None and codes[0] == "ABS-FOR":
            rest = codes[1:]
            d = sum(
                v for k, v in darunter.items() if all(c in ("", kc) for c, kc in zip(rest, k, strict=True))
            )
            teile[1] = f"{variablen[0][0]};{variablen[0][1]};{ABS_DARUNTER[0]};{ABS_DARUNTER[1]}"
            zeilen.append(";".join([statistik, *zeit, *teile, str(d) if d else "-", "Anzahl", *wert]))
    return zeilen


def schueler(rng: random.Random) -> list[str]:
    variablen = [
        ("SCHART", "Schularten", [(c, n) for c, n, _, _ in SCHULARTEN]),
        ("NAT", "Nationalität", NAT),
    ]
    variablen.append(("GES", "Geschlecht", GES))
    zeilen = [_kopf(4)]
    for jahr, (kreis, name) in itertools.product(JAHRE, KREISE.items()):
        fein: dict[tuple[str, ...], int] = {}
        for code, _, anzahl, anteil in SCHULARTEN:
            gesamt = round(anzahl * GROESSE[kreis] * (1 + 0.012 * (jahr - 2019)) * rng.uniform(0.98, 1.02))
            ausl = round(gesamt * anteil / 100 * _anstieg(jahr) * rng.uniform(0.9, 1.1))
            if code == "SA-ZBW" and jahr < 2021:
                ausl = 0  # written as `-`: nichts vorhanden
            for nat, n in (("NATD", gesamt - ausl), ("NATA", ausl)):
                m, w = _aufteilen(rng, n, [51.5, 48.5])
                fein[(code, nat, "GESM")], fein[(code, nat, "GESW")] = m, w
        symbol: dict[tuple[str, ...], str] = {}
        if kreis == "12061" and jahr == 2020:
            symbol[("SA-ZBW", "NATD", "GESW")] = "."  # secret at the office (the total stays published)
        if kreis == "12062":
            symbol[("SA-WAL", "", "")] = "x"  # no Waldorfschule counted there: no sensible statement
        zeit = ("SCHJ", "Schuljahr", f"{jahr}/{(jahr + 1) % 100:02d}")
        zeilen += _zeilen(
            "21111;Statistik der allgemeinbildenden Schulen",
            zeit,
            variablen,
            fein,
            ("BIL003", "Schüler/-innen"),
            (kreis, name),
            symbol,
        )
    return zeilen


def abgaenger(rng: random.Random) -> list[str]:
    variablen = [
        ("ABSART", "Abschlussarten", [(c, n) for c, n, _, _ in ABSCHLUESSE]),
        ("NAT", "Nationalität", NAT),
    ]
    variablen.append(("GES", "Geschlecht", GES))
    zeilen = [_kopf(4)]
    for jahr, (kreis, name) in itertools.product(JAHRE, KREISE.items()):
        gesamt = round(1480 * GROESSE[kreis] * (1 + 0.015 * (jahr - 2019)) * rng.uniform(0.97, 1.03))
        ausl = round(28 * GROESSE[kreis] * _anstieg(jahr) * rng.uniform(0.9, 1.1))
        fein: dict[tuple[str, ...], int] = {}
        darunter: dict[tuple[str, ...], int] = {}
        for nat, n, spalte in (("NATD", gesamt - ausl, 2), ("NATA", ausl, 3)):
            anteile = [float(a[spalte]) for a in ABSCHLUESSE]
            for (code, *_), k in zip(ABSCHLUESSE, _aufteilen(rng, n, anteile), strict=True):
                w = round(k * rng.uniform(0.40, 0.56)) if code != "ABS-OHNE" else round(k * 0.38)
                fein[(code, nat, "GESM")], fein[(code, nat, "GESW")] = k - w, w
                if code == "ABS-FOR":
                    darunter[(nat, "GESM")] = round((k - w) * 0.3)
                    darunter[(nat, "GESW")] = round(w * 0.35)
        symbol: dict[tuple[str, ...], str] = {}
        if kreis == "12060":
            symbol[("ABS-FHR", "NATA", "GESW")] = "."  # secret in another county: ignored
        zeit = ("SCHJ", "Schuljahr", f"{jahr}/{(jahr + 1) % 100:02d}")
        zeilen += _zeilen(
            "21111;Statistik der allgemeinbildenden Schulen",
            zeit,
            variablen,
            fein,
            ("BIL007", "Absolventen und Abgänger"),
            (kreis, name),
            symbol,
            darunter,
        )
    return zeilen


def kita(rng: random.Random) -> list[str]:
    variablen = [("ALTGR1", "Altersgruppen", [(c, n) for c, n, _ in ALTER])]
    variablen.append(("FAMSPR", "Vorrangig in der Familie gesprochene Sprache", FAMSPR))
    zeilen = [_kopf(3)]
    for jahr, (kreis, name) in itertools.product(JAHRE, KREISE.items()):
        fein: dict[tuple[str, ...], int] = {}
        for code, _, anzahl in ALTER:
            gesamt = round(anzahl * GROESSE[kreis] * (1 - 0.008 * (jahr - 2019)) * rng.uniform(0.98, 1.02))
            nd = round(gesamt * 0.035 * _anstieg(jahr) * (0.8 if code == "ALT000B03" else 1.1))
            fein[(code, "FAMSPR-D")], fein[(code, "FAMSPR-ND")] = gesamt - nd, nd
        zeit = ("STAG", "Stichtag", f"{jahr}-03-01")
        zeilen += _zeilen(
            "22541;Statistik der Kinder und tätigen Personen in Tageseinrichtungen",
            zeit,
            variablen,
            fein,
            ("KJH011", "Kinder in Kindertagesbetreuung"),
            (kreis, name),
            {},
        )
    return zeilen


DATEIEN = {
    "21111-01-03-4_synthetisch_de_flat.csv": schueler,
    "21111-02-06-4_synthetisch_de_flat.csv": abgaenger,
    "22541-01-01-4_synthetisch_de_flat.csv": kita,
}


def main(ziel: Path) -> None:
    for datei, erzeuge in DATEIEN.items():
        zeilen = erzeuge(random.Random(datei))
        (ziel / datei).write_bytes(("\ufeff" + "\n".join(zeilen) + "\n").encode("utf-8"))


if __name__ == "__main__":
    main(Path(sys.argv[1]))

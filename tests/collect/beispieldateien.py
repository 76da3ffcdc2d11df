"""The synthetic office files shipped next to the table profiles (no real people; plausible LDS figures).

    .venv/bin/python tests/collect/beispieldateien.py     # rewrites src/integrationsmonitor/collect/beispiele/

openpyxl, which writes the two Excel files, is a development dependency only, so the files are generated
here and committed; `test_tabellenprofile.py` checks that the committed files are exactly what this script
writes and that each one converts to the figures below. Figures: Kreis totals of the demo (Melderegister
31.12.2024: 182.100, of them 11 divers; Einbürgerungen 2024: 231; zugewiesene Asylsuchende 31.12.2024:
1.262, 60 % in Wohnungen; ELB SGB II Dezember 2024 by nationality group); Gemeinden from the catalogue.
"""

from __future__ import annotations

import csv
import io
import re
import sys
import zipfile
from pathlib import Path

from integrationsmonitor.demo import handlungsfelder as H
from integrationsmonitor.demo.engagement import integreat_export

ROOT = Path(__file__).resolve().parents[2]
ZIEL = ROOT / "src" / "integrationsmonitor" / "collect" / "beispiele"
GEMEINDEN_CSV = ROOT / "src" / "integrationsmonitor" / "catalog" / "data" / "lds" / "gemeinden.csv"

# ---------------------------------------------------------------------------------------------------------
# Einwohnermeldeämter: bevoelkerung_melderegister, office CSV (Windows-1252, title lines, Summe line)
# ---------------------------------------------------------------------------------------------------------
MELDEREGISTER_KREIS = 182_100
ALTERSGRUPPEN = [  # label as the Meldeamt's software writes it, code, share of the population
    ("0 bis 5 Jahre", "00_05", 0.052),
    ("6 bis 14 Jahre", "06_14", 0.083),
    ("15 bis 17 Jahre", "15_17", 0.027),
    ("18 bis 24 Jahre", "18_24", 0.058),
    ("25 bis 29 Jahre", "25_29", 0.045),
    ("30 bis 49 Jahre", "30_49", 0.248),
    ("50 bis 64 Jahre", "50_64", 0.232),
    ("65 Jahre und älter", "65_", 0.255),
]
DIVERS = {("12061260", "25_29"): 3, ("12061260", "30_49"): 2, ("12061433", "18_24"): 2,
          ("12061316", "30_49"): 1, ("12061540", "25_29"): 2, ("12061572", "50_64"): 1}  # fmt: skip


def _verteile(summe: int, gewichte: list[float]) -> list[int]:
    """Largest remainder: integers proportional to `gewichte` that add up to `summe`."""
    roh = [summe * g / sum(gewichte) for g in gewichte]
    ganz = [int(r) for r in roh]
    for i in sorted(range(len(roh)), key=lambda i: ganz[i] - roh[i])[: summe - sum(ganz)]:
        ganz[i] += 1
    return ganz


def gemeinden() -> list[tuple[str, str, int]]:
    """(AGS, name, population 31.12.2022) of the catalogue's Gemeinden."""
    with GEMEINDEN_CSV.open(encoding="utf-8") as fh:
        return [(r["ags"], r["gemeinde"], int(r["bev_insgesamt_31122022"])) for r in csv.DictReader(fh)]


def melderegister() -> dict[tuple[str, str, str], int]:
    """(AGS, age group code, m/w/d) -> persons."""
    liste = gemeinden()
    je_gemeinde = _verteile(MELDEREGISTER_KREIS - sum(DIVERS.values()), [b for _, _, b in liste])
    zellen: dict[tuple[str, str, str], int] = {}
    for (ags, _, _), n in zip(liste, je_gemeinde, strict=True):
        for (_, alter, _), k in zip(
            ALTERSGRUPPEN, _verteile(n, [a for _, _, a in ALTERSGRUPPEN]), strict=True
        ):
            anteil_m = 0.46 if alter == "65_" else 0.505  # more women among the old
            m, w = _verteile(k, [anteil_m, 1 - anteil_m])
            zellen[(ags, alter, "m")], zellen[(ags, alter, "w")] = m, w
            zellen[(ags, alter, "d")] = DIVERS.get((ags, alter), 0)
    return zellen


def _tausender(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def melderegister_csv() -> bytes:
    zellen = melderegister()
    zeilen = [
        ["Einwohnermeldeämter Landkreis Dahme-Spreewald", "", "", "", "", "", ""],
        ["Einwohner mit Hauptwohnsitz nach Gemeinde, Altersgruppe und Geschlecht", "", "", "", "", "", ""],
        ["Stand: 31.12.2024", "", "", "", "", "", ""],
        [""] * 7,
        ["Gemeindeschlüssel", "Gemeinde", "Altersgruppe", "männlich", "weiblich", "divers", "insgesamt"],
    ]
    summen = [0, 0, 0]
    for ags, name, _ in gemeinden():
        for label, alter, _ in ALTERSGRUPPEN:
            mwd = [zellen[(ags, alter, s)] for s in "mwd"]
            summen = [a + b for a, b in zip(summen, mwd, strict=True)]
            deutsch = name.removesuffix(", Stadt").split("/")[0].strip()  # Sorbian is not in Windows-1252
            zeilen.append([ags, deutsch, label, *(_tausender(v) for v in mwd), _tausender(sum(mwd))])
    zeilen.append(["Summe", "", "", *(_tausender(v) for v in summen), _tausender(sum(summen))])
    zeilen.append(["Quelle: Melderegister, Auswertung der Einwohnermeldeämter", "", "", "", "", "", ""])
    puffer = io.StringIO()
    csv.writer(puffer, delimiter=";", lineterminator="\r\n").writerows(zeilen)
    return puffer.getvalue().encode("cp1252")


# ---------------------------------------------------------------------------------------------------------
# Einbürgerungsbehörde: einbuergerungen, office CSV (UTF-8 with BOM, nationality names as the software has them)
# ---------------------------------------------------------------------------------------------------------
EINBUERGERUNGEN = [  # name in the Fachverfahren, Destatis code, männlich, weiblich
    ("Afghanistan", "423", 9, 5),
    ("Indien", "436", 4, 3),
    ("Irak", "438", 9, 7),
    ("Iran, Islam. Rep.", "439", 4, 4),
    ("Kosovo", "150", 3, 3),
    ("Polen", "152", 2, 4),
    ("Rumänien", "154", 2, 3),
    ("Russ. Föd.", "160", 7, 10),
    ("staatenlos", "997", 5, 4),
    ("Syrien, Arab. Rep.", "475", 41, 29),
    ("Türkei", "163", 15, 13),
    ("Ukraine", "166", 8, 12),
    ("ungeklärt", "998", 2, 1),
    ("Vereinigtes Königreich", "168", 2, 2),
    ("Vietnam", "432", 8, 10),
]


def einbuergerungen_csv() -> bytes:
    zeilen = [
        ["Einbürgerungsbehörde Landkreis Dahme-Spreewald"],
        ["Vollzogene Einbürgerungen nach bisheriger Staatsangehörigkeit und Geschlecht"],
        [],
        ["Berichtsjahr", "bisherige Staatsangehörigkeit", "Geschlecht", "Anzahl"],
    ]
    for name, _, m, w in EINBUERGERUNGEN:
        zeilen += [["2024", name, "männlich", str(m)], ["2024", name, "weiblich", str(w)]]
    zeilen.append(["Insgesamt", "", "", str(sum(m + w for _, _, m, w in EINBUERGERUNGEN))])
    puffer = io.StringIO()
    csv.writer(puffer, delimiter=";", lineterminator="\r\n").writerows(zeilen)
    return puffer.getvalue().encode("utf-8-sig")


# ---------------------------------------------------------------------------------------------------------
# Sozialamt: asyl_unterbringung, XLSX with a merged two-row header and an explanation sheet in front
# ---------------------------------------------------------------------------------------------------------
UNTERBRINGUNG = [  # Gemeinde as the Sozialamt writes it, AGS, GU männlich, GU weiblich, Wohnung m, Wohnung w
    ("Königs Wusterhausen, Stadt", "12061260", 98, 52, 116, 97),
    ("Schönefeld", "12061433", 71, 38, 60, 50),
    ("Lübben/Spreewald", "12061316", 62, 30, 48, 42),
    ("Luckau", "12061320", 40, 22, 34, 26),
    ("Wildau", "12061540", 22, 11, 28, 24),
    ("Mittenwalde", "12061332", 18, 9, 16, 13),
    ("Heidesee", "12061217", 12, 6, 9, 8),
    ("Bestensee", "12061020", 10, 4, 11, 9),
    ("Zeuthen", "12061572", None, None, 25, 22),
    ("Eichwalde", "12061112", None, None, 14, 12),
    ("Schulzendorf", "12061444", None, None, 12, 10),
    ("Golßen", "12061164", None, None, 8, 7),
    ("Märkische Heide", "12061329", None, None, 6, 5),
    ("Teupitz", "12061492", None, None, 4, 3),
    ("Halbe", "12061216", None, None, 5, 4),
    ("Heideblick", "12061219", None, None, 6, 4),
    ("Lieberose", "12061308", None, None, 5, 5),
    ("Straupitz (Spreewald)", "12061476", None, None, 3, 3),
    ("Unterspreewald", "12061510", None, None, 2, 1),
]


def _fest(xlsx: bytes) -> bytes:
    """The same workbook with fixed time stamps, so that generating it twice gives the same bytes."""
    alt = zipfile.ZipFile(io.BytesIO(xlsx))
    puffer = io.BytesIO()
    with zipfile.ZipFile(puffer, "w", zipfile.ZIP_DEFLATED) as neu:
        for info in alt.infolist():
            inhalt = alt.read(info.filename)
            if info.filename == "docProps/core.xml":
                inhalt = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>2025-01-15T08:00:00Z", inhalt
                )
            neu.writestr(zipfile.ZipInfo(info.filename, (2025, 1, 15, 8, 0, 0)), inhalt, zipfile.ZIP_DEFLATED)
    return puffer.getvalue()


def _speichern(wb: object) -> bytes:
    puffer = io.BytesIO()
    wb.save(puffer)  # type: ignore[attr-defined]
    return _fest(puffer.getvalue())


def unterbringung_xlsx(
    zeilen: list[tuple[str, str, int | None, int | None, int, int]] | None = None,
) -> bytes:
    from openpyxl import Workbook  # development dependency

    zeilen = UNTERBRINGUNG if zeilen is None else zeilen
    wb = Workbook()
    info = wb.active
    info.title = "Erläuterungen"
    info["A1"] = "Unterbringung zugewiesener Asylsuchender"
    info["A2"] = "Personen, die nach dem Landesaufnahmegesetz zugewiesen und am Stichtag untergebracht sind."
    info["A3"] = "Gemeinschaftsunterkunft: Einrichtungen des Landkreises; Wohnung: dezentral angemietet."
    ws = wb.create_sheet("Unterbringung")
    ws["A1"] = "Sozialamt Landkreis Dahme-Spreewald – Unterbringung nach dem Landesaufnahmegesetz"
    ws.merge_cells("A1:F1")
    ws["A2"] = "Stand: 31.12.2024"
    ws["A4"] = "Gemeinde"
    ws.merge_cells("A4:A5")
    ws["B4"] = "Gemeinschaftsunterkunft"
    ws.merge_cells("B4:C4")
    ws["D4"] = "Wohnung (dezentral)"
    ws.merge_cells("D4:E4")
    ws["F4"] = "Insgesamt"
    ws.merge_cells("F4:F5")
    ws["B5"], ws["C5"], ws["D5"], ws["E5"] = "männlich", "weiblich", "männlich", "weiblich"
    summe = [0, 0, 0, 0]
    for name, _, gu_m, gu_w, wo_m, wo_w in zeilen:
        werte = [gu_m, gu_w, wo_m, wo_w]
        summe = [s + (v or 0) for s, v in zip(summe, werte, strict=True)]
        ws.append([name, *("-" if v is None else v for v in werte), sum(v or 0 for v in werte)])
    ws.append(["Summe", *summe, sum(summe)])
    ws.append([])
    ws.append(["Quelle: Sozialamt, Fachverfahren Asylbewerberleistungen"])
    return _speichern(wb)


# ---------------------------------------------------------------------------------------------------------
# Jobcenter: sgb2_elb, Bundesagentur-style XLSX (column numbers, `*` for secret cells, © line, footnote)
# ---------------------------------------------------------------------------------------------------------
ELB = [  # label as in the BA table, code (None: an aggregate row, skipped), insgesamt, Männer, Frauen, divers
    ("Deutsche", "deutsch", 6020, 3070, 2948, "*"),
    ("Ausländer", None, 2790, 1299, 1490, "*"),
    ("EU-Staatsangehörige", "eu", 420, 210, 210, "-"),
    ("Asylherkunftsländer 1)", "asylherkunft", 720, 446, 273, "*"),
    ("sonstige Drittstaaten", "sonstige_drittstaaten", 1650, 643, 1007, "-"),
]


def elb_xlsx() -> bytes:
    from openpyxl import Workbook  # development dependency

    wb = Workbook()
    inhalt = wb.active
    inhalt.title = "Inhalt"
    inhalt["A1"] = "Grundsicherung für Arbeitsuchende (SGB II) – Jobcenter Landkreis Dahme-Spreewald"
    inhalt["A3"] = "Tabelle: ELB nach Staatsangehörigkeit"
    ws = wb.create_sheet("ELB nach Staatsangehörigkeit")
    ws["A1"] = "Erwerbsfähige Leistungsberechtigte (ELB) nach Staatsangehörigkeit und Geschlecht"
    ws["A2"] = "Jobcenter Landkreis Dahme-Spreewald, Berichtsmonat Dezember 2024"
    ws["A4"] = "Staatsangehörigkeit"
    ws.merge_cells("A4:A5")
    ws["B4"] = "Insgesamt"
    ws.merge_cells("B4:B5")
    ws["C4"] = "davon"
    ws.merge_cells("C4:E4")
    ws["C5"], ws["D5"], ws["E5"] = "Männer", "Frauen", "divers"
    ws.append([1, 2, 3, 4, 5])
    insgesamt = [sum(z[i] for z in ELB if z[1]) for i in (2, 3, 4)]  # type: ignore[misc]
    ws.append(["Insgesamt", *insgesamt, "*"])
    for label, _, gesamt, m, w, d in ELB:
        ws.append([label, gesamt, m, w, d])
    ws.append([])
    ws.append(["© Statistik der Bundesagentur für Arbeit"])
    ws.append(
        ["*) Aus Datenschutzgründen werden Werte kleiner 3 und daraus errechenbare Werte anonymisiert."]
    )
    ws.append(["1) Afghanistan, Eritrea, Irak, Iran, Nigeria, Pakistan, Somalia, Syrien"])
    return _speichern(wb)


DATEIEN = {
    "melderegister_2024.csv": melderegister_csv,
    "einbuergerungen_2024.csv": einbuergerungen_csv,
    "sozialamt_unterbringung_2024.xlsx": unterbringung_xlsx,
    "jobcenter_elb_2024.xlsx": elb_xlsx,
    # the Integreat CMS's statistics export of the demo (issue 13; synthetic, written by the demo itself)
    "integreat_zugriffe_2024.csv": integreat_export,
    # issue 14: synthetic exports of the demo (demo/handlungsfelder.py), the year 2024 of each
    H.esu_dateiname(2024): lambda: H.esu_export(2024),
    "sport_kultur_teilnehmende_2024.csv": lambda: H.sk_export(2024),
    "kreissportbund_mitglieder_2024.xlsx": lambda: H.ksb_export(2024),
    "sozialamt_belegung_2024.xlsx": lambda: H.gu_export(2024),
    "abh_fachkraefteverfahren_2024.csv": lambda: H.fk_export(2024),
    "ba_beschaeftigte_2024.xlsx": lambda: H.ba_export(2024),
}


def main() -> int:
    ZIEL.mkdir(parents=True, exist_ok=True)
    for name, erzeuge in DATEIEN.items():
        (ZIEL / name).write_bytes(erzeuge())
        print(f"{ZIEL / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

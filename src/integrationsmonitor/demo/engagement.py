"""Demo deliveries of issue 13 (pure standard library): the initiatives' yearly figures and the Integreat usage
statistics, as the initiatives and the Integreat editors would deliver them.

- `engagement_kennzahlen_<jahr>.csv` (2020–2024): each of the 7 demo initiatives (registry/engagement/demo.py,
  invented, marked „(Demo)“) reports its active volunteers, Patenschaften and participants of Begegnung
  offers; the rows are built by `collect.mindestzahl` as the platform builds every delivery of the dataset
  (store.beitragende: a sum with fewer than 3 initiatives or one above 85 % is secret, at every level – so the
  Kreis sum of the Patenschaften of 2 initiatives is secret). 2024: 156 volunteers in 7 initiatives – the
  report's „mehr als 150 Ehrenamtliche in 7 Vereinen und Initiativen“; 2020–2023 keep the earlier demo
  series (98, 110, 134, 142 in 4, 5, 6, 6 initiatives).
- `engagement_initiativen_<jahr>.csv`: the number of those initiatives with volunteers (Kreis), as
  `imon engagement-deliver` derives it (registry/engagementlieferung.py).
- `integreat_zugriffe_2024.csv`: a synthetic statistics export of the Integreat CMS (accesses per month and
  language, app and web app; the layout is modelled on the CMS's statistics page, the file is invented) that
  goes through the table profile `integreat_zugriffe`. 2024 sums to the report's 36.382 accesses „in den
  ersten 12 Monaten“ (36.382 / 12 = 3.032 per month).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from integrationsmonitor.collect.mindestzahl import zeilen

from . import figures as F
from .generator import DemoLieferung
from .rechnen import largest_remainder
from .zellen import lade_gemeinden

ENGAGEMENT = "engagement_kennzahlen"
ENGAGEMENT_INITIATIVEN = "engagement_initiativen"
INTEGREAT = "integreat_zugriffe"
INTEGREAT_PROFIL = "integreat_zugriffe"

# Kurzname -> Gemeinde; the same keys as registry/engagement/demo.py (INITIATIVEN; checked by a test).
INITIATIVEN: dict[str, str] = {
    "sprechcafe-kw-demo": "12061260",
    "patenschaften-luebben-demo": "12061316",
    "fahrdienst-luckau-demo": "12061320",
    "begegnung-schoenefeld-demo": "12061433",
    "willkommen-wildau-demo": "12061540",
    "sport-zeuthen-demo": "12061572",
    "kleiderkammer-mittenwalde-demo": "12061332",
}

# fmt: off
# (initiative, kennzahl) -> year -> value; all invented (demo).
KENNZAHLEN: dict[tuple[str, str], dict[int, int]] = {
    ("sprechcafe-kw-demo", "ehrenamtliche"): {2020: 34, 2021: 35, 2022: 38, 2023: 36, 2024: 39},
    ("patenschaften-luebben-demo", "ehrenamtliche"): {2020: 28, 2021: 30, 2022: 33, 2023: 32, 2024: 34},
    ("fahrdienst-luckau-demo", "ehrenamtliche"): {2020: 12, 2021: 13, 2022: 14, 2023: 15, 2024: 15},
    ("begegnung-schoenefeld-demo", "ehrenamtliche"): {2020: 24, 2021: 20, 2022: 21, 2023: 22, 2024: 23},
    ("willkommen-wildau-demo", "ehrenamtliche"): {2021: 12, 2022: 17, 2023: 21, 2024: 22},
    ("sport-zeuthen-demo", "ehrenamtliche"): {2022: 11, 2023: 16, 2024: 14},
    ("kleiderkammer-mittenwalde-demo", "ehrenamtliche"): {2024: 9},
    ("patenschaften-luebben-demo", "patenschaften"): {2020: 18, 2021: 21, 2022: 35, 2023: 31, 2024: 29},
    ("willkommen-wildau-demo", "patenschaften"): {2021: 6, 2022: 14, 2023: 17, 2024: 19},
    ("sprechcafe-kw-demo", "patenschaften"): {2022: 8, 2023: 6},  # a third initiative: the Kreis is published
    ("sprechcafe-kw-demo", "teilnehmende"): {2020: 160, 2021: 210, 2022: 420, 2023: 460, 2024: 480},
    ("begegnung-schoenefeld-demo", "teilnehmende"): {2020: 95, 2021: 120, 2022: 260, 2023: 300, 2024: 340},
    ("willkommen-wildau-demo", "teilnehmende"): {2021: 40, 2022: 85, 2023: 110, 2024: 120},
    ("sport-zeuthen-demo", "teilnehmende"): {2022: 60, 2023: 95, 2024: 105},
    ("kleiderkammer-mittenwalde-demo", "teilnehmende"): {2024: 70},
}
ENGAGEMENT_JAHRE = (2020, 2021, 2022, 2023, 2024)

# Integreat: 2024, the app's first twelve months (seed: 36.382 accesses, report ch. IV.1). Monthly weights
# (the app becomes known), languages as the CMS names them (native names) with their shares, and the share
# of the installed app against the web app – all invented.
INTEGREAT_JAHR = 2024
INTEGREAT_SUMME = 36382
MONATE = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
          "November", "Dezember")
MONATS_GEWICHTE = (0.78, 0.84, 0.9, 0.95, 0.98, 1.0, 0.96, 0.94, 1.06, 1.14, 1.2, 1.25)
SPRACHEN: tuple[tuple[str, float], ...] = (
    ("Deutsch", 29.0), ("Leichte Sprache", 1.5), ("English", 9.5), ("Українська", 22.0), ("Русский", 7.5),
    ("العربية", 12.0), ("فارسی", 6.0), ("پښتو", 1.5), ("Türkçe", 4.0), ("Polski", 3.0), ("Română", 2.0),
    ("Français", 2.0),
)
APP_ANTEIL = 0.62
# fmt: on


def engagement_fein(jahr: int) -> dict[tuple[str, str, str], int]:
    """(Gemeinde, initiative, kennzahl) -> value of one year, as the initiatives report them."""
    return {
        (INITIATIVEN[ini], ini, kennzahl): werte[jahr]
        for (ini, kennzahl), werte in KENNZAHLEN.items()
        if werte.get(jahr)
    }


def _kette() -> dict[str, tuple[str, ...]]:
    return {g.ags: (g.ags, g.verband, F.KREIS) for g in lade_gemeinden()}


def engagement_datei(jahr: int) -> bytes:
    """The delivery file of one year: the sums under the rules and the fine cells."""
    fein = engagement_fein(jahr)
    puffer = io.StringIO()
    w = csv.writer(puffer, delimiter=";", lineterminator="\n")
    w.writerow(["gebiet", "zeitraum", "initiative", "kennzahl", "wert", "kennzeichen"])
    for gebiet, ini, kennzahl, wert, kz in zeilen(fein, _kette(), F.KREIS):
        w.writerow([gebiet, str(jahr), ini, kennzahl, "" if wert is None else str(wert), kz])
    return puffer.getvalue().encode("utf-8")


def initiativen_datei(jahr: int) -> bytes:
    """The number of initiatives with volunteers in the year (Kreis), as `imon engagement-deliver` writes it."""
    anzahl = len({ini for (_g, ini, kennzahl) in engagement_fein(jahr) if kennzahl == "ehrenamtliche"})
    return (
        f"gebiet;zeitraum;zaehlung;wert;kennzeichen\n{F.KREIS};{jahr};mit_ehrenamtlichen;{anzahl};\n".encode()
    )


def integreat_zellen() -> dict[tuple[str, str], tuple[int, int]]:
    """(month name, language name) -> (app, web app) accesses of the demo year; sums to INTEGREAT_SUMME."""
    out: dict[tuple[str, str], tuple[int, int]] = {}
    for monat, n in zip(MONATE, largest_remainder(INTEGREAT_SUMME, list(MONATS_GEWICHTE)), strict=True):
        for (sprache, _a), k in zip(SPRACHEN, largest_remainder(n, [a for _s, a in SPRACHEN]), strict=True):
            app, web = largest_remainder(k, [APP_ANTEIL, 1 - APP_ANTEIL])
            out[(monat, sprache)] = (app, web)
    return out


def integreat_export() -> bytes:
    """The CMS's statistics export of the demo year (synthetic): title lines, then one row per month and
    language with the accesses of the app and of the web app, UTF-8 with BOM, `;`-separated."""
    puffer = io.StringIO()
    w = csv.writer(puffer, delimiter=";", lineterminator="\r\n")
    w.writerow(["Integreat – Landkreis Dahme-Spreewald"])
    w.writerow(
        [f"Zugriffe nach Sprache, 01.01.{INTEGREAT_JAHR} – 31.12.{INTEGREAT_JAHR} (synthetische Demodatei)"]
    )
    w.writerow([])
    w.writerow(["Jahr", "Monat", "Sprache", "App-Zugriffe", "Web-App-Zugriffe"])
    for (monat, sprache), (app, web) in integreat_zellen().items():
        w.writerow([str(INTEGREAT_JAHR), monat, sprache, str(app), str(web)])
    return ("\ufeff" + puffer.getvalue()).encode("utf-8")


def schreibe(out_dir: Path) -> list[DemoLieferung]:
    """Write the demo files of issue 13 into `out_dir`; the Integreat export names its table profile."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    lieferungen = []
    for jahr in ENGAGEMENT_JAHRE:
        path = out_dir / f"{ENGAGEMENT}_{jahr}.csv"
        path.write_bytes(engagement_datei(jahr))
        lieferungen.append(DemoLieferung(path, ENGAGEMENT, str(jahr), "initiativen"))
        path = out_dir / f"{ENGAGEMENT_INITIATIVEN}_{jahr}.csv"
        path.write_bytes(initiativen_datei(jahr))
        lieferungen.append(DemoLieferung(path, ENGAGEMENT_INITIATIVEN, str(jahr), "initiativen"))
    path = out_dir / f"{INTEGREAT}_{INTEGREAT_JAHR}.csv"
    path.write_bytes(integreat_export())
    lieferungen.append(
        DemoLieferung(path, INTEGREAT, str(INTEGREAT_JAHR), "integreat_redaktion", INTEGREAT_PROFIL)
    )
    return lieferungen

"""A synthetic per-person export in the layout of an Ausländerbehörde system (no real people).

Used to show and test `imon collect`; names are invented placeholders, numbers random with a fixed seed.
"""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path

SPALTEN = ["Aktenzeichen", "Name", "Vorname", "Geburtsdatum", "Geschlecht", "Staatsangehörigkeit",
           "Aufenthaltstitel", "Einreisedatum", "AGS Wohnort"]  # fmt: skip
_STAATEN = [("Polen", 18), ("Ukraine", 16), ("Rumänien", 9), ("Russ. Föd.", 8), ("Türkei", 7), ("Syrien, Arab. Rep.", 6),
            ("Afghanistan", 5), ("Bulgarien", 4), ("Vietnam", 4), ("IN", 3), ("Griechenland", 2), ("Iran", 2),
            ("Vereinigtes Königreich", 1), ("Kamerun", 1)]  # fmt: skip
_TITEL = [
    "Niederlassungserlaubnis",
    "§ 25 Abs. 2 AufenthG",
    "§ 24 AufenthG",
    "§ 18b AufenthG",
    "Aufenthaltsgestattung",
    "Duldung",
]
_GESCHLECHT = ["männlich", "weiblich", "m", "w", "1", "2"]
_NAMEN = ["Beispiel", "Muster", "Platzhalter", "Test", "Probe"]
_VORNAMEN = ["Alex", "Sam", "Kim", "Robin", "Jona", "Mika"]
GEMEINDEN = [
    "12061260",
    "12061433",
    "12061540",
    "12061316",
    "12061320",
    "12061112",
    "12061572",
    "12061020",
    "12061005",
]


def schreibe_beispiel(
    pfad: Path, *, personen: int = 2000, stichtag: date = date(2024, 12, 31), seed: int = 7
) -> Path:
    """Write a cp1252, ;-separated export with one row per person."""
    rnd = random.Random(seed)
    staaten = [s for s, _ in _STAATEN]
    gewichte = [g for _, g in _STAATEN]
    with pfad.open("w", encoding="cp1252", newline="") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(SPALTEN)
        for i in range(personen):
            geburt = stichtag - timedelta(days=rnd.randint(0, 80 * 365))
            staat = rnd.choices(staaten, gewichte)[0]
            titel = (
                "Freizügigkeit EU"
                if staat in ("Polen", "Rumänien", "Bulgarien", "Griechenland")
                else rnd.choice(_TITEL)
            )
            w.writerow([f"ABH-{i:07d}", rnd.choice(_NAMEN), rnd.choice(_VORNAMEN), geburt.strftime("%d.%m.%Y"),
                        rnd.choice(_GESCHLECHT), staat, titel,
                        (geburt + timedelta(days=rnd.randint(0, 20 * 365))).strftime("%d.%m.%Y"),
                        rnd.choice(GEMEINDEN)])  # fmt: skip
    return pfad

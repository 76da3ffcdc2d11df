"""Anonymous demo tallies for 2024 (seeded), delivered month by month through the same service as real ones.

The contacts are counted as the entry form counts them (`services.erfasse`: tallies, no rows). LDS integriert
reproduces the report's 2024 figures (ch. IV.4, ../shared/reference/seed_figures.csv): 175 new clients, 152
first and 91 second follow-ups, 69 referrals into work and 24 into training. The other sites get plausible
monthly volumes; the small IntegrationsbegleitungPLUS yields counts of 1–2, so the demo shows secret cells.

The yearly figures of LDS integriert are *not* delivered again into `projektkennzahlen` here: the demo generator
already delivers that dataset for 2024 with the same figures (tested), and a second delivery would supersede it.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta

from django.db import transaction

from integrationsmonitor.catalog.model import Katalog
from integrationsmonitor.registry.models import Traeger
from integrationsmonitor.store.ingest import Lieferergebnis

from .models import THEMEN, Beratungsstelle, Beratungszahl, Merkmal
from .services import liefere_monat

JAHR = 2024
SEED = "lds-beratung-2024"

# (code, name, Gemeinde AGS, Träger kurzname, Träger name): the providers of registry.demo (report ch. IV)
STELLEN = [
    ("welcomecenter", "Welcome Center", "12061260", "landkreis-lds", "Landkreis Dahme-Spreewald"),
    ("stellwerk8", "Stellwerk 8", "12061260", "dahmeland-soziale-dienste", "Dahmeland soziale Dienste gGmbH"),
    ("stellwerk_luebben", "Stellwerk Lübben", "12061316", "dahmeland-soziale-dienste", "Dahmeland soziale Dienste gGmbH"),
    ("lds_integriert", "LDS integriert", "12061260", "awo-brandenburg-sued", "AWO Brandenburg Süd e. V."),
    ("integrationsbegleitung_plus", "IntegrationsbegleitungPLUS", "12061316", "caritas-diakonie-luebben", "Caritas / Diakonie Lübben"),
]  # fmt: skip

# Contacts in 2024 per site and contact type (LDS integriert: the report's figures).
VOLUMEN: dict[str, dict[str, int]] = {
    "lds_integriert": {"erst": 175, "folge_1": 152, "folge_2": 91},
    "welcomecenter": {
        "erst": 420,
        "folge_1": 260,
        "folge_2": 120,
        "folge_3": 60,
        "folge_4": 25,
        "folge_5": 20,
    },
    "stellwerk8": {"erst": 310, "folge_1": 190, "folge_2": 95, "folge_3": 40},
    "stellwerk_luebben": {},  # opened in March 2025: no contacts in 2024
    "integrationsbegleitung_plus": {"erst": 24, "folge_1": 18, "folge_2": 6},
}
# How often a site's contacts are about each topic: invented for the demo, after the tasks the report names
# (Welcome Center: skilled workers and work; Stellwerke: dealings with offices and benefits, language courses,
# family and everyday life; LDS integriert: benefits, work, language). Topics not named weigh 2.
THEMEN_GEWICHTE: dict[str, dict[str, int]] = {
    "welcomecenter": {"fachkraefte": 30, "arbeit": 25, "beratung": 14, "sprache": 12, "wohnen": 6},
    "stellwerk8": {"beratung": 28, "sprache": 14, "arbeit": 12, "wohnen": 12, "gesundheit": 8, "bildung": 8,
                   "sport_kultur": 5},
    "stellwerk_luebben": {"beratung": 28, "sprache": 14, "arbeit": 12, "wohnen": 12, "gesundheit": 8},
    "lds_integriert": {"beratung": 24, "arbeit": 20, "sprache": 16, "bildung": 10, "wohnen": 10, "werte": 6},
    "integrationsbegleitung_plus": {"beratung": 20, "gesundheit": 16, "wohnen": 14, "bildung": 12},
}  # fmt: skip
# Referrals in 2024 per site and target (LDS integriert: the report's 69 into work and 24 into training).
VERMITTLUNGEN: dict[str, dict[str, int]] = {
    "lds_integriert": {"arbeit": 69, "ausbildung": 24, "andere": 60},
    "welcomecenter": {"arbeit": 38, "ausbildung": 9, "andere": 140},
    "stellwerk8": {"arbeit": 14, "ausbildung": 7, "andere": 110},
    "stellwerk_luebben": {},
    "integrationsbegleitung_plus": {"arbeit": 2, "ausbildung": 1, "andere": 9},
}


def demo_stellen() -> list[Beratungsstelle]:
    """The demo sites and their providers (found by short name or name, created if missing)."""
    result = []
    for code, name, ags, kurz, traeger_name in STELLEN:
        traeger = (
            Traeger.objects.filter(kurzname=kurz).first() or Traeger.objects.filter(name=traeger_name).first()
        )
        if traeger is None:
            traeger = Traeger.objects.create(name=traeger_name, kurzname=kurz)
        stelle, _ = Beratungsstelle.objects.get_or_create(
            code=code, defaults={"name": name, "gemeinde": ags, "traeger": traeger}
        )
        result.append(stelle)
    return result


def _werktage() -> list[date]:
    tag, tage = date(JAHR, 1, 1), []
    while tag.year == JAHR:
        if tag.weekday() < 5:
            tage.append(tag)
        tag += timedelta(days=1)
    return tage


def _themen(stelle: str, rng: random.Random) -> list[str]:
    """One to three distinct topics, drawn by the site's weights."""
    gewichte = {c: THEMEN_GEWICHTE.get(stelle, {}).get(c, 2) for c, _n in THEMEN}
    gewaehlt: list[str] = []
    for _ in range(rng.choice((1, 1, 2, 3))):
        rest = [c for c in gewichte if c not in gewaehlt]
        gewaehlt.append(rng.choices(rest, [gewichte[c] for c in rest])[0])
    return sorted(gewaehlt)


def _zahlen(stelle: Beratungsstelle, rng: random.Random, tage: list[date]) -> list[Beratungszahl]:
    """The site's tallies of the year: each contact on a random working day, counted as `erfasse` counts."""
    zaehler: Counter[tuple[str, str, str]] = Counter()
    for art, anzahl in VOLUMEN[stelle.code].items():
        for _ in range(anzahl):
            monat = f"{rng.choice(tage):%Y-%m}"
            zaehler[(monat, Merkmal.KONTAKTART, art)] += 1
            for thema in _themen(stelle.code, rng):
                zaehler[(monat, Merkmal.THEMA, thema)] += 1
    for ziel, anzahl in VERMITTLUNGEN[stelle.code].items():
        for _ in range(anzahl):
            zaehler[(f"{rng.choice(tage):%Y-%m}", Merkmal.VERMITTLUNG, ziel)] += 1
    return [
        Beratungszahl(monat=m, stelle=stelle, merkmal=merkmal, code=code, anzahl=n)
        for (m, merkmal, code), n in sorted(zaehler.items())
    ]


def baue_beratung_demo(
    katalog: Katalog, hinweis: Callable[[str], None] = lambda _: None
) -> list[Lieferergebnis]:
    """Count the demo contacts of 2024 (only for sites without tallies in 2024) and deliver every month."""
    tage = _werktage()
    with transaction.atomic():
        for stelle in demo_stellen():
            if Beratungszahl.objects.filter(stelle=stelle, monat__startswith=f"{JAHR}-").exists():
                continue
            rng = random.Random(f"{SEED}/{stelle.code}")
            Beratungszahl.objects.bulk_create(_zahlen(stelle, rng, tage), batch_size=1000)
    ergebnisse = []
    for monat in range(1, 13):
        for e in liefere_monat(katalog, f"{JAHR}-{monat:02d}", benutzer="demo-generator", ist_demo=True):
            if not e.angenommen:
                raise RuntimeError(f"Beratung {JAHR}-{monat:02d} abgelehnt: {'; '.join(e.probleme)}")
            ergebnisse.append(e)
    neu = sum(1 for e in ergebnisse if not e.unveraendert)
    hinweis(
        f"Beratungskontakte, -themen und -vermittlungen {JAHR}: {len(ergebnisse)} Monatslieferungen geprüft,"
        f" {neu} neu gespeichert."
    )
    return ergebnisse

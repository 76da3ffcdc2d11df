"""Demo: a few language courses of the six course providers of the report (chapter IV.2: at the end of
2024, 6 providers ran 42 language and integration courses, among them job-related and university-preparing
courses; the Volkshochschule ran the low-threshold courses). The report names only the Volkshochschule;
the five other providers and every course detail are demo assumptions, marked „(Demo)“ in the names."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from integrationsmonitor.catalog.model import Katalog
from integrationsmonitor.registry.models import Traeger

from .lieferung import liefere_alle
from .models import Sprachkurs

KW, LUEBBEN, LUCKAU, SCHOENEFELD, WILDAU = "12061260", "12061316", "12061320", "12061433", "12061540"

TRAEGER = {  # kurzname: name
    "kvhs-lds": "Kreisvolkshochschule Dahme-Spreewald",
    "sprachkurse-kw-demo": "Bildungsträger Königs Wusterhausen (Demo)",
    "sprachkurse-luebben-demo": "Bildungsträger Lübben (Demo)",
    "sprachkurse-luckau-demo": "Bildungsträger Luckau (Demo)",
    "sprachkurse-schoenefeld-demo": "Bildungsträger Schönefeld (Demo)",
    "sprachkurse-wildau-demo": "Bildungsträger Wildau (Demo)",
}

# provider, title, type, level, Gemeinde, address, start in months from now, months, schedule, seats, booked,
# childcare, waiting list
KURSE: list[tuple[Any, ...]] = [
    ("kvhs-lds", "Deutsch im Alltag – Sprechcafé (Demo)", "niedrigschwellig", "A1", LUEBBEN,
     "Beethovenweg 14", 0, 6, "Di 16–18 Uhr", 15, 9, True, False),
    ("kvhs-lds", "Deutsch für den Anfang (Demo)", "niedrigschwellig", "A1", KW, "Gemeinschaftsunterkunft", 1, 4,
     "Mo, Mi 10–12 Uhr", 12, 12, False, True),
    ("sprachkurse-kw-demo", "Integrationskurs allgemein (Demo)", "ik_allgemein", "B1", KW, "Bahnhofstraße 5", 1, 9,
     "Mo–Fr 8:30–12:45 Uhr", 20, 14, False, False),
    ("sprachkurse-kw-demo", "Berufssprachkurs B2 (Demo)", "bsk_b2", "B2", KW, "Bahnhofstraße 5", 2, 6,
     "Mo–Do 17–20 Uhr", 18, 16, False, False),
    ("sprachkurse-luebben-demo", "Elternintegrationskurs (Demo)", "ik_eltern", "A2", LUEBBEN, "Hauptstraße 3", 1, 10,
     "Mo–Fr 9–12 Uhr", 16, 10, True, False),
    ("sprachkurse-luckau-demo", "Integrationskurs mit Alphabetisierung (Demo)", "ik_alpha", "A2", LUCKAU,
     "Am Markt 10", 0, 12, "Mo–Fr 8–12 Uhr", 16, 13, True, False),
    ("sprachkurse-schoenefeld-demo", "Jugendintegrationskurs (Demo)", "ik_jugend", "B1", SCHOENEFELD,
     "Mittelstraße 2", 2, 9, "Mo–Fr 13–17 Uhr", 20, 8, False, False),
    ("sprachkurse-wildau-demo", "Studienvorbereitender Sprachkurs C1 (Demo)", "studienvorbereitend", "C1", WILDAU,
     "Hochschulring 1", 3, 6, "Mo–Fr 9–14 Uhr", 18, 11, False, True),
]  # fmt: skip


def _monat(heute: dt.date, plus: int) -> dt.date:
    jahr, monat = divmod(heute.month - 1 + plus, 12)
    return dt.date(heute.year + jahr, monat + 1, 1)


def baue_kurse_demo(katalog: Katalog, heute: dt.date | None = None) -> dict[str, int]:
    """Create the missing providers and courses (idempotent: by provider name and course title; dates are
    relative to the first build) and deliver the course figures once (identical figures: unchanged)."""
    heute = heute or dt.date.today()
    neu = 0
    with transaction.atomic():
        traeger = {
            kurz: Traeger.objects.get_or_create(
                name=name, defaults={"kurzname": kurz, "handlungsfelder": ["sprache"]}
            )[0]
            for kurz, name in TRAEGER.items()
        }
        fehlend = []
        for (
            kurz,
            titel,
            art,
            niveau,
            ort,
            adresse,
            ab,
            dauer,
            zeiten,
            plaetze,
            belegt,
            kinder,
            warte,
        ) in KURSE:
            if Sprachkurs.objects.filter(traeger=traeger[kurz], titel=titel).exists():
                continue
            beginn = _monat(heute, ab)
            fehlend.append(
                Sprachkurs(traeger=traeger[kurz], titel=titel, kursart=art, niveau=niveau, gemeinde=ort,
                           adresse=adresse, beginn=beginn, ende=_monat(beginn, dauer) - dt.timedelta(days=1),
                           zeiten=zeiten, plaetze=plaetze, belegt=belegt, freie_plaetze_stand=heute,
                           kinderbetreuung=kinder, warteliste=warte)
            )  # fmt: skip
        Sprachkurs.objects.bulk_create(fehlend)  # no per-course delivery: one delivery per year below
        neu = len(fehlend)
    ergebnisse = liefere_alle(katalog, ist_demo=True)
    return {
        "traeger": len(traeger),
        "kurse": Sprachkurs.objects.filter(traeger__in=traeger.values()).count(),
        "neu": neu,
        "lieferungen": sum(1 for e in ergebnisse if e.angenommen and not e.unveraendert),
    }

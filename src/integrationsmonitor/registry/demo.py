"""Demo: the offers and projects of the county's report (chapter IV) with their providers, places,
funding history and staff (VZE).

Facts come from the report; everything the report does not say (addresses other than the ones it names,
opening hours, contacts, exact dates within a year, the 2026 bridge funding, report dates) is marked
„Demo-Annahme“ in `quelle` or `bemerkung`."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from .models import (
    Angebot,
    Angebotsort,
    Berichtstermin,
    Foerderung,
    Programm,
    Projekt,
    Projektstandort,
    Traeger,
)
from .services import plus_monate

BERICHT = "Abschlussbericht der Migrationsbeauftragten 2016–2024, Kap. IV"
KW, LUEBBEN, LUCKAU, HEIDEBLICK = "12061260", "12061316", "12061320", "12061219"
DEMO = "Demo-Annahme"

TRAEGER = {
    "caritas-diakonie-luebben": "Caritas / Diakonie Lübben",
    "dahmeland-soziale-dienste": "Dahmeland soziale Dienste gGmbH",
    "landkreis-lds": "Landkreis Dahme-Spreewald",
    "diakonie-luebben": "Diakonie Lübben gGmbH",
    "gemeinde-heideblick": "Gemeinde Heideblick",
    "stadt-luckau": "Stadt Luckau",
    "awo-brandenburg-sued": "AWO Brandenburg Süd e. V.",
}

# name, provider, Handlungsfelder, (Gemeinde, address), target groups, German text, English text, active from/to
ANGEBOTE: list[dict[str, Any]] = [
    dict(name="IntegrationsbegleitungPLUS", traeger="caritas-diakonie-luebben", hf=["beratung", "gesundheit"],
         orte=[(LUEBBEN, "")], zielgruppen="Migrantinnen und Migranten ohne fachliche Deutschkenntnisse; Familien mit Kita- und Schulkindern",
         text="Sprachgestützte Integrationsbegleitung bei Ämtern, Behörden, Ärzten und Kliniken durch ehrenamtliche Sprachmittelnde.",
         en="Language support when dealing with authorities, doctors and hospitals, by volunteer language mediators.",
         von=date(2019, 1, 1), bis=date(2024, 12, 31)),
    dict(name="Stellwerk 8", traeger="dahmeland-soziale-dienste", hf=["beratung"],
         orte=[(KW, "am Bahnhof Königs Wusterhausen")], zielgruppen="alle hilfesuchenden Menschen, unabhängig von Alter, Herkunft, Religion und Geschlecht",
         text="Niedrigschwellige, koordinierende Beratung direkt am Bahnhof; vermittelt an Netzwerkpartner.",
         en="Low-threshold counselling point at Königs Wusterhausen station that refers to network partners.",
         von=date(2019, 1, 1), bis=None),
    dict(name="Stellwerk Lübben", traeger="dahmeland-soziale-dienste", hf=["beratung", "fachkraefte"],
         orte=[(LUEBBEN, "am Bahnhof Lübben")], zielgruppen="alle Ratsuchenden; ausländische Pflegekräfte der Kliniken in Lübben",
         text="Beratung am Bahnhof Lübben nach dem Vorbild des Stellwerks 8, mit Schwerpunkt ausländische Pflegekräfte.",
         en="Counselling at Lübben station modelled on Stellwerk 8, with a focus on foreign nurses.",
         von=date(2025, 3, 1), bis=None),
    dict(name="WelcomeCenter Dahme-Spreewald", traeger="landkreis-lds", hf=["fachkraefte", "beratung", "arbeit"],
         orte=[(KW, "Brückenstraße (Verwaltungsgebäude)")], zielgruppen="Neuzugewanderte unabhängig vom Migrationsgrund, Fachkräfte, Arbeitgeber",
         text="Kommunales Welcome Center: gebündelte Beratung für Neuzugewanderte und Fachkräfte.",
         en="The county's Welcome Center: one place of advice for newcomers and skilled workers.",
         von=date(2024, 1, 1), bis=None),
    dict(name="Brückenbau", traeger="diakonie-luebben", hf=["bildung"],
         orte=[(LUCKAU, "")], zielgruppen="zugewanderte Familien mit Kita- und Schulkindern; Schulen und Kitas",
         text="Muttersprachliche Brückenpersonen zwischen Bildungseinrichtungen und Elternhäusern.",
         en="Native-speaking bridge persons between schools, day-care centres and parents.",
         von=date(2021, 1, 1), bis=date(2024, 12, 31)),
    dict(name="Eltern-Kind-Café Walddrehna", traeger="gemeinde-heideblick", hf=["engagement", "bildung"],
         orte=[(HEIDEBLICK, "Grundschule Walddrehna")], zielgruppen="Kinder, Jugendliche, Eltern und Großeltern; offen für alle",
         text="Offener Treffpunkt in der Grundschule Walddrehna mit pädagogischer Begleitung.",
         en="Open meeting place at Walddrehna primary school, with educational staff.",
         von=date(2021, 1, 1), bis=None),
    dict(name="Fahrdienst Luckau", traeger="stadt-luckau", hf=["bildung"],
         orte=[(LUCKAU, "")], zielgruppen="Kinder aus sozial schwachen Familien und Flüchtlingsfamilien",
         text="Fahrdienst in kommunale Kitas außerhalb der Kernstadt nach Tourenplan.",
         en="Transport of children to municipal day-care centres outside the town centre.",
         von=date(2020, 1, 1), bis=None),
    dict(name="LDS integriert – Schule.Ausbildung.Arbeit", traeger="awo-brandenburg-sued", hf=["arbeit", "bildung"],
         orte=[(KW, "")], zielgruppen="Menschen mit Migrationshintergrund; Arbeitgeber und Ausbildungsbetriebe",
         text="Information, Begleitung und Vermittlung in Ausbildung und Arbeit mit ehrenamtlichen Patinnen und Paten.",
         en="Information, support and placement in training and work, with volunteer mentors.",
         von=date(2017, 1, 1), bis=None),
]  # fmt: skip

IB, IP, KM, ESF = (
    Programm.INTEGRATIONSBUDGET,
    Programm.INTEGRATIONSPAUSCHALE,
    Programm.KREISMITTEL,
    Programm.ESF_WILLKOMMEN,
)
LAND, KREIS = "Land Brandenburg", "Landkreis Dahme-Spreewald"
UEBERGANG = "Übergang 2026"  # marks the demo's bridge line (its end moves with the demo's build date)

# project = offer name; provider; VZE; volunteers; funding lines (programme, funder, from year, to year, note)
PROJEKTE: list[dict[str, Any]] = [
    dict(name="IntegrationsbegleitungPLUS", vze="0", ehrenamt=0, hinweis="VZE und Zahl der Sprachmittelnden nennt der Bericht nicht",
         f=[(KM, KREIS, 2019, 2024, "")]),
    dict(name="Stellwerk 8", vze="2", ehrenamt=0, hinweis="",
         f=[(IP, LAND, 2019, 2020, f"{DEMO}: Ende der Integrationspauschale 2020"), (IB, LAND, 2021, 2024, ""),
            (KM, KREIS, 2021, 2024, ""), (KM, KREIS, 2025, 2025, ""), (KM, KREIS, 2026, None, "")]),
    dict(name="Stellwerk Lübben", vze="1", ehrenamt=0, hinweis="",
         f=[(KM, KREIS, 2025, 2025, ""), (KM, KREIS, 2026, None, "")]),
    dict(name="WelcomeCenter Dahme-Spreewald", vze="5", ehrenamt=0, hinweis="3 VZE seit 2024, 2 weitere werden besetzt",
         f=[(ESF, "Land Brandenburg / ESF+", 2024, 2027, f"Förderquote 80 % laut Bericht; Laufzeit {DEMO}")]),
    dict(name="Brückenbau", vze="1.75", ehrenamt=0, hinweis="",
         f=[(IB, LAND, 2021, 2024, ""), (KM, KREIS, 2021, 2024, "")]),
    dict(name="Eltern-Kind-Café Walddrehna", vze="0", ehrenamt=0, hinweis="VZE nennt der Bericht nicht",
         f=[(IP, LAND, 2021, 2021, "Umbau der Räume"), (KM, KREIS, 2022, 2027, f"pädagogische Arbeit; Laufzeit bis 2027 {DEMO}")]),
    dict(name="Fahrdienst Luckau", vze="0", ehrenamt=0, hinweis="2 geringfügig Beschäftigte, VZE nennt der Bericht nicht",
         f=[(IP, LAND, 2020, 2023, "Leasingbus"), (IB, LAND, 2021, 2024, f"Beginn 2021 {DEMO}"),
            (KM, KREIS, 2021, 2025, f"Beginn 2021 {DEMO}"), (KM, KREIS, 2026, None, "")]),
    dict(name="LDS integriert – Schule.Ausbildung.Arbeit", vze="1.5", ehrenamt=8, hinweis="",
         f=[(KM, KREIS, 2017, 2020, f"Jahre {DEMO}"), (IB, LAND, 2021, 2024, f"Jahre {DEMO}"),
            (KM, KREIS, 2021, 2024, f"Jahre {DEMO}"), (KM, KREIS, 2025, 2025, ""), (KM, KREIS, 2026, None, "")]),
]  # fmt: skip


def _traeger(kurzname: str, name: str) -> Traeger:
    """The provider by name or short name (another part of the demo may have created it already)."""
    t = Traeger.objects.filter(name=name).first() or Traeger.objects.filter(kurzname=kurzname).first()
    return t or Traeger.objects.create(name=name, kurzname=kurzname)


def _uebergangsende(heute: date) -> date:
    """End of the demo's bridge line: the month three months ahead (so the warning shows whenever the demo is
    built), never before the end of 2026."""
    ziel = plus_monate(heute, 3)
    monatsende = plus_monate(date(ziel.year, ziel.month, 1), 1).toordinal() - 1
    return max(date(2026, 12, 31), date.fromordinal(monatsende))


@transaction.atomic
def baue_registry_demo(heute: date | None = None) -> dict[str, int]:
    """Create or update the report's offers and projects (idempotent: keyed by provider and name)."""
    heute = heute or date.today()
    traeger = {k: _traeger(k, n) for k, n in TRAEGER.items()}
    for a in ANGEBOTE:
        angebot, _neu = Angebot.objects.update_or_create(
            traeger=traeger[a["traeger"]],
            name=a["name"],
            defaults=dict(
                handlungsfelder=a["hf"], zielgruppen=a["zielgruppen"], beschreibung=a["text"],
                uebersetzungen={"en": {"beschreibung": a["en"]}}, aktiv_von=a["von"], aktiv_bis=a["bis"],
                sprachen=f"Deutsch, Englisch ({DEMO})", oeffnungszeiten=f"Mo–Do 9–16 Uhr ({DEMO})",
                kontakt=f"über den Träger ({DEMO})",
                quelle=f"{BERICHT}; Sprachen, Öffnungszeiten, Kontakt: {DEMO}",
            ),
        )  # fmt: skip
        angebot.orte.all().delete()
        Angebotsort.objects.bulk_create(
            Angebotsort(angebot=angebot, gemeinde=g, adresse=ad) for g, ad in a["orte"]
        )
    for p in PROJEKTE:
        a = next(a for a in ANGEBOTE if a["name"] == p["name"])
        projekt, _neu = Projekt.objects.update_or_create(
            traeger=traeger[a["traeger"]],
            name=p["name"],
            defaults=dict(
                handlungsfelder=a["hf"], beschreibung=a["text"], vze=Decimal(p["vze"]), ehrenamtliche=p["ehrenamt"],
                beginn=a["von"], ende=a["bis"], quelle=BERICHT + (f"; {p['hinweis']}" if p["hinweis"] else ""),
            ),
        )  # fmt: skip
        projekt.standorte.all().delete()
        Projektstandort.objects.bulk_create(
            Projektstandort(projekt=projekt, gemeinde=g, adresse=ad) for g, ad in a["orte"]
        )
        for programm, geber, von, bis, bemerkung in p["f"]:
            uebergang = bis is None
            ende = _uebergangsende(heute) if uebergang else date(bis, 12, 31)
            if uebergang:
                bemerkung = f"{UEBERGANG}, {DEMO}: der Bericht sagt „ab 2026 nicht gesichert“"
            Foerderung.objects.update_or_create(
                projekt=projekt,
                programm=programm,
                von=date(von, 1, 1),
                defaults=dict(
                    foerdergeber=geber, bis=ende, bemerkung=bemerkung,
                    foerderquote=Decimal(80) if programm == ESF else None,
                ),
            )  # fmt: skip
    _berichte(heute)
    return {"angebote": len(ANGEBOTE), "projekte": len(PROJEKTE)}


def _berichte(heute: date) -> None:
    """Demo report dates (all invented): the Welcome Center's 2025 interim report and LDS integriert's
    Verwendungsnachweis 2025 are overdue; the earlier ones were submitted."""
    termine = [
        ("WelcomeCenter Dahme-Spreewald", ESF, 2024, f"Zwischenbericht 2024 ({DEMO})", date(2025, 3, 31), date(2025, 3, 20)),
        ("WelcomeCenter Dahme-Spreewald", ESF, 2024, f"Zwischenbericht 2025 ({DEMO})", date(2026, 3, 31), None),
        ("LDS integriert – Schule.Ausbildung.Arbeit", KM, 2025, f"Verwendungsnachweis 2025 ({DEMO})", date(2026, 6, 30), None),
        ("Stellwerk 8", KM, 2025, f"Verwendungsnachweis 2025 ({DEMO})", date(2026, 6, 30), date(2026, 6, 12)),
    ]  # fmt: skip
    for projekt, programm, jahr, bezeichnung, faellig, eingereicht in termine:
        f = Foerderung.objects.get(projekt__name=projekt, programm=programm, von=date(jahr, 1, 1))
        Berichtstermin.objects.update_or_create(
            foerderung=f,
            bezeichnung=bezeichnung,
            defaults={"faellig_am": faellig, "eingereicht_am": eingereicht},
        )

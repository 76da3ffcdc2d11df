"""Demo logins: one user per role (demo only; the passwords are printed by `imon demo`)."""

from __future__ import annotations

from dataclasses import dataclass

DEMO_LOGIN = ("redaktion", "demo-lds-2024")  # the admin (Amt für Migration und Integration)

# The provider of „LDS integriert – Schule.Ausbildung.Arbeit“ as the report names it; the registry demo
# (offers, projects) finds the same Träger by this name.
DEMO_TRAEGER = "AWO Brandenburg Süd e. V."
DEMO_TRAEGER_KURZNAME = "awo-brandenburg-sued"


@dataclass(frozen=True)
class DemoNutzer:
    name: str
    passwort: str
    rolle: str
    beschreibung: str  # what the role may do, for the printed line
    lieferant: str = ""
    traeger: str = ""


DEMO_NUTZER = [
    DemoNutzer(
        *DEMO_LOGIN,
        rolle="admin",
        beschreibung="Amt für Migration und Integration: alles, auch Verwaltung und FactSheet",
    ),
    DemoNutzer(
        "analyse",
        "demo-analyse-2024",
        rolle="analyst",
        beschreibung="Analyse: liest alles Interne, liefert nichts",
    ),
    DemoNutzer(
        "abh",
        "demo-abh-2024",
        rolle="lieferstelle",
        lieferant="auslaenderbehoerde",
        beschreibung="Lieferstelle Ausländerbehörde: liefert nur ihre Datensätze",
    ),
    DemoNutzer(
        "awo",
        "demo-awo-2024",
        rolle="traeger",
        traeger=DEMO_TRAEGER,
        beschreibung=f"Träger {DEMO_TRAEGER} (LDS integriert): pflegt nur eigene Angebote, Projekte, Kurse, "
        "Kontakte und liefert eigene Projektkennzahlen",
    ),
]


def demo_benutzer() -> list[str]:
    """Create the demo users and their Zugang if missing (idempotent); return one login line per role."""
    from django.contrib.auth import get_user_model

    from integrationsmonitor.registry.models import Traeger, Zugang

    model = get_user_model()
    zeilen = []
    for n in DEMO_NUTZER:
        benutzer = model.objects.filter(username=n.name).first()
        if benutzer is None:
            if n.rolle == "admin":  # superuser and staff: the admin site too
                benutzer = model.objects.create_superuser(n.name, f"{n.name}@example.org", n.passwort)
            else:
                benutzer = model.objects.create_user(n.name, f"{n.name}@example.org", n.passwort)
        traeger = None
        if n.traeger:
            traeger, _ = Traeger.objects.get_or_create(
                name=n.traeger, defaults={"kurzname": DEMO_TRAEGER_KURZNAME}
            )
        Zugang.objects.get_or_create(
            benutzer=benutzer, defaults={"rolle": n.rolle, "lieferant": n.lieferant, "traeger": traeger}
        )
        zeilen.append(f"Anmeldung {n.beschreibung}: Benutzer „{n.name}“, Passwort „{n.passwort}“ (nur Demo).")
    return zeilen

"""Demo login: one staff user for the delivery upload and the admin (demo only)."""

from __future__ import annotations

DEMO_LOGIN = ("redaktion", "demo-lds-2024")


def demo_benutzer() -> list[str]:
    """Create the demo user if missing; return lines telling how to log in."""
    from django.contrib.auth import get_user_model

    name, passwort = DEMO_LOGIN
    model = get_user_model()
    if not model.objects.filter(username=name).exists():
        model.objects.create_superuser(name, f"{name}@example.org", passwort)
    return [f"Anmeldung für Lieferungen und Verwaltung: Benutzer „{name}“, Passwort „{passwort}“ (nur Demo)."]

"""The catalogue in use: settings.IMON_CATALOG_DIR, else the shipped LDS catalogue.

Here, below the registry, the publications and the site, so that every Django-side layer loads the
catalogue the same way (the office-side `imon collect` runs without Django and reads the environment
variable itself).
"""

from __future__ import annotations

from django.conf import settings

from integrationsmonitor.catalog.loader import katalog
from integrationsmonitor.catalog.model import Katalog


def aktueller_katalog() -> Katalog:
    return katalog(getattr(settings, "IMON_CATALOG_DIR", "") or "")

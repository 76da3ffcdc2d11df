"""The catalogue the site runs on (settings.IMON_CATALOG_DIR or the shipped LDS catalogue)."""

from __future__ import annotations

from django.conf import settings

from integrationsmonitor.catalog.loader import katalog
from integrationsmonitor.catalog.model import Katalog


def aktueller_katalog() -> Katalog:
    return katalog(settings.IMON_CATALOG_DIR)

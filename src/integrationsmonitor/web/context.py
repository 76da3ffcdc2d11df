"""Template context shared by every page."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

from integrationsmonitor.catalog import bezeichnungen as bz
from integrationsmonitor.registry.aufgaben import aufgaben
from integrationsmonitor.registry.rollen import rechte
from integrationsmonitor.store.katalog import aktueller_katalog
from integrationsmonitor.store.selectors import gibt_demodaten, letzter_eingang


def site(request: HttpRequest) -> dict[str, Any]:
    k = aktueller_katalog()
    benutzer = getattr(request, "user", None) or AnonymousUser()
    return {
        "kreis": k.kreis,
        "kreisart": bz.kreisart(k.kreis.typ),  # which sentence names the county: landkreis, kreis, stadt
        "ist_demo": gibt_demodaten(),
        "datenstand": letzter_eingang(),
        # what the navigation and forms offer (registry.rollen); an error page for a request refused before the
        # authentication middleware ran (400 for a wrong Host) has no user yet
        "darf": rechte(benutzer),
        "aufgaben": aufgaben(benutzer),  # the task bar of a logged-in role (none for the public)
    }

"""The Welcome Center's overview of all courses (the public finder: oeffentlich.py; the providers' own courses: pflege.py)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from integrationsmonitor.registry.models import Rolle
from integrationsmonitor.registry.rollen import rolle_erforderlich
from integrationsmonitor.store.katalog import aktueller_katalog

from .models import Sprachkurs


def _gemeinden() -> dict[str, str]:
    k = aktueller_katalog()
    return {g.code: g.name for g in sorted(k.gebiete.values(), key=lambda g: g.name) if g.ebene == "gemeinde"}


@rolle_erforderlich(Rolle.ADMIN, Rolle.ANALYST)
@require_http_methods(["GET"])
def verwaltung_kurse(request: HttpRequest) -> HttpResponse:
    """The Welcome Center: every running or coming course of every provider, those with open seats first."""
    gemeinden = _gemeinden()
    kurse = sorted(
        Sprachkurs.objects.select_related("traeger").filter(ende__gte=dt.date.today()),
        key=lambda k: (k.freie_plaetze == 0, k.beginn, k.titel),
    )
    return render(
        request,
        "kurse/verwaltung.html",
        {
            "zeilen": [(k, gemeinden.get(k.gemeinde, k.gemeinde)) for k in kurse],
            "frei_gesamt": sum(k.freie_plaetze for k in kurse),
        },
    )

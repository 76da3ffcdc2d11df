"""The search page /suche/?q=…: a thin view over web.suche (GET, no JavaScript)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods

from integrationsmonitor.store.katalog import aktueller_katalog

from .suche import suchen


@require_http_methods(["GET"])
def suche(request: HttpRequest) -> HttpResponse:
    sprache = (get_language() or "de")[:2]
    ergebnis = suchen(aktueller_katalog(), request.GET.get("q", ""), sprache=sprache)
    return render(request, "web/suche.html", {"ergebnis": ergebnis})

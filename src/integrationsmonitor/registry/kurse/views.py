"""The provider's open-seat list and the Welcome Center's overview (the public finder: oeffentlich.py)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from integrationsmonitor.registry.models import Rolle
from integrationsmonitor.registry.rollen import darf_traeger_bearbeiten, eigener_traeger, rolle_erforderlich
from integrationsmonitor.web.katalog import aktueller_katalog

from .models import Sprachkurs


def _gemeinden() -> dict[str, str]:
    k = aktueller_katalog()
    return {g.code: g.name for g in sorted(k.gebiete.values(), key=lambda g: g.name) if g.ebene == "gemeinde"}


@rolle_erforderlich(Rolle.TRAEGER, Rolle.ADMIN)
@require_http_methods(["GET"])
def traeger_kurse(request: HttpRequest) -> HttpResponse:
    """A provider's own courses, each with a small form for its open seats (admin: all courses)."""
    traeger = eigener_traeger(request.user)
    kurse = Sprachkurs.objects.select_related("traeger").order_by("beginn", "titel")
    if traeger is not None:
        kurse = kurse.filter(traeger=traeger)
    gemeinden = _gemeinden()
    return render(
        request,
        "kurse/traeger.html",
        {"traeger": traeger, "zeilen": [(k, gemeinden.get(k.gemeinde, k.gemeinde)) for k in kurse]},
    )


@rolle_erforderlich(Rolle.TRAEGER, Rolle.ADMIN)
@require_POST
def freie_plaetze_setzen(request: HttpRequest, kurs_id: int) -> HttpResponse:
    """Set a course's open seats (the provider's own course only; another provider's: 403, nothing changed)."""
    kurs = get_object_or_404(Sprachkurs.objects.select_related("traeger"), pk=kurs_id)
    if not darf_traeger_bearbeiten(request.user, kurs.traeger):
        raise PermissionDenied("Dieser Kurs gehört einem anderen Träger.")
    try:
        anzahl = int(request.POST.get("freie_plaetze", ""))
        with transaction.atomic():
            kurs.setze_freie_plaetze(anzahl)
            kurs.save(update_fields=["belegt", "freie_plaetze_stand"])
    except ValueError:
        messages.error(
            request,
            _("%(kurs)s: freie Plätze bitte als Zahl von 0 bis %(plaetze)d angeben.")
            % {"kurs": kurs.titel, "plaetze": kurs.plaetze},
        )
    else:
        messages.success(
            request, _("%(kurs)s: %(frei)d freie Plätze gespeichert.") % {"kurs": kurs.titel, "frei": anzahl}
        )
    return redirect("kurse:traeger")


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

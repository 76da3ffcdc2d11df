"""Thin views: subscribe, confirm, unsubscribe. The work is done in services, reads in selectors."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from integrationsmonitor.web import drossel

from . import selectors, services
from .forms import AnmeldeForm
from .models import Abonnent


@require_http_methods(["GET", "POST"])
def anmelden(request: HttpRequest) -> HttpResponse:
    sprache = translation.get_language() if translation.get_language() in Abonnent.Sprache.values else "de"
    form = AnmeldeForm(request.POST or None, initial={"sprache": sprache})
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "mailing/anmelden.html", {"form": form}, status=400)
        client = drossel.client_adresse(request)
        if form.ist_bot:  # a bot sees the same page and nothing happens
            services.anfrage_ohne_wirkung(client)
        else:  # queues the confirmation mail (or, over a limit, nothing); no SMTP inside the request
            services.anmelden(form.cleaned_data["email"], form.cleaned_data["sprache"], client=client)
        # The same page whether the address is new, pending, confirmed, a bot's or over a limit: nothing is
        # disclosed.
        return render(request, "mailing/angefordert.html")
    return render(request, "mailing/anmelden.html", {"form": form})


@never_cache
@require_http_methods(["GET", "POST"])
def bestaetigen(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks (mail scanners that open links must not confirm a subscription); POST confirms."""
    if request.method == "POST":
        zustand = services.bestaetigen(token)
    else:
        gueltig = selectors.abonnent_zum_bestaetigen(token) is not None
        zustand = "frage" if gueltig else services.Bestaetigung.UNGUELTIG
    status = 404 if zustand == services.Bestaetigung.UNGUELTIG else 200
    return render(request, "mailing/bestaetigen.html", {"zustand": zustand, "token": token}, status=status)


@csrf_exempt  # RFC 8058: mail providers POST "List-Unsubscribe=One-Click" without cookie or CSRF token
@never_cache
@require_http_methods(["GET", "POST"])
def abmelden(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks (link scanners must not unsubscribe anybody); POST unsubscribes, also as RFC 8058 one-click."""
    if request.method == "POST":
        zustand = "abgemeldet" if services.abmelden(token) else "ungueltig"
    else:
        abonnent = selectors.abonnent_zum_abmelden(token)
        if abonnent is None:
            zustand = "ungueltig"
        elif abonnent.status == Abonnent.Status.ABGEMELDET:
            zustand = "abgemeldet"
        else:
            zustand = "frage"
    status = 404 if zustand == "ungueltig" else 200
    return render(request, "mailing/abmelden.html", {"zustand": zustand, "token": token}, status=status)

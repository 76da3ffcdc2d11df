"""The public pages: /mitmachen/ (initiatives as cards, filtered by Gemeinde and kind), the volunteer's
interest form and its confirmation link, in the reader's language (web.sprache). Thin: reads in selectors,
writes in services, mails in versand (mail loop).

The list page has no form with a CSRF token, so it stays in the response cache (web.antwortcache); the
interest form is a page of its own."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from integrationsmonitor.web import drossel

from . import selectors, services
from .formulare import InteresseForm
from .models import Angebotsart


def _sprache() -> str:
    return translation.get_language() or settings.LANGUAGE_CODE


@require_http_methods(["GET"])
def mitmachen(request: HttpRequest) -> HttpResponse:
    auswahl = selectors.Filter.aus(request.GET)
    sprache = _sprache()
    return render(
        request,
        "engagement/mitmachen.html",
        {
            "karten": selectors.karten(auswahl, sprache),
            "gemeinden": selectors.gemeinden_mit_initiativen(),
            "arten": Angebotsart.choices,
            "wahl": auswahl,
            "sprache": sprache,
        },
    )


@require_http_methods(["GET", "POST"])
def interesse(request: HttpRequest) -> HttpResponse:
    """GET: the form (a Gemeinde and kind from /mitmachen/ preselected); POST: keep the request and answer
    the same page whatever happened (new, a bot's, over a limit): nothing is disclosed."""
    sprache = _sprache()
    if request.method == "POST":
        form = InteresseForm(request.POST)
        if form.is_valid():
            client = drossel.client_adresse(request)
            if form.ist_bot:
                services.anfrage_ohne_wirkung(client)
            else:
                d = form.cleaned_data
                try:
                    services.interesse_melden(
                        d["email"], d["gemeinde"], d["arten"], d["nachricht"], sprache, client=client
                    )
                except ValidationError as exc:
                    form.add_error(None, exc)
            if not form.errors:
                return render(
                    request,
                    "engagement/angefordert.html",
                    {"sprache": sprache, "tage": selectors.frist().days},
                )
        status = 400
    else:
        anfang = {k: request.GET[k] for k in ("gemeinde",) if k in request.GET}
        if request.GET.get("art") in Angebotsart.values:
            anfang["arten"] = [request.GET["art"]]  # type: ignore[assignment]
        form = InteresseForm(initial=anfang)
        status = 200
    return render(
        request,
        "engagement/interesse.html",
        {
            "form": form,
            "sprache": sprache,
            "tage": selectors.frist().days,
            "fassung": services.EINWILLIGUNG_VERSION,
        },
        status=status,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def bestaetigen(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks (mail scanners that open links must not confirm) and POST confirms; both say where the
    request goes (the matching initiatives of the Gemeinde, or, if there is none, the matching ones of the
    county, or nobody), so the person knows it before confirming."""
    sprache = _sprache()
    kontext: dict[str, object] = {"token": token, "sprache": sprache}
    if request.method == "POST":
        anfrage = services.bestaetigen(token)
        zustand = "bestaetigt"
    else:
        anfrage = selectors.anfrage_zum_bestaetigen(token)
        zustand = "frage"
    if anfrage is not None:
        initiativen, ausweich = selectors.empfaenger(anfrage.gemeinde, anfrage.arten)
        kontext.update(
            zustand=zustand, initiativen=initiativen, ausweich=ausweich, arten_gewaehlt=bool(anfrage.arten)
        )
    else:
        kontext["zustand"] = "ungueltig"
    status = 404 if kontext["zustand"] == "ungueltig" else 200
    return render(request, "engagement/bestaetigen.html", kontext, status=status)

"""The public course finder and its printable one-page list, in the reader's language (web.sprache)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.views.decorators.http import require_http_methods

from integrationsmonitor.web.sprache import sprachen_fuer

from . import finder
from .models import Kursart, Niveau
from .qr import finder_adresse, qr_svg


@require_http_methods(["GET"])
def kursfinder(request: HttpRequest) -> HttpResponse:
    """Cards of the courses that have not ended, filtered by place, type, level, start, childcare and open
    seats (a GET form, no JavaScript)."""
    heute = timezone.localdate()
    auswahl = finder.Filter.aus(request.GET)
    sprache = translation.get_language() or settings.LANGUAGE_CODE
    return render(
        request,
        "kurse/finder.html",
        {
            "karten": finder.karten(auswahl, sprache, heute),
            "gemeinden": finder.gemeinden_mit_kursen(heute),
            "kursarten": Kursart.choices,
            "niveaus": Niveau.choices,
            "wahl": auswahl,
            "sprache": sprache,
        },
    )


@require_http_methods(["GET"])
def kursliste(request: HttpRequest) -> HttpResponse:
    """„Kurse mit freien Plätzen, Stand …“: one A4 page for counselling desks, with a QR code per language
    that opens the course finder in that language."""
    heute = timezone.localdate()
    sprache = translation.get_language() or settings.LANGUAGE_CODE
    codes = []
    for code, name in sprachen_fuer(request.path_info):
        adresse = finder_adresse(code)
        codes.append({"code": code, "name": name, "adresse": adresse, "svg": qr_svg(adresse)})
    return render(
        request,
        "kurse/liste.html",
        {
            "karten": finder.karten_mit_freien_plaetzen(sprache, heute),
            "stand": heute,
            "codes": codes,
            "sprache": sprache,
        },
    )

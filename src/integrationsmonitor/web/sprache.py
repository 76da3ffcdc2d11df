"""German first: the interface is German unless the visitor chose another language with the switch.

Django's LocaleMiddleware would follow the browser's Accept-Language header; the catalogue (indicator
names, definitions) exists in German only, so a half-English page would follow from an English browser.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

# Languages only some pages are translated into, with the path prefixes of those pages. Elsewhere the page
# stays German (with <html lang="de">) and the language switch does not offer them.
NUR_AUF: dict[str, tuple[str, ...]] = {"uk": ("/kurse/",), "ar": ("/kurse/",)}


def sprachen_fuer(pfad: str) -> list[tuple[str, str]]:
    """The languages the page at `pfad` is translated into (code, name), for the language switch."""
    return [(c, n) for c, n in settings.LANGUAGES if c not in NUR_AUF or pfad.startswith(NUR_AUF[c])]


def sprache_der_anfrage(request: HttpRequest, wahl: list[tuple[str, str]] | None = None) -> str:
    """The language a request is answered in: the chosen one if the page has it, else German."""
    gewaehlt = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    angeboten = sprachen_fuer(request.path_info) if wahl is None else wahl
    return gewaehlt if gewaehlt in dict(angeboten) else settings.LANGUAGE_CODE


class SpracheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        wahl = sprachen_fuer(request.path_info)
        request.sprachwahl = wahl  # type: ignore[attr-defined]  # the language switch of base.html offers these
        translation.activate(sprache_der_anfrage(request, wahl))
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


@csrf_exempt
@require_POST
def sprache_waehlen(request: HttpRequest) -> HttpResponse:
    """Django's language switch without the CSRF check: it only sets the language cookie and sends the
    visitor back to a page of this site (`next` is checked by Django), so a forged switch can do no harm;
    a token in the footer of every page would keep every page out of the response cache (web.antwortcache)."""
    return set_language(request)

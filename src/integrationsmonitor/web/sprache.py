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

# Languages only some pages are translated into, with the path prefixes of those pages. Elsewhere the page
# stays German (with <html lang="de">) and the language switch does not offer them.
NUR_AUF: dict[str, tuple[str, ...]] = {"uk": ("/kurse/",), "ar": ("/kurse/",)}


def sprachen_fuer(pfad: str) -> list[tuple[str, str]]:
    """The languages the page at `pfad` is translated into (code, name), for the language switch."""
    return [(c, n) for c, n in settings.LANGUAGES if c not in NUR_AUF or pfad.startswith(NUR_AUF[c])]


class SpracheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        gewaehlt = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        wahl = sprachen_fuer(request.path_info)
        request.sprachwahl = wahl  # type: ignore[attr-defined]  # the language switch of base.html offers these
        sprache = gewaehlt if gewaehlt in dict(wahl) else settings.LANGUAGE_CODE
        translation.activate(sprache)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response

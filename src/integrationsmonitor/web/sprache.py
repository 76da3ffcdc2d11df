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


class SpracheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        gewaehlt = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        sprache = gewaehlt if gewaehlt in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(sprache)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response

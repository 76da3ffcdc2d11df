"""The language of a page: from its address, else the visitor's choice, else (on fully translated pages) the
browser's, else German.

1. `?sprache=xx` in the address (a shareable link: `/kurse/?sprache=ar` opens in Arabic without a cookie;
   the language switch at the top of every page links to these addresses). Following such a link also keeps
   the choice in the language cookie, as the switch does.
2. The language cookie (set by following a `?sprache=` link or by POST /i18n/setlang/).
3. On a first visit (no language cookie) to a page translated as a whole (`BROWSER_SPRACHE_AUF`: the course
   finder), the browser's Accept-Language: a Ukrainian phone opens `/kurse/` in Ukrainian.
4. German. Elsewhere the browser's language is not followed: the catalogue (indicator names, definitions)
   exists in German only, so an English browser would get a half-English page.

Each language is offered only where the page is translated into it (`NUR_AUF`). The response cache
(web.antwortcache) keys on the language resolved here and the answer says `Vary: Cookie` (and
`Accept-Language` where the browser's language counts).
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

PARAMETER = "sprache"  # ?sprache=ar: the language of a shareable address

# Languages only some pages are translated into, with the path prefixes of those pages. Elsewhere the page
# stays German (with <html lang="de">) and the language switch does not offer them.
NUR_AUF: dict[str, tuple[str, ...]] = {"uk": ("/kurse/", "/mitmachen/"), "ar": ("/kurse/", "/mitmachen/")}

# Pages translated as a whole (every word a reader needs): here a first visit follows Accept-Language.
BROWSER_SPRACHE_AUF: tuple[str, ...] = ("/kurse/", "/mitmachen/")


def sprachen_fuer(pfad: str) -> list[tuple[str, str]]:
    """The languages the page at `pfad` is translated into (code, name), for the language switch."""
    return [(c, n) for c, n in settings.LANGUAGES if c not in NUR_AUF or pfad.startswith(NUR_AUF[c])]


def folgt_browser(pfad: str) -> bool:
    """Whether a first visit to `pfad` follows the browser's Accept-Language."""
    return pfad.startswith(BROWSER_SPRACHE_AUF)


def browser_sprachen(kopf: str) -> list[str]:
    """The languages of an Accept-Language header, most wanted first, as base codes (`uk-UA` → `uk`);
    `*` and languages with q=0 left out."""
    gewichtet: list[tuple[float, int, str]] = []
    for i, teil in enumerate(kopf.split(",")):
        name, _, parameter = teil.strip().partition(";")
        code = name.strip().lower().split("-")[0]
        if not code or code == "*":
            continue
        q = 1.0
        parameter = parameter.strip().replace(" ", "")
        if parameter.startswith("q="):
            try:
                q = float(parameter[2:])
            except ValueError:
                continue
        if q > 0:
            gewichtet.append((-q, i, code))
    ergebnis: list[str] = []
    for _q, _i, code in sorted(gewichtet):
        if code not in ergebnis:
            ergebnis.append(code)
    return ergebnis


def sprache_der_adresse(request: HttpRequest, angeboten: dict[str, str] | None = None) -> str | None:
    """The language named in the address (`?sprache=xx`) if the page is translated into it."""
    code = request.GET.get(PARAMETER, "")
    angeboten = dict(sprachen_fuer(request.path_info)) if angeboten is None else angeboten
    return code if code in angeboten else None


def sprache_der_anfrage(request: HttpRequest, wahl: list[tuple[str, str]] | None = None) -> str:
    """The language a request is answered in (see the module's docstring for the order)."""
    angeboten = dict(sprachen_fuer(request.path_info) if wahl is None else wahl)
    aus_adresse = sprache_der_adresse(request, angeboten)
    if aus_adresse is not None:
        return aus_adresse
    gewaehlt = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if gewaehlt is not None:  # a visitor who chose: his choice where the page has it, German elsewhere
        return gewaehlt if gewaehlt in angeboten else settings.LANGUAGE_CODE
    if folgt_browser(request.path_info):
        for code in browser_sprachen(request.META.get("HTTP_ACCEPT_LANGUAGE", "")):
            if code in angeboten:
                return code
    return settings.LANGUAGE_CODE


def merkt_sprache(request: HttpRequest) -> str | None:
    """The language to keep in the cookie for this request: the one of a `?sprache=` address if the cookie
    says another; None if nothing is to be set (such answers set a cookie and are never cached)."""
    code = sprache_der_adresse(request)
    if code is None or request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) == code:
        return None
    return code


def sprachlinks(request: HttpRequest, wahl: list[tuple[str, str]]) -> list[tuple[str, str, str]]:
    """(code, name, address) of the same page in each language it is translated into: the switch's links,
    the query kept and `sprache` set."""
    links = []
    for code, name in wahl:
        abfrage = request.GET.copy()
        abfrage[PARAMETER] = code
        links.append((code, name, f"{request.path}?{abfrage.urlencode()}"))
    return links


class SpracheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        wahl = sprachen_fuer(request.path_info)
        request.sprachwahl = wahl  # type: ignore[attr-defined]  # the language switch of base.html offers these
        request.sprachlinks = sprachlinks(request, wahl)  # type: ignore[attr-defined]
        translation.activate(sprache_der_anfrage(request, wahl))
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        if folgt_browser(request.path_info):
            patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", translation.get_language())
        merken = merkt_sprache(request)
        if merken is not None and response.status_code == 200:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                merken,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response


@csrf_exempt
@require_POST
def sprache_waehlen(request: HttpRequest) -> HttpResponse:
    """Django's language switch without the CSRF check: it only sets the language cookie and sends the
    visitor back to a page of this site (`next` is checked by Django), so a forged switch can do no harm;
    a token in the footer of every page would keep every page out of the response cache (web.antwortcache)."""
    return set_language(request)

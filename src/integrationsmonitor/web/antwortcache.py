"""A cache of rendered public answers, keyed by the data version (item 8 of #11; docs/betrieb.md).

A page, API answer or open-data file follows from the data (deliveries, registers, edited texts), the
loaded catalogue, the address with its query string, the language and the day (the course finder hides
past courses). So an answer rendered once is served again, byte for byte, until the data version
(store.datenversion: every write a public page can show gives it a new value) or one of the others
changes. One version for all data: a delivery of one dataset renders every page again once, which is
cheap next to serving every request from scratch (finer keys per dataset would save little, as the start
page shows every field). The version is read once per request, so a delivery by another process is
visible on the next request.

Only what is the same for every visitor is cached: GET requests without a session or messages cookie and
without an Authorization header (so never a signed-in person), answers 200 that set no cookie, did not
use the CSRF token, did not write the session and do not forbid caching. A page with a form and a CSRF
token therefore stays uncached (its token belongs to one visitor); the language switch needs no token
(its links are addresses with `?sprache=`, web.sprache). The key holds the language web.sprache resolves
from the address, the language cookie and, on pages that follow it, the browser's Accept-Language; such
answers say `Vary: Cookie, Accept-Language`. A `?sprache=` link whose language the cookie does not hold yet
sets the cookie and is answered fresh, never from or into the cache. Each process keeps its own cache, least recently used first out, bounded
by `GROESSE_HOECHSTENS` bytes.

Every cached answer carries `ETag` (hash of its bytes) and `Last-Modified` (when the data version last
changed) and answers `If-None-Match` / `If-Modified-Since` with 304. Text is also kept compressed once and
sent with gzip to clients that accept it (with its own ETag).
"""

from __future__ import annotations

import gzip
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe

from integrationsmonitor.publish.datenstand import katalog_kennung
from integrationsmonitor.store.datenversion import Version, beim_vergessen, fuer_anfrage
from integrationsmonitor.store.katalog import aktueller_katalog

from .sprache import merkt_sprache, sprache_der_anfrage

GROESSE_HOECHSTENS = 96 * 1024 * 1024  # bytes of cached answers per process
EINTRAG_HOECHSTENS = 16 * 1024 * 1024  # a larger answer (a big open-data file) is not kept
NIE = ("/admin/", "/static/", "/i18n/")  # never from the cache, whoever asks
KOPF = "X-Imon-Cache"  # "treffer" or "neu": what the cache did (for tests and the benchmark)
_ERLAUBT_VARY = {"cookie", "accept-language", "accept-encoding"}  # the key covers what these change


@dataclass(frozen=True)
class _Eintrag:
    inhalt: bytes
    kopf: dict[str, str]  # with Content-Length, ETag and Last-Modified
    etag: str
    geaendert: int  # Last-Modified, seconds since the epoch
    gz: bytes | None = None  # the same bytes compressed once, for clients that accept gzip

    def fuer(self, request: HttpRequest) -> tuple[bytes, dict[str, str], str]:
        """Body, headers and ETag for this client: compressed if it accepts gzip (another ETag, as RFC 9110
        asks for another representation)."""
        if self.gz is None or not _nimmt_gzip(request):
            return self.inhalt, self.kopf, self.etag
        etag = self.etag[:-1] + '-gz"'
        kopf = self.kopf | {"Content-Encoding": "gzip", "Content-Length": str(len(self.gz)), "ETag": etag}
        return self.gz, kopf, etag


class _Speicher:
    """Answers of one process for one data version, least recently used first out."""

    def __init__(self) -> None:
        self.sperre = threading.Lock()
        self.eintraege: OrderedDict[tuple[str, ...], _Eintrag] = OrderedDict()
        self.groesse = 0
        self.version = ""

    def hole(self, version: str, schluessel: tuple[str, ...]) -> _Eintrag | None:
        with self.sperre:
            if version != self.version:
                return None
            e = self.eintraege.get(schluessel)
            if e is not None:
                self.eintraege.move_to_end(schluessel)
            return e

    def lege_ab(self, version: str, schluessel: tuple[str, ...], e: _Eintrag) -> None:
        with self.sperre:
            if version != self.version:  # a new data version: every older answer is stale
                self.eintraege.clear()
                self.groesse = 0
                self.version = version
            alt = self.eintraege.pop(schluessel, None)
            self.groesse -= len(alt.inhalt) if alt else 0
            self.eintraege[schluessel] = e
            self.groesse += len(e.inhalt)
            while self.groesse > GROESSE_HOECHSTENS and len(self.eintraege) > 1:
                _k, raus = self.eintraege.popitem(last=False)
                self.groesse -= len(raus.inhalt)

    def leere(self) -> None:
        with self.sperre:
            self.eintraege.clear()
            self.groesse = 0
            self.version = ""


SPEICHER = _Speicher()
beim_vergessen(SPEICHER.leere)


def _darf_aus_cache(request: HttpRequest) -> bool:
    if request.method != "GET" or request.path.startswith(NIE):
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False
    return merkt_sprache(request) is None  # a `?sprache=` link that sets the language cookie: answered fresh


def _schluessel(request: HttpRequest, version: Version) -> tuple[str, ...] | None:
    try:
        host = request.get_host()
    except DisallowedHost:
        return None
    return (
        version.kennung,
        katalog_kennung(aktueller_katalog()),
        request.scheme or "http",
        host,
        request.get_full_path(),
        sprache_der_anfrage(request),
        timezone.localdate().isoformat(),
    )


def _darf_ablegen(request: HttpRequest, response: HttpResponseBase) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if not isinstance(response, HttpResponse) or len(response.content) > EINTRAG_HOECHSTENS:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):  # the page holds a CSRF token: one visitor's only
        return False
    sitzung = getattr(request, "session", None)
    if sitzung is not None and sitzung.modified:
        return False
    steuerung = response.get("Cache-Control", "").lower()
    if any(w in steuerung for w in ("private", "no-store")):
        return False
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    return vary <= _ERLAUBT_VARY


def _nimmt_gzip(request: HttpRequest) -> bool:
    for teil in request.META.get("HTTP_ACCEPT_ENCODING", "").lower().split(","):
        name, _, parameter = teil.strip().partition(";")
        if name.strip() == "gzip":
            return parameter.replace(" ", "") not in ("q=0", "q=0.0", "q=0.00", "q=0.000")
    return False


# Compressed once when kept (text shrinks 5-10 times): far less for the server to write per request.
_KOMPRIMIERBAR = ("text/", "application/json", "application/xml", "image/svg+xml", "application/ld+json")


def _komprimiert(inhalt: bytes, art: str) -> bytes | None:
    if len(inhalt) < 1024 or not art.startswith(_KOMPRIMIERBAR):
        return None
    gz = gzip.compress(inhalt, compresslevel=6, mtime=0)
    return gz if len(gz) < len(inhalt) else None


def _antwort(request: HttpRequest, e: _Eintrag, wie: str) -> HttpResponseBase:
    inhalt, kopf, etag = e.fuer(request)
    if "HTTP_IF_NONE_MATCH" in request.META or "HTTP_IF_MODIFIED_SINCE" in request.META:
        nicht_geaendert = get_conditional_response(request, etag=etag, last_modified=e.geaendert)
        if nicht_geaendert is not None:
            for name, wert in kopf.items():
                if name in ("ETag", "Last-Modified", "Cache-Control", "Vary", "Content-Language"):
                    nicht_geaendert[name] = wert  # the headers a 304 repeats (RFC 9110 15.4.5)
            return nicht_geaendert
    response = HttpResponse(inhalt)
    for name, wert in kopf.items():
        response[name] = wert
    response[KOPF] = wie
    return response


class AntwortCacheMiddleware:
    """Serves public answers from the cache, before the session and language middlewares run (a hit needs
    neither; the key takes the language from web.sprache.sprache_der_anfrage)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        with fuer_anfrage() as version:
            if not _darf_aus_cache(request):
                return self.get_response(request)
            schluessel = _schluessel(request, version)
            if schluessel is None:
                return self.get_response(request)
            e = SPEICHER.hole(version.kennung, schluessel)
            if e is not None:
                return _antwort(request, e, "treffer")
            response = self.get_response(request)
            if not _darf_ablegen(request, response):
                return response
            assert isinstance(response, HttpResponse)
            etag = response.get("ETag") or f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
            geaendert = parse_http_date_safe(response.get("Last-Modified", "")) or int(
                version.geaendert_am.timestamp()
            )
            # revalidate every time: a delivery may come at any moment
            response.headers.setdefault("Cache-Control", "no-cache")
            ohne = ("etag", "last-modified", "content-length", KOPF.lower())
            kopf = {n: w for n, w in response.items() if n.lower() not in ohne}
            kopf |= {
                "Content-Length": str(len(response.content)),
                "ETag": etag,
                "Last-Modified": http_date(geaendert),
            }
            gz = _komprimiert(response.content, response.get("Content-Type", ""))
            if gz is not None:
                patch_vary_headers(response, ("Accept-Encoding",))
                kopf["Vary"] = response["Vary"]
            e = _Eintrag(response.content, kopf, etag, geaendert, gz)
            SPEICHER.lege_ab(version.kennung, schluessel, e)
            return _antwort(request, e, "neu")

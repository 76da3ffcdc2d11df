"""A small client of the Integreat API v3 (read the region, its places, events and pages; push one page).

Pure: no Django. Only the standard library (urllib). Every answer is read with a timeout per socket read, a
total deadline for the whole answer (GESAMT_SEKUNDEN: a server that drips one byte just within the read
timeout is cut off there) and a size limit, and its JSON shape is checked before anybody uses it; every error is an `IntegreatFehler` with a German message
that names the address and what is wrong. Every request sends `X-Integreat-Development: true`, so automatic
harvesting does not inflate the county's access statistics (see the API note).

    client = IntegreatClient("https://cms.integreat-app.de", "lkdahmespreewald")
    region = client.region()                 # Region(slug, name, sprachen=(Sprache("de", …), …))
    orte = client.orte("de")                 # list of location dicts (shape checked)
    ereignisse = client.ereignisse("de")     # list of event dicts (recurring events combined)
    client.push_seite("de", token, "<p>…</p>")   # "success" | "denied" | "error"
"""

from __future__ import annotations

import contextlib
import http.client
import json
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

KOPFZEILEN = {
    "X-Integreat-Development": "true",
    "Accept": "application/json",
    "User-Agent": "Integrationsmonitor (integreat-import)",
}
TIMEOUT_SEKUNDEN = 20.0  # per socket read
GESAMT_SEKUNDEN = 120.0  # for a whole answer, from connecting to its last byte
MAX_BYTES = 20 * 1024 * 1024  # a whole region's places in one language is well below 1 MB


class IntegreatFehler(Exception):
    """Integreat could not be read (or written): the message is German and names the address."""


class SpracheNichtGefunden(IntegreatFehler):
    """The region answers 404 for a language (it has no such language (anymore))."""


@dataclass(frozen=True)
class Sprache:
    code: str
    name: str
    richtung: str = "ltr"


@dataclass(frozen=True)
class Region:
    slug: str
    name: str
    sprachen: tuple[Sprache, ...]
    orte_an: bool = True  # the region's "pois" switch: it publishes places
    veranstaltungen_an: bool = True  # its "events" switch

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(s.code for s in self.sprachen)


class IntegreatClient:
    def __init__(
        self,
        basis_url: str,
        region: str,
        *,
        timeout: float = TIMEOUT_SEKUNDEN,
        gesamt: float = GESAMT_SEKUNDEN,
        max_bytes: int = MAX_BYTES,
    ) -> None:
        teile = urllib.parse.urlsplit(basis_url.strip())
        if teile.scheme not in ("http", "https") or not teile.netloc:
            raise IntegreatFehler(
                f"Integreat-Adresse „{basis_url}“ ist keine http(s)-Adresse (z. B. https://cms.integreat-app.de)."
            )
        if not region or "/" in region or region != region.strip():
            raise IntegreatFehler(f"Integreat-Region „{region}“ ist kein gültiger Regionsname (Slug).")
        self.basis_url = basis_url.strip().rstrip("/")
        self.region_slug = region
        self.timeout = timeout
        self.gesamt = gesamt
        self.max_bytes = max_bytes

    # --- reading ---------------------------------------------------------------------------------------------

    def region(self) -> Region:
        url = self._url(f"/api/v3/regions/{self.region_slug}/")
        daten = self._json(url)
        if not isinstance(daten, dict):
            raise IntegreatFehler(f"Integreat-Antwort von {url}: erwartet wurde ein Objekt (die Region).")
        sprachen = daten.get("languages")
        if not isinstance(sprachen, list):
            raise IntegreatFehler(
                f"Integreat-Antwort von {url}: das Feld „languages“ fehlt oder ist keine Liste."
            )
        ergebnis = []
        for nr, s in enumerate(sprachen, 1):
            if not isinstance(s, dict) or not isinstance(s.get("code"), str) or not s["code"]:
                raise IntegreatFehler(
                    f"Integreat-Antwort von {url}: Sprache Nr. {nr} hat keinen Code („code“)."
                )
            ergebnis.append(
                Sprache(s["code"], str(s.get("native_name") or s["code"]), str(s.get("dir") or "ltr"))
            )
        return Region(
            str(daten.get("path") or self.region_slug),
            str(daten.get("name") or ""),
            tuple(ergebnis),
            orte_an=daten.get("pois") is not False,
            veranstaltungen_an=daten.get("events") is not False,
        )

    def orte(self, sprache: str) -> list[dict[str, Any]]:
        """All public places (POIs) in `sprache`."""
        url = self._url(f"/api/v3/{self.region_slug}/{_sprache(sprache)}/locations/")
        return [_pruefe_ort(url, nr, e) for nr, e in enumerate(self._liste(url), 1)]

    def ereignisse(self, sprache: str) -> list[dict[str, Any]]:
        """All events in `sprache`, recurring ones combined into one entry."""
        url = self._url(f"/api/v3/{self.region_slug}/{_sprache(sprache)}/events/?combine_recurring=True")
        return [_pruefe_ereignis(url, nr, e) for nr, e in enumerate(self._liste(url), 1)]

    def seiten(self, sprache: str) -> list[dict[str, Any]]:
        url = self._url(f"/api/v3/{self.region_slug}/{_sprache(sprache)}/pages/")
        return [_pruefe_eintrag(url, nr, e) for nr, e in enumerate(self._liste(url), 1)]

    # --- writing ---------------------------------------------------------------------------------------------

    def push_seite(self, sprache: str, token: str, inhalt: str) -> str:
        """POST the page content; the answer's status ("success", "denied", "error"). HTTP or shape errors raise."""
        url = self._url(f"/api/v3/{self.region_slug}/{_sprache(sprache)}/pushpage/")
        koerper = json.dumps({"token": token, "content": inhalt}, ensure_ascii=False).encode("utf-8")
        daten = self._json(url, koerper)
        if not isinstance(daten, dict) or not isinstance(daten.get("status"), str):
            raise IntegreatFehler(f"Integreat-Antwort von {url}: kein Objekt mit „status“.")
        return str(daten["status"])

    # --- transport -------------------------------------------------------------------------------------------

    def _url(self, pfad: str) -> str:
        return self.basis_url + pfad

    def _liste(self, url: str) -> list[Any]:
        daten = self._json(url)
        if not isinstance(daten, list):
            raise IntegreatFehler(
                f"Integreat-Antwort von {url}: erwartet wurde eine Liste, gekommen ist {_art(daten)}."
            )
        return daten

    def _json(self, url: str, koerper: bytes | None = None) -> Any:
        kopf = dict(KOPFZEILEN)
        if koerper is not None:
            kopf["Content-Type"] = "application/json; charset=utf-8"
        anfrage = urllib.request.Request(url, data=koerper, headers=kopf, method="POST" if koerper else "GET")
        wache = _Wache(self.gesamt)
        try:
            roh = self._lesen(anfrage, wache)
        except _Abgelaufen:
            raise IntegreatFehler(
                f"Integreat-Server schickt die Antwort auf {url} nicht innerhalb von {self.gesamt:g} Sekunden "
                "vollständig (zu langsam); abgebrochen."
            ) from None
        except urllib.error.HTTPError as fehler:
            if fehler.code == 404 and "/api/v3/regions/" not in url:
                raise SpracheNichtGefunden(
                    f"Integreat-Adresse {url} gibt es nicht (HTTP 404): die Region hat diese Sprache nicht."
                ) from None
            raise IntegreatFehler(
                f"Integreat-Server antwortet auf {url} mit HTTP {fehler.code} ({fehler.reason})."
            ) from None
        except TimeoutError:
            raise IntegreatFehler(
                f"Integreat-Server antwortet auf {url} nicht innerhalb von {self.timeout:g} Sekunden."
            ) from None
        except urllib.error.URLError as fehler:
            if isinstance(fehler.reason, TimeoutError):
                raise IntegreatFehler(
                    f"Integreat-Server antwortet auf {url} nicht innerhalb von {self.timeout:g} Sekunden."
                ) from None
            raise IntegreatFehler(
                f"Integreat-Server unter {url} nicht erreichbar ({fehler.reason})."
            ) from None
        except (OSError, http.client.HTTPException) as fehler:
            raise IntegreatFehler(
                f"Integreat-Server unter {url}: Verbindung abgebrochen ({fehler})."
            ) from None
        if len(roh) > self.max_bytes:
            raise IntegreatFehler(
                f"Integreat-Antwort von {url} ist größer als {self.max_bytes // (1024 * 1024)} MB; abgebrochen."
            )
        try:
            return json.loads(roh.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as fehler:
            raise IntegreatFehler(f"Integreat-Antwort von {url} ist kein gültiges JSON ({fehler}).") from None
        except RecursionError:
            raise IntegreatFehler(
                f"Integreat-Antwort von {url} ist zu tief verschachtelt, kein lesbares JSON; abgebrochen."
            ) from None

    def _lesen(self, anfrage: urllib.request.Request, wache: _Wache) -> bytes:
        """The answer's body (at most max_bytes + 1); `_Abgelaufen` once the total deadline has passed."""
        oeffner = urllib.request.build_opener(_HttpHandler(wache), _HttpsHandler(wache))
        try:
            with oeffner.open(anfrage, timeout=self.timeout) as antwort:
                roh: bytes = antwort.read(self.max_bytes + 1)
        except (OSError, http.client.HTTPException):
            if wache.abgelaufen:
                raise _Abgelaufen from None
            raise
        finally:
            wache.beenden()
        if wache.abgelaufen:
            raise _Abgelaufen
        return roh


class _Abgelaufen(Exception):
    """The total deadline of a request has passed."""


class _Wache:
    """The total deadline of one request: when it has passed, the connection's socket is shut down, so a
    blocked read returns at once (a watchdog timer thread, started when the socket is connected)."""

    def __init__(self, sekunden: float) -> None:
        self.sekunden = sekunden
        self.ende = time.monotonic() + sekunden
        self.abgelaufen = False
        self._sperre = threading.Lock()
        self._timer: threading.Timer | None = None
        self._socket: socket.socket | None = None

    def bewachen(self, sock: socket.socket) -> None:
        with self._sperre:
            self._socket = sock
            self._timer = threading.Timer(max(self.ende - time.monotonic(), 0.0), self._ablaufen)
            self._timer.daemon = True
            self._timer.start()

    def _ablaufen(self) -> None:
        with self._sperre:
            self.abgelaufen = True
            if self._socket is not None:
                with contextlib.suppress(OSError):
                    self._socket.shutdown(socket.SHUT_RDWR)

    def beenden(self) -> None:
        with self._sperre:
            if self._timer is not None:
                self._timer.cancel()
            self._socket = None


class _HttpVerbindung(http.client.HTTPConnection):
    wache: _Wache

    def connect(self) -> None:
        super().connect()
        self.wache.bewachen(self.sock)


class _HttpsVerbindung(http.client.HTTPSConnection):
    wache: _Wache

    def connect(self) -> None:
        super().connect()
        self.wache.bewachen(self.sock)


class _HttpHandler(urllib.request.HTTPHandler):
    def __init__(self, wache: _Wache) -> None:
        super().__init__()
        self.wache = wache

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        wache = self.wache

        def verbindung(host: str, **kw: Any) -> http.client.HTTPConnection:
            v = _HttpVerbindung(host, **kw)
            v.wache = wache
            return v

        return self.do_open(verbindung, req)


class _HttpsHandler(urllib.request.HTTPSHandler):
    def __init__(self, wache: _Wache) -> None:
        super().__init__()
        self.wache = wache

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        wache = self.wache

        def verbindung(host: str, **kw: Any) -> http.client.HTTPSConnection:
            v = _HttpsVerbindung(host, **kw)
            v.wache = wache
            return v

        return self.do_open(verbindung, req, context=self._context)  # type: ignore[attr-defined]


def _sprache(code: str) -> str:
    if not code or not code.replace("-", "").isalnum():
        raise IntegreatFehler(f"Sprachcode „{code}“ ist ungültig.")
    return code


def _art(wert: Any) -> str:
    if isinstance(wert, dict):
        return "ein Objekt"
    if isinstance(wert, list):
        return "eine Liste"
    return f"der Wert {str(wert)[:40]!r}"


def _pruefe_eintrag(url: str, nr: int, e: Any) -> dict[str, Any]:
    """A translation (place, event, page): an object with a non-empty `path` and `title`."""
    if not isinstance(e, dict):
        raise IntegreatFehler(f"Integreat-Antwort von {url}: Eintrag Nr. {nr} ist kein Objekt.")
    for feld in ("path", "title"):
        if not isinstance(e.get(feld), str) or not e[feld].strip():
            raise IntegreatFehler(f"Integreat-Antwort von {url}: Eintrag Nr. {nr} hat kein Feld „{feld}“.")
    verweise = e.get("available_languages")
    if verweise is not None and not isinstance(verweise, dict):
        raise IntegreatFehler(
            f"Integreat-Antwort von {url}: „available_languages“ von {e['path']} ist kein Objekt."
        )
    for code, v in (verweise or {}).items():
        if not isinstance(v, dict) or not isinstance(v.get("path"), str):
            raise IntegreatFehler(
                f"Integreat-Antwort von {url}: Verweis auf die Sprache {code} von {e['path']} hat keinen „path“."
            )
    for feld in ("url", "excerpt", "content", "last_updated"):
        if e.get(feld) is not None and not isinstance(e[feld], str):
            raise IntegreatFehler(f"Integreat-Antwort von {url}: „{feld}“ von {e['path']} ist kein Text.")
    return e


def _pruefe_ortsangabe(url: str, e: dict[str, Any]) -> None:
    ort = e.get("location")
    if ort is None:
        return
    if not isinstance(ort, dict):
        raise IntegreatFehler(f"Integreat-Antwort von {url}: „location“ von {e['path']} ist kein Objekt.")
    for feld in ("latitude", "longitude"):
        wert = ort.get(feld)
        if wert is not None and (isinstance(wert, bool) or not isinstance(wert, int | float | str)):
            raise IntegreatFehler(
                f"Integreat-Antwort von {url}: „location.{feld}“ von {e['path']} ist keine Zahl."
            )


def _pruefe_ort(url: str, nr: int, roh: Any) -> dict[str, Any]:
    e = _pruefe_eintrag(url, nr, roh)
    _pruefe_ortsangabe(url, e)
    zeiten = e.get("opening_hours")
    if zeiten is not None:
        if not isinstance(zeiten, list) or len(zeiten) != 7 or not all(isinstance(t, dict) for t in zeiten):
            raise IntegreatFehler(
                f"Integreat-Antwort von {url}: „opening_hours“ von {e['path']} sind nicht 7 Tage (Montag bis Sonntag)."
            )
        for tag in zeiten:
            slots = tag.get("timeSlots") or []
            if not isinstance(slots, list) or not all(
                isinstance(s, dict) and isinstance(s.get("start"), str) and isinstance(s.get("end"), str)
                for s in slots
            ):
                raise IntegreatFehler(
                    f"Integreat-Antwort von {url}: „timeSlots“ von {e['path']} ohne Beginn und Ende (HH:MM)."
                )
    kategorie = e.get("category")
    if kategorie is not None and not isinstance(kategorie, dict):
        raise IntegreatFehler(f"Integreat-Antwort von {url}: „category“ von {e['path']} ist kein Objekt.")
    return e


def _pruefe_ereignis(url: str, nr: int, roh: Any) -> dict[str, Any]:
    e = _pruefe_eintrag(url, nr, roh)
    _pruefe_ortsangabe(url, e)
    termin = e.get("event")
    if not isinstance(termin, dict) or not isinstance(termin.get("start"), str):
        raise IntegreatFehler(
            f"Integreat-Antwort von {url}: Veranstaltung {e['path']} hat kein „event.start“."
        )
    return e

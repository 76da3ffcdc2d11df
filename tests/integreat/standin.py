"""A local stand-in of an Integreat CMS (API v3) for tests without network.

It serves the shapes of `../shared/reference/integreat_api_v3.md` from the fixture JSON in `tests/integreat/daten/`
(region `lkdahmespreewald`, languages de, en, uk, ar; four places, two events, two pages) on 127.0.0.1, a free port,
in a thread:

    GET  /api/v3/regions/{region}/                    the region with its languages
    GET  /api/v3/{region}/{lang}/locations/           places (POIs) in that language
    GET  /api/v3/{region}/{lang}/events/              events (the query string is ignored and recorded)
    GET  /api/v3/{region}/{lang}/pages/               pages
    POST /api/v3/{region}/{lang}/pushpage/            JSON {"token", "content"} → {"status": "success"|"denied"|…}

Usage (the pytest fixture `integreat` in `tests/integreat/conftest.py` does the same):

    with integreat_standin() as cms:
        cms.basis_url                          # "http://127.0.0.1:PORT" — the CMS base URL
        cms.region                             # "lkdahmespreewald"

Switches (plain attributes, change them at any time, also between two runs of a client):

    cms.fehlende_sprachen = {"ar"}         # the region does not list "ar"; its lists answer 404
    cms.kaputt = {"locations"}             # these kinds answer malformed JSON ("region", "locations", "events",
                                           #   "pages", "pushpage")
    cms.status = {"events": 500}           # these kinds answer with that HTTP status (and a short text body)
    cms.roh = {"locations": b"[[[…]]]"}     # these kinds answer exactly these bytes (status 200, JSON type)
    cms.verzoegerung = 2.0                 # seconds to wait before every answer (a slow server)
    cms.tropfen = 0.2                      # send every answer's body one byte at a time, this many seconds
                                           #   apart (a slow-drip server: each read is quick, the whole is not)
    cms.orte / cms.ereignisse / cms.seiten # {lang: [dict, …]}: the data served, a deep copy per stand-in
    cms.entferne_ort("kleiderkammer-luckau")           # removes a place (by its German slug) in every language
    cms.aendere_ort("sprachcafe-zeesen", "de", title="…")  # changes fields of one translation

Push (`pushpage`):

    cms.push_tokens = {"de": "tok-de", "uk": "tok-uk"}  # right token per language → {"status": "success"}
                                                        # any other token → {"status": "denied"}
    cms.push_antwort = "error"            # every push answers {"status": "error"} (None: normal)
    cms.push_antwort = 503                # every push answers that HTTP status
    cms.pushes                            # [Push(sprache, token, content)] of every well-formed push received
    cms.seiteninhalt                      # {lang: content} last successfully pushed content per language

Recording: `cms.anfragen` is the list of every request (`Anfrage(methode, pfad, kopfzeilen, koerper)`, headers
as a dict with the names as sent, e.g. `anfrage.kopfzeilen.get("X-Integreat-Development")`); `cms.anfragen_an("locations")`
filters them by kind. Only the standard library is used.
"""

from __future__ import annotations

import copy
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

DATEN = Path(__file__).parent / "daten"
REGION = "lkdahmespreewald"
SPRACHEN = ("de", "en", "uk", "ar")
ARTEN = ("locations", "events", "pages")


@dataclass(frozen=True)
class Anfrage:
    methode: str
    pfad: str  # with the query string
    kopfzeilen: dict[str, str]
    koerper: bytes = b""

    @property
    def art(self) -> str:
        """ "region", "locations", "events", "pages", "pushpage" or "" (unknown path)."""
        return _art(self.pfad.split("?", 1)[0])


@dataclass(frozen=True)
class Push:
    sprache: str
    token: str
    content: str


def _lade(name: str) -> Any:
    return json.loads((DATEN / name).read_text(encoding="utf-8"))


def _art(pfad: str) -> str:
    teile = [t for t in pfad.split("/") if t]
    if len(teile) == 4 and teile[:3] == ["api", "v3", "regions"]:
        return "region"
    if len(teile) == 5 and teile[:2] == ["api", "v3"] and teile[4] in (*ARTEN, "pushpage"):
        return teile[4]
    return ""


@dataclass
class Standin:
    basis_url: str = ""
    region: str = REGION
    regiondaten: dict[str, Any] = field(default_factory=lambda: _lade("region.json"))
    orte: dict[str, list[dict[str, Any]]] = field(
        default_factory=lambda: {s: _lade(f"locations_{s}.json") for s in SPRACHEN}
    )
    ereignisse: dict[str, list[dict[str, Any]]] = field(
        default_factory=lambda: {s: _lade(f"events_{s}.json") for s in SPRACHEN}
    )
    seiten: dict[str, list[dict[str, Any]]] = field(
        default_factory=lambda: {s: _lade(f"pages_{s}.json") for s in SPRACHEN}
    )
    fehlende_sprachen: set[str] = field(default_factory=set)
    kaputt: set[str] = field(default_factory=set)
    status: dict[str, int] = field(default_factory=dict)
    roh: dict[str, bytes] = field(default_factory=dict)
    verzoegerung: float = 0.0
    tropfen: float = 0.0
    push_tokens: dict[str, str] = field(default_factory=dict)
    push_antwort: str | int | None = None
    anfragen: list[Anfrage] = field(default_factory=list)
    pushes: list[Push] = field(default_factory=list)
    seiteninhalt: dict[str, str] = field(default_factory=dict)
    _sperre: threading.Lock = field(default_factory=threading.Lock, repr=False)

    # --- helpers for tests ---------------------------------------------------------------------------------

    def anfragen_an(self, art: str) -> list[Anfrage]:
        with self._sperre:
            return [a for a in self.anfragen if a.art == art]

    def entferne_ort(self, slug_de: str) -> None:
        """Remove the place whose German path ends in `slug_de/` from every language."""
        de = self._ort_de(slug_de)
        pfade = {de["path"]} | {v["path"] for v in de["available_languages"].values()}
        for sprache, liste in self.orte.items():
            self.orte[sprache] = [o for o in liste if o["path"] not in pfade]

    def aendere_ort(self, slug_de: str, sprache: str, **felder: Any) -> None:
        """Change fields of one translation (`sprache`) of the place with the German slug `slug_de`."""
        de = self._ort_de(slug_de)
        pfad = de["path"] if sprache == "de" else de["available_languages"][sprache]["path"]
        for o in self.orte[sprache]:
            if o["path"] == pfad:
                o.update(felder)
                return
        raise KeyError(f"{slug_de} hat keine Übersetzung {sprache}")

    def _ort_de(self, slug_de: str) -> dict[str, Any]:
        for o in self.orte["de"]:
            if o["path"].rstrip("/").endswith("/" + slug_de):
                return o
        raise KeyError(f"kein Ort {slug_de} in den deutschen Orten des Stand-ins")

    # --- answers -------------------------------------------------------------------------------------------

    def _antwort_get(self, pfad: str) -> tuple[int, Any]:
        art = _art(pfad)
        teile = [t for t in pfad.split("/") if t]
        if art == "region":
            if teile[3] != self.region:
                return 404, {"error": "region not found"}
            daten = copy.deepcopy(self.regiondaten)
            daten["languages"] = [s for s in daten["languages"] if s["code"] not in self.fehlende_sprachen]
            return 200, daten
        if art in ARTEN:
            region, sprache = teile[2], teile[3]
            quelle = {"locations": self.orte, "events": self.ereignisse, "pages": self.seiten}[art]
            if region != self.region or sprache in self.fehlende_sprachen or sprache not in quelle:
                return 404, {"error": "not found"}
            return 200, quelle[sprache]
        return 404, {"error": "not found"}

    def _antwort_push(self, pfad: str, koerper: bytes) -> tuple[int, Any]:
        teile = [t for t in pfad.split("/") if t]
        region, sprache = teile[2], teile[3]
        if region != self.region:
            return 404, {"error": "region not found"}
        try:
            daten = json.loads(koerper.decode("utf-8"))
            token, content = str(daten["token"]), str(daten["content"])
        except (ValueError, KeyError, TypeError):
            return 400, {"status": "error", "error": "malformed request"}
        with self._sperre:
            self.pushes.append(Push(sprache, token, content))
        if isinstance(self.push_antwort, int):
            return self.push_antwort, {"status": "error"}
        if self.push_antwort is not None:
            return 200, {"status": self.push_antwort}
        if sprache in self.fehlende_sprachen or self.push_tokens.get(sprache) != token:
            return 200, {"status": "denied"}
        with self._sperre:
            self.seiteninhalt[sprache] = content
        return 200, {"status": "success"}


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # silent in tests
        pass

    def do_GET(self) -> None:
        self._bearbeite(b"")

    def do_POST(self) -> None:
        laenge = int(self.headers.get("Content-Length") or 0)
        self._bearbeite(self.rfile.read(laenge) if laenge else b"")

    def _bearbeite(self, koerper: bytes) -> None:
        cms = self.server.cms
        with cms._sperre:
            cms.anfragen.append(Anfrage(self.command, self.path, dict(self.headers.items()), koerper))
        pfad = self.path.split("?", 1)[0]
        art = _art(pfad)
        if cms.verzoegerung:
            time.sleep(cms.verzoegerung)
        if art in cms.status:
            self._sende(cms.status[art], b"Internal Server Error", "text/plain")
            return
        if art in cms.roh:
            self._sende(200, cms.roh[art], "application/json")
            return
        if art in cms.kaputt:
            self._sende(200, b'[{"id": 1, "title": "abgebrochen', "application/json")
            return
        if self.command == "POST" and art == "pushpage":
            code, daten = cms._antwort_push(pfad, koerper)
        elif self.command == "GET" and art != "pushpage":
            code, daten = cms._antwort_get(pfad)
        else:
            code, daten = 405, {"error": "method not allowed"}
        self._sende(code, json.dumps(daten, ensure_ascii=False).encode("utf-8"), "application/json")

    def _sende(self, code: int, koerper: bytes, typ: str) -> None:
        try:
            self.send_response(code)
            self.send_header("Content-Type", f"{typ}; charset=utf-8")
            self.send_header("Content-Length", str(len(koerper)))
            self.send_header("Access-Control-Allow-Origin", "*")
            self.end_headers()
            tropfen = self.server.cms.tropfen
            if not tropfen:
                self.wfile.write(koerper)
                return
            for i in range(len(koerper)):
                self.wfile.write(koerper[i : i + 1])
                self.wfile.flush()
                time.sleep(tropfen)
        except OSError:  # the client gave up (timeout) meanwhile
            pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    cms: Standin

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that hung up during a slow answer is not an error of the stand-in


@contextmanager
def integreat_standin() -> Iterator[Standin]:
    """Start a stand-in on 127.0.0.1 (free port) in a thread; stop it on leaving."""
    server = _Server(("127.0.0.1", 0), _Handler)
    cms = Standin()
    server.cms = cms
    cms.basis_url = f"http://127.0.0.1:{server.server_address[1]}"
    faden = threading.Thread(target=server.serve_forever, name="integreat-standin", daemon=True)
    faden.start()
    try:
        yield cms
    finally:
        server.shutdown()
        server.server_close()
        faden.join(timeout=5)

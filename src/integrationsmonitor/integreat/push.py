"""Push the course list with open seats into the county's Integreat pages, one page per language.

`inhalt` renders simple HTML (headings, lists, links; no scripts, no styles, every text escaped) from the
course finder's own selectors and texts; `posten` sends it with the page's token to
`POST {IMON_INTEGREAT_URL}/api/v3/{region}/{sprache}/pushpage/` (Integreat API v3). The queue around it (when,
how often, retries) is `warteschlange`. Tokens are secrets: they are never printed, logged or stored (a
denied token is remembered only as its HMAC, `token_kennung`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import http.client
import json
import re
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from integrationsmonitor.catalog import bezeichnungen as bz
from integrationsmonitor.registry.kurse import finder
from integrationsmonitor.registry.models import Angebot
from integrationsmonitor.registry.selectors import aktive_angebote
from integrationsmonitor.store.katalog import aktueller_katalog
from integrationsmonitor.store.selectors import gibt_demodaten
from integrationsmonitor.web.sprache import PARAMETER, sprachen_fuer

Antwort = Literal["success", "denied", "error"]
REGION_MUSTER = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
HOECHSTE_ANTWORT = 1 << 20  # bytes of an answer read at most


class KonfigurationsFehler(ValueError):
    """IMON_INTEGREAT_* is missing or malformed; the message names the setting and the part."""


class PushFehler(OSError):
    """The push did not arrive: network, HTTP status or an answer that is not the documented JSON."""


# ------------------------------------------------------------------------------------------ configuration


def kurs_sprachen() -> list[str]:
    """The languages the course finder is translated into (de, en, uk, ar): the languages a page can get."""
    return [code for code, _name in sprachen_fuer(reverse("kurse:finder"))]


def tokens_lesen(text: str, erlaubt: list[str] | None = None) -> dict[str, str]:
    """`de:…,uk:…,ar:…` → {Sprache: Token}. A malformed part is named by its position and language, never
    by its token."""
    erlaubt = kurs_sprachen() if erlaubt is None else erlaubt
    tokens: dict[str, str] = {}
    for nr, teil in enumerate(text.split(","), start=1):
        teil = teil.strip()
        if not teil:
            continue  # a trailing comma
        sprache, doppelpunkt, token = teil.partition(":")
        sprache, token = sprache.strip().lower(), token.strip()
        wo = f"IMON_INTEGREAT_TOKENS, Teil {nr}"
        if not doppelpunkt:
            raise KonfigurationsFehler(f"{wo}: erwartet Sprache:Token (z. B. de:…), der Doppelpunkt fehlt")
        if not re.fullmatch(r"[a-z]{2,3}(-[a-z]{2,4})?", sprache):
            # nothing of it is echoed: written the wrong way round (TOKEN:de), this is the token
            raise KonfigurationsFehler(
                f"{wo}: vor dem Doppelpunkt steht kein Sprachcode (z. B. de, uk, ar); "
                "erwartet Sprache:Token, nicht Token:Sprache"
            )
        if sprache not in erlaubt:
            raise KonfigurationsFehler(
                f"{wo}: die Kurssuche gibt es nicht auf „{sprache}“ (möglich: {', '.join(erlaubt)})"
            )
        if not token:
            raise KonfigurationsFehler(f"{wo} (Sprache „{sprache}“): das Token fehlt")
        if any(z.isspace() for z in token):
            raise KonfigurationsFehler(f"{wo} (Sprache „{sprache}“): das Token enthält Leerzeichen")
        if sprache in tokens:
            raise KonfigurationsFehler(f"{wo}: die Sprache „{sprache}“ steht zweimal darin")
        tokens[sprache] = token
    return tokens


@dataclass(frozen=True)
class Konfiguration:
    url: str  # CMS base URL, without trailing slash
    region: str
    tokens: Mapping[str, str] = field(repr=False)  # secret: never in a repr, a log or a message
    beratung: bool = False
    timeout: float = 30.0

    @property
    def sprachen(self) -> list[str]:
        return list(self.tokens)

    def ziel(self, sprache: str) -> str:
        """The address a language's page is pushed to (holds no token)."""
        return f"{self.url}/api/v3/{self.region}/{sprache}/pushpage/"


def konfiguration() -> Konfiguration:
    """From IMON_INTEGREAT_URL, IMON_INTEGREAT_REGION, IMON_INTEGREAT_TOKENS (settings, from the environment)."""
    url = str(getattr(settings, "IMON_INTEGREAT_URL", "") or "").strip().rstrip("/")
    region = str(getattr(settings, "IMON_INTEGREAT_REGION", "") or "").strip()
    text = str(getattr(settings, "IMON_INTEGREAT_TOKENS", "") or "")
    if not url:
        raise KonfigurationsFehler(
            "IMON_INTEGREAT_URL fehlt: die Adresse des Integreat-CMS, z. B. https://cms.integreat-app.de"
        )
    if not re.match(r"^https?://[^/\s]+", url):
        raise KonfigurationsFehler(
            f"IMON_INTEGREAT_URL „{url}“: erwartet eine Adresse mit http:// oder https://"
        )
    if not region:
        raise KonfigurationsFehler("IMON_INTEGREAT_REGION fehlt: der Name der Region, z. B. lkdahmespreewald")
    if not REGION_MUSTER.match(region):
        raise KonfigurationsFehler(
            f"IMON_INTEGREAT_REGION „{region[:40]}“: nur Kleinbuchstaben, Ziffern, - und _ erlaubt"
        )
    tokens = tokens_lesen(text)
    if not tokens:
        raise KonfigurationsFehler(
            "IMON_INTEGREAT_TOKENS fehlt: je Sprache das API-Token der Integreat-Seite, z. B. de:…,uk:…,ar:…"
        )
    return Konfiguration(
        url=url,
        region=region,
        tokens=tokens,
        beratung=bool(getattr(settings, "IMON_INTEGREAT_PUSH_BERATUNG", False)),
        timeout=float(getattr(settings, "IMON_INTEGREAT_TIMEOUT", 30)),
    )


def token_kennung(token: str) -> str:
    """A short HMAC of a token (keyed with SECRET_KEY): tells whether the token changed, reveals nothing."""
    return hmac.new(settings.SECRET_KEY.encode(), token.encode(), hashlib.sha256).hexdigest()[:16]


# ------------------------------------------------------------------------------------------ content


def _adresse(pfad: str, sprache: str) -> str:
    """Absolute address of a page of this site in `sprache`, if that page is translated into it."""
    basis = f"{str(settings.IMON_SITE_URL).rstrip('/')}{pfad}"
    return f"{basis}?{PARAMETER}={sprache}" if sprache in dict(sprachen_fuer(pfad)) else basis


def _sprache_von(angebot: Angebot, sprache: str, feld: str) -> str:
    """The language `Angebot.uebersetzt(sprache, feld)` is written in: `sprache` if translated, else "de"."""
    eintrag = angebot.uebersetzungen.get(sprache) if isinstance(angebot.uebersetzungen, dict) else None
    return sprache if isinstance(eintrag, dict) and eintrag.get(feld) else "de"


def _beratungsangebote(sprache: str, heute: dt.date) -> list[dict[str, object]]:
    """The active offers of the Handlungsfeld "beratung" of `/angebote/`, in `sprache` where translated."""
    namen = finder.gemeinden()
    return [
        {
            "name": finder.Text(a.uebersetzt(sprache, "name"), _sprache_von(a, sprache, "name")),
            "beschreibung": finder.Text(
                a.uebersetzt(sprache, "beschreibung"), _sprache_von(a, sprache, "beschreibung")
            ),
            "oeffnungszeiten": a.oeffnungszeiten,
            "kontakt": a.kontakt,
            "orte": [
                ", ".join(
                    t for t in (o.adresse, finder.kurzer_ortsname(namen.get(o.gemeinde, o.gemeinde))) if t
                )
                for o in a.orte.all()
            ],
        }
        for a in aktive_angebote(heute)
        if isinstance(a.handlungsfelder, list) and "beratung" in a.handlungsfelder
    ]


def inhalt(sprache: str, heute: dt.date, *, beratung: bool = False) -> str:
    """The HTML of one language's page: courses with open seats as of `heute`, and optionally counselling."""
    with translation.override(sprache):
        html = render_to_string(
            "integreat/push.html",
            {
                "karten": finder.karten_mit_freien_plaetzen(sprache, heute),
                "stand": heute,
                "kreis": aktueller_katalog().kreis,
                "kreisart": bz.kreisart(aktueller_katalog().kreis.typ),
                "ist_demo": gibt_demodaten(),
                "finder_url": _adresse(reverse("kurse:finder"), sprache),
                "beratung": _beratungsangebote(sprache, heute) if beratung else None,
                "angebote_url": _adresse(reverse("registry:angebote"), sprache),
                "sprache": sprache,
            },
        )
    return "\n".join(z.strip() for z in html.splitlines() if z.strip())


def inhalt_hash(html: str) -> str:
    return hashlib.sha256(html.encode()).hexdigest()


# ------------------------------------------------------------------------------------------ sending


def _status(roh: bytes) -> str | None:
    try:
        daten = json.loads(roh.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    status = daten.get("status") if isinstance(daten, dict) else None
    return status if isinstance(status, str) else None


def posten(konfig: Konfiguration, sprache: str, html: str) -> Antwort:
    """POST the page's content with its token; Integreat's answer, or PushFehler if none came."""
    ziel = konfig.ziel(sprache)
    koerper = json.dumps({"token": konfig.tokens[sprache], "content": html}).encode()
    anfrage = urllib.request.Request(
        ziel,
        data=koerper,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "Accept": "application/json",
            "User-Agent": "Integrationsmonitor (integreat-push)",
        },
    )
    try:
        with urllib.request.urlopen(anfrage, timeout=konfig.timeout) as r:
            roh = r.read(HOECHSTE_ANTWORT)
    except urllib.error.HTTPError as exc:
        with exc:
            status = _status(exc.read(HOECHSTE_ANTWORT))
        if status == "denied":  # some servers say "denied" with 403
            return "denied"
        raise PushFehler(f"HTTP {exc.code} von {ziel}") from None
    except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
        grund = getattr(exc, "reason", None) or f"{type(exc).__name__}: {exc}".rstrip(": ")
        raise PushFehler(f"Integreat nicht erreichbar ({ziel}): {grund}") from None
    status = _status(roh)
    if status not in ("success", "denied", "error"):
        raise PushFehler(f"unerwartete Antwort von {ziel} (kein JSON mit status success/denied/error)")
    return status  # type: ignore[return-value]

"""Abuse limits: count events per key in a sliding window, in the database (shared by every process).

Used for failed logins (per account and per client; registry.backends) and newsletter sign-ups (per client,
per mailbox and for the whole site; publish.mailing.services). An event is one row of Drosselereignis; a
limit "n in window w" holds when fewer than n events of that kind and key lie in the last w. Keys are
HMACs with the site's secret key, so the table holds no account name, address or IP address in the clear,
and rows older than a day are deleted.

The limits are settings with defaults here (a Django setting of the same name wins, then the environment
variable, then the default; README "Missbrauchsgrenzen"):

- IMON_ANMELDUNG_FEHLVERSUCHE_JE_KONTO (5), IMON_ANMELDUNG_FEHLVERSUCHE_JE_CLIENT (20) failed logins within
  IMON_ANMELDUNG_SPERRE_MINUTEN (15);
- IMON_NEWSLETTER_JE_CLIENT (5) sign-up requests per client and hour, IMON_NEWSLETTER_JE_STUNDE (100)
  confirmation mails per hour for the whole site, IMON_NEWSLETTER_JE_POSTFACH (3) per mailbox and day;
- IMON_MITMACHEN_JE_CLIENT (5) volunteer-interest requests (/mitmachen/) per client and hour,
  IMON_MITMACHEN_JE_STUNDE (100) confirmation mails per hour for the whole site, IMON_MITMACHEN_JE_POSTFACH
  (3) per mailbox and day (registry.engagement.services);
- IMON_VERTRAUTE_PROXYS (0), see below.

The client is REMOTE_ADDR, the address the WSGI server sees. Behind a reverse proxy that is the proxy for
every request, so set IMON_VERTRAUTE_PROXYS to the number of proxies in front that append to
X-Forwarded-For (usually 1): the client is then the address the outermost trusted proxy appended. Without
the setting X-Forwarded-For is ignored, because any client can send it. An IPv6 client counts as its /64
network (one line gets a whole /64).
"""

from __future__ import annotations

import ipaddress
import os
import random
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TypeVar

from django.conf import settings
from django.db import OperationalError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .models import Drosselereignis

T = TypeVar("T")

AUFBEWAHREN = timedelta(days=1)  # the longest window; older events are deleted

# Kinds of events (Drosselereignis.art)
ANMELDUNG_KONTO = "anmeldung-konto"  # a failed login for an account name
ANMELDUNG_CLIENT = "anmeldung-client"  # a failed login from a client
NEWSLETTER_CLIENT = "newsletter-client"  # a sign-up request from a client
NEWSLETTER_MAIL = "newsletter-mail"  # a confirmation mail queued (any address): the global limit
NEWSLETTER_POSTFACH = "newsletter-postfach"  # a confirmation mail queued for a mailbox (plus part removed)
MITMACHEN_CLIENT = "mitmachen-client"  # a volunteer-interest request from a client
MITMACHEN_MAIL = "mitmachen-mail"  # a volunteer-interest confirmation mail queued (any address)
MITMACHEN_POSTFACH = "mitmachen-postfach"  # … for a mailbox (plus part removed)


STANDARDWERTE = {
    "IMON_ANMELDUNG_FEHLVERSUCHE_JE_KONTO": 5,
    "IMON_ANMELDUNG_FEHLVERSUCHE_JE_CLIENT": 20,
    "IMON_ANMELDUNG_SPERRE_MINUTEN": 15,
    "IMON_NEWSLETTER_JE_CLIENT": 5,
    "IMON_NEWSLETTER_JE_STUNDE": 100,
    "IMON_NEWSLETTER_JE_POSTFACH": 3,
    "IMON_MITMACHEN_JE_CLIENT": 5,
    "IMON_MITMACHEN_JE_STUNDE": 100,
    "IMON_MITMACHEN_JE_POSTFACH": 3,
    "IMON_VERTRAUTE_PROXYS": 0,
}


def grenze(name: str) -> int:
    """A limit: the Django setting `name` if set, else the environment variable, else STANDARDWERTE."""
    wert = getattr(settings, name, None)
    if wert is None:
        wert = os.environ.get(name, "").strip() or STANDARDWERTE[name]
    return int(wert)


def schluessel(wert: str) -> str:
    """The stored key of a value (account name, client, mailbox): an HMAC, not the value."""
    return salted_hmac("integrationsmonitor.web.drossel", wert, algorithm="sha256").hexdigest()


def client_adresse(request: HttpRequest) -> str:
    """The client's address as the limits count it (see the module docstring): REMOTE_ADDR, or the address
    appended by the outermost of IMON_VERTRAUTE_PROXYS trusted proxies; IPv6 as its /64 network."""
    adresse = request.META.get("REMOTE_ADDR", "") or ""
    vertraut = grenze("IMON_VERTRAUTE_PROXYS")
    if vertraut > 0:
        weitergeleitet = [
            teil.strip() for teil in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if teil.strip()
        ]
        # Each trusted proxy appends the address it saw; the rightmost `vertraut` entries are theirs, and the
        # first of them is the client the outermost proxy saw. Anything left of that is the client's own claim.
        if len(weitergeleitet) >= vertraut:
            adresse = weitergeleitet[-vertraut]
    try:
        ip = ipaddress.ip_address(adresse.strip())
    except ValueError:
        return adresse.strip()[:100]
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is None:
        return str(ipaddress.IPv6Network(f"{ip}/64", strict=False))
    return str(ip.ipv4_mapped or ip) if isinstance(ip, ipaddress.IPv6Address) else str(ip)


def wiederholt(arbeit: Callable[[], T], versuche: int = 30) -> T:
    """Run a short database write, again if SQLite reports "database is locked" (another writer holds it;
    a deferred transaction that must upgrade its lock gets this at once, without waiting)."""
    for versuch in range(versuche):
        try:
            return arbeit()
        except OperationalError as exc:
            if "locked" not in str(exc) or versuch == versuche - 1:
                raise
            time.sleep(min(0.005 * (2**versuch), 0.2) * (0.5 + random.random()))
    raise AssertionError("unreachable")


def anzahl(art: str, schluessel: str, fenster: timedelta, jetzt: datetime | None = None) -> int:
    """Events of this kind and key within the window before `jetzt`."""
    jetzt = jetzt or timezone.now()
    return Drosselereignis.objects.filter(
        art=art, schluessel=schluessel, zeitpunkt__gt=jetzt - fenster
    ).count()


def vermerken(art: str, schluessel: str, jetzt: datetime | None = None) -> int:
    """Count one event; returns its id (to take it back with `zuruecknehmen`). Now and then deletes old rows."""
    jetzt = jetzt or timezone.now()
    pk = Drosselereignis.objects.create(art=art, schluessel=schluessel, zeitpunkt=jetzt).pk
    if pk % 200 == 0:
        Drosselereignis.objects.filter(zeitpunkt__lt=jetzt - AUFBEWAHREN).delete()
    return int(pk)


def zuruecknehmen(*ereignisse: int) -> None:
    Drosselereignis.objects.filter(pk__in=ereignisse).delete()


def vergessen(art: str, schluessel: str) -> None:
    """Forget every event of this kind and key (a successful login clears its account's failures)."""
    Drosselereignis.objects.filter(art=art, schluessel=schluessel).delete()

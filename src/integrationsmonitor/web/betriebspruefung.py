"""`imon check`: is this installation safe to run in public? Django's deployment checks plus ours.

Each finding is one German line with the setting to change. `unsicher` findings make `imon check` exit 1:
debug mode, no TLS settings (IMON_HTTPS) while the site is public, a key that is short or readable by
others, `*` in IMON_ALLOWED_HOSTS, an http:// IMON_SITE_URL with IMON_HTTPS, SMTP passwords over an
unencrypted connection. `hinweis` findings (SQLite for a county, no log file) do not fail it.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core import checks

from integrationsmonitor.publish.pdf import logo_fehler

from .geheimnis import DATEI, schluessel_ordner


@dataclass(frozen=True)
class Befund:
    unsicher: bool
    text: str


# Django's deployment checks in German; the ones IMON_HTTPS switches on are covered by our own line about it.
_DURCH_HTTPS = {"security.W004", "security.W008", "security.W012", "security.W016"}
_DEUTSCH = {
    "security.W009": (True, "der geheime Schlüssel ist zu kurz oder zu einfach"),
    "security.W018": (True, "DEBUG ist an (IMON_DEBUG)"),
    "security.W020": (True, "IMON_ALLOWED_HOSTS ist leer"),
    # decided: other services of the county may share the domain without TLS; no preload list
    "security.W005": (False, "HSTS gilt nicht für Subdomains (gewollt: andere Dienste des Kreises)"),
    "security.W021": (False, "HSTS-Preload ist nicht gesetzt (gewollt)"),
}


def _django() -> list[Befund]:
    befunde = []
    for m in checks.run_checks(include_deployment_checks=True):
        if m.level < checks.WARNING or (m.id in _DURCH_HTTPS and not settings.IMON_HTTPS):
            continue
        unsicher, text = _DEUTSCH.get(m.id or "", (True, m.msg.splitlines()[0]))
        befunde.append(Befund(unsicher, f"{text} (Django {m.id})"))
    return befunde


def _eigene() -> list[Befund]:
    b: list[Befund] = []
    if settings.DEBUG:
        b.append(
            Befund(
                True, "IMON_DEBUG=1: Fehlerseiten zeigen Quelltext und Einstellungen; in Betrieb weglassen"
            )
        )
    if not settings.IMON_HTTPS:
        b.append(Befund(True, "IMON_HTTPS ist nicht gesetzt: Cookies ohne Secure, kein HSTS; hinter einem "
                              "TLS-Proxy IMON_HTTPS=1 setzen (docs/betrieb.md)"))  # fmt: skip
    elif settings.IMON_SITE_URL.startswith("http://"):
        b.append(
            Befund(True, f"IMON_SITE_URL ist {settings.IMON_SITE_URL}: Links in Mails sollen https:// sein")
        )
    if "*" in settings.ALLOWED_HOSTS:
        b.append(Befund(True, "IMON_ALLOWED_HOSTS enthält *: nur die Namen der Website eintragen"))
    if not os.environ.get("IMON_SECRET_KEY"):
        pfad = schluessel_ordner(settings.DATABASES["default"], Path(settings.DATA_DIR)) / DATEI
        if pfad.exists() and stat.S_IMODE(pfad.stat().st_mode) & 0o077:
            b.append(Befund(True, f"{pfad} ist für andere lesbar: chmod 600"))
        b.append(Befund(False, f"geheimer Schlüssel aus {pfad} (bei einem Umzug mitnehmen)"))
    elif len(settings.SECRET_KEY) < 50:
        b.append(Befund(True, "IMON_SECRET_KEY ist kürzer als 50 Zeichen"))
    if settings.EMAIL_HOST_PASSWORD and not (settings.EMAIL_USE_TLS or settings.EMAIL_USE_SSL):
        b.append(Befund(True, "SMTP-Kennwort ohne Verschlüsselung: IMON_SMTP_TLS=starttls oder ssl setzen"))
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        b.append(Befund(False, "Datenbank ist SQLite: für den Betrieb PostgreSQL empfohlen (README, Umzug mit "
                               "imon backup / imon restore)"))  # fmt: skip
    if settings.IMON_LOGO and (fehler := logo_fehler(Path(settings.IMON_LOGO))):
        b.append(Befund(False, f"IMON_LOGO: {fehler}; FactSheet und Jahresbericht erscheinen ohne Logo"))
    if not os.environ.get("IMON_LOG_DATEI"):
        b.append(Befund(False, "Protokoll nur auf stderr (IMON_LOG_DATEI für eine Datei)"))
    return b


def pruefe_betrieb() -> list[Befund]:
    """Every finding, unsafe ones first."""
    return sorted(_django() + _eigene(), key=lambda f: not f.unsicher)

"""`imon check` (web.betriebspruefung runs Django's deployment checks): the Integreat push settings.

Only when IMON_INTEGREAT_TOKENS is set: a malformed setting is named (as `imon integreat-push` would), and
an http:// CMS address is unsafe, because every push carries its page's token.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks

from . import push

LOKAL = {"127.0.0.1", "localhost", "::1"}


@checks.register(checks.Tags.security, deploy=True)
def integreat_push_einstellungen(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    if not str(getattr(settings, "IMON_INTEGREAT_TOKENS", "") or "").strip():
        return []
    try:
        konfig = push.konfiguration()
    except push.KonfigurationsFehler as exc:
        return [checks.Warning(f"Integreat-Push: {exc}", id="integreat.W001")]
    teile = urlsplit(konfig.url)
    if teile.scheme != "https" and teile.hostname not in LOKAL:
        return [
            checks.Warning(
                f"IMON_INTEGREAT_URL ist {konfig.url}: die Tokens der Integreat-Seiten gingen unverschlüsselt "
                "über das Netz, https:// eintragen",
                id="integreat.W002",
            )
        ]
    return []

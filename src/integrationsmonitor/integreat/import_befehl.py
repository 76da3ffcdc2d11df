"""`imon integreat-import [--url URL] [--region SLUG]`: the command's logic (the CLI only parses and calls
`ausfuehren`).

Prints the German summary of importieren.Zusammenfassung. Exit codes: 0 imported, 1 Integreat could not be
read (nothing changed), 2 not configured (neither --url/--region nor IMON_INTEGREAT_URL/IMON_INTEGREAT_REGION).
"""

from __future__ import annotations

import sys
from typing import TextIO

from .api import IntegreatFehler
from .importieren import KonfigurationFehlt, importiere_aus_einstellungen


def ausfuehren(
    url: str | None, region: str | None, aus: TextIO = sys.stdout, fehler: TextIO = sys.stderr
) -> int:
    try:
        z = importiere_aus_einstellungen(url, region)
    except KonfigurationFehlt as exc:
        fehler.write(f"{exc}\n")
        return 2
    except IntegreatFehler as exc:
        fehler.write(f"Integreat-Import abgebrochen, an den Angeboten ist nichts geändert: {exc}\n")
        return 1
    aus.write(z.text() + "\n")
    return 0

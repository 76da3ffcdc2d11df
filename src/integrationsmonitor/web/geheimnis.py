"""The site's secret key when IMON_SECRET_KEY is not set: random, created once beside the database (0600).

Django signs sessions, CSRF tokens and message cookies with it. A key written in the repository lets anyone
forge a `messages` cookie (finding 3 of #10); a key made anew at every start would log everybody out at
every restart. So: the first start writes 50 random bytes (URL-safe) to `secret_key` in the database's
folder with mode 0600, every later start reads it. Two processes starting at once agree (O_EXCL; the loser
reads the winner's file). Imported by the settings, so no Django here.
"""

from __future__ import annotations

import os
import secrets
import stat
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

DATEI = "secret_key"


class SchluesselFehler(RuntimeError):
    """The key file cannot be created or read (German message naming the file)."""


def schluessel_ordner(datenbank: Mapping[str, Any], standard: Path) -> Path:
    """The folder of the SQLite file for SQLite, else `standard` (IMON_DATA_DIR)."""
    name = str(datenbank.get("NAME") or "")
    if str(datenbank.get("ENGINE", "")).endswith("sqlite3") and name and name != ":memory:":
        return Path(name).resolve().parent
    return standard


def geheimer_schluessel(ordner: Path) -> str:
    """The key stored in `ordner/secret_key`, created with mode 0600 if missing."""
    pfad = ordner / DATEI
    try:
        ordner.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(pfad, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return _lies(pfad)
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(secrets.token_urlsafe(50) + "\n")
        return _lies(pfad)
    except OSError as exc:
        raise SchluesselFehler(
            f"{pfad}: der geheime Schlüssel der Website kann nicht angelegt werden ({exc.strerror}); "
            "IMON_SECRET_KEY setzen oder IMON_DATA_DIR auf einen beschreibbaren Ordner richten"
        ) from None


def _lies(pfad: Path) -> str:
    for _ in range(50):  # another process may be writing it right now
        text = pfad.read_text(encoding="ascii").strip()
        if len(text) >= 50:
            break
        time.sleep(0.02)
    else:
        raise SchluesselFehler(
            f"{pfad}: die Datei enthält keinen gültigen Schlüssel (zu kurz); bitte löschen"
        )
    modus = stat.S_IMODE(pfad.stat().st_mode)
    if modus & 0o077:
        os.chmod(pfad, 0o600)  # readable for others: tighten it, the key may have been copied by hand
    return text

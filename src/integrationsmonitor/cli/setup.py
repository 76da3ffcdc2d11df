"""Start Django for a CLI command: database from --db / IMON_DATABASE_URL, migrated on first use."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path


def _abbruch(text: str) -> None:
    sys.stderr.write(f"Fehler: {text}\n")
    raise SystemExit(3)


def django_starten(db: str | None) -> None:
    if db:
        os.environ["IMON_DATABASE_URL"] = db
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "integrationsmonitor.web.settings")
    import dj_database_url
    import django

    url = os.environ.get("IMON_DATABASE_URL", "")
    if url:
        try:
            dj_database_url.parse(url)
        except (ValueError, dj_database_url.UnknownSchemeError) as exc:
            _abbruch(
                f"Datenbank-URL ‚{url}‘ nicht verwendbar ({exc}); Beispiele: sqlite:///pfad/imon.sqlite3, postgres://benutzer@host/name"
            )
    from django.conf import settings

    from integrationsmonitor.web.geheimnis import SchluesselFehler

    ordner = Path(url.removeprefix("sqlite:///")).parent if url.startswith("sqlite:///") else None
    try:
        settings.DATA_DIR  # noqa: B018 - loads the settings, which read or create the secret key
    except SchluesselFehler as exc:
        _abbruch(str(exc))
    if not url:  # the embedded default: a SQLite file below IMON_DATA_DIR (./var)
        ordner = Path(settings.DATA_DIR)
    if ordner is not None:
        try:
            ordner.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            _abbruch(f"Ordner {ordner} für die Datenbank kann nicht angelegt werden ({exc.strerror})")
    django.setup()
    _migrieren()


def _offene_migrationen() -> list[object]:
    from django.db import DEFAULT_DB_ALIAS, connections
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    return list(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def _migrieren() -> None:
    """Migrate a new or older database. Two commands started at once on a new database both find it
    unmigrated; the one that loses the race sees "table already exists" (or Django's MigrationSchemaMissing)
    and then finds nothing left to do."""
    from django.core.management import call_command
    from django.db import connections
    from django.db.utils import DatabaseError, OperationalError

    try:
        offen = _offene_migrationen()
    except OperationalError as exc:
        _abbruch(f"Datenbank nicht erreichbar ({exc})")
    for versuch in range(5):
        if not offen:
            return
        try:
            call_command("migrate", verbosity=0, interactive=False)
            return
        except DatabaseError as exc:  # includes MigrationSchemaMissing
            connections.close_all()
            time.sleep(0.2 * (versuch + 1))
            try:
                offen = _offene_migrationen()
            except DatabaseError:
                offen = [exc]  # still busy: try again
            if versuch == 4 and offen:
                _abbruch(f"die Datenbank kann nicht eingerichtet werden ({exc})")

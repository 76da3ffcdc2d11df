"""Start Django for a CLI command: database from --db / IMON_DATABASE_URL, migrated on first use."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def django_starten(db: str | None) -> None:
    if db:
        os.environ["IMON_DATABASE_URL"] = db
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "integrationsmonitor.web.settings")
    import django
    from django.conf import settings

    url = os.environ.get("IMON_DATABASE_URL", "")
    if not url:  # the embedded default: a SQLite file below IMON_DATA_DIR (./var)
        Path(settings.DATA_DIR).mkdir(parents=True, exist_ok=True)
    elif url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    django.setup()
    _migrieren()


def _migrieren() -> None:
    from django.core.management import call_command
    from django.db import DEFAULT_DB_ALIAS, connections
    from django.db.migrations.executor import MigrationExecutor
    from django.db.utils import OperationalError

    try:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        offen = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except OperationalError as exc:
        sys.stderr.write(f"Fehler: Datenbank nicht erreichbar ({exc})\n")
        raise SystemExit(3) from None
    if offen:
        call_command("migrate", verbosity=0, interactive=False)

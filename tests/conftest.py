"""Shared pytest configuration. Django settings come from pyproject.toml (pytest-django)."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

# In CI the property tests draw the same examples every run (a red CI must be reproducible); locally they
# keep exploring and remember what failed in .hypothesis/.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
    settings.load_profile("ci")


@pytest.fixture(autouse=True)
def _deutsch_nach_jedem_test():
    """Every test starts in German, the site's default: a request in another language activates it for the
    thread (SpracheMiddleware, like Django's own), which would otherwise leak into the next test."""
    yield
    try:
        from django.conf import settings as django_settings
        from django.utils import translation

        translation.activate(django_settings.LANGUAGE_CODE)
    except Exception:  # Django not configured (e.g. run with -p no:django)
        pass


@pytest.fixture(autouse=True)
def _ohne_zwischenstaende():
    """Every test starts without the caches kept by data version (store.datenversion): a rolled-back test
    database shows an earlier version again, though other tests may have written other data meanwhile."""
    try:
        from integrationsmonitor.store.datenversion import vergiss_alles
    except Exception:  # Django not configured (e.g. run with -p no:django)
        yield
        return
    vergiss_alles()
    yield


def pytest_report_header(config):
    """Name the test database backend in the header, so a CI log shows which database a run used."""
    try:
        from django.conf import settings

        db = settings.DATABASES["default"]
    except Exception:  # Django not configured (e.g. run with -p no:django)
        return None
    where = f"{db.get('HOST')}:{db.get('PORT')}/" if db.get("HOST") else ""
    return f"database: {db['ENGINE'].rsplit('.', 1)[-1]} {where}{db['NAME']} (tests use a separate test database)"


@pytest.fixture(autouse=True, scope="session")
def _vorschau_ablage(tmp_path_factory):
    """Uploads waiting for their confirmation (web.vorschauablage) go to a temporary folder, not to var/."""
    try:
        from django.conf import settings as django_settings

        django_settings.IMON_VORSCHAU_DIR = str(tmp_path_factory.mktemp("vorschau"))
    except Exception:  # Django not configured (e.g. run with -p no:django)
        pass
    yield

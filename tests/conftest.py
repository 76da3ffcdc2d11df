"""Shared pytest configuration. Django settings come from pyproject.toml (pytest-django)."""

from __future__ import annotations


def pytest_report_header(config):
    """Name the test database backend in the header, so a CI log shows which database a run used."""
    try:
        from django.conf import settings

        db = settings.DATABASES["default"]
    except Exception:  # Django not configured (e.g. run with -p no:django)
        return None
    where = f"{db.get('HOST')}:{db.get('PORT')}/" if db.get("HOST") else ""
    return f"database: {db['ENGINE'].rsplit('.', 1)[-1]} {where}{db['NAME']} (tests use a separate test database)"

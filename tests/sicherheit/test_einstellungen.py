"""Findings 3, 11 and 13 of #10 and the production settings: no fixed key, HTTPS switches, a strict CSP,
German error pages, `imon check`, SQLite in WAL mode, 500s logged, every IMON_* variable documented."""

from __future__ import annotations

import io
import logging
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest
from django.test import Client, override_settings
from django.urls import path

from integrationsmonitor.web.geheimnis import geheimer_schluessel

from .prozesse import IMON, umgebung

WURZEL = Path(__file__).parents[2]
ALTER_SCHLUESSEL = "unsicher-nur-fuer-demo-und-tests"  # the key that was in the repository until #10


def _imon(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess:
    return subprocess.run([IMON, *args], capture_output=True, text=True, env=umgebung(**(env or {})),
                          cwd=cwd, timeout=300)  # fmt: skip


def test_no_key_in_the_repository():
    treffer = subprocess.run(["git", "grep", "-l", ALTER_SCHLUESSEL, "--", "src", "README.md", "docs"],
                             cwd=WURZEL, capture_output=True, text=True)  # fmt: skip
    assert treffer.stdout == ""


def test_random_key_created_once_with_mode_0600_and_reused(tmp_path):
    a = geheimer_schluessel(tmp_path / "var")
    datei = tmp_path / "var" / "secret_key"
    assert oct(datei.stat().st_mode & 0o777) == "0o600"
    assert len(a) >= 60 and a != ALTER_SCHLUESSEL
    assert geheimer_schluessel(tmp_path / "var") == a  # the next start reads it
    assert geheimer_schluessel(tmp_path / "anderswo") != a  # random, not derived
    datei.chmod(0o644)
    assert geheimer_schluessel(tmp_path / "var") == a
    assert oct(datei.stat().st_mode & 0o777) == "0o600"  # tightened again


def test_parallel_first_starts_agree_on_one_key(tmp_path):
    code = "import sys; from integrationsmonitor.web.geheimnis import geheimer_schluessel as g; print(g(__import__('pathlib').Path(sys.argv[1])))"
    laeufe = [subprocess.Popen([sys.executable, "-c", code, str(tmp_path)], stdout=subprocess.PIPE, text=True)
              for _ in range(6)]  # fmt: skip
    schluessel = {p.communicate(timeout=60)[0].strip() for p in laeufe}
    assert len(schluessel) == 1 and len(next(iter(schluessel))) >= 60


def test_fresh_start_uses_a_random_key_beside_the_database(tmp_path):
    db = tmp_path / "daten" / "imon.sqlite3"
    lauf = _imon("deliveries", "--db", f"sqlite:///{db}")
    assert lauf.returncode == 0, lauf.stderr
    datei = db.parent / "secret_key"
    assert datei.exists() and oct(datei.stat().st_mode & 0o777) == "0o600"


@pytest.mark.django_db
def test_a_messages_cookie_signed_with_the_old_fixed_key_is_not_shown(client: Client):
    """Finding 3: a cookie forged with the key from the repository put a phishing text on the start page."""
    text = "Ihr Zugang läuft ab – Passwort an admin@evil.example senden"
    from django.contrib.messages.storage.base import Message

    def cookie() -> str:
        return str(CookieStorage(HttpRequest())._encode([Message(constants.ERROR, text)]))

    client.cookies[CookieStorage.cookie_name] = cookie()  # signed with the site's key: the control
    assert text in client.get("/").content.decode()  # the mechanism works with the right key …
    with override_settings(SECRET_KEY=ALTER_SCHLUESSEL):
        gefaelscht = cookie()
    client.cookies[CookieStorage.cookie_name] = gefaelscht
    assert text not in client.get("/").content.decode()  # … and not with the old public one


def _einstellung(env: dict[str, str], tmp_path: Path, *namen: str) -> list[str]:
    code = ("import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'integrationsmonitor.web.settings');"
            "from django.conf import settings;"
            f"print('|'.join(repr(getattr(settings, n)) for n in {list(namen)!r}))")  # fmt: skip
    aus = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                         env=umgebung(IMON_DATA_DIR=str(tmp_path), **env))  # fmt: skip
    assert aus.returncode == 0, aus.stderr
    return aus.stdout.strip().split("|")


def test_https_switch(tmp_path):
    namen = ("SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_HSTS_SECONDS", "SECURE_PROXY_SSL_HEADER",
             "SECURE_SSL_REDIRECT")  # fmt: skip
    assert _einstellung({}, tmp_path, *namen) == ["False", "False", "0", "None", "False"]
    assert _einstellung({"IMON_HTTPS": "1"}, tmp_path, *namen) == [
        "True", "True", "31536000", "('HTTP_X_FORWARDED_PROTO', 'https')", "True"]  # fmt: skip


@pytest.mark.django_db
def test_strict_csp_and_headers_on_public_and_admin_pages(client: Client):
    antwort = client.get("/")
    csp = antwort["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert antwort["X-Content-Type-Options"] == "nosniff" and antwort["X-Frame-Options"] == "DENY"
    html = antwort.content.decode()
    assert "<script" not in html and " style=" not in html  # the policy does not break the page
    admin = client.get("/admin/login/")
    assert "script-src 'self'" in admin["Content-Security-Policy"]
    assert " style=" not in admin.content.decode()


@pytest.mark.django_db
def test_signed_in_pages_are_not_cached(client: Client):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_user("amt", "a@example.org", "x"))
    assert client.get("/").headers["Cache-Control"] == "private, no-store"


@pytest.mark.django_db
def test_german_404_and_403_pages_in_the_site_layout(client: Client):
    a = client.get("/gibt/es/nicht/")
    html = a.content.decode()
    assert a.status_code == 404
    assert "<h1>Seite nicht gefunden</h1>" in html and 'class="navigation"' in html
    assert "Not Found" not in html and "The requested resource" not in html
    b = Client(enforce_csrf_checks=True).post("/anmelden/", {"username": "x", "password": "y"})
    assert b.status_code == 403
    assert "<h1>Formular abgelaufen</h1>" in b.content.decode()
    assert "CSRF" not in b.content.decode()


def _kaputt(request: HttpRequest):
    raise RuntimeError("interner Zustand: Kennwort=streng-geheim")


urlpatterns = [path("kaputt/", _kaputt)]


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_500_is_german_without_internals_and_logged():
    """Finding 5: no 500 was logged (Django logs django.request only to mail_admins without DEBUG)."""
    from django.conf import settings

    protokoll = io.StringIO()
    handler = logging.StreamHandler(protokoll)
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        antwort = Client(raise_request_exception=False).get("/kaputt/")
    finally:
        logger.removeHandler(handler)
    html = antwort.content.decode()
    assert antwort.status_code == 500
    assert "Ein Fehler ist aufgetreten" in html and "streng-geheim" not in html and "Traceback" not in html
    assert "Internal Server Error: /kaputt/" in protokoll.getvalue()
    assert "RuntimeError: interner Zustand" in protokoll.getvalue()  # with the traceback, in the log only
    assert "stderr" in settings.LOGGING["loggers"]["django.request"]["handlers"]
    assert logger.getEffectiveLevel() <= logging.ERROR and logger.handlers


@pytest.mark.django_db
def test_bad_host_gives_the_german_400_page():
    antwort = Client(raise_request_exception=False).get("/", HTTP_HOST="angreifer.example")
    assert antwort.status_code == 400
    assert "<h1>Ungültige Anfrage</h1>" in antwort.content.decode()


def test_imon_check_fails_on_demo_settings_and_passes_in_production(tmp_path):
    db = f"sqlite:///{tmp_path / 'imon.sqlite3'}"
    demo = _imon("check", "--db", db)
    assert demo.returncode == 1
    assert "UNSICHER  IMON_HTTPS ist nicht gesetzt" in demo.stdout
    assert "unsichere Einstellung(en): so nicht öffentlich betreiben." in demo.stdout
    betrieb = {"IMON_HTTPS": "1", "IMON_SITE_URL": "https://integration.example.de",
               "IMON_ALLOWED_HOSTS": "integration.example.de"}  # fmt: skip
    gut = _imon("check", "--db", db, env=betrieb)
    assert gut.returncode == 0, gut.stdout
    assert "Keine unsicheren Einstellungen gefunden." in gut.stdout
    offen = _imon("check", "--db", db, env={**betrieb, "IMON_ALLOWED_HOSTS": "*", "IMON_DEBUG": "1"})
    assert offen.returncode == 1
    assert "IMON_ALLOWED_HOSTS enthält *" in offen.stdout and "IMON_DEBUG=1" in offen.stdout


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    db = tmp_path / "imon.sqlite3"
    assert _imon("deliveries", "--db", f"sqlite:///{db}").returncode == 0
    with sqlite3.connect(db) as c:
        assert c.execute("PRAGMA journal_mode").fetchone()[0] == "wal"  # persistent in the file
    assert _einstellung({"IMON_DATABASE_URL": f"sqlite:///{db}"}, tmp_path, "DATABASES")[0].count(
        "'timeout': 20"
    )


def test_every_imon_variable_the_code_reads_is_documented():
    gelesen = set()
    for datei in (WURZEL / "src").rglob("*.py"):
        gelesen |= set(
            re.findall(r"environ(?:\.get)?[\(\[]\s*\"(IMON_[A-Z0-9_]+)\"", datei.read_text("utf-8"))
        )
    tabelle = (WURZEL / "docs" / "betrieb.md").read_text("utf-8")
    assert len(gelesen) > 25
    fehlend = sorted(v for v in gelesen if f"`{v}`" not in tabelle)
    assert not fehlend, f"in docs/betrieb.md nicht beschrieben: {fehlend}"


def test_unwritable_key_folder_gives_a_german_message_not_a_traceback(tmp_path):
    datei = tmp_path / "keine_ordner"
    datei.write_text("x")
    lauf = _imon("deliveries", env={"IMON_DATABASE_URL": "postgres://x@127.0.0.1:1/x",
                                    "IMON_DATA_DIR": str(datei / "var")})  # fmt: skip
    assert lauf.returncode == 3
    assert "der geheime Schlüssel der Website kann nicht angelegt werden" in lauf.stderr
    assert "IMON_SECRET_KEY setzen" in lauf.stderr and "Traceback" not in lauf.stderr

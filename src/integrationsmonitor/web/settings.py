"""Django settings. Everything configurable comes from environment variables (IMON_*)."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

from integrationsmonitor.web.geheimnis import geheimer_schluessel, schluessel_ordner

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("IMON_DATA_DIR", Path.cwd() / "var"))
DEFAULT_DATABASE_URL = f"sqlite:///{DATA_DIR / 'imon.sqlite3'}"

DATABASE_URL = os.environ.get("IMON_DATABASE_URL") or DEFAULT_DATABASE_URL

DEBUG = os.environ.get("IMON_DEBUG", "") == "1"
ALLOWED_HOSTS = os.environ.get("IMON_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

# Production behind a TLS proxy (docs/betrieb.md): IMON_HTTPS=1 makes cookies Secure, sends HSTS and trusts
# the proxy's X-Forwarded-Proto header (the proxy must set it and strip it from clients).
IMON_HTTPS = os.environ.get("IMON_HTTPS", "") == "1"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = IMON_HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if IMON_HTTPS else None
SECURE_SSL_REDIRECT = IMON_HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("IMON_HSTS_SEKUNDEN", 31_536_000)) if IMON_HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = False  # other services of the county may share the domain
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
# The site has no JavaScript and loads nothing from elsewhere; charts are inline SVG (web.sicherheit).
IMON_CSP = (
    "default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)

INSTALLED_APPS = [
    "integrationsmonitor.web",  # first, so its templates (admin/base_site.html with the demo banner) win
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "integrationsmonitor.store",
    "integrationsmonitor.publish.mailing",
    "integrationsmonitor.publish",
    "integrationsmonitor.registry",
    "integrationsmonitor.registry.kurse",
    "integrationsmonitor.registry.beratung",
    "integrationsmonitor.integreat",
    "integrationsmonitor.registry.engagement",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "integrationsmonitor.web.sicherheit.SicherheitsKopfMiddleware",  # CSP, no caching of internal pages
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "integrationsmonitor.web.antwortcache.AntwortCacheMiddleware",  # public answers by data version
    "django.contrib.sessions.middleware.SessionMiddleware",
    "integrationsmonitor.web.sprache.SpracheMiddleware",  # German unless chosen (not Accept-Language)
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "integrationsmonitor.web.urls"
CSRF_FAILURE_VIEW = "integrationsmonitor.web.fehlerseiten.csrf_fehler"  # German, in the site's layout

# Logging: every 500 (django.request, with traceback), every rejected delivery (integrationsmonitor.lieferung)
# and the server's own messages go to stderr; IMON_LOG_DATEI adds a file. IMON_LOG_LEVEL: DEBUG … ERROR.
IMON_LOG_LEVEL = os.environ.get("IMON_LOG_LEVEL", "INFO").upper()
_LOG_ZIELE = ["stderr"] + (["datei"] if os.environ.get("IMON_LOG_DATEI") else [])
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"zeile": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "formatter": "zeile"},
        **(
            {
                "datei": {
                    "class": "logging.handlers.WatchedFileHandler",
                    "formatter": "zeile",
                    "filename": os.environ["IMON_LOG_DATEI"],
                    "encoding": "utf-8",
                }
            }
            if os.environ.get("IMON_LOG_DATEI")
            else {}
        ),
    },
    "loggers": {
        "django.request": {"handlers": _LOG_ZIELE, "level": "ERROR", "propagate": False},
        "django.security": {"handlers": _LOG_ZIELE, "level": "WARNING", "propagate": False},
        "integrationsmonitor": {"handlers": _LOG_ZIELE, "level": IMON_LOG_LEVEL, "propagate": False},
        "waitress": {"handlers": _LOG_ZIELE, "level": "WARNING", "propagate": False},
    },
}
WSGI_APPLICATION = "integrationsmonitor.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "integrationsmonitor.web.context.site",
            ],
        },
    },
]

DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL: readers never wait for a writer; a writer waits up to 20 s for another instead of failing at once
    # with "database is locked"; BEGIN IMMEDIATE takes the write lock at the start of a transaction, so two
    # writers queue instead of deadlocking on the upgrade from read to write; init_command sets WAL on every connection.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": int(os.environ.get("IMON_SQLITE_TIMEOUT", 20)),
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

# No key lives in the repository: IMON_SECRET_KEY, or a random key created on first start beside the database
# (mode 0600) and kept there, so sessions survive a restart (web.geheimnis).
SECRET_KEY = os.environ.get("IMON_SECRET_KEY") or geheimer_schluessel(
    schluessel_ordner(DATABASES["default"], DATA_DIR)
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "de"
LANGUAGES = [("de", "Deutsch"), ("en", "English"), ("uk", "Українська"), ("ar", "العربية")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Static files are served from the packages by whitenoise (finders); STATIC_ROOT only for `collectstatic`
# in a deployment behind another web server.
STATIC_ROOT = os.environ.get("IMON_STATIC_ROOT") or None
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# Role admin (registry.Zugang) holds every model permission; see registry.rollen for who may do what.
AUTHENTICATION_BACKENDS = ["integrationsmonitor.registry.backends.RollenBackend"]
LOGIN_URL = "/anmelden/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# Delivery uploads: offices' files are thousands of rows, not gigabytes.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
IMON_MAX_UPLOAD_BYTES = int(os.environ.get("IMON_MAX_UPLOAD_BYTES", 50 * 1024 * 1024))
# A checked upload waits here for its confirmation (web.vorschauablage), beside the database, for an hour.
IMON_VORSCHAU_DIR = os.environ.get("IMON_VORSCHAU_DIR") or str(
    schluessel_ordner(DATABASES["default"], DATA_DIR) / "vorschau"
)
IMON_VORSCHAU_SEKUNDEN = int(os.environ.get("IMON_VORSCHAU_SEKUNDEN", 3600))

# `imon serve` (waitress): worker threads; open connections at most (idle and slow clients cost a socket,
# not a thread, so the limit is far above the threads); seconds a connection may sit idle before it is closed.
IMON_THREADS = int(os.environ.get("IMON_THREADS", 8))
IMON_VERBINDUNGEN = int(os.environ.get("IMON_VERBINDUNGEN", 2000))
IMON_VERBINDUNG_TIMEOUT = int(os.environ.get("IMON_VERBINDUNG_TIMEOUT", 30))
# Worker processes of `imon serve` (cli.server): one per core this process may use, so Python code runs on
# every core; each has IMON_THREADS threads and up to IMON_VERBINDUNGEN connections.
IMON_PROZESSE = max(1, int(os.environ.get("IMON_PROZESSE") or len(os.sched_getaffinity(0))))

# Which county catalogue to load (a directory of YAML files); default: the shipped LDS catalogue.
IMON_CATALOG_DIR = os.environ.get("IMON_CATALOG_DIR", "")

# Registry: warn about funding that ends within this many months without a follow-up line.
IMON_FOERDERUNG_WARNMONATE = int(os.environ.get("IMON_FOERDERUNG_WARNMONATE", 6))

# Logo in the FactSheet and report PDFs (SVG or PNG); default: the shipped neutral logo.
IMON_LOGO = os.environ.get("IMON_LOGO", "")

# Mailing list (publish.mailing): Django's SMTP backend, configured from IMON_SMTP_* (see README).
# IMON_SMTP_TLS: "starttls" (or "1") for STARTTLS, "ssl" for implicit TLS (port 465), empty for none.
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("IMON_SMTP_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("IMON_SMTP_PORT", 25))
EMAIL_HOST_USER = os.environ.get("IMON_SMTP_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("IMON_SMTP_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("IMON_SMTP_TLS", "").lower() in {"1", "true", "starttls"}
EMAIL_USE_SSL = os.environ.get("IMON_SMTP_TLS", "").lower() == "ssl"
# Seconds per SMTP operation: a dead server must not block the queue or a subscription request.
EMAIL_TIMEOUT = int(os.environ.get("IMON_SMTP_TIMEOUT", 30))
DEFAULT_FROM_EMAIL = os.environ.get("IMON_MAIL_FROM", "factsheet@localhost")
IMON_MAIL_FROM = DEFAULT_FROM_EMAIL
# Absolute address of the site, for the confirmation and unsubscribe links in mails (https in production).
IMON_SITE_URL = os.environ.get("IMON_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Attempts per mail before it is marked failed; with the backoff (5 min doubling, at most 6 h) 16 attempts
# span about 2.5 days, so a weekend outage of the mail server loses nothing.
IMON_MAIL_MAX_VERSUCHE = int(os.environ.get("IMON_MAIL_MAX_VERSUCHE", 16))
# Days a volunteer's interest (/mitmachen/) waits for its confirmation and forwarding before it is deleted
# (registry.engagement; `imon mail-queue` deletes it).
IMON_MITMACHEN_FRIST_TAGE = int(os.environ.get("IMON_MITMACHEN_FRIST_TAGE", 7))
# Integreat (integrationsmonitor.integreat): the CMS base URL and the county's region slug (import and push).
IMON_INTEGREAT_URL = os.environ.get("IMON_INTEGREAT_URL", "").rstrip("/")
IMON_INTEGREAT_REGION = os.environ.get("IMON_INTEGREAT_REGION", "")
# Push (`imon integreat-push`): per language the API token of the Integreat page that shows the course list,
# "de:…,uk:…,ar:…" (secret: never printed or logged); IMON_INTEGREAT_PUSH_BERATUNG=1 adds the counselling
# offers of /angebote/ to those pages.
IMON_INTEGREAT_TOKENS = os.environ.get("IMON_INTEGREAT_TOKENS", "")
IMON_INTEGREAT_PUSH_BERATUNG = os.environ.get("IMON_INTEGREAT_PUSH_BERATUNG", "").lower() in {
    "1",
    "true",
    "ja",
}

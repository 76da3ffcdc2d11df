"""Django settings. Everything configurable comes from environment variables (IMON_*)."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("IMON_DATA_DIR", Path.cwd() / "var"))
DEFAULT_DATABASE_URL = f"sqlite:///{DATA_DIR / 'imon.sqlite3'}"

SECRET_KEY = os.environ.get("IMON_SECRET_KEY", "unsicher-nur-fuer-demo-und-tests")
DEBUG = os.environ.get("IMON_DEBUG", "") == "1"
ALLOWED_HOSTS = os.environ.get("IMON_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

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
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "integrationsmonitor.web.sprache.SpracheMiddleware",  # German unless chosen (not Accept-Language)
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "integrationsmonitor.web.urls"
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

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("IMON_DATABASE_URL") or DEFAULT_DATABASE_URL, conn_max_age=60
    )
}
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

"""Browser tests: Debian's chromium driven by Selenium against pytest-django's live server.

Fixtures (see tests/browser/README.md):

- ``browser``: one headless chromium for the whole session (Selenium WebDriver), window 1280×900.
- ``seite``: opens a path of the live server in that browser, in German or English (the English version
  through the real language switch, a link to ?sprache=en), optionally logged in; returns the WebDriver.
- ``live_daten``: the five deliveries of tests/web/conftest.py, stored so the live server sees them.
- ``live_factsheet``: the FactSheet 2024-Q4 made from them.
- ``live_abonnent``: a mailing-list subscriber with known tokens (confirm and unsubscribe pages).

Nothing is ever downloaded: the browser and the driver are Debian's binaries (``/usr/bin/chromium``,
``/usr/bin/chromedriver``, or ``IMON_CHROMIUM``/``IMON_CHROMEDRIVER``), given to Selenium explicitly so
Selenium Manager never runs. Without them the tests skip locally and fail in CI (``CI=true``).
"""

from __future__ import annotations

import os
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

CHROMIUM = os.environ.get("IMON_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("IMON_CHROMEDRIVER", "/usr/bin/chromedriver")
FENSTER = (1280, 900)  # fixed window size, so layout-dependent checks (contrast, reflow) are repeatable
SPRACHEN = ("de", "en", "uk", "ar")  # uk and ar: only pages translated into them (web.sprache.NUR_AUF)

# The flags Debian's chromium needs here: headless, as root (no sandbox), no background network traffic.
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--lang=de-DE",
    f"--window-size={FENSTER[0]},{FENSTER[1]}",
]


def _im_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _fehlende_programme() -> list[str]:
    return [p for p in (CHROMIUM, CHROMEDRIVER) if not (os.path.isfile(p) and os.access(p, os.X_OK))]


@pytest.fixture(scope="session")
def browser(live_server: object, tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebDriver]:
    """One headless chromium per test session (Selenium WebDriver).

    It asks for ``live_server`` only so that the server outlives the browser: chromium keeps HTTP
    connections open, and a server stopped first would close them from threads that no longer may use
    the shared in-memory SQLite connection (a warning at the end of the run).
    """
    fehlen = _fehlende_programme()
    if fehlen:
        grund = (
            f"Browsertests: {', '.join(fehlen)} fehlt (Debian: apt-get install chromium chromium-driver; "
            "andere Pfade über IMON_CHROMIUM/IMON_CHROMEDRIVER) / browser tests need chromium and chromedriver"
        )
        if _im_ci():
            pytest.fail(grund, pytrace=False)
        pytest.skip(grund)

    # Selenium Manager must never fetch a driver or browser; with both paths given it is not called at all,
    # and offline mode makes sure of it.
    os.environ.setdefault("SE_OFFLINE", "true")
    os.environ.setdefault("SE_AVOID_STATS", "true")

    optionen = webdriver.ChromeOptions()
    optionen.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS:
        optionen.add_argument(flag)
    optionen.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profil')}")
    # a German browser: the course finder follows Accept-Language on a first visit (web.sprache), and headless
    # chromium would send en-US whatever --lang says
    optionen.add_experimental_option("prefs", {"intl.accept_languages": "de-DE,de"})
    log = tmp_path_factory.mktemp("chromedriver") / "chromedriver.log"
    treiber = webdriver.Chrome(service=Service(CHROMEDRIVER, log_output=str(log)), options=optionen)
    try:
        treiber.set_window_size(*FENSTER)
        treiber.set_page_load_timeout(30)
        treiber.set_script_timeout(60)
        yield treiber
    finally:
        treiber.quit()


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as antwort:
            return int(antwort.status)
    except urllib.error.HTTPError as fehler:
        return int(fehler.code)


def _anmelden(browser: WebDriver) -> None:
    """Log the browser in as a staff user (created on first use) with a session cookie, as force_login does.

    Faster than the login form (no password hashing); the form itself is checked as the page /anmelden/.
    """
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    from integrationsmonitor.registry.models import Rolle, Zugang

    benutzer, _ = get_user_model().objects.get_or_create(
        username="redaktion", defaults={"email": "redaktion@example.org", "is_staff": True}
    )
    Zugang.objects.get_or_create(benutzer=benutzer, defaults={"rolle": Rolle.ADMIN})
    client = Client()
    client.force_login(benutzer)
    name = settings.SESSION_COOKIE_NAME
    browser.add_cookie({"name": name, "value": client.cookies[name].value, "path": "/"})


@pytest.fixture
def seite(browser: WebDriver, live_server: object) -> Callable[..., WebDriver]:
    """``seite(pfad, sprache="de", angemeldet=False)`` opens the page and returns the WebDriver.

    Cookies are reset first. A public page must answer 200 (checked with a plain request first: a 404
    page would pass an a11y check) and must not redirect. ``angemeldet=True`` logs in as a staff user
    first. English is chosen through the language switch at the top (a link to `?sprache=en`), as a visitor does.
    """
    basis = str(live_server).rstrip("/")

    def oeffne(pfad: str, sprache: str = "de", *, angemeldet: bool = False) -> WebDriver:
        assert sprache in SPRACHEN, sprache
        url = basis + pfad
        if not angemeldet:
            status = _status(url)
            assert status == 200, f"{pfad}: HTTP {status}"
        browser.get(basis + "/static/web/site.css")  # a page of the live server, so the cookies can go
        browser.delete_all_cookies()
        if angemeldet:
            _anmelden(browser)
        browser.get(url)
        pfad_jetzt = urllib.parse.urlsplit(browser.current_url).path
        assert pfad_jetzt == urllib.parse.urlsplit(url).path, f"{pfad}: weitergeleitet nach {pfad_jetzt}"
        if sprache != "de":
            browser.find_element(By.CSS_SELECTOR, f"nav.sprachwahl a[hreflang={sprache}]").click()
            WebDriverWait(browser, 10).until(
                lambda b: b.execute_script("return document.documentElement.lang") == sprache
            )
        lang = browser.execute_script("return document.documentElement.lang")
        assert lang == sprache, f"{pfad}: <html lang={lang!r}>, erwartet {sprache!r}"
        return browser

    return oeffne


@pytest.fixture
def live_daten(transactional_db: None) -> list[object]:
    """The deliveries of the web tests, committed so the live server's thread sees them.

    ``transactional_db`` (which ``live_server`` requests anyway) empties the database after each test.
    """
    from integrationsmonitor.store.katalog import aktueller_katalog
    from web.conftest import LIEFERUNGEN, liefern

    katalog = aktueller_katalog()
    return [liefern(katalog, *lf) for lf in LIEFERUNGEN]


@pytest.fixture
def live_factsheet(live_daten: list[object]) -> object:
    """The FactSheet 2024-Q4 made from ``live_daten`` and archived (page /factsheet/2024-Q4/)."""
    from integrationsmonitor.publish.services import erstelle_factsheet
    from integrationsmonitor.store.katalog import aktueller_katalog

    ausgabe, neu = erstelle_factsheet(aktueller_katalog(), "2024-Q4", benutzer="test")
    assert neu
    return ausgabe


ABONNENT_TOKENS = ("bestaetigen-test-token", "abmelden-test-token")


@pytest.fixture
def live_abonnent(transactional_db: None) -> object:
    """A subscriber waiting for confirmation, with known tokens (the confirm and unsubscribe pages).

    /newsletter/bestaetigen/bestaetigen-test-token/ and /newsletter/abmelden/abmelden-test-token/.
    """
    from datetime import timedelta

    from django.utils import timezone

    from integrationsmonitor.publish.mailing.models import Abonnent
    from integrationsmonitor.publish.mailing.selectors import token_hash

    bestaetigen, abmelden = ABONNENT_TOKENS
    return Abonnent.objects.create(
        email="leserin@example.org",
        bestaetigungs_token_hash=token_hash(bestaetigen),
        token_gueltig_bis=timezone.now() + timedelta(days=1),
        abmelde_token=abmelden,
    )


@pytest.fixture
def live_kurse(transactional_db: None) -> dict[str, object]:
    """Two providers with a user each (password ``kurs-geheim-123``) and three courses (/kurse/)."""
    from registry.kurse_daten import kursdaten

    return kursdaten()


MITMACH_TOKEN = "mitmachen-test-token"  # confirmation link of the ``live_initiativen`` request


@pytest.fixture
def live_initiativen(transactional_db: None) -> dict[str, object]:
    """The 7 demo initiatives (/mitmachen/) and one unconfirmed interest whose confirmation page is
    /mitmachen/bestaetigen/mitmachen-test-token/."""
    from integrationsmonitor.registry.engagement.demo import baue_engagement_demo
    from integrationsmonitor.registry.engagement.models import Mitmachanfrage
    from integrationsmonitor.registry.engagement.selectors import token_hash

    baue_engagement_demo()
    anfrage = Mitmachanfrage.objects.create(
        email="helferin@example.org",
        gemeinde="12061260",
        einwilligung_version="test",
        token_hash=token_hash(MITMACH_TOKEN),
    )
    return {"anfrage": anfrage}


HANDY_BREITE = 390  # px: the phone of the phone-first pages (course finder, /mitmachen/)


@pytest.fixture
def handy(browser: WebDriver, live_server: object) -> Iterator[WebDriver]:
    """The session's browser laid out as a 390 px phone, without cookies."""
    basis = str(live_server).rstrip("/")
    browser.get(basis + "/static/web/site.css")
    browser.delete_all_cookies()
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": HANDY_BREITE, "height": 900, "deviceScaleFactor": 1, "mobile": True},
    )
    try:
        yield browser
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        browser.delete_all_cookies()


@pytest.fixture
def live_angebote(transactional_db: None) -> object:
    """The places and events of the Integreat stand-in imported as offers (/angebote/ with imported offers:
    "aus Integreat", temporarily closed, map links, opening hours; issue 13, item 1)."""
    from integrationsmonitor.integreat.api import IntegreatClient
    from integrationsmonitor.integreat.importieren import importiere
    from integreat.standin import integreat_standin

    with integreat_standin() as cms:
        return importiere(IntegreatClient(cms.basis_url, cms.region))

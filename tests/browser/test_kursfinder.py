"""Issue 12, item 1, on a 390 px phone: an Arabic link to the course finder opens right to left without a
cookie, every course card says how to register and shows its open seats, nothing scrolls sideways; a
Ukrainian browser's first visit is Ukrainian."""

from __future__ import annotations

from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from integrationsmonitor.registry.kurse.models import Sprachkurs

from .conftest import CHROMEDRIVER, CHROMIUM, CHROMIUM_FLAGS, HANDY_BREITE

BREITE = HANDY_BREITE  # the `handy` fixture (conftest.py)
AR_ANMELDUNG = "اتصل بنا أو تعال إلى المكتب."


def test_arabischer_link_rechts_nach_links_ohne_cookie(
    handy: WebDriver, live_server: object, live_kurse: dict[str, object]
) -> None:
    kurs_a = live_kurse["kurs_a"]
    assert isinstance(kurs_a, Sprachkurs)
    kurs_a.anmeldung = "Anrufen oder ins Büro kommen."
    kurs_a.uebersetzungen = {"ar": {"anmeldung": AR_ANMELDUNG}}
    kurs_a.save()
    assert handy.get_cookies() == []
    handy.get(str(live_server).rstrip("/") + "/kurse/?sprache=ar")
    html = handy.find_element(By.TAG_NAME, "html")
    assert html.get_attribute("lang") == "ar" and html.get_attribute("dir") == "rtl"
    assert handy.execute_script("return getComputedStyle(document.body).direction") == "rtl"
    karten = handy.find_elements(By.CSS_SELECTOR, "article.kurskarte")
    assert len(karten) == 3
    for karte in karten:
        assert "طريقة التسجيل" in karte.find_element(By.CSS_SELECTOR, ".kurs-anmeldung h4").text
        assert karte.find_element(By.CSS_SELECTOR, ".kurs-anmeldung p").text.strip()
        assert karte.find_element(By.CSS_SELECTOR, ".kurs-plaetze strong").is_displayed()
        rand = handy.execute_script("return arguments[0].getBoundingClientRect().right", karte)
        assert rand <= BREITE, f"Karte reicht bis {rand} px"
    karte_a = handy.find_element(By.ID, f"kurs-{kurs_a.pk}")
    assert AR_ANMELDUNG in karte_a.text
    # the card's accent border is on the right (inline start) in Arabic
    rechts = handy.execute_script("return getComputedStyle(arguments[0]).borderRightWidth", karte_a)
    assert rechts == "6px", rechts
    breite = handy.execute_script("return document.documentElement.scrollWidth")
    assert breite <= BREITE, f"Seite {breite} px breit: scrollt seitwärts"


def test_ukrainischer_browser_sieht_beim_ersten_besuch_ukrainisch(
    browser: WebDriver, live_server: object, live_kurse: dict[str, object], tmp_path: Path
) -> None:
    """A second browser whose language is Ukrainian (its own Accept-Language header), no cookie, no
    parameter in the address (``browser`` only for its skip when chromium is missing)."""
    optionen = webdriver.ChromeOptions()
    optionen.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS:
        if not flag.startswith("--lang="):  # the session's browser is German; this one is Ukrainian
            optionen.add_argument(flag)
    optionen.add_argument(f"--user-data-dir={tmp_path / 'profil'}")
    optionen.add_argument("--lang=uk")
    optionen.add_experimental_option("prefs", {"intl.accept_languages": "uk-UA,uk"})
    treiber = webdriver.Chrome(service=Service(CHROMEDRIVER), options=optionen)
    try:
        treiber.get(str(live_server).rstrip("/") + "/kurse/")
        assert treiber.find_element(By.TAG_NAME, "html").get_attribute("lang") == "uk"
        assert "Знайдено 3 курси" in treiber.page_source
        assert treiber.get_cookies() == []  # nothing chosen, nothing kept: the browser's language decides
    finally:
        treiber.quit()

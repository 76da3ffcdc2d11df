"""Issue 12, item 2, on a 390 px phone: a provider logs in, finds "Kurs anlegen" in its task bar, adds a
course, sets its open seats with one number and one button, and a visitor finds the course with that
number. No page scrolls sideways, and the buttons and links of the flow are at least 44 px high."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import Select, WebDriverWait

from registry.kurse_daten import JAHR, PASSWORT

TELEFON = 390
MIN_ZIEL = 44  # px: the least height of a tap target (WCAG 2.5.5, platform guidelines)


@pytest.fixture
def telefon(browser: WebDriver) -> Iterator[None]:
    """Lay every page out 390 px wide (DevTools), as test_breite does; reset afterwards."""
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": TELEFON, "height": 844, "deviceScaleFactor": 1, "mobile": False},
    )
    try:
        yield
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def _neue_seite(driver: WebDriver, alt: WebElement) -> None:
    WebDriverWait(driver, 10).until(lambda d: d.find_element(By.TAG_NAME, "html") != alt)


def _klicke(driver: WebDriver, element: WebElement) -> None:
    alt = driver.find_element(By.TAG_NAME, "html")
    element.click()
    _neue_seite(driver, alt)


def _passt(driver: WebDriver, wo: str) -> None:
    breite = driver.execute_script("return document.documentElement.scrollWidth")
    innen = driver.execute_script("return window.innerWidth")
    assert innen == TELEFON, f"{wo}: window.innerWidth {innen}"
    assert breite <= TELEFON, f"{wo}: Seite {breite} px breit, Bildschirm {TELEFON} px"


def _hoch_genug(element: WebElement, was: str) -> None:
    assert element.size["height"] >= MIN_ZIEL, (
        f"{was}: {element.size['height']} px hoch, mindestens {MIN_ZIEL}"
    )


def test_anbieter_legt_kurs_an_und_meldet_freie_plaetze_am_telefon(
    seite: Callable[..., WebDriver], live_kurse: dict[str, object], telefon: None
) -> None:
    driver = seite("/anmelden/?next=/traeger/kurse/")
    driver.find_element(By.ID, "id_username").send_keys("kurs-a")
    driver.find_element(By.ID, "id_password").send_keys(PASSWORT)
    _klicke(driver, driver.find_element(By.CSS_SELECTOR, "form.formular button[type=submit]"))
    assert driver.current_url.endswith("/traeger/kurse/")
    _passt(driver, "Meine Kurse")

    # the task bar names the provider's tasks; "Kurs anlegen" opens the form
    aufgaben = driver.find_element(By.CSS_SELECTOR, "nav.aufgaben")
    anlegen = aufgaben.find_element(By.LINK_TEXT, "Kurs anlegen")
    _hoch_genug(anlegen, "Kurs anlegen (Aufgabenleiste)")
    _klicke(driver, anlegen)
    assert driver.current_url.endswith("/traeger/kurse/neu/")
    _passt(driver, "Kurs anlegen")

    driver.find_element(By.ID, "id_titel").send_keys("Deutsch am Abend (Telefon)")
    Select(driver.find_element(By.ID, "id_kursart")).select_by_value("bsk_b1")
    Select(driver.find_element(By.ID, "id_niveau")).select_by_value("B1")
    Select(driver.find_element(By.ID, "id_gemeinde")).select_by_visible_text("Bestensee")
    for feld_id, wert in (("id_beginn", f"{JAHR}-04-01"), ("id_ende", f"{JAHR}-09-30")):  # a date picker
        driver.execute_script("arguments[0].value = arguments[1]", driver.find_element(By.ID, feld_id), wert)
    plaetze = driver.find_element(By.ID, "id_plaetze")
    plaetze.send_keys("16")
    belegt = driver.find_element(By.ID, "id_belegt")
    belegt.clear()
    belegt.send_keys("20")  # more booked than seats: a German message naming the field
    knopf = driver.find_element(By.CSS_SELECTOR, "form.kursformular > button[type=submit]")
    _hoch_genug(knopf, "Kurs anlegen (Knopf)")
    _klicke(driver, knopf)
    fehler = driver.find_element(By.CSS_SELECTOR, ".fehler").text
    assert "„Plätze“ (16) müssen mindestens so viele sein wie „Belegte Plätze“ (20)." in fehler
    _passt(driver, "Kurs anlegen mit Fehler")
    belegt = driver.find_element(By.ID, "id_belegt")
    belegt.clear()
    belegt.send_keys("4")
    _klicke(driver, driver.find_element(By.CSS_SELECTOR, "form.kursformular > button[type=submit]"))
    assert (
        "Kurs „Deutsch am Abend (Telefon)“ angelegt."
        in driver.find_element(By.CSS_SELECTOR, ".meldungen").text
    )
    _passt(driver, "Meine Kurse nach dem Anlegen")

    # open seats: one number, one button, on the course's card
    karte = driver.find_element(
        By.XPATH, "//li[contains(@class,'kurspflege-karte')][h3='Deutsch am Abend (Telefon)']"
    )
    pk = (karte.get_attribute("id") or "").removeprefix("kurs-")
    feld = karte.find_element(By.NAME, "freie_plaetze")
    speichern = karte.find_element(By.CSS_SELECTOR, "button[type=submit]")
    _hoch_genug(feld, "Feld freie Plätze")
    _hoch_genug(speichern, "Speichern")
    assert speichern.location["x"] + speichern.size["width"] <= TELEFON  # no scrolling to reach it
    feld.clear()
    feld.send_keys("5")
    _klicke(driver, speichern)
    assert (
        "Deutsch am Abend (Telefon): 5 freie Plätze gespeichert."
        in driver.find_element(By.CSS_SELECTOR, ".meldungen").text
    )
    _passt(driver, "Meine Kurse nach dem Speichern")

    # a visitor (no cookies) finds the course with its open seats on the next request
    driver = seite("/kurse/")
    text = driver.find_element(By.ID, f"kurs-{pk}").text
    assert "Deutsch am Abend (Telefon)" in text and re.search(r"\b5\b", text) and "16" in text, text
    _passt(driver, "Kurssuche")

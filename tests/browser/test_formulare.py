"""Forms after sending them: the error page and the result page must be as accessible as the empty form."""

from __future__ import annotations

from collections.abc import Callable

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from .barrierefreiheit import axe_verstoesse, bericht, schwere


def _absenden(driver: WebDriver, felder: dict[str, str], knopf: str) -> None:
    alt = driver.find_element(By.TAG_NAME, "html")
    for feld, wert in felder.items():
        element = driver.find_element(By.ID, feld)
        element.clear()
        element.send_keys(wert)
    driver.find_element(By.CSS_SELECTOR, knopf).click()
    WebDriverWait(driver, 10).until(lambda d: d.find_element(By.TAG_NAME, "html") != alt)


def _ohne_schwere_verstoesse(driver: WebDriver, name: str) -> None:
    verstoesse = schwere(axe_verstoesse(driver))
    assert not verstoesse, bericht(name, verstoesse)


def test_anmeldung_mit_falschem_passwort(seite: Callable[..., WebDriver], live_daten: list) -> None:
    driver = seite("/anmelden/")
    _absenden(
        driver, {"id_username": "redaktion", "id_password": "falsch"}, "form.formular button[type=submit]"
    )
    fehler = driver.find_element(By.CSS_SELECTOR, "main .errorlist, main .fehler")
    assert fehler.is_displayed()
    _ohne_schwere_verstoesse(driver, "/anmelden/ (falsches Passwort)")


def test_factsheet_abonnieren_fehler_und_bestaetigung(
    seite: Callable[..., WebDriver], live_daten: list
) -> None:
    driver = seite("/newsletter/", "en")
    # "a@b" passes the browser's check of type=email but not Django's: the page with the error comes back
    _absenden(driver, {"id_email": "a@b"}, "form.formular button[type=submit]")
    assert driver.find_element(By.CSS_SELECTOR, "[role=alert]").is_displayed()
    feld = driver.find_element(By.ID, "id_email")
    assert feld.get_attribute("aria-invalid") == "true"
    _ohne_schwere_verstoesse(driver, "/newsletter/ (Fehler)")

    _absenden(driver, {"id_email": "leser@example.org"}, "form.formular button[type=submit]")
    assert driver.find_element(By.TAG_NAME, "h1").text
    _ohne_schwere_verstoesse(driver, "/newsletter/ (angefordert)")

"""Issue 12, item 5: sending a FactSheet on a 390 px screen — the preview of the mail is visible, the button
names the number of recipients, one press queues each of them once, and no page is wider than the screen."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from .barrierefreiheit import axe_verstoesse, bericht, schwere

BREITE = 390


@pytest.fixture
def telefon(browser: WebDriver) -> Iterator[Callable[[], None]]:
    """``telefon()`` lays the current page out 390 px wide (window.innerWidth exactly 390); reset after."""

    def setze() -> None:
        browser.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": BREITE, "height": 900, "deviceScaleFactor": 1, "mobile": False},
        )
        assert browser.execute_script("return window.innerWidth") == BREITE

    try:
        yield setze
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


@pytest.fixture
def drei_abonnenten(transactional_db: None) -> None:
    from integrationsmonitor.publish.mailing.models import Abonnent

    for nr in range(3):
        Abonnent.objects.create(
            email=f"leser{nr}@example.org", status=Abonnent.Status.BESTAETIGT, abmelde_token=f"abmelden-{nr}"
        )


def _breite_passt(driver: WebDriver, wo: str) -> None:
    dokument = driver.execute_script("return document.documentElement.scrollWidth")
    assert dokument <= BREITE, f"{wo}: Seite {dokument} px breit bei {BREITE} px"


def _klicken(driver: WebDriver, element: object) -> None:
    alt = driver.find_element(By.TAG_NAME, "html")
    element.click()  # type: ignore[attr-defined]
    WebDriverWait(driver, 20).until(lambda d: d.find_element(By.TAG_NAME, "html") != alt)


def test_send_a_factsheet_with_preview_and_confirmation_at_390_px(
    seite: Callable[..., WebDriver],
    telefon: Callable[[], None],
    live_factsheet: object,
    drei_abonnenten: None,
) -> None:
    from integrationsmonitor.publish.mailing.models import Zustellung

    driver = seite("/factsheet/2024-Q4/", angemeldet=True)
    telefon()
    _klicken(driver, driver.find_element(By.PARTIAL_LINK_TEXT, "An die Verteilerliste senden"))
    assert "/factsheet/2024-Q4/versenden/" in driver.current_url
    telefon()
    _breite_passt(driver, "Vorschau")
    assert not Zustellung.objects.exists()  # the preview sends nothing
    verstoesse = schwere(axe_verstoesse(driver))
    assert not verstoesse, bericht("Vorschau", verstoesse)

    betreff = driver.find_element(By.ID, "mail-betreff")
    assert betreff.is_displayed() and "4. Quartal 2024" in betreff.text
    text = driver.find_element(By.ID, "mail-text")
    assert text.is_displayed() and "14.933" in text.text and "/newsletter/abmelden/" in text.text
    rahmen = driver.find_element(By.CSS_SELECTOR, "iframe.mail-html")
    assert rahmen.is_displayed() and rahmen.size["width"] <= BREITE and rahmen.size["height"] > 200
    assert rahmen.get_attribute("sandbox") == ""  # no script, no form, no navigation from the mail's HTML
    driver.switch_to.frame(rahmen)
    try:
        assert "4. Quartal 2024" in driver.find_element(By.TAG_NAME, "h1").text  # the HTML part, rendered
    finally:
        driver.switch_to.default_content()

    knopf = driver.find_element(By.CSS_SELECTOR, "form.versand-bestaetigung button[type=submit]")
    assert knopf.text == "An 3 Empfängerinnen und Empfänger senden"
    assert knopf.rect["x"] + knopf.rect["width"] <= BREITE
    _klicken(driver, knopf)
    assert (
        "für 3 Abonnentinnen und Abonnenten eingereiht"
        in driver.find_element(By.CSS_SELECTOR, ".meldungen").text
    )
    assert Zustellung.objects.count() == 3
    telefon()
    _breite_passt(driver, "nach dem Senden")
    stand = driver.find_element(By.ID, "versand-stand").text
    assert "Bisher: 0 gesendet, 3 in der Warteschlange, 0 fehlgeschlagen." in stand
    assert not driver.find_elements(By.CSS_SELECTOR, "form.versand-bestaetigung")  # nothing left to send

"""Issue 12, item 3, on a 390 px phone: a counsellor records a contact in at most three taps — a topic, a
referral and "Erstkontakt" — with today's date and her site preset; a follow-up alone is one tap. Nothing
scrolls sideways, every target is at least 44 px high, and what is stored is tallies, not the contact."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import WebDriverWait

from .barrierefreiheit import axe_verstoesse, bericht, schwere

TELEFON = 390
HOEHE = 844
MIN_ZIEL = 44  # px: the least height of a tap target (WCAG 2.5.5, platform guidelines)
PASSWORT = "beratung-geheim-123"


@pytest.fixture
def telefon(browser: WebDriver) -> Iterator[None]:
    """Lay every page out 390 px wide (DevTools), as test_breite does; reset afterwards."""
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": TELEFON, "height": HOEHE, "deviceScaleFactor": 1, "mobile": False},
    )
    try:
        yield
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


@pytest.fixture
def beraterin(transactional_db: None) -> str:
    """A provider with one counselling site and a user of that provider; returns the user name."""
    from django.contrib.auth import get_user_model

    from integrationsmonitor.registry.beratung.models import Beratungsstelle
    from integrationsmonitor.registry.models import Rolle, Traeger, Zugang

    awo = Traeger.objects.create(name="AWO Brandenburg Süd e. V.", kurzname="awo-brandenburg-sued")
    Beratungsstelle.objects.create(
        name="LDS integriert", code="lds_integriert", traeger=awo, gemeinde="12061260"
    )
    nutzer = get_user_model().objects.create_user("beraterin", password=PASSWORT)
    Zugang.objects.create(benutzer=nutzer, rolle=Rolle.TRAEGER, traeger=awo)
    return "beraterin"


class Tipper:
    """Counts the taps of the counsellor (clicks on the page), not the test's own navigation."""

    def __init__(self, driver: WebDriver) -> None:
        self.driver, self.anzahl = driver, 0

    def tippe(self, element: WebElement, *, laedt: bool = False) -> None:
        assert element.size["height"] >= MIN_ZIEL, f"{element.text!r}: {element.size['height']} px hoch"
        alt = self.driver.find_element(By.TAG_NAME, "html")
        element.click()
        self.anzahl += 1
        if laedt:
            WebDriverWait(self.driver, 10).until(lambda d: d.find_element(By.TAG_NAME, "html") != alt)


def _passt(driver: WebDriver, wo: str) -> None:
    breite = driver.execute_script("return document.documentElement.scrollWidth")
    innen = driver.execute_script("return window.innerWidth")
    assert innen == TELEFON, f"{wo}: window.innerWidth {innen}"
    assert breite <= TELEFON, f"{wo}: Seite {breite} px breit, Bildschirm {TELEFON} px"


def _bild(driver: WebDriver, name: str) -> None:
    ordner = os.environ.get("IMON_BILDER")  # screenshots to look at, only when asked for
    if ordner:
        driver.save_screenshot(os.path.join(ordner, f"beratung_{name}.png"))


def _schalter(driver: WebDriver, feld: str, code: str) -> WebElement:
    return driver.find_element(By.CSS_SELECTOR, f"label[for] input[name={feld}][value={code}]").find_element(
        By.XPATH, ".."
    )


def _zahlen() -> dict[tuple[str, str], int]:
    from integrationsmonitor.registry.beratung.models import Beratungszahl

    return {(z.merkmal, z.code): z.anzahl for z in Beratungszahl.objects.all()}


def test_kontakt_in_hoechstens_drei_tippern_am_telefon(
    seite: Callable[..., WebDriver], beraterin: str, telefon: None
) -> None:
    driver = seite("/anmelden/?next=/beratung/erfassen/")
    driver.find_element(By.ID, "id_username").send_keys(beraterin)
    driver.find_element(By.ID, "id_password").send_keys(PASSWORT)
    alt = driver.find_element(By.TAG_NAME, "html")
    driver.find_element(By.CSS_SELECTOR, "form.formular button[type=submit]").click()
    WebDriverWait(driver, 10).until(lambda d: d.find_element(By.TAG_NAME, "html") != alt)
    assert driver.current_url.endswith("/beratung/lds_integriert/erfassen/")  # her one site, preset
    _passt(driver, "Kontakt erfassen")
    _bild(driver, "leer")
    heute = timezone.localdate()
    assert driver.find_element(By.NAME, "datum").get_attribute("value") == f"{heute:%Y-%m-%d}"
    erst = driver.find_element(By.CSS_SELECTOR, "button[name=art][value=erst]")
    assert erst.text == "Erstkontakt"

    # a typical first contact: a topic, a referral, "Erstkontakt" — three taps
    t = Tipper(driver)
    t.tippe(_schalter(driver, "themen", "arbeit"))
    t.tippe(_schalter(driver, "vermittlungen", "arbeit"))
    _bild(driver, "gewaehlt")
    t.tippe(driver.find_element(By.CSS_SELECTOR, "button[name=art][value=erst]"), laedt=True)
    assert t.anzahl <= 3
    assert "Erstkontakt gezählt." in driver.find_element(By.CSS_SELECTOR, ".meldungen").text
    assert "1 Kontakt gezählt." in driver.find_element(By.CSS_SELECTOR, ".gespeichert").text
    _passt(driver, "nach dem Speichern")
    _bild(driver, "gezaehlt")
    verstoesse = schwere(axe_verstoesse(driver))  # with the message and the undo button on the page
    assert not verstoesse, bericht("/beratung/lds_integriert/erfassen/", verstoesse)
    # the page comes back scrolled to the form: the next contact's buttons are on the first screen
    for knopf in ("erst", "folge_1"):
        unten = driver.execute_script(
            "return arguments[0].getBoundingClientRect().bottom",
            driver.find_element(By.CSS_SELECTOR, f"button[name=art][value={knopf}]"),
        )
        assert unten <= HOEHE, f"{knopf}: {unten:.0f} px, Bildschirm {HOEHE} px hoch"
    assert _zahlen() == {("kontaktart", "erst"): 1, ("thema", "arbeit"): 1, ("vermittlung", "arbeit"): 1}

    # the form is empty again; a follow-up without topic is one tap
    assert not driver.find_element(By.CSS_SELECTOR, "input[name=themen][value=arbeit]").is_selected()
    t = Tipper(driver)
    t.tippe(driver.find_element(By.CSS_SELECTOR, "button[name=art][value=folge_1]"), laedt=True)
    assert (
        t.anzahl == 1 and "1. Folgetermin gezählt." in driver.find_element(By.CSS_SELECTOR, ".meldungen").text
    )
    assert _zahlen()[("kontaktart", "folge_1")] == 1

    # a wrong tap is taken back with one more
    t.tippe(driver.find_element(By.CSS_SELECTOR, "form.zurueck button"), laedt=True)
    assert "zurückgenommen" in driver.find_element(By.CSS_SELECTOR, ".meldungen").text
    assert _zahlen()[("kontaktart", "folge_1")] == 0
    _passt(driver, "nach dem Zurücknehmen")

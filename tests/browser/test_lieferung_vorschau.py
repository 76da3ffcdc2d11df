"""Issue 12, item 4: an upload on a 390 px screen — check, preview ("ersetzt Lieferung N", old → new), confirm;
nothing stored before the confirmation, and no page wider than the screen."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from web.test_lieferung_vorschau import NEU_2024

from .barrierefreiheit import axe_verstoesse, bericht, schwere

BREITE = 390


@pytest.fixture
def schmal(browser: WebDriver) -> Iterator[WebDriver]:
    browser.set_window_size(BREITE, 900)
    try:
        yield browser
    finally:
        browser.set_window_size(1280, 900)


def _breite_passt(driver: WebDriver, wo: str) -> None:
    dokument, fenster = driver.execute_script(
        "return [document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert dokument <= fenster, f"{wo}: Seite {dokument} px breit bei {fenster} px Fenster"


def _neue_seite(driver: WebDriver, alt: object) -> None:
    WebDriverWait(driver, 20).until(lambda d: d.find_element(By.TAG_NAME, "html") != alt)


def test_upload_preview_confirm_at_390_px(
    seite: Callable[..., WebDriver], schmal: WebDriver, live_daten: list, tmp_path: Path, settings
) -> None:
    from integrationsmonitor.store.models import Lieferung

    settings.IMON_VORSCHAU_DIR = str(tmp_path / "vorschau")
    alt_lf = Lieferung.objects.get(datei_name="abh_bestand_2024.csv")
    datei = tmp_path / "abh_2024_neu.csv"
    datei.write_text(NEU_2024, encoding="utf-8")
    vorher = Lieferung.objects.count()

    driver = seite("/lieferungen/", angemeldet=True)
    _breite_passt(driver, "/lieferungen/")
    driver.find_element(By.CSS_SELECTOR, "select[name=datensatz] option[value=auslaender_bestand]").click()
    driver.find_element(By.NAME, "zeitraum").send_keys("2024")
    driver.find_element(By.NAME, "datei").send_keys(str(datei))
    alt = driver.find_element(By.TAG_NAME, "html")
    driver.find_element(By.CSS_SELECTOR, "form.formular button[type=submit]").click()
    _neue_seite(driver, alt)

    assert "/lieferungen/vorschau/" in driver.current_url
    text = driver.find_element(By.TAG_NAME, "main").text
    assert f"ersetzt Lieferung {alt_lf.pk}" in text
    assert "14.933" in text and "15.033" in text
    assert Lieferung.objects.count() == vorher  # nothing stored before the confirmation
    _breite_passt(driver, "Vorschau")
    verstoesse = schwere(axe_verstoesse(driver))
    assert not verstoesse, bericht("Vorschau", verstoesse)

    alt = driver.find_element(By.TAG_NAME, "html")
    driver.find_element(By.CSS_SELECTOR, "button[name=bestaetigen]").click()
    _neue_seite(driver, alt)
    assert driver.current_url.endswith("/lieferungen/")
    assert "angenommen (11 Zellen)" in driver.find_element(By.CSS_SELECTOR, ".meldungen").text
    assert Lieferung.objects.count() == vorher + 1
    assert Lieferung.objects.get(
        status="aktiv", datensatz="auslaender_bestand", zeitraum="2024"
    ).datei_name == ("abh_2024_neu.csv")
    _breite_passt(driver, "/lieferungen/ nach dem Speichern")

"""Issue 13, items 4 and 5, on a 390 px phone: /mitmachen/ in Arabic opens right to left without a cookie,
shows the demo's initiatives as cards that fit the screen, filters without JavaScript, and leads to the
interest form, whose consent text is shown before the box to tick."""

from __future__ import annotations

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import Select, WebDriverWait

from .conftest import HANDY_BREITE

BREITE = HANDY_BREITE  # the `handy` fixture (conftest.py)


def test_mitmachen_auf_dem_handy(
    handy: WebDriver, live_server: object, live_initiativen: dict[str, object]
) -> None:
    basis = str(live_server).rstrip("/")
    handy.get(basis + "/mitmachen/?sprache=ar")
    html = handy.find_element(By.TAG_NAME, "html")
    assert html.get_attribute("lang") == "ar" and html.get_attribute("dir") == "rtl"
    karten = handy.find_elements(By.CSS_SELECTOR, "article.initiativkarte")
    assert len(karten) == 7
    for karte in karten:
        rand = handy.execute_script("return arguments[0].getBoundingClientRect()", karte)
        assert rand["left"] >= 0 and rand["right"] <= BREITE, karte.text
        assert karte.find_element(By.CSS_SELECTOR, "a[href^='mailto:']").is_displayed()
    assert handy.execute_script("return document.documentElement.scrollWidth") <= BREITE

    # the GET filter without JavaScript: the form is submitted by its button
    Select(handy.find_element(By.ID, "art")).select_by_value("fahrdienst")
    handy.find_element(By.CSS_SELECTOR, ".kursfilter button[type=submit]").click()
    WebDriverWait(handy, 10).until(lambda d: "art=fahrdienst" in d.current_url)
    assert "art=fahrdienst" in handy.current_url and "sprache=ar" in handy.current_url
    karten = handy.find_elements(By.CSS_SELECTOR, "article.initiativkarte")
    assert [k.get_attribute("id") for k in karten] == ["initiative-fahrdienst-luckau-demo"]

    handy.find_element(By.CSS_SELECTOR, ".mitmachen-aufruf a").click()
    WebDriverWait(handy, 10).until(lambda d: "/mitmachen/interesse/" in d.current_url)
    einwilligung = handy.find_element(By.ID, "einwilligung-text")
    haken = handy.find_element(By.ID, "id_einwilligung")
    assert einwilligung.is_displayed() and einwilligung.location["y"] < haken.location["y"]
    assert handy.find_element(By.ID, "id_arten_2").is_selected()  # the chosen kind (Fahrdienst) is kept
    assert handy.execute_script("return document.documentElement.scrollWidth") <= BREITE

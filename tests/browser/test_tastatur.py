"""Keyboard use in the browser: skip link first, visible focus, and the chart's link to its table."""

from __future__ import annotations

from collections.abc import Callable

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver

_FOKUS = """
const el = document.activeElement;
const r = el.getBoundingClientRect();
const stil = getComputedStyle(el);
return {
  tag: el.tagName.toLowerCase(), id: el.id, klasse: el.className, text: el.textContent.trim(),
  sichtbar: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0
    && r.top < innerHeight && r.left < innerWidth,
  umriss: stil.outlineStyle !== "none" && parseFloat(stil.outlineWidth) >= 2,
};
"""


def _fokus(driver: WebDriver) -> dict[str, object]:
    fokus: dict[str, object] = driver.execute_script(_FOKUS)
    return fokus


def test_sprunglink_ist_erster_tabstopp_sichtbar_und_fuehrt_zum_inhalt(
    seite: Callable[..., WebDriver], live_daten: list
) -> None:
    driver = seite("/indikatoren/auslaenderanteil/")
    driver.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    fokus = _fokus(driver)
    assert fokus["klasse"] == "sprunglink" and fokus["text"] == "Zum Inhalt springen", fokus
    assert fokus["sichtbar"] and fokus["umriss"], f"Sprunglink mit Fokus nicht sichtbar: {fokus}"
    driver.switch_to.active_element.send_keys(Keys.ENTER)
    assert _fokus(driver)["id"] == "inhalt"


def test_jeder_tabstopp_hat_sichtbaren_fokus(seite: Callable[..., WebDriver], live_daten: list) -> None:
    driver = seite("/indikatoren/auslaender_nach_gruppe/", "en")
    body = driver.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)
    gesehen = []
    for _ in range(200):
        fokus = _fokus(driver)
        if fokus["tag"] == "body" or (gesehen and fokus == gesehen[0]):
            break
        gesehen.append(fokus)
        assert fokus["umriss"], f"Fokus ohne sichtbaren Rahmen / focus without outline: {fokus}"
        driver.switch_to.active_element.send_keys(Keys.TAB)
    tags = {str(f["tag"]) for f in gesehen}
    assert {"a", "select", "button", "div"} <= tags, tags  # links, form, the scrollable table regions


def test_link_vom_diagramm_fuehrt_zur_tabelle(seite: Callable[..., WebDriver], live_daten: list) -> None:
    driver = seite("/indikatoren/auslaenderanteil/", "en")
    link = driver.find_element(By.CSS_SELECTOR, "#verlauf ~ figure a.zur-tabelle")
    assert link.text == "The figures behind this chart are in the table."
    assert link.get_attribute("lang") == "en"
    link.click()
    assert driver.current_url.endswith("#reihe")
    tabelle = driver.find_element(By.ID, "reihe")
    assert tabelle.tag_name == "table"
    oben = driver.execute_script("return arguments[0].getBoundingClientRect().top", tabelle)
    assert 0 <= oben < 900, "die Tabelle ist nach dem Sprung nicht im Bild / table not scrolled into view"

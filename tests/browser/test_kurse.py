"""Issue 5: a provider lowers a course's open seats, a visitor finds the change in the course finder;
another provider's course is refused."""

from __future__ import annotations

from collections.abc import Callable

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from registry.kurse_daten import PASSWORT

FREMD_POSTEN = """
const [url, token, fertig] = arguments;
const daten = new FormData();
daten.append("csrfmiddlewaretoken", token);
daten.append("freie_plaetze", "0");
fetch(url, {method: "POST", body: daten, credentials: "same-origin", redirect: "manual"})
  .then(a => fertig(a.status), () => fertig(-1));
"""


def _neue_seite(driver: WebDriver, alt: object) -> None:
    WebDriverWait(driver, 10).until(lambda d: d.find_element(By.TAG_NAME, "html") != alt)


def test_traeger_senkt_freie_plaetze_besucher_sieht_es(
    seite: Callable[..., WebDriver], live_server: object, live_kurse: dict[str, object]
) -> None:
    kurs_a, kurs_b = live_kurse["kurs_a"], live_kurse["kurs_b"]
    driver = seite("/kurse/")
    assert "8 freie Plätze" in driver.find_element(By.ID, f"kurs-{kurs_a.pk}").text

    # the provider logs in with the form and goes to its courses (click 1: the login; 2–3: number, save)
    driver = seite("/anmelden/?next=/traeger/kurse/")
    driver.find_element(By.ID, "id_username").send_keys("kurs-a")
    driver.find_element(By.ID, "id_password").send_keys(PASSWORT)
    alt = driver.find_element(By.TAG_NAME, "html")
    driver.find_element(By.CSS_SELECTOR, "form.formular button[type=submit]").click()
    _neue_seite(driver, alt)
    assert driver.current_url.endswith("/traeger/kurse/")
    assert "Frauenkurs Bestensee" not in driver.page_source  # another provider's course is not listed
    feld = driver.find_element(By.ID, f"frei-{kurs_a.pk}")
    feld.clear()
    feld.send_keys("3")
    alt = driver.find_element(By.TAG_NAME, "html")
    feld.find_element(By.XPATH, "./ancestor::form//button[@type='submit']").click()
    _neue_seite(driver, alt)
    assert "3 freie Plätze gespeichert" in driver.find_element(By.CSS_SELECTOR, ".meldungen").text

    # another provider's course: refused, nothing changed
    token = driver.find_element(By.NAME, "csrfmiddlewaretoken").get_attribute("value")
    url = f"{str(live_server).rstrip('/')}/traeger/kurse/{kurs_b.pk}/freie-plaetze/"
    assert driver.execute_async_script(FREMD_POSTEN, url, token) == 403
    kurs_b.refresh_from_db()
    assert kurs_b.freie_plaetze == 8

    # a visitor (no cookies) finds the new number in the course finder
    driver = seite(f"/kurse/?ort={kurs_a.gemeinde}")
    zeile = driver.find_element(By.ID, f"kurs-{kurs_a.pk}").text
    assert "3 freie Plätze" in zeile, zeile

"""Make the README's screenshots from the demo, so they show what the product looks like today (#11, item 9).

Builds the LDS demo into a temporary database, starts `imon serve` on a free port and photographs with
Debian's headless chromium (no download, no JavaScript needed):

- docs/bilder/startseite.png: the start page, 1280 px wide;
- docs/bilder/indikator_karte.png: the indicator page Ausländeranteil at its map, 1280 px;
- docs/bilder/kursfinder_handy.png: the course finder on a phone, 390 px;
- docs/bilder/startseite_handy.png: the start page on a phone, 390 px;
- docs/bilder/suche.png, suche_handy.png: the search for "sprach", 1280 and 390 px.

Run: .venv/bin/python scripts/bildschirmfotos.py   (then look at the PNGs and commit them)
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

WURZEL = Path(__file__).resolve().parents[1]
ZIEL = WURZEL / "docs" / "bilder"
IMON = str(Path(sys.executable).with_name("imon"))
# (file, path, width, height)
AUFNAHMEN = [
    ("startseite.png", "/", 1280, 1500),
    ("indikator_karte.png", "/indikatoren/auslaenderanteil/#karten", 1280, 1100),
    ("kursfinder_handy.png", "/kurse/", 390, 1400),
    ("startseite_handy.png", "/", 390, 1600),
    ("suche.png", "/suche/?q=sprach", 1280, 1100),
    ("suche_handy.png", "/suche/?q=sprach", 390, 1400),
]


def _frei() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _chromium() -> str:
    for name in (os.environ.get("IMON_CHROMIUM", ""), "chromium", "chromium-browser", "google-chrome"):
        if name and shutil.which(name):
            return str(shutil.which(name))
    raise SystemExit("chromium fehlt (Debian: apt-get install chromium)")


def _fotografiere(browser: str, port: int) -> None:
    """Selenium with Debian's chromedriver: exact viewport, scrolled to the section named by the fragment."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By

    optionen = webdriver.ChromeOptions()
    optionen.binary_location = browser
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"):
        optionen.add_argument(arg)
    # a German browser: the course finder follows Accept-Language on a first visit (headless sends en-US)
    optionen.add_experimental_option("prefs", {"intl.accept_languages": "de-DE,de"})
    treiber = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    fahrer = webdriver.Chrome(options=optionen, service=Service(treiber))
    try:
        for datei, pfad, breite, hoehe in AUFNAHMEN:
            fahrer.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                   {"width": breite, "height": hoehe, "deviceScaleFactor": 1, "mobile": breite < 600})  # fmt: skip
            adresse, _, anker = pfad.partition("#")
            fahrer.get(f"http://127.0.0.1:{port}{adresse}")
            if anker:
                fahrer.execute_script("arguments[0].scrollIntoView()", fahrer.find_element(By.ID, anker))
            fahrer.save_screenshot(str(ZIEL / datei))
            print(f"{ZIEL / datei}: {breite}×{hoehe} px, {(ZIEL / datei).stat().st_size // 1024} KB")
    finally:
        fahrer.quit()


def main() -> None:
    browser = _chromium()
    tmp = Path(tempfile.mkdtemp(prefix="imon-bilder-"))
    db = f"sqlite:///{tmp / 'demo.sqlite3'}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("IMON_")}
    subprocess.run([IMON, "demo", "--no-serve", "--db", db], check=True, env=env, stdout=subprocess.DEVNULL)
    port = _frei()
    server = subprocess.Popen([IMON, "serve", "--db", db, "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=60).read()  # also warms the pages
                break
            except OSError:
                time.sleep(0.1)
        ZIEL.mkdir(parents=True, exist_ok=True)
        _fotografiere(browser, port)
    finally:
        server.terminate()
        server.wait(30)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

"""`imon export-site DIR`: the public site as static files the county copies to its web server.

The pages are fetched from the site itself (Django's test client, no server, no network) starting at the
public entry points and following every internal link: dashboard, indicator pages, FactSheets, the
annual reports, open data. Each page is written as a file and its links are rewritten to relative
paths, so the copy works from any folder and even from disk. Links to parts that need the server
(login, deliveries, administration, newsletter, API) point to the live site instead (IMON_SITE_URL),
forms that post to the server are left out, and filter forms (GET) send their query to the live site. No JavaScript is needed to read anything.

German pages are at the top of the folder, English ones under `en/` (the languages every public page is
translated into); the language switch, links to `?sprache=` addresses on the live site, becomes links to
the same page in the other language. Files that do not depend on the language (PDFs, open data, styles)
exist once.
"""

from __future__ import annotations

import os
import posixpath
import re
import shutil
import tempfile
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client

START = ["/", "/indikatoren/", "/factsheet/", "/bericht/", "/opendaten/"]
OFFENE_DATEN = "/opendaten/"  # its files are written by publish.opendata with the live site's address
NUR_SERVER = ("/admin/", "/anmelden/", "/abmelden/", "/lieferungen/", "/i18n/", "/newsletter/", "/api/",
              "/factsheet/erstellen/", "/traeger/", "/verwaltung/", "/beratung/", "/initiative/",
              "/mitmachen/interesse/", "/mitmachen/bestaetigen/")  # fmt: skip
# a figure's downloads and embed page are made on request (PNG takes a second each): the live site serves them
_ABBILDUNG_LIVE = re.compile(r"^/(?:indikatoren|factsheet)/[^/]+/(?:einbetten/|[^/]+\.(?:csv|xlsx|svg|png)$)")
_HOST = "localhost"
_HIER = f"http://{_HOST}"  # the address the export's client asks; permalinks and embed snippets carry it
_ATTRIBUT = re.compile(r'(?P<vor>\b(?:href|src)=")(?P<url>[^"]*)(?P<nach>")')
_POST_FORM = re.compile(r"<form\b[^>]*method=\"post\"[^>]*>.*?</form>", re.IGNORECASE | re.DOTALL)
_AKTION = re.compile(r'(?P<vor>\baction=")(?P<url>/[^"]*)(?P<nach>")')  # GET forms: filters need the server
_SPRACHWAHL = re.compile(r"<form\b[^>]*class=\"sprachwahl\"[^>]*>.*?</form>", re.IGNORECASE | re.DOTALL)
# the live site's switch: links to `?sprache=` addresses (web.sprache), not pages of their own to export
_SPRACHLINKS = re.compile(r"<nav\b[^>]*class=\"sprachwahl\"[^>]*>.*?</nav>", re.IGNORECASE | re.DOTALL)
# (language, folder prefix): the default language at the top, the others in a folder of their code
SPRACHEN = (("de", ""), ("en", "en/"))
_SCHALTER = "<!-- imon:sprachwahl -->"


class ExportFehler(Exception):
    """The export cannot be written; German message."""


@dataclass
class Ergebnis:
    seiten: int = 0
    dateien: int = 0
    bytes: int = 0
    fehler: list[str] = field(default_factory=list)  # pages that did not answer 200


def _live(pfad: str) -> str:
    return str(settings.IMON_SITE_URL).rstrip("/") + pfad


def _nur_server(pfad: str) -> bool:
    return any(pfad.startswith(p) for p in NUR_SERVER) or _ABBILDUNG_LIVE.match(pfad) is not None


def datei_fuer(url: str) -> str:
    """The file of a site URL: `/a/` → `a/index.html`, `/a/b.pdf?auflage=1` → `a/b__auflage-1.pdf`."""
    teile = urlsplit(url)
    pfad = teile.path.lstrip("/")
    if not pfad or pfad.endswith("/"):
        pfad += "index.html"
    if teile.query:
        zusatz = re.sub(r"[^A-Za-z0-9_.-]+", "-", teile.query).strip("-")
        stamm, punkt, endung = pfad.rpartition(".")
        pfad = f"{stamm}__{zusatz}.{endung}" if punkt else f"{pfad}__{zusatz}"
    return pfad


def ist_seite(url: str) -> bool:
    """Pages (`/a/`, `/a/?x=1`) exist per language; files (`/a.pdf`, `/static/…`) once for all."""
    return urlsplit(url).path.endswith("/")


def ziel_datei(url: str, praefix: str) -> str:
    """The exported file of a URL in the language whose folder prefix is `praefix`."""
    return praefix + datei_fuer(url) if ist_seite(url) else datei_fuer(url)


def _sprachlinks(url: str, sprache: str, hier: str) -> str:
    """The language switch of the static copy: the same page in every other exported language."""
    namen = dict(settings.LANGUAGES)
    links = [
        f'<a href="{posixpath.relpath(ziel_datei(url, praefix), hier or ".")}" lang="{code}" hreflang="{code}">'
        f"{namen.get(code, code)}</a>"
        for code, praefix in SPRACHEN
        if code != sprache
    ]
    return f'<p class="sprachwahl">{" · ".join(links)}</p>'


def _umschreiben(
    html: str, url: str, gefunden: Callable[[str], None], sprache: str = "de", praefix: str = ""
) -> str:
    """Relative links between exported files; server-only links to the live site; no post forms."""
    hier = posixpath.dirname(ziel_datei(url, praefix))
    html = re.sub(re.escape(_HIER) + r"(?=[/\"'<\s]|$)", _live(""), html)
    html = _SPRACHLINKS.sub(_SCHALTER, html)
    html = _POST_FORM.sub(lambda m: _SCHALTER if _SPRACHWAHL.fullmatch(m.group(0)) else "", html)
    html = _AKTION.sub(lambda m: f"{m.group('vor')}{_live(m.group('url'))}{m.group('nach')}", html)

    def ersetze(m: re.Match[str]) -> str:
        roh = m.group("url")
        if not roh or roh.startswith(("#", "mailto:", "data:", "javascript:")):
            return m.group(0)
        ziel, anker = urldefrag(urljoin(url, roh))
        teile = urlsplit(ziel)
        if teile.scheme or teile.netloc:  # another site
            return m.group(0)
        # `?sprache=xx` (web.sprache) names the language on the live site; here the folder does
        abfrage = "&".join(t for t in teile.query.split("&") if t and not t.startswith("sprache="))
        pfad = teile.path + (f"?{abfrage}" if abfrage else "")
        if _nur_server(teile.path):
            neu = _live(pfad)
        else:
            gefunden(pfad)
            neu = posixpath.relpath(ziel_datei(pfad, praefix), hier or ".")
        return f"{m.group('vor')}{neu}{'#' + anker if anker else ''}{m.group('nach')}"

    # the switch's links are inserted last: they point into the export already and are no links to follow
    return _ATTRIBUT.sub(ersetze, html).replace(_SCHALTER, _sprachlinks(url, sprache, hier))


def _statisch(pfad: str, ziel: Path) -> int:
    gefunden = finders.find(pfad.removeprefix(settings.STATIC_URL.rstrip("/") + "/").lstrip("/"))
    if not gefunden:
        return -1
    datei = ziel / datei_fuer(pfad)
    datei.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(str(gefunden), datei)
    return datei.stat().st_size


def _anzahl_offene_daten() -> int:
    from integrationsmonitor.store.katalog import aktueller_katalog

    from .opendata_export import anzahl_dateien

    return anzahl_dateien(aktueller_katalog())


def _offene_daten(ziel: Path, ergebnis: Ergebnis, stand: _Stand) -> int:
    """Every open-data file (and the DCAT catalogue, CSVW metadata) with the live site's address."""
    from integrationsmonitor.store.katalog import aktueller_katalog
    from integrationsmonitor.store.selectors import DbQuelle

    from .opendata_export import dateien

    k = aktueller_katalog()
    anzahl = 0
    for d in dateien(k, DbQuelle(k), _live("/")):
        datei = ziel / d.pfad
        datei.parent.mkdir(parents=True, exist_ok=True)
        datei.write_bytes(d.inhalt)
        ergebnis.bytes += len(d.inhalt)
        anzahl += 1
        stand.offene_datei()
    return anzahl


def exportiere(ordner: Path, fortschritt: Callable[[int, int], None] = lambda _e, _g: None) -> Ergebnis:
    """Write the public site into `ordner` (created; must not exist or be empty). Nothing half-written:
    the files go to a temporary folder beside it first. `fortschritt` gets the answers written so far and
    an estimate of all (the crawl finds pages as it goes; the later languages are taken to be as large as
    the first)."""
    if ordner.exists() and (not ordner.is_dir() or any(ordner.iterdir())):
        raise ExportFehler(f"{ordner} gibt es schon und ist nicht leer; bitte einen neuen Ordner angeben")
    ordner.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".imon-export-", dir=ordner.parent))
    try:
        ergebnis = _sammle(tmp, fortschritt)
        if ordner.exists():
            ordner.rmdir()
        os.replace(tmp, ordner)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return ergebnis


@dataclass
class _Stand:
    """Answers written so far and an estimate of all, for the progress report."""

    melden: Callable[[int, int], None]
    offene_daten: int  # files written after the crawl
    erledigt: int = 0
    seiten: int = 0  # pages of the current language
    je_sprache: int = 0  # pages of the first language, once it is done (files are written only once)
    weitere_sprachen: int = len(SPRACHEN) - 1

    def eine(self, offen: int = 0, offene_seiten: int = 0, seite: bool = False) -> None:
        """One answer written; `offen`: addresses still queued in this language, `offene_seiten` of them
        pages (the other languages fetch only pages again)."""
        self.erledigt += 1
        self.seiten += seite
        weitere = max(self.weitere_sprachen, 0) * (self.je_sprache or self.seiten + offene_seiten)
        self.melden(self.erledigt, self.erledigt + offen + weitere + self.offene_daten)

    def sprache_fertig(self) -> None:
        self.je_sprache = self.je_sprache or self.seiten
        self.seiten = 0
        self.weitere_sprachen -= 1

    def offene_datei(self) -> None:
        self.offene_daten -= 1
        self.eine()


def _sammle(ziel: Path, fortschritt: Callable[[int, int], None]) -> Ergebnis:
    ergebnis = Ergebnis()
    dateien: set[str] = set()  # language-independent files already written
    stand = _Stand(fortschritt, _anzahl_offene_daten())
    for sprache, praefix in SPRACHEN:
        _sammle_sprache(ziel, sprache, praefix, dateien, ergebnis, stand)
        stand.sprache_fertig()
    ergebnis.dateien += _offene_daten(ziel, ergebnis, stand)
    if ergebnis.fehler:
        raise ExportFehler("Export abgebrochen, Seiten ohne Antwort: " + "; ".join(ergebnis.fehler[:10]))
    return ergebnis


def _sammle_sprache(
    ziel: Path,
    sprache: str,
    praefix: str,
    dateien: set[str],
    ergebnis: Ergebnis,
    stand: _Stand,
) -> None:
    """Every public page in one language, following links from START; files not yet in `dateien`."""
    client = Client(SERVER_NAME=_HOST)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = sprache
    offen: deque[str] = deque(START)
    gesehen = set(START)
    static = settings.STATIC_URL if settings.STATIC_URL.startswith("/") else "/" + settings.STATIC_URL

    def merke(pfad: str) -> None:
        if pfad not in gesehen:
            gesehen.add(pfad)
            offen.append(pfad)

    while offen:
        url = offen.popleft()
        if url.startswith(OFFENE_DATEN) and not url.endswith("/"):
            continue  # written below, with the live address in their metadata
        if not ist_seite(url):
            if url in dateien:
                continue
            dateien.add(url)
        if url.startswith(static):
            groesse = _statisch(url, ziel)
            if groesse < 0:
                ergebnis.fehler.append(f"{url}: Datei nicht gefunden")
            else:
                ergebnis.dateien += 1
                ergebnis.bytes += groesse
            continue
        antwort = client.get(url, follow=True)
        if antwort.status_code != 200:
            if url in START and antwort.status_code == 404:
                continue  # an optional part of the site (e.g. no open data) is simply left out
            ergebnis.fehler.append(f"{url}: HTTP {antwort.status_code}")
            continue
        seite = antwort.get("Content-Type", "").startswith("text/html")
        holen = [
            u
            for u in offen
            if not u.startswith(static)
            and u not in dateien
            and not (u.startswith(OFFENE_DATEN) and not u.endswith("/"))
        ]
        stand.eine(len(holen), sum(1 for u in holen if ist_seite(u)), seite)
        datei = ziel / ziel_datei(url, praefix)
        datei.parent.mkdir(parents=True, exist_ok=True)
        if seite:
            inhalt = _umschreiben(antwort.content.decode("utf-8"), url, merke, sprache, praefix).encode(
                "utf-8"
            )
            ergebnis.seiten += 1
        else:
            inhalt = (
                b"".join(getattr(antwort, "streaming_content", ())) if antwort.streaming else antwort.content
            )
            ergebnis.dateien += 1
        datei.write_bytes(inhalt)
        ergebnis.bytes += len(inhalt)

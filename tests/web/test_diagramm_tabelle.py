"""Every chart on the indicator pages has a text alternative and links to its data table (no browser).

The same rule runs in the browser on every page of tests/browser/seiten.py; this one needs only Django's
test client, so it runs where chromium is missing too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from django.test import Client

Attribute = dict[str, str | None]


@dataclass
class _Figur:
    svg: list[Attribute] = field(default_factory=list)
    links: list[Attribute] = field(default_factory=list)


class _Seite(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.diagramme: list[_Figur] = []
        self.tabellen: dict[str, dict[str, bool]] = {}
        self._figur: _Figur | None = None
        self._tabelle: dict[str, bool] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "figure":
            self._figur = _Figur()
            self.diagramme.append(self._figur)
        elif tag == "svg" and self._figur is not None and a.get("aria-hidden") != "true":  # not a swatch
            self._figur.svg.append(a)
        elif tag == "a" and self._figur is not None and (a.get("href") or "").startswith("#"):
            self._figur.links.append(a)
        elif tag == "table":
            self._tabelle = {"caption": False, "th": False}
            self.tabellen[a.get("id") or ""] = self._tabelle
        elif tag in ("caption", "th") and self._tabelle is not None:
            self._tabelle[tag] = True
            if tag == "caption" and a.get("id"):  # a link to the caption leads to its table too
                self.tabellen[str(a["id"])] = self._tabelle

    def handle_endtag(self, tag: str) -> None:
        if tag == "figure":
            self._figur = None
        elif tag == "table":
            self._tabelle = None


def _pruefe(seite: _Seite, anzahl: int, sprache: str | None) -> None:
    assert len(seite.diagramme) == anzahl
    for figur in seite.diagramme:
        (svg,) = figur.svg
        assert svg["role"] == "img" and svg["aria-label"], svg
        (link,) = figur.links
        assert link["class"] == "zur-tabelle" and link.get("lang") == sprache
        tabelle = seite.tabellen[str(link["href"])[1:]]
        assert tabelle == {"caption": True, "th": True}


@pytest.mark.parametrize("sprache", ["de", "en"])
@pytest.mark.parametrize(
    ("pfad", "anzahl"),
    [
        ("/indikatoren/auslaenderanteil/", 4),  # with the maps of the Gemeinden and Ämter
        ("/indikatoren/auslaender_nach_gruppe/", 2),
        ("/indikatoren/top_staatsangehoerigkeiten/", 2),
        ("/indikatoren/einbuergerungen/", 1),
    ],
)
def test_diagramm_mit_textalternative_und_verweis_auf_tabelle(
    client: Client, daten: list, pfad: str, anzahl: int, sprache: str
) -> None:
    client.post("/i18n/setlang/", {"language": sprache, "next": "/"})
    antwort = client.get(pfad)
    assert antwort.status_code == 200
    seite = _Seite()
    seite.feed(antwort.content.decode())
    _pruefe(seite, anzahl, sprache)


def test_factsheet_diagramme_verweisen_auf_ihre_tabellen(client: Client, daten: list) -> None:
    from integrationsmonitor.publish.services import erstelle_factsheet
    from integrationsmonitor.store.katalog import aktueller_katalog

    erstelle_factsheet(aktueller_katalog(), "2024-Q4", benutzer="test")
    antwort = client.get("/factsheet/2024-Q4/")
    assert antwort.status_code == 200
    seite = _Seite()
    seite.feed(antwort.content.decode())
    _pruefe(seite, 4, None)  # the links lead to the tables' captions; the FactSheet is German throughout

"""The pages the browser checks (axe-core and the chart rule), on the data of the ``live_daten`` fixture.

To check another page, add one line to ``SEITEN``: ``Seite("/pfad/")`` (German) and, for the English
version, ``Seite("/pfad/", "en")``; ``angemeldet=True`` for a page behind the login. ``diagramme`` is the
least number of charts the page must show, so the chart rule cannot pass on a page that lost its charts.
A page that needs more data than ``live_daten`` names the fixtures that make it in ``mit`` (defined in
tests/browser/conftest.py, or any conftest above).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Seite:
    pfad: str
    sprache: str = "de"  # "en": switched through the language links at the top (?sprache=en)
    diagramme: int = 0  # at least this many charts on the page
    angemeldet: bool = False  # logged in as a staff user first
    mit: tuple[str, ...] = ()  # further fixtures the page needs beyond live_daten, e.g. ("live_factsheet",)

    def __str__(self) -> str:
        return f"{self.pfad} [{self.sprache}{', angemeldet' if self.angemeldet else ''}]"


SEITEN = [
    Seite("/"),
    Seite("/", "en"),
    Seite("/indikatoren/"),
    Seite("/indikatoren/", "en"),
    # percentage with numerator and denominator; Gemeinden compared, most of them without a value
    Seite("/indikatoren/auslaenderanteil/", diagramme=4),  # chart, Gemeinden, map of Gemeinden and Ämter
    Seite("/indikatoren/auslaenderanteil/", "en", diagramme=4),
    # one Gemeinde, broken down by sex (no values for the breakdown: no chart, a notice instead)
    Seite("/indikatoren/auslaenderanteil/?gebiet=12061020&nach=geschlecht"),
    # breakdown by group; 2023 without values (footnotes with reasons)
    Seite("/indikatoren/auslaender_nach_gruppe/", diagramme=2),
    Seite("/indikatoren/auslaender_nach_gruppe/", "en", diagramme=2),
    # bar chart of nationalities
    Seite("/indikatoren/top_staatsangehoerigkeiten/", diagramme=2),
    # one period only; Kreis level only (no Gemeinden comparison)
    Seite("/indikatoren/einbuergerungen/", diagramme=1),
    # no delivery at all: no chart, no table
    Seite("/indikatoren/sprachkurse/"),
    # a period chosen (permalink) and the embed pages of a chart and a map (no site chrome)
    Seite("/indikatoren/auslaenderanteil/?gebiet=12061&zeitraum=2023", diagramme=1),
    Seite("/indikatoren/auslaenderanteil/einbetten/entwicklung/?gebiet=12061&zeitraum=2024", diagramme=1),
    Seite("/indikatoren/auslaenderanteil/einbetten/karte-gemeinden/?zeitraum=2024", diagramme=1),
    Seite("/anmelden/"),
    Seite("/anmelden/", "en"),
    # the FactSheet: archive and one issue
    Seite("/factsheet/", mit=("live_factsheet",)),
    Seite("/factsheet/2024-Q4/", diagramme=4, mit=("live_factsheet",)),
    Seite("/factsheet/2024-Q4/", "en", diagramme=4, mit=("live_factsheet",)),
    # the annual report, made on the fly from the deliveries
    Seite("/bericht/"),
    Seite("/bericht/2024/", diagramme=7),
    Seite("/bericht/2024/", "en", diagramme=7),
    # the Verwaltung's texts of the report and the FactSheet (admin only)
    Seite("/bericht/2024/texte/", angemeldet=True),
    Seite("/factsheet/2024-Q4/kommentar/", angemeldet=True, mit=("live_factsheet",)),
    # open data: the list of files per indicator and dataset
    Seite("/opendaten/"),
    Seite("/opendaten/", "en"),
    # the FactSheet mailing list: subscribe, confirm, unsubscribe
    Seite("/newsletter/"),
    Seite("/newsletter/", "en"),
    Seite("/newsletter/bestaetigen/bestaetigen-test-token/", mit=("live_abonnent",)),
    Seite("/newsletter/abmelden/abmelden-test-token/", "en", mit=("live_abonnent",)),
    # open data: the files of every indicator and dataset, the catalogue and the API
    Seite("/opendaten/"),
    Seite("/opendaten/", "en"),
    # not public, but ours: the delivery upload and history
    Seite("/lieferungen/", angemeldet=True),
    Seite("/lieferungen/", "en", angemeldet=True),
    Seite("/factsheet/", angemeldet=True, mit=("live_factsheet",)),  # with the form to make an issue
    # the site search: hits in indicators and courses; no hits (with hints)
    Seite("/suche/?q=sprach", mit=("live_kurse",)),
    Seite("/suche/?q=sprach", "en", mit=("live_kurse",)),
    Seite("/suche/?q=gibtesnicht"),
    # the public course finder in its four languages (Arabic right to left)
    Seite("/kurse/", mit=("live_kurse",)),
    Seite("/kurse/", "en", mit=("live_kurse",)),
    Seite("/kurse/", "uk", mit=("live_kurse",)),
    Seite("/kurse/", "ar", mit=("live_kurse",)),
    # filtered (the filter keeps the language) and the printable list with its QR codes (issue 12, item 1)
    Seite("/kurse/?kinder=1&frei=1", "uk", mit=("live_kurse",)),
    Seite("/kurse/liste/", mit=("live_kurse",)),
    Seite("/kurse/liste/", "ar", mit=("live_kurse",)),
    # the providers' own courses (issue 12, item 2; as the admin): the list with the open-seat forms, the form
    Seite("/traeger/kurse/", angemeldet=True, mit=("live_kurse",)),
    Seite("/traeger/kurse/neu/", angemeldet=True, mit=("live_kurse",)),
    Seite("/traeger/kurse/neu/", "en", angemeldet=True, mit=("live_kurse",)),
    # the public offers with places imported from Integreat (issue 13, item 1)
    Seite("/angebote/", mit=("live_angebote",)),
    Seite("/angebote/", "en", mit=("live_angebote",)),
    # initiatives and volunteering (issue 13, items 4 and 5): the cards in four languages, filtered, the
    # interest form, its confirmation page, and an initiative's own entry (as the admin)
    Seite("/mitmachen/", mit=("live_initiativen",)),
    Seite("/mitmachen/", "en", mit=("live_initiativen",)),
    Seite("/mitmachen/", "uk", mit=("live_initiativen",)),
    Seite("/mitmachen/", "ar", mit=("live_initiativen",)),
    Seite("/mitmachen/?ort=12061260&art=sprechcafe", "uk", mit=("live_initiativen",)),
    Seite("/mitmachen/interesse/", mit=("live_initiativen",)),
    Seite("/mitmachen/interesse/", "ar", mit=("live_initiativen",)),
    Seite("/mitmachen/bestaetigen/mitmachen-test-token/", mit=("live_initiativen",)),
    Seite("/initiative/sprechcafe-kw-demo/", angemeldet=True, mit=("live_initiativen",)),
]

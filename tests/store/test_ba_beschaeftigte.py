"""The BA's table of employees by nationality is the BA's own published statistic (review of issue 14,
finding 13): delivered through the table profile ba_beschaeftigte, its `*` cells stay secret, but the
totals it prints (Insgesamt × Männer/Frauen) are published as the BA delivered them, and there is no
"divers" cell, which the BA never reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from integrationsmonitor.catalog.loader import katalog
from integrationsmonitor.demo import build
from integrationsmonitor.demo.generator import DemoLieferung
from integrationsmonitor.formats.xlsx_schreiben import Blatt, xlsx
from integrationsmonitor.indicators.engine import reihe
from integrationsmonitor.store.selectors import DbQuelle, vergiss_wuerfel

pytestmark = pytest.mark.django_db

K = katalog()
KREIS = K.kreis.code
DS = "beschaeftigte_staatsangehoerigkeit"


def _ba_datei(pfad: Path) -> Path:
    """The BA table in its layout (synthetic figures), anonymised by the BA in two groups: `*` for the
    Männer/Frauen of Asylherkunftsländer (4 persons) and of sonstige Drittstaaten (the BA's secondary
    suppression)."""
    zeilen: list[list[str | int | None]] = [
        ["Sozialversicherungspflichtig Beschäftigte am Wohnort nach Staatsangehörigkeiten"],
        ["Dahme-Spreewald (12061), Stichtag 30.06.2025 (synthetische Testdatei)"],
        [],
        ["Staatsangehörigkeit", "Insgesamt", "Männer", "Frauen"],
        [1, 2, 3, 4],
        ["Insgesamt", 72679, 37793, 34886],
        ["Deutsche", 67905, 34971, 32934],
        ["Ausländer", 4774, 2822, 1952],
        ["EU-Staaten (ohne Deutschland)", 2160, 1400, 760],
        ["Asylherkunftsländer 1)", 4, "*", "*"],
        ["sonstige Drittstaaten", 2610, "*", "*"],
        [],
        ["© Statistik der Bundesagentur für Arbeit"],
        ["1) Afghanistan, Eritrea, Irak, Iran, Nigeria, Pakistan, Somalia, Syrien"],
    ]
    pfad.write_bytes(
        xlsx([Blatt("Inhalt", [["Beschäftigungsstatistik"]]), Blatt("Beschäftigte nach Staatsang.", zeilen)])
    )
    return pfad


def test_ba_file_with_two_anonymised_groups_keeps_its_published_totals(tmp_path):
    vergiss_wuerfel()
    datei = _ba_datei(tmp_path / "ba_beschaeftigte_2025.xlsx")
    ergebnis = build._liefere(K, DemoLieferung(datei, DS, "2025", "bundesagentur", "ba_beschaeftigte"))
    assert ergebnis.angenommen, ergebnis.probleme[:5]
    w = DbQuelle(K).wuerfel(DS, "2025")
    assert w is not None

    def wert(gruppe: str | None, geschlecht: str | None) -> tuple[float | None, str]:
        auswahl = tuple(None if c is None else frozenset({c}) for c in (gruppe, geschlecht))
        x = w.wert(KREIS, auswahl)
        return x.value, x.flag

    # the BA's Insgesamt row: published exactly, by sex too
    assert [wert(None, s) for s in (None, "m", "w")] == [(72679, ""), (37793, ""), (34886, "")]
    # the BA's own figures stay as printed; its `*` stays secret, nothing else is suppressed
    assert wert("deutsch", "m") == (34971, "") and wert("eu", "w") == (760, "")
    assert wert("asylherkunft", None) == (4, "")
    assert wert("asylherkunft", "m") == (None, "g") and wert("sonstige_drittstaaten", "w") == (None, "g")
    # no divers: the dataset's code list has no such code, so nothing is published for it
    assert "d" not in K.codelisten[K.datensaetze[DS].merkmale["geschlecht"]].codes
    anteil = {
        r.category: r
        for r in reihe(K, DbQuelle(K), "anteil_auslaendische_beschaeftigte", nach="geschlecht")
        if r.period == "2025"
    }
    assert set(anteil) == {"m", "w"}
    insgesamt = [r for r in reihe(K, DbQuelle(K), "anteil_auslaendische_beschaeftigte") if r.period == "2025"]
    assert [r.value for r in insgesamt] == [pytest.approx(100 * 4774 / 72679)]

"""Indicator formulas over delivered cells: rates keep numerator and denominator, missing inputs stay
missing with their reason (never 0), breakdowns filter only the terms that have the dimension."""

from __future__ import annotations

import pytest

from integrationsmonitor.catalog.loader import katalog
from integrationsmonitor.indicators.cube import Wuerfel, Zelle
from integrationsmonitor.indicators.engine import IndikatorFehler, fehlende_lieferungen, reihe, stand, wartet
from integrationsmonitor.indicators.model import (
    FEHLT_GEHEIM,
    FEHLT_KEINE_LIEFERUNG,
    FEHLT_NENNER_NULL,
    FEHLT_VORJAHR,
)

T = "_T"
KW, WILDAU, SCHOENEFELD = "12061260", "12061540", "12061433"


class Speicher:
    """Active deliveries in memory: {(dataset, period): [Zelle, …]}."""

    def __init__(self, zellen: dict[tuple[str, str], list[Zelle]]) -> None:
        self.k = katalog()
        self.daten = zellen

    def zeitraeume(self, datensatz):
        return sorted(p for d, p in self.daten if d == datensatz)

    def wuerfel(self, datensatz, zeitraum):
        zellen = self.daten.get((datensatz, zeitraum))
        return None if zellen is None else Wuerfel(self.k, self.k.datensaetze[datensatz], zellen)


def ausl(gebiet, gruppe, staat, geschlecht, alter, wert, kz=""):
    return Zelle(gebiet, (gruppe, staat, geschlecht, alter), wert, kz)


def bev(gebiet, wert, geschlecht=T, alter=T):
    return Zelle(gebiet, (geschlecht, alter), wert)


FEIN_2024 = [  # foreigners at Gemeinde level, every dimension coded; zero cells left out
    ausl(KW, "eu", "152", "m", "30_49", 40),
    ausl(KW, "drittstaat", "166", "w", "30_49", 30),
    ausl(KW, "asyl", "475", "m", "18_24", 10),
    ausl(WILDAU, "eu", "152", "w", "50_64", 15),
    ausl(WILDAU, "drittstaat", "432", "m", "00_05", 5),
]
BEV_2024 = [bev("12061", 1000), bev(KW, 400), bev(WILDAU, 200), bev(SCHOENEFELD, 400)]


@pytest.fixture
def quelle():
    return Speicher({
        ("auslaender_bestand", "2024"): [*FEIN_2024, ausl("12061", T, T, T, T, 100)],
        ("auslaender_bestand", "2023"): [ausl("12061", T, T, T, T, 80)],
        ("bevoelkerung_melderegister", "2024"): BEV_2024,
        ("bevoelkerung_melderegister", "2023"): [bev("12061", 0)],
        ("einbuergerungen", "2024"): [Zelle("12061", (T, T), 4)],
    })  # fmt: skip


def test_rate_keeps_numerator_and_denominator(quelle):
    rows = reihe(katalog(), quelle, "auslaenderanteil")
    r2024 = next(r for r in rows if r.period == "2024")
    assert (r2024.numerator, r2024.denominator) == (100, 1000)
    assert r2024.value == pytest.approx(10.0)


def test_denominator_zero_is_missing_not_infinite(quelle):
    r2023 = next(r for r in reihe(katalog(), quelle, "auslaenderanteil") if r.period == "2023")
    assert r2023.value is None and r2023.reason == FEHLT_NENNER_NULL


def test_region_value_is_rolled_up_from_finest_cells(quelle):
    rows = reihe(katalog(), quelle, "auslaenderanteil", gebiet=KW, perioden=["2024"])
    assert rows[0].numerator == 80 and rows[0].value == pytest.approx(20.0)
    amtsfrei = reihe(katalog(), quelle, "auslaender_gesamt", gebiet="120610260", perioden=["2024"])
    assert amtsfrei[0].value == 80  # the Verband of an amtsfreie Gemeinde equals the Gemeinde


def test_region_without_foreigners_is_zero_because_fine_cells_were_delivered(quelle):
    rows = reihe(katalog(), quelle, "auslaender_gesamt", gebiet=SCHOENEFELD, perioden=["2024"])
    assert rows[0].value == 0 and rows[0].reason == ""


def test_delivered_margin_keeps_county_exact_when_fine_cells_are_secret():
    q = Speicher({
        ("auslaender_bestand", "2024"): [
            *FEIN_2024, ausl(SCHOENEFELD, "eu", "152", "m", "30_49", None, "g"), ausl("12061", T, T, T, T, 102)
        ],
    })  # fmt: skip
    assert reihe(katalog(), q, "auslaender_gesamt", perioden=["2024"])[0].value == 102
    assert (
        reihe(katalog(), q, "auslaender_gesamt", gebiet=SCHOENEFELD, perioden=["2024"])[0].reason
        == FEHLT_GEHEIM
    )


def test_missing_delivery_is_missing_with_reason(quelle):
    rows = reihe(katalog(), quelle, "auslaenderanteil", perioden=["2022"])
    assert rows[0].value is None and rows[0].reason == FEHLT_KEINE_LIEFERUNG


def test_previous_year_denominator(quelle):
    rows = reihe(katalog(), quelle, "einbuergerungsquote")
    assert rows[0].period == "2024" and rows[0].value == pytest.approx(5.0)  # 4 / 80 * 100
    quelle.daten.pop(("auslaender_bestand", "2023"))
    rows = reihe(katalog(), quelle, "einbuergerungsquote")
    assert rows[0].value is None and rows[0].reason.endswith(FEHLT_VORJAHR)


def test_breakdown_filters_only_terms_with_that_dimension(quelle):
    rows = reihe(katalog(), quelle, "auslaender_nach_gruppe", perioden=["2024"])
    assert {r.category: r.value for r in rows} == {"drittstaat": 35, "asyl": 10, "eu": 55}
    anteil = reihe(katalog(), quelle, "auslaenderanteil", nach="geschlecht", perioden=["2024"])
    # the population has geschlecht, but only totals were delivered: the share by sex is missing
    assert all(r.value is None for r in anteil)


def test_group_filter_uses_dated_membership_and_attributes(quelle):
    europa = reihe(katalog(), quelle, "anteil_europa", perioden=["2024"])[0]
    andere = reihe(katalog(), quelle, "anteil_andere", perioden=["2024"])[0]
    assert europa.numerator == 40 + 30 + 15  # PL, UA (eu + drittstaat); asylum seekers excluded
    assert andere.numerator == 5  # Vietnam


def test_top_nationalities_ranked_and_iso_coded(quelle):
    rows = reihe(katalog(), quelle, "top_staatsangehoerigkeiten", perioden=["2024"])
    assert [(r.category, r.value) for r in rows] == [("PL", 55), ("UA", 30), ("SY", 10), ("VN", 5)]


def test_secret_input_makes_result_missing_not_partial():
    q = Speicher({
        ("auslaender_bestand", "2024"): [*FEIN_2024, ausl(SCHOENEFELD, "eu", "152", "m", "30_49", None, "g")],
        ("bevoelkerung_melderegister", "2024"): BEV_2024,
    })  # fmt: skip
    kreis = reihe(katalog(), q, "auslaenderanteil", perioden=["2024"])[0]
    assert kreis.value is None and kreis.reason == FEHLT_GEHEIM
    kw = reihe(katalog(), q, "auslaenderanteil", gebiet=KW, perioden=["2024"])[0]
    assert kw.value == pytest.approx(20.0)  # the secret cell is elsewhere


def test_mapped_breakdown_categories():
    q = Speicher(
        {
            ("projektkennzahlen", "2024"): [
                Zelle("12061", ("lds_integriert", "vermittlung_arbeit"), 69),
                Zelle("12061", ("lds_integriert", "vermittlung_ausbildung"), 24),
                Zelle("12061", ("lds_integriert", "neukunden"), 175),
            ]
        }
    )
    rows = reihe(katalog(), q, "vermittlungen")
    assert [(r.category, r.value) for r in rows] == [("arbeit", 69), ("ausbildung", 24)]
    folge = reihe(katalog(), q, "lds_integriert_folgetermine")
    assert all(r.value is None for r in folge)  # not delivered: missing, not 0


def test_unknown_region_and_breakdown_are_refused(quelle):
    with pytest.raises(IndikatorFehler, match="unbekanntes Gebiet ‚99999‘"):
        reihe(katalog(), quelle, "auslaenderanteil", gebiet="99999")
    with pytest.raises(IndikatorFehler, match="nicht nach ‚farbe‘ aufschlüsseln"):
        reihe(katalog(), quelle, "auslaenderanteil", nach="farbe")
    with pytest.raises(IndikatorFehler, match="unbekannter Indikator"):
        reihe(katalog(), quelle, "gibt_es_nicht")


def test_delivered_margins_are_used_per_combination_despite_a_secret_fine_cell():
    q = Speicher({
        ("auslaender_bestand", "2024"): [
            ausl(KW, "eu", "152", "m", "30_49", 40), ausl(KW, "drittstaat", "166", "w", "30_49", 30),
            ausl(WILDAU, "drittstaat", "432", "m", "00_05", None, "g"),
            ausl("12061", "eu", "152", T, T, 40), ausl("12061", "drittstaat", "166", T, T, 30),
            ausl("12061", "drittstaat", "432", T, T, 5),
        ],
        ("bevoelkerung_melderegister", "2024"): BEV_2024,
    })  # fmt: skip
    europa = reihe(katalog(), q, "anteil_europa", perioden=["2024"])[0]
    assert (
        europa.numerator == 70 and europa.reason == ""
    )  # combinations without a margin are 0 in the fine cells
    andere = reihe(katalog(), q, "anteil_andere", perioden=["2024"])[0]
    assert andere.numerator == 5  # Vietnam: delivered margin, although its fine cell is secret


def test_kreis_only_delivery_of_coded_cells_gives_totals():
    q = Speicher(
        {("einbuergerungen", "2024"): [Zelle("12061", ("475", "m"), 3), Zelle("12061", ("163", "w"), 2)]}
    )
    assert reihe(katalog(), q, "einbuergerungen")[0].value == 5
    assert reihe(katalog(), q, "einbuergerungen", gebiet=KW)[0].value is None  # Kreis-only data


def test_breakdown_shows_only_categories_the_filter_admits():
    q = Speicher({
        ("sgb2_elb", "2024"): [
            Zelle("12061", ("deutsch", "m"), 600), Zelle("12061", ("eu", "m"), 40), Zelle("12061", ("asylherkunft", "w"), 70)
        ]
    })  # fmt: skip
    rows = reihe(katalog(), q, "sgb2_elb_auslaender", nach="staatsangehoerigkeitsgruppe")
    assert [(r.category, r.value) for r in rows] == [("eu", 40), ("asylherkunft", 70)]
    assert reihe(katalog(), q, "sgb2_elb_auslaender")[0].value == 110


def test_stand_is_newest_period_with_a_value_while_a_delivery_is_missing(quelle):
    quelle.daten[("auslaender_bestand", "2025")] = [ausl("12061", T, T, T, T, 120)]  # registers: not yet
    rows = reihe(katalog(), quelle, "auslaenderanteil")
    assert [r.period for r in rows] == ["2023", "2024", "2025"]
    assert rows[-1].reason == f"Nenner: {FEHLT_KEINE_LIEFERUNG}" and wartet(rows[-1])
    assert stand(rows) == "2024"
    assert fehlende_lieferungen(katalog(), quelle, katalog().indikatoren["auslaenderanteil"], "2025") == [
        "bevoelkerung_melderegister"
    ]
    assert fehlende_lieferungen(katalog(), quelle, katalog().indikatoren["auslaenderanteil"], "2024") == []
    # Kreis-only delivery: a Gemeinde waits for its cell too, once the registers have delivered
    quelle.daten[("bevoelkerung_melderegister", "2025")] = [bev("12061", 1000), bev(KW, 400)]
    kw = reihe(katalog(), quelle, "auslaenderanteil", gebiet=KW)
    assert kw[-1].value is None and wartet(kw[-1]) and stand(kw) == "2024"
    assert stand(reihe(katalog(), quelle, "auslaenderanteil")) == "2025"


def test_a_secret_newest_value_is_an_answer_not_a_wait():
    q = Speicher({
        ("auslaender_bestand", "2024"): FEIN_2024,
        ("auslaender_bestand", "2025"): [ausl(SCHOENEFELD, "eu", "152", "m", "30_49", None, "g"), *FEIN_2024],
        ("bevoelkerung_melderegister", "2024"): BEV_2024,
        ("bevoelkerung_melderegister", "2025"): BEV_2024,
    })  # fmt: skip
    rows = reihe(katalog(), q, "auslaenderanteil")
    assert rows[-1].reason == FEHLT_GEHEIM and not wartet(rows[-1])
    assert stand(rows) == "2025"  # shown as secret, never the 2024 value in its place


def test_stand_without_any_value_is_none(quelle):
    rows = reihe(katalog(), quelle, "auslaenderanteil", perioden=["2021", "2022"])
    assert stand(rows) is None


def test_top_ranking_uses_the_newest_period_with_values(quelle):
    quelle.daten[("auslaender_bestand", "2025")] = [ausl("12061", T, T, T, T, 120)]  # Kreis total only
    rows = reihe(katalog(), quelle, "top_staatsangehoerigkeiten")
    assert [r.category for r in rows if r.period == "2024"] == ["PL", "UA", "SY", "VN"]
    assert stand(rows) == "2024"

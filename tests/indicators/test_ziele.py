"""Status against targets (Zielwerte) for both directions, and the change against the previous year."""

from __future__ import annotations

from dataclasses import replace

import pytest

from integrationsmonitor.catalog.loader import katalog
from integrationsmonitor.catalog.model import Indikator, Ziel
from integrationsmonitor.indicators.model import FEHLT_KEINE_LIEFERUNG, SeriesRow
from integrationsmonitor.indicators.ziele import (
    Grund,
    Status,
    bewerte,
    jahreswerte,
    relevantes_ziel,
    veraenderung,
    veraenderung_reihe,
    zielbilanz,
    zielstatus,
    zielstatus_reihe,
)
from integrationsmonitor.publish.zieltexte import LABEL, SYMBOL, veraenderungstext, zieltext

KREIS, KW = "12061", "12061260"


def _ind(indikator_id: str, *ziele: tuple[int, float], gebiet: str = KREIS) -> Indikator:
    """A shipped indicator with the given targets instead of its own."""
    eigene = tuple(Ziel(j, w, "Integrationskonzept", gebiet) for j, w in ziele)
    return replace(katalog().indikatoren[indikator_id], ziele=eigene)


# hoeher_besser, percent: dezentrale_unterbringung; niedriger_besser, percent: sgb2_quote_auslaender;
# hoeher_besser, count: sprachkurse; neutral: auslaenderanteil.


def test_ziel_im_zieljahr_erreicht_hoeher_besser() -> None:
    s = zielstatus(_ind("dezentrale_unterbringung", (2024, 60.0)), 62.5, 2024, gebiet=KREIS)
    assert s.status is Status.ERREICHT and s.erreicht
    assert s.abstand == 2.5 and s.ziel is not None and s.ziel.wert == 60.0
    assert zieltext(s) == "2024: 62,5 % – Ziel für 2024 (60,0 %) erreicht, 2,5 Prozentpunkte darüber."


def test_ziel_im_zieljahr_verfehlt_hoeher_besser() -> None:
    s = zielstatus(_ind("dezentrale_unterbringung", (2024, 65.0)), 60.0, 2024, gebiet=KREIS)
    assert s.status is Status.NICHT_ERREICHT and not s.erreicht
    assert s.abstand == -5.0
    assert zieltext(s) == "2024: 60,0 % – Ziel für 2024 (65,0 %) nicht erreicht, 5,0 Prozentpunkte darunter."


def test_niedriger_ist_besser_dreht_den_vergleich_um() -> None:
    ind = _ind("sgb2_quote_auslaender", (2024, 25.0))
    unter = zielstatus(ind, 24.0, 2024, gebiet=KREIS)
    ueber = zielstatus(ind, 26.0, 2024, gebiet=KREIS)
    assert unter.status is Status.ERREICHT and unter.abstand == -1.0
    assert "erreicht, 1,0 Prozentpunkte darunter" in zieltext(unter)
    assert ueber.status is Status.NICHT_ERREICHT and ueber.abstand == 1.0
    assert "nicht erreicht, 1,0 Prozentpunkte darüber" in zieltext(ueber)


def test_genau_auf_dem_zielwert_und_gerundet_wie_angezeigt() -> None:
    ind = _ind("dezentrale_unterbringung", (2024, 60.0))
    genau = zielstatus(ind, 60.0, 2024, gebiet=KREIS)
    assert genau.status is Status.ERREICHT and "genau auf dem Zielwert" in zieltext(genau)
    # 59,98 % is shown as 60,0 %: the status must not contradict the printed numbers
    knapp = zielstatus(ind, 59.98, 2024, gebiet=KREIS)
    assert knapp.status is Status.ERREICHT and knapp.abstand == 0.0
    darunter = zielstatus(ind, 59.94, 2024, gebiet=KREIS)
    assert darunter.status is Status.NICHT_ERREICHT and darunter.abstand == -0.1


@pytest.mark.parametrize(
    ("indikator", "wert", "vorjahr", "status", "noetig"),
    [
        # target 50 courses in 2026, 42 in 2024: 4 a year needed
        ("sprachkurse", 42, 35, Status.AUF_KURS, 4.0),  # +7
        ("sprachkurse", 42, 38, Status.AUF_KURS, 4.0),  # +4: exactly enough
        ("sprachkurse", 42, 39, Status.NICHT_AUF_KURS, 4.0),  # +3
        ("sprachkurse", 42, 45, Status.NICHT_AUF_KURS, 4.0),  # falling
    ],
)
def test_kuenftiges_ziel_auf_kurs_oder_nicht_hoeher_besser(
    indikator: str, wert: float, vorjahr: float, status: Status, noetig: float
) -> None:
    s = zielstatus(_ind(indikator, (2026, 50)), wert, 2024, gebiet=KREIS, vorjahreswert=vorjahr)
    assert s.status is status
    assert s.noetig_je_jahr == noetig and s.abstand == -8


def test_kuenftiges_ziel_niedriger_besser() -> None:
    ind = _ind("sgb2_quote_auslaender", (2026, 20.0))
    auf_kurs = zielstatus(ind, 25.4, 2024, gebiet=KREIS, vorjahreswert=28.4)  # -3,0 a year, -2,7 needed
    nicht = zielstatus(ind, 25.4, 2024, gebiet=KREIS, vorjahreswert=27.4)  # -2,0 a year
    steigend = zielstatus(ind, 25.4, 2024, gebiet=KREIS, vorjahreswert=24.0)
    assert auf_kurs.status is Status.AUF_KURS
    assert auf_kurs.noetig_je_jahr == pytest.approx(-2.7)
    assert nicht.status is Status.NICHT_AUF_KURS
    assert zieltext(nicht) == (
        "2024: 25,4 % – nicht auf Kurs zum Ziel für 2026 (20,0 %): nötig sind −2,7 Prozentpunkte je Jahr, "
        "zuletzt −2,0 Prozentpunkte gegenüber 2023."
    )
    assert steigend.status is Status.NICHT_AUF_KURS


def test_kuenftiges_ziel_schon_erreicht_und_ohne_vorjahr_offen() -> None:
    ind = _ind("sprachkurse", (2026, 50))
    schon = zielstatus(ind, 51, 2024, gebiet=KREIS)
    assert schon.status is Status.ERREICHT
    assert zieltext(schon) == "2024: 51 – Ziel für 2026 (50) schon erreicht, 1 darüber."
    offen = zielstatus(ind, 45, 2024, gebiet=KREIS)
    assert offen.status is Status.OFFEN and offen.noetig_je_jahr == 2.5
    assert "nötig sind +2,5 je Jahr" in zieltext(offen) and "Ohne Wert für 2023" in zieltext(offen)


def test_kein_ziel_und_kein_wert() -> None:
    ind = _ind("sprachkurse", (2024, 40), (2026, 50))
    assert zielstatus(ind, 60, 2027, gebiet=KREIS).status is Status.KEIN_ZIEL
    assert (
        zieltext(zielstatus(ind, 60, 2027, gebiet=KREIS))
        == "Für 2027 und später ist kein Zielwert festgelegt."
    )
    assert zielstatus(ind, 60, 2027, gebiet=KREIS).grund is Grund.KEIN_ZIEL_MEHR
    anderes_gebiet = zielstatus(ind, 60, 2024, gebiet=KW)
    assert anderes_gebiet.status is Status.KEIN_ZIEL and anderes_gebiet.ziel is None
    assert anderes_gebiet.grund is Grund.KEIN_ZIEL_IM_GEBIET
    assert zieltext(anderes_gebiet) == "Für dieses Gebiet ist kein Zielwert festgelegt."
    assert zielstatus(_ind("sprachkurse"), 42, 2024, gebiet=KREIS).status is Status.KEIN_ZIEL
    neutral = zielstatus(_ind("auslaenderanteil", (2024, 8.0)), 8.2, 2024, gebiet=KREIS)
    assert (
        neutral.status is Status.KEIN_ZIEL and neutral.ziel is None and neutral.grund is Grund.OHNE_RICHTUNG
    )
    assert zieltext(neutral) == "Der Indikator hat keine Wertungsrichtung."
    fehlt = zielstatus(ind, None, 2025, gebiet=KREIS, vorjahreswert=45)
    assert fehlt.status is Status.KEIN_WERT and fehlt.ziel == ind.ziele[1] and fehlt.abstand is None
    assert zieltext(fehlt) == "Für 2025 liegt kein Wert vor; Ziel für 2026 (50)."


def test_relevantes_ziel_ist_das_des_jahres_sonst_das_naechste() -> None:
    ind = _ind("sprachkurse", (2022, 30), (2024, 40), (2026, 50))
    assert relevantes_ziel(ind, 2024, KREIS) == ind.ziele[1]
    assert relevantes_ziel(ind, 2023, KREIS) == ind.ziele[1]
    assert relevantes_ziel(ind, 2025, KREIS) == ind.ziele[2]
    assert relevantes_ziel(ind, 2020, KREIS) == ind.ziele[0]
    assert relevantes_ziel(ind, 2027, KREIS) is None
    regional = _ind("dezentrale_unterbringung", (2026, 70.0), gebiet=KW)
    assert relevantes_ziel(regional, 2024, KW) == regional.ziele[0]
    assert relevantes_ziel(regional, 2024, KREIS) is None


def _reihe(werte: dict[str, float | None], kategorie: str | None = None) -> list[SeriesRow]:
    return [
        SeriesRow(
            "sprachkurse", KREIS, p, kategorie, v, reason="" if v is not None else FEHLT_KEINE_LIEFERUNG
        )
        for p, v in werte.items()
    ]


def test_zielstatus_einer_reihe_nimmt_das_letzte_jahr_mit_wert() -> None:
    ind = _ind("sprachkurse", (2026, 50))
    rows = _reihe({"2022": 28, "2023": 35, "2024": 42, "2025": None})
    s = zielstatus_reihe(ind, rows, gebiet=KREIS)
    assert (s.status, s.jahr, s.wert, s.vorjahreswert) == (Status.AUF_KURS, 2024, 42, 35)
    fehlend = zielstatus_reihe(ind, rows, gebiet=KREIS, jahr=2025)
    assert fehlend.status is Status.KEIN_WERT and fehlend.jahr == 2025
    leer = zielstatus_reihe(ind, [], gebiet=KREIS)
    assert (
        leer.status is Status.KEIN_WERT
        and leer.jahr is None
        and zieltext(leer) == "Noch kein Wert geliefert."
    )


def test_jahreswerte_ohne_kategorien_und_unterjaehrige_zeitraeume() -> None:
    rows = [*_reihe({"2023": 35, "2024": 42}), *_reihe({"2024": 7}, "eu"), *_reihe({"2024-Q4": 11})]
    assert jahreswerte(rows) == {2023: 35, 2024: 42}


def test_zielbilanz_je_ziel() -> None:
    ind = _ind("sprachkurse", (2023, 40), (2024, 40), (2026, 50))
    rows = _reihe({"2022": 28, "2023": 35, "2024": None})
    bilanz = zielbilanz(ind, rows, gebiet=KREIS)
    assert [(b.ziel.jahr if b.ziel else None, b.jahr, b.status) for b in bilanz] == [
        (2023, 2023, Status.NICHT_ERREICHT),  # target year in the data: judged there (35 < 40)
        (2024, 2024, Status.KEIN_WERT),  # target year delivered, but without a value
        (2026, 2023, Status.AUF_KURS),  # ahead: latest value 35, +7 against 2022, +5 a year needed
    ]
    assert bilanz[2].noetig_je_jahr == 5.0 and bilanz[2].vorjahreswert == 28
    assert zielbilanz(ind, [], gebiet=KREIS)[0].status is Status.KEIN_WERT
    assert zielbilanz(ind, rows, gebiet=KW) == []


def test_bewerte_gegen_ein_vorgegebenes_ziel() -> None:
    ind = _ind("sprachkurse", (2026, 50))
    s = bewerte(ind, ind.ziele[0], 42, 2024, vorjahreswert=35)
    assert s.status is Status.AUF_KURS
    assert (
        zieltext(s)
        == "2024: 42 – auf Kurs zum Ziel für 2026 (50): nötig sind +4 je Jahr, zuletzt +7 gegenüber 2023."
    )


def test_jeder_status_hat_wort_und_zeichen() -> None:
    for status in Status:
        assert LABEL[status] and SYMBOL[status]
    wertend = [Status.ERREICHT, Status.AUF_KURS, Status.OFFEN, Status.NICHT_AUF_KURS, Status.NICHT_ERREICHT]
    assert len({SYMBOL[s] for s in wertend}) == len(wertend)
    assert len({LABEL[s] for s in Status}) == len(Status)


def test_veraenderung_anzahl_mit_prozent_und_wertung() -> None:
    v = veraenderung(_ind("sprachkurse"), 42, 35, 2024)
    assert (v.differenz, v.wertung, v.vorjahr) == (7, "besser", 2023)
    assert v.prozent == pytest.approx(20.0)
    assert veraenderungstext(v) == "+7 (+20,0 %) gegenüber 2023, eine Verbesserung"


def test_veraenderung_quote_in_prozentpunkten_niedriger_besser() -> None:
    v = veraenderung(_ind("sgb2_quote_auslaender"), 25.35, 27.36, 2024)
    assert v.differenz == -2.0 and v.prozent is None and v.wertung == "besser"
    assert veraenderungstext(v) == "−2,0 Prozentpunkte gegenüber 2023, eine Verbesserung"
    schlechter = veraenderung(_ind("sgb2_quote_auslaender"), 27.4, 25.4, 2024)
    assert schlechter.wertung == "schlechter" and veraenderungstext(schlechter).endswith(
        "eine Verschlechterung"
    )


def test_veraenderung_neutral_gleich_fehlend_und_null_basis() -> None:
    neutral = veraenderung(_ind("auslaenderanteil"), 8.2, 7.7, 2024)
    assert neutral.wertung == "" and veraenderungstext(neutral) == "+0,5 Prozentpunkte gegenüber 2023"
    gleich = veraenderung(_ind("sprachkurse"), 42, 42, 2024)
    assert gleich.wertung == "unverändert" and veraenderungstext(gleich).startswith("±0 (±0,0 %)")
    fehlt = veraenderung(_ind("sprachkurse"), 42, None, 2024)
    assert fehlt.differenz is None and fehlt.wertung == ""
    assert veraenderungstext(fehlt) == "Kein Vergleich mit 2023: für 2023 liegt kein Wert vor."
    null = veraenderung(_ind("sprachkurse"), 5, 0, 2024)
    assert (
        null.differenz == 5
        and null.prozent is None
        and veraenderungstext(null) == "+5 gegenüber 2023, eine Verbesserung"
    )
    reihe = veraenderung_reihe(_ind("sprachkurse"), _reihe({"2023": 35, "2024": 42}), 2024)
    assert reihe.differenz == 7

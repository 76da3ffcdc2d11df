"""Die LDS-Demo, gebaut wie `imon demo` sie baut: keine öffentliche Ausgabe zeigt eine Fallzahl 1 oder 2
unterhalb des Kreises (docs/geheimhaltung.md) – weder die Reihen der Indikatoren (Dashboard, Vergleich,
Diagramme), noch die API, die offenen Daten oder `imon series`.

Es zählen nur Fallzahlen: Indikatoren mit der Einheit Anzahl ohne Nenner und ohne abweichenden Faktor, deren
Zähler ein Datensatz ist, den die Plattform selbst schützt, und die Zellen solcher Datensätze.
"""

from __future__ import annotations

import csv
import io
import json
import random
from collections.abc import Iterable

import pytest
from django.db import transaction

from integrationsmonitor.catalog.loader import katalog
from integrationsmonitor.catalog.model import TOTAL, Indikator
from integrationsmonitor.indicators.engine import reihe
from integrationsmonitor.indicators.model import SeriesRow
from integrationsmonitor.store.selectors import DbQuelle, vergiss_wuerfel

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

K = katalog()
KREIS = K.kreis.code
KLEIN = (1, 2)


def _fallzahl(ind: Indikator) -> bool:
    return (
        ind.einheit == "anzahl"
        and ind.nenner is None
        and ind.faktor == 1.0
        and K.datensaetze[ind.zaehler.datensatz].geschuetzt
    )


FALLZAHLEN = sorted(i.id for i in K.indikatoren.values() if _fallzahl(i))
GESCHUETZT = sorted(d.id for d in K.datensaetze.values() if d.geschuetzt)


@pytest.fixture(scope="module")
def quelle(django_db_setup, django_db_blocker):
    """Die Demo wie `imon demo` (Lieferungen, Träger-Register, Beratungskontakte, Kursregister), einmal je
    Modul; danach zurückgerollt."""
    from integrationsmonitor.demo.build import baue_demo
    from integrationsmonitor.registry.beratung.demo import baue_beratung_demo
    from integrationsmonitor.registry.demo import baue_registry_demo
    from integrationsmonitor.registry.kurse.demo import baue_kurse_demo

    with django_db_blocker.unblock(), transaction.atomic():
        vergiss_wuerfel()
        baue_demo(K)
        baue_registry_demo()
        baue_beratung_demo(K)
        baue_kurse_demo(K)
        yield DbQuelle(K)
        transaction.set_rollback(True)
    vergiss_wuerfel()


def _gebiete(ind: Indikator) -> list[str]:
    ebenen = K.datensaetze[ind.zaehler.datensatz].ebenen
    return [g.code for e in ebenen for g in K.gebiete_der_ebene(e)]


def _aufschluesselungen(ind: Indikator) -> list[str | None]:
    return ([] if ind.pflicht_aufschluesselung else [None]) + [a.name for a in ind.aufschluesselungen]


def _merkmal(ind: Indikator, nach: str | None) -> str | None:
    a = ind.aufschluesselung(nach) if nach else ind.standard_aufschluesselung
    return a.merkmal if a else None


def _unter_kreis(gebiet: str) -> bool:
    return K.gebiete[gebiet].ebene != "kreis"


def _nullen_bekannt(datensatz: str) -> bool:
    """Tabellen mit öffentlicher Struktur (docs/geheimhaltung.md, Abschnitt 9): jede 0 ist öffentlich."""
    v = K.datensaetze[datensatz].veroeffentlichung
    return v is not None and any(t.nullen_bekannt for t in v.tabellen)


def _null_geheim(ind: Indikator, nach: str | None, gebiet: str) -> bool:
    """Muss eine 0 hier geheim sein? Unter dem Kreis, außer nach Geschlecht und bei bekannten Nullen."""
    return (
        _unter_kreis(gebiet)
        and _merkmal(ind, nach) != "geschlecht"
        and not _nullen_bekannt(ind.zaehler.datensatz)
    )


def _verstoesse(ind: Indikator, nach: str | None, rows: Iterable[SeriesRow]) -> list[tuple]:
    """Veröffentlichte 1 oder 2 (auf jeder Ebene), und unterhalb des Kreises veröffentlichte 0 außer nach
    Geschlecht (dort sind Nullen öffentlich) und wo die Struktur öffentlich ist (`nullen_bekannt`)."""
    fehler = []
    for r in rows:
        if r.value in KLEIN or (r.value == 0 and _null_geheim(ind, nach, r.region)):
            fehler.append((ind.id, r.region, nach, r.period, r.category, r.value))
    return fehler


@pytest.mark.parametrize("indikator", FALLZAHLEN)
def test_reihen_jedes_gebiets_und_jeder_aufschluesselung_ohne_kleine_fallzahlen(quelle, indikator):
    ind = K.indikatoren[indikator]
    fehler, werte, geheim = [], 0, 0
    for gebiet in _gebiete(ind):
        for nach in _aufschluesselungen(ind):
            rows = reihe(K, quelle, indikator, gebiet=gebiet, nach=nach)
            fehler += _verstoesse(ind, nach, rows)
            werte += sum(r.value is not None for r in rows)
            geheim += sum(r.flag == "g" and r.value is None for r in rows)
    assert werte, f"{indikator}: kein veröffentlichter Wert – die Prüfung sähe nichts"
    assert not fehler, f"{len(fehler)} kleine Fallzahlen veröffentlicht, etwa: {fehler[:8]}"


def test_die_demo_hat_geheime_zellen_unterhalb_des_kreises(quelle):
    """Die Prüfungen oben sind nur etwas wert, wenn die Demo kleine Zahlen unter dem Kreis hat."""
    geheim = [
        r
        for g in K.gemeinden_unter(KREIS)
        for r in reihe(K, quelle, "auslaender_nach_gruppe", gebiet=g)
        if r.flag == "g" and r.value is None
    ]
    assert geheim


def _api(client, pfad: str) -> dict:
    antwort = client.get(pfad)
    assert antwort.status_code == 200, antwort.content[:300]
    return json.loads(antwort.content)


def _stichprobe() -> list[tuple[str, str, str | None]]:
    """Einige Abrufe je Indikator: Kreis, ein Amt, zwei Gemeinden; ohne und mit Aufschlüsselung."""
    rng = random.Random("geheimhaltung-api")
    abrufe = []
    for ind_id in FALLZAHLEN:
        ind = K.indikatoren[ind_id]
        gebiete = _gebiete(ind)
        auswahl = [KREIS, *rng.sample([g for g in gebiete if g != KREIS], min(3, len(gebiete) - 1))]
        for gebiet in auswahl:
            abrufe.append((ind_id, gebiet, rng.choice(_aufschluesselungen(ind))))
    return abrufe


def test_api_stichprobe_ohne_kleine_fallzahlen_und_gleich_der_reihe(client, quelle):
    abrufe = _stichprobe()
    assert any(_unter_kreis(g) for _i, g, _n in abrufe)
    fehler = []
    for ind_id, gebiet, nach in abrufe:
        ind = K.indikatoren[ind_id]
        antwort = _api(
            client, f"/api/v1/indikatoren/{ind_id}/reihe?region={gebiet}" + (f"&by={nach}" if nach else "")
        )
        erwartet = reihe(K, quelle, ind_id, gebiet=gebiet, nach=nach)
        assert [z["value"] for z in antwort["data"]] == [r.value for r in erwartet], (ind_id, gebiet, nach)
        for z in antwort["data"]:
            v = z["value"]
            if v in KLEIN or (v == 0 and _null_geheim(ind, nach, gebiet)):
                fehler.append((ind_id, gebiet, nach, z))
    assert not fehler, f"API zeigt kleine Fallzahlen: {fehler[:8]}"


def _csv(client, pfad: str) -> list[dict[str, str]]:
    antwort = client.get(pfad)
    assert antwort.status_code == 200, pfad
    return list(csv.DictReader(io.StringIO(antwort.content.decode("utf-8"))))


@pytest.mark.parametrize("datensatz", GESCHUETZT)
def test_offene_daten_der_datensaetze_ohne_kleine_fallzahlen(client, quelle, datensatz):
    ds = K.datensaetze[datensatz]
    zeilen = _csv(client, f"/opendaten/datensaetze/{datensatz}.csv")
    if not quelle.zeitraeume(datensatz):
        assert zeilen == []
        pytest.skip(f"die Demo liefert {datensatz} nicht")
    assert zeilen
    fehler = []
    for z in zeilen:
        if z["value"] == "":
            assert z["status"] == "g", z
            continue
        wert = float(z["value"])
        nur_geschlecht = {m for m in ds.merkmale if z[m] != TOTAL} <= {"geschlecht"}
        null_offen = nur_geschlecht or _nullen_bekannt(datensatz)
        if wert in KLEIN or (wert == 0 and z["region_level"] != "kreis" and not null_offen):
            fehler.append(z)
    assert not fehler, f"{len(fehler)} kleine Fallzahlen in den offenen Daten, etwa: {fehler[:5]}"
    if len(ds.ebenen) > 1:  # unterhalb des Kreises gibt es Zeilen, und einige sind geheim
        unten = [z for z in zeilen if z["region_level"] != "kreis"]
        assert unten and any(z["status"] == "g" for z in unten)


def test_offene_daten_eines_indikators_ohne_kleine_fallzahlen(client, quelle):
    zeilen = _csv(client, "/opendaten/indikatoren/auslaender_nach_gruppe.csv")
    unten = [z for z in zeilen if z["region_level"] != "kreis"]
    assert unten and any(z["value"] == "" for z in unten)
    assert not [z for z in unten if z["value"] and float(z["value"]) in (0, *KLEIN)]


def test_imon_series_staatsangehoerigkeiten_einer_gemeinde(quelle, capsys, settings, tmp_path):
    """`imon series top_staatsangehoerigkeiten --region 12061005` (Alt Zauche-Wußwerder): die
    Staatsangehörigkeiten einer Gemeinde veröffentlicht keine Tabelle, also „.“ – und nie 1 oder 2."""
    from integrationsmonitor.cli.main import main

    settings.DATA_DIR = tmp_path  # `imon` legt sonst ./var an
    capsys.readouterr()
    assert main(["series", "top_staatsangehoerigkeiten", "--region", "12061005"]) == 0
    zeilen = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert zeilen and {z["region"] for z in zeilen} == {"12061005"}
    assert not [z for z in zeilen if z["value"] and float(z["value"]) in (0, *KLEIN)]
    assert all(z["value"] == "" and z["flag"] in (".", "g") for z in zeilen), zeilen[:5]
    # im Kreis gibt es die Staatsangehörigkeiten, ohne kleine Zahlen
    assert main(["series", "top_staatsangehoerigkeiten"]) == 0
    kreis = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert any(z["value"] for z in kreis)
    assert not [z for z in kreis if z["value"] and float(z["value"]) in KLEIN]

"""The shipped LDS catalogue loads, and a broken catalogue stops with a message naming the problem."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml

from integrationsmonitor.catalog.errors import KatalogFehler
from integrationsmonitor.catalog.loader import LDS_DIR, lade_katalog

PFLICHT_IDS = [
    "bevoelkerung", "bevoelkerung_amtlich", "auslaender_gesamt", "auslaender_nach_gruppe", "auslaenderanteil",
    "anteil_asylsuchende", "anteil_europa", "anteil_andere", "einbuergerungen", "top_staatsangehoerigkeiten",
    "lds_integriert_neukunden", "lds_integriert_folgetermine", "vermittlungen",
]  # fmt: skip


@pytest.fixture(scope="module")
def k():
    return lade_katalog()


def test_regions_of_lds(k):
    ebenen = [g.ebene for g in k.gebiete.values()]
    assert ebenen.count("kreis") == 1 and k.kreis.code == "12061"
    assert ebenen.count("gemeinde") == 37
    verbaende = k.gebiete_der_ebene("verband")
    assert sum(v.typ == "Amt" for v in verbaende) == 3
    assert sum(v.typ == "amtsfreie Gemeinde" for v in verbaende) == 13
    assert len(k.gemeinden_unter("120615114")) == 10  # Amt Unterspreewald
    assert sorted(k.gemeinden_unter("12061")) == sorted(g.code for g in k.gebiete_der_ebene("gemeinde"))


def test_ten_handlungsfelder_and_indicator_coverage(k):
    assert sorted(h.nr for h in k.handlungsfelder.values() if h.nr) == list(range(1, 11))
    assert len(k.indikatoren) >= 20
    felder = {i.handlungsfeld for i in k.indikatoren.values()} - {"kontext"}
    assert len(felder) >= 7
    for i in k.indikatoren.values():
        assert i.definition and i.einheit and i.richtung
        assert k.datensaetze[i.zaehler.datensatz].lieferant in k.lieferanten
        if i.nenner is not None:
            assert i.nenner_quelle


def test_contract_indicator_ids_and_breakdowns(k):
    assert set(PFLICHT_IDS) <= set(k.indikatoren)
    gruppe = k.indikatoren["auslaender_nach_gruppe"].aufschluesselung("gruppe")
    assert gruppe is not None
    assert {"drittstaat", "asyl", "eu"} <= set(k.codelisten["auslaendergruppe"].codes)
    folge = k.indikatoren["lds_integriert_folgetermine"].aufschluesselung("folgetermin")
    assert [c[0] for c in folge.kategorien][:2] == ["1", "2"]
    art = k.indikatoren["vermittlungen"].aufschluesselung("art")
    assert [c[0] for c in art.kategorien] == ["arbeit", "ausbildung"]
    assert (
        k.indikatoren["top_staatsangehoerigkeiten"].aufschluesselung("staatsangehoerigkeit").ausgabe == "iso2"
    )


def test_dated_eu_membership(k):
    sa = k.codelisten["staatsangehoerigkeit"]
    assert sa.ist_mitglied("168", "eu", date(2019, 12, 31))
    assert not sa.ist_mitglied("168", "eu", date(2020, 12, 31))
    assert sa.ist_mitglied("168", "drittstaat", date(2020, 12, 31))
    assert not sa.ist_mitglied("130", "eu", date(2012, 12, 31))  # Croatia joined 01.07.2013
    assert sa.ist_mitglied("130", "eu", date(2013, 12, 31))
    assert sa.codes["152"].attribute["iso2"] == "PL"


def _kaputt(tmp_path: Path, datei: str, aendern) -> Path:
    ziel = tmp_path / "katalog"
    shutil.copytree(LDS_DIR, ziel)
    pfad = ziel / datei
    daten = yaml.safe_load(pfad.read_text(encoding="utf-8"))
    aendern(daten)
    pfad.write_text(yaml.safe_dump(daten, allow_unicode=True), encoding="utf-8")
    return ziel


def _indikator(daten, id_):
    return next(i for i in daten if i["id"] == id_)


_datensatz = _indikator  # datasets are found by id the same way


@pytest.mark.parametrize(
    ("datei", "aendern", "meldung"),
    [
        (
            "indikatoren.yaml",
            lambda d: _indikator(d, "auslaenderanteil")["zaehler"].update(datensatz="gibt_es_nicht"),
            "Indikator auslaenderanteil, Zähler: unbekannter Datensatz gibt_es_nicht",
        ),
        (
            "indikatoren.yaml",
            lambda d: _indikator(d, "anteil_europa")["zaehler"]["filter"].update(farbe="rot"),
            "Datensatz auslaender_bestand hat kein Merkmal farbe",
        ),
        (
            "indikatoren.yaml",
            lambda d: _indikator(d, "dezentrale_unterbringung")["zaehler"]["filter"].update(
                unterbringung="zelt"
            ),
            "unbekannter Code zelt im Merkmal unterbringung",
        ),
        (
            "datensaetze.yaml",
            lambda d: d[0]["merkmale"].update(religion="religion"),
            "Merkmal religion verweist auf unbekannte Codeliste religion",
        ),
        (
            "indikatoren.yaml",
            lambda d: _indikator(d, "einbuergerungen").update(handlungsfeld="x"),
            "unbekanntes Handlungsfeld x",
        ),
        ("handlungsfelder.yaml", lambda d: d.pop(), "erwartet sind die zehn Nummern 1–10"),
        ("datensaetze.yaml", lambda d: d[0].update(lieferant="niemand"), "unbekannter Lieferant niemand"),
        (
            "datensaetze.yaml",
            lambda d: _datensatz(d, "projektkennzahlen")["veroeffentlichung"]["jahressumme_von"][1].update(
                datensatz="gibt_es_nicht"
            ),
            "jahressumme_von nennt unbekannten Datensatz gibt_es_nicht",
        ),
        (
            "datensaetze.yaml",
            lambda d: _datensatz(d, "projektkennzahlen")["veroeffentlichung"]["jahressumme_von"][1].update(
                merkmale={"projekt": "beratungsstelle", "kennzahl": "kontaktart"}
            ),
            "jahressumme_von: Merkmal kennzahl → kontaktart unbekannt",
        ),
    ],
)
def test_broken_catalogue_is_refused_with_message(tmp_path, datei, aendern, meldung):
    with pytest.raises(KatalogFehler) as info:
        lade_katalog(_kaputt(tmp_path, datei, aendern))
    assert any(meldung in f for f in info.value.fehler), info.value.fehler


def test_missing_catalogue_directory(tmp_path):
    with pytest.raises(KatalogFehler, match="Katalogverzeichnis nicht gefunden"):
        lade_katalog(tmp_path / "fehlt")


def test_name_insgesamt_says_what_one_value_per_region_is(k):
    """Indicators shown only broken down have per region just the total; the comparison must not promise more."""
    top = k.indikatoren["top_staatsangehoerigkeiten"]
    assert top.pflicht_aufschluesselung
    assert top.name_insgesamt == "Ausländerinnen und Ausländer insgesamt (alle Staatsangehörigkeiten)"
    assert k.indikatoren["auslaender_nach_gruppe"].name_insgesamt.startswith(
        "Ausländerinnen und Ausländer insgesamt"
    )
    assert (
        k.indikatoren["auslaenderanteil"].name_insgesamt == "Ausländeranteil"
    )  # no breakdown needed: its name
    ohne = [i for i in k.indikatoren.values() if i.pflicht_aufschluesselung and not i.insgesamt]
    assert all(i.name_insgesamt == f"{i.name}, alle zusammen" for i in ohne)


def test_a_year_can_sum_the_months_of_several_datasets(k):
    """`jahressumme_von` takes one monthly dataset or a list: LDS integriert's yearly figures sum its contacts
    (new clients, follow-ups) and its referrals (into work, into training)."""
    v = k.datensaetze["projektkennzahlen"].veroeffentlichung
    assert v is not None
    quellen = {j.datensatz: j for j in v.jahressummen}
    assert set(quellen) == {"beratungskontakte", "beratungsvermittlungen"}
    vermittlung = quellen["beratungsvermittlungen"]
    codes = frozenset(k.codelisten["vermittlungsziel"].codes)
    assert vermittlung.code_dort("kennzahl", "vermittlung_arbeit", codes) == "arbeit"
    assert vermittlung.code_dort("kennzahl", "neukunden", codes) is None  # the other source's figure
    assert (
        quellen["beratungskontakte"].code_dort(
            "kennzahl", "neukunden", frozenset(k.codelisten["kontaktart"].codes)
        )
        == "erst"
    )


@pytest.mark.parametrize(
    ("datensatz", "einheit"),
    [
        ("esu_sprachfoerderung", None),  # Kinder
        ("fachkraefteverfahren", None),  # Verfahren
        ("sport_kultur_teilnehmende", "Teilnehmende"),
        ("sportvereine_mitglieder", "Mitglieder"),
        ("schueler_schulart", "Schülerinnen und Schüler"),
        ("gu_belegung", "Anzahl"),
    ],
)
def test_ohne_veroeffentlichung_nur_einheiten_ohne_personen(datensatz: str, einheit: str | None) -> None:
    """Review #14, Befund 4: ein Kreiskatalog, der die Geheimhaltung weglässt, darf Kinder, Verfahren oder
    jede andere Einheit, die Personen zählen kann, nicht ungeschützt veröffentlichen."""
    from dataclasses import replace

    from integrationsmonitor.catalog.check import pruefe

    k = lade_katalog()
    ds = k.datensaetze[datensatz]
    ohne = replace(ds, veroeffentlichung=None, einheit=einheit or ds.einheit)
    fehler = pruefe(replace(k, datensaetze={**k.datensaetze, datensatz: ohne}))
    assert any(f.startswith(f"Datensatz {datensatz}: zählt {ohne.einheit}, nennt aber keine") for f in fehler)
    assert pruefe(k) == []  # the shipped catalogue: every dataset without protection counts no persons
    assert k.datensaetze["gu_plaetze"].veroeffentlichung is None

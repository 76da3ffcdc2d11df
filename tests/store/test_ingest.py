"""Deliveries: every kind of bad file is refused with its German message and nothing is stored;
a new delivery supersedes the old one and both stay in the history."""

from __future__ import annotations

import pytest

from integrationsmonitor.catalog.loader import katalog
from integrationsmonitor.store import ingest
from integrationsmonitor.store.ingest import liefere
from integrationsmonitor.store.models import Beobachtung, Lieferung

KOPF_BEV = "gebiet;zeitraum;geschlecht;wert;kennzeichen"
GEMEINDEN = sorted(g.code for g in katalog().gebiete_der_ebene("gemeinde"))
GUT_BEV = f"{KOPF_BEV}\n12061;2015;_T;164528;\n12061;2015;m;81587;\n12061;2015;w;82941;\n"
KOPF_AUSL = "gebiet;zeitraum;gruppe;staatsangehoerigkeit;geschlecht;altersgruppe;wert;kennzeichen"


def _liefere(text: str | bytes, datensatz: str = "bevoelkerung_amtlich", zeitraum: str = "2015", **kw):
    daten = text.encode("utf-8") if isinstance(text, str) else text
    return liefere(
        katalog=katalog(), daten=daten, datei_name="test.csv", datensatz=datensatz, zeitraum=zeitraum,
        benutzer="pruefer", **kw,
    )  # fmt: skip


BAD = [
    ("leere Datei", "", "bevoelkerung_amtlich", "die Datei ist leer"),
    ("Binärdatei", b"PK\x03\x04\x00\x00garbage", "bevoelkerung_amtlich", "keine Textdatei"),
    ("BOM mit kaputtem UTF-8", b"\xef\xbb\xbfgebiet;zeitraum;geschlecht;wert\r\n12061;2015;_T;1\xe4\r\n", "bevoelkerung_amtlich", "UTF-8-Markierung (BOM)"),
    ("fehlende Spalte", "gebiet;zeitraum;wert\n12061;2015;5\n", "bevoelkerung_amtlich", "Pflichtspalte ‚geschlecht‘ fehlt"),
    ("fremde Spalte", f"{KOPF_BEV};farbe\n12061;2015;_T;5;;rot\n", "bevoelkerung_amtlich", "Spalte ‚farbe‘ gehört nicht zum Datensatz"),
    ("nur Kopfzeile", f"{KOPF_BEV}\n", "bevoelkerung_amtlich", "keine Datenzeilen"),
    ("unbekanntes Gebiet", f"{KOPF_BEV}\n99999;2015;_T;5;\n", "bevoelkerung_amtlich", "Zeile 2, Spalte ‚gebiet‘: unbekanntes Gebiet ‚99999‘"),
    ("falsche Ebene", "gebiet;zeitraum;staatsangehoerigkeit;geschlecht;wert\n12061260;2015;152;m;3\n", "einbuergerungen", "Zeile 2, Spalte ‚gebiet‘: Gebiet Königs Wusterhausen, Stadt (12061260) liegt auf der Ebene gemeinde"),
    ("unbekannter Code", f"{KOPF_BEV}\n12061;2015;x;5;\n", "bevoelkerung_amtlich", "Zeile 2, Spalte ‚geschlecht‘: unbekannter Code ‚x‘"),
    ("falscher Zeitraum", f"{KOPF_BEV}\n12061;2016;_T;5;\n", "bevoelkerung_amtlich", "Zeile 2, Spalte ‚zeitraum‘: Zeitraum ‚2016‘ passt nicht"),
    ("negativer Wert", f"{KOPF_BEV}\n12061;2015;_T;-5;\n", "bevoelkerung_amtlich", "Zeile 2, Spalte ‚wert‘: ‚-5‘ ist negativ"),
    ("Dezimalzahl", f"{KOPF_BEV}\n12061;2015;_T;1,5;\n", "bevoelkerung_amtlich", "‚1,5‘ ist keine ganze Zahl"),
    ("Text statt Zahl", f"{KOPF_BEV}\n12061;2015;_T;viele;\n", "bevoelkerung_amtlich", "‚viele‘ ist keine Zahl"),
    ("Formel", f"{KOPF_BEV}\n12061;2015;_T;=1+2;\n", "bevoelkerung_amtlich", "‚=1+2‘ ist keine Zahl"),
    ("riesige Zahl", f"{KOPF_BEV}\n12061;2015;_T;99999999999999;\n", "bevoelkerung_amtlich", "unplausibel groß"),
    ("Wert fehlt", f"{KOPF_BEV}\n12061;2015;_T;;\n", "bevoelkerung_amtlich", "Wert fehlt"),
    ("doppelte Zelle", f"{KOPF_BEV}\n12061;2015;m;5;\n12061;2015;m;5;\n", "bevoelkerung_amtlich", "Zeile 3: doppelte Zelle, schon in Zeile 2 geliefert"),
    ("abgeschnittene Zeile", f"{KOPF_BEV}\n12061;2015;m;5;\n12061;2015\n", "bevoelkerung_amtlich", "Zeile 3: 2 statt 5 Felder"),
    ("Summe passt nicht", f"{KOPF_BEV}\n12061;2015;_T;100;\n12061;2015;m;60;\n12061;2015;w;41;\n", "bevoelkerung_amtlich", "Summe 100 stimmt nicht mit der Summe der feinsten Zellen (101) überein"),
    ("Kreis ≠ Summe aller Gemeinden", KOPF_BEV + "\n12061;2015;_T;100;\n" + "".join(f"{g};2015;_T;3;\n" for g in GEMEINDEN), "bevoelkerung_amtlich", "Summe 100 stimmt nicht mit der Summe der Gemeinden (111)"),
    ("Teile größer als die Summe", f"{KOPF_BEV}\n12061;2015;_T;50;\n12061260;2015;_T;60;\n", "bevoelkerung_amtlich", "Summe 50 ist kleiner als die Summe der gelieferten Teile der Gemeinden (60)"),
    ("geheime Zelle mit Wert", f"{KOPF_BEV}\n12061;2015;m;5;g\n", "bevoelkerung_amtlich", "geheim gekennzeichnete Zelle hat einen Wert"),
    ("Deutsche im Ausländerbestand", f"{KOPF_AUSL}\n12061;2020;eu;000;m;30_49;4;\n", "auslaender_bestand", "Deutschland (000) gehört am 31.12.2020 nicht zur Gruppe"),
    ("unbekanntes Kennzeichen", f"{KOPF_BEV}\n12061;2015;_T;5;z\n", "bevoelkerung_amtlich", "unbekanntes Kennzeichen ‚z‘"),
    ("EU-Regel zum Stichtag", f"{KOPF_AUSL}\n12061;2020;eu;168;m;30_49;4;\n", "auslaender_bestand", "Vereinigtes Königreich (168) gehört am 31.12.2020 nicht zur Gruppe „EU-Mitgliedstaat"),
    ("Summen in nicht summierbarem Datensatz", "gebiet;zeitraum;projekt;kennzahl;wert\n12061;2015;lds_integriert;_T;5\n", "projektkennzahlen", "Summen (_T) sind in diesem Datensatz nicht erlaubt"),
    ("unbekannter Datensatz", GUT_BEV, "gibt_es_nicht", "unbekannter Datensatz ‚gibt_es_nicht‘"),
    ("ungültige Periode", GUT_BEV, "bevoelkerung_amtlich", "kein gültiger Zeitraum"),
    ("falscher Lieferant", GUT_BEV, "bevoelkerung_amtlich", "wird von statistik (Amt für Statistik Berlin-Brandenburg) geliefert"),
]  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize(("art", "text", "datensatz", "meldung"), BAD, ids=[b[0] for b in BAD])
def test_bad_delivery_is_refused_and_stores_nothing(art, text, datensatz, meldung):
    kw = {}
    zeitraum = "2020" if datensatz == "auslaender_bestand" else "2015"
    if art == "ungültige Periode":
        zeitraum = "2015-13"
    if art == "falscher Lieferant":
        kw["lieferant"] = "jobcenter"
    ergebnis = _liefere(text, datensatz=datensatz, zeitraum=zeitraum, **kw)
    assert ergebnis.angenommen is False
    assert any(meldung in p for p in ergebnis.probleme), ergebnis.probleme
    assert Lieferung.objects.count() == 0
    assert Beobachtung.objects.count() == 0


@pytest.mark.django_db
def test_every_problem_is_listed_not_only_the_first():
    text = f"{KOPF_BEV}\n99999;2015;_T;5;\n12061;2015;x;5;\n12061;2015;m;-1;\n"
    ergebnis = _liefere(text)
    assert len(ergebnis.probleme) == 3
    assert [p.split(",")[1].strip() for p in ergebnis.probleme] == ["Zeile 2", "Zeile 3", "Zeile 4"]


@pytest.mark.django_db
def test_good_delivery_in_cp1252_with_thousands_dots_and_aliases():
    text = "Region;Periode;Geschlecht;Anzahl\r\n12061;31.12.2015;_T;164.528\r\n12061;2015;m;81.587\r\n12061;2015;w;82.941\r\n"
    ergebnis = _liefere(text.encode("cp1252"), zeitraum="2015-12-31")
    assert ergebnis.angenommen, ergebnis.probleme
    lf = ergebnis.lieferung
    assert (lf.datensatz, lf.zeitraum, lf.lieferant, lf.zellen) == (
        "bevoelkerung_amtlich",
        "2015",
        "statistik",
        3,
    )
    werte = dict(lf.beobachtungen.values_list("merkmale", "wert"))
    assert werte == {"_T": 164528.0, "m": 81587.0, "w": 82941.0}


@pytest.mark.django_db
def test_new_delivery_supersedes_old_one_and_keeps_history():
    erste = _liefere(GUT_BEV).lieferung
    korrigiert = GUT_BEV.replace("164528", "164529").replace("82941", "82942")
    zweite_ergebnis = _liefere(korrigiert)
    zweite = zweite_ergebnis.lieferung
    assert zweite_ergebnis.ersetzt == erste
    erste.refresh_from_db()
    assert erste.status == Lieferung.Status.ERSETZT and erste.ersetzt_durch == zweite
    assert zweite.status == Lieferung.Status.AKTIV
    assert erste.datei_hash != zweite.datei_hash and len(zweite.datei_hash) == 64
    assert Lieferung.objects.count() == 2
    aktiv = Lieferung.objects.get(status="aktiv", datensatz="bevoelkerung_amtlich", zeitraum="2015")
    assert aktiv.beobachtungen.get(merkmale="_T").wert == 164529
    assert erste.beobachtungen.get(merkmale="_T").wert == 164528  # history keeps the old cells


@pytest.mark.django_db
def test_same_file_again_is_reported_unchanged():
    _liefere(GUT_BEV)
    again = _liefere(GUT_BEV)
    assert again.angenommen and again.unveraendert
    assert Lieferung.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_failure_during_write_leaves_nothing_half_written(monkeypatch):
    erste = _liefere(GUT_BEV).lieferung

    echte = ingest._zeilen

    def kaputt(*args, **kwargs):  # the disk fills up after the first cell
        yield next(iter(echte(*args, **kwargs)))
        raise RuntimeError("Festplatte voll")

    monkeypatch.setattr(ingest, "_zeilen", kaputt)
    with pytest.raises(RuntimeError):
        _liefere(GUT_BEV.replace("81587", "81586").replace("164528", "164527"))
    erste.refresh_from_db()
    assert erste.status == Lieferung.Status.AKTIV  # the old delivery was not superseded
    assert Lieferung.objects.count() == 1
    assert Beobachtung.objects.count() == 3


@pytest.mark.django_db
def test_secret_cell_is_stored_without_value():
    text = f"{KOPF_BEV}\n12061;2015;_T;100;\n12061;2015;m;.;\n12061;2015;w;;g\n"
    ergebnis = _liefere(text)
    assert ergebnis.angenommen, ergebnis.probleme
    geheim = dict(ergebnis.lieferung.beobachtungen.values_list("merkmale", "kennzeichen"))
    assert geheim == {"_T": "", "m": "g", "w": "g"}


@pytest.mark.django_db
def test_margin_is_checked_against_finest_cells_and_missing_fine_cells_count_as_zero():
    fein = "12061260;2024;eu;152;m;30_49;40;\n12061540;2024;drittstaat;475;w;18_24;5;\n"
    gut = f"{KOPF_AUSL}\n{fein}12061;2024;_T;_T;_T;_T;45;\n12061260;2024;eu;_T;_T;_T;40;\n12061433;2024;_T;_T;_T;_T;0;\n"
    assert _liefere(gut, "auslaender_bestand", "2024").angenommen
    schlecht = f"{KOPF_AUSL}\n{fein}12061;2024;_T;_T;_T;_T;46;\n12061433;2024;_T;_T;_T;_T;3;\n"
    ergebnis = _liefere(schlecht, "auslaender_bestand", "2024")
    assert not ergebnis.angenommen
    assert any("Summe 46 stimmt nicht mit der Summe der feinsten Zellen (45)" in p for p in ergebnis.probleme)
    assert any("Summe 3 stimmt nicht mit der Summe der feinsten Zellen (0)" in p for p in ergebnis.probleme)


@pytest.mark.django_db
def test_consistent_kreis_aemter_and_gemeinden_are_accepted_without_every_verband():
    """Kreis, the three Ämter and all 37 Gemeinden, without the amtsfreie Gemeinden repeated as Verband."""
    k = katalog()
    zeilen = ["12061;2015;_T;370;"]
    for amt in (g for g in k.gebiete_der_ebene("verband") if g.typ == "Amt"):
        zeilen.append(f"{amt.code};2015;_T;{10 * len(k.gemeinden_unter(amt.code))};")
    zeilen += [f"{g};2015;_T;10;" for g in GEMEINDEN]
    ergebnis = _liefere(KOPF_BEV + "\n" + "\n".join(zeilen) + "\n")
    assert ergebnis.angenommen, ergebnis.probleme


@pytest.mark.django_db
def test_kreis_only_delivery_of_coded_cells_checks_and_yields_the_total():
    text = f"{KOPF_AUSL}\n12061;2024;eu;152;m;30_49;40;\n12061;2024;drittstaat;166;w;30_49;30;\n12061;2024;_T;_T;_T;_T;999;\n"
    ergebnis = _liefere(text, "auslaender_bestand", "2024")
    assert any(
        "Summe 999 stimmt nicht mit der Summe der feinsten Zellen (70)" in p for p in ergebnis.probleme
    )


@pytest.mark.django_db
def test_utf16_export_from_excel_is_read():
    ergebnis = _liefere(GUT_BEV.replace(";", "\t").encode("utf-16"))
    assert ergebnis.angenommen, ergebnis.probleme

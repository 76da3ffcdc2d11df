"""`imon kreis-anlegen`: a checked catalogue for any Kreis or kreisfreie Stadt (catalog.anlegen)."""

from __future__ import annotations

import csv
import errno
import json
from pathlib import Path

import pytest
import yaml

from integrationsmonitor.catalog import anlegen
from integrationsmonitor.catalog import bezeichnungen as bz
from integrationsmonitor.catalog import gebietsdaten as gd
from integrationsmonitor.catalog.anlegen import COUNTY_LISTEN, kreis_anlegen
from integrationsmonitor.catalog.errors import KatalogFehler
from integrationsmonitor.catalog.loader import LDS_DIR, lade_katalog
from integrationsmonitor.publish import karte as pk

GEO_LDS = LDS_DIR.parent / "geo" / "12061.geojson"


@pytest.fixture(scope="module")
def ahrweiler(tmp_path_factory: pytest.TempPathFactory) -> anlegen.Ergebnis:
    return kreis_anlegen("07131", tmp_path_factory.mktemp("kat") / "ahrweiler")


@pytest.fixture(scope="module")
def duesseldorf(tmp_path_factory: pytest.TempPathFactory) -> anlegen.Ergebnis:
    return kreis_anlegen("05111", tmp_path_factory.mktemp("kat") / "duesseldorf")


def test_landkreis_with_verbandsgemeinden(ahrweiler):
    k = lade_katalog(ahrweiler.verzeichnis)  # what is on disk loads and passes the check
    assert (k.kreis.code, k.kreis.name, k.kreis.typ) == ("07131", "Landkreis Ahrweiler", "Landkreis")
    gemeinden = k.gebiete_der_ebene("gemeinde")
    assert len(gemeinden) == 74 and all(g.code.startswith("07131") and len(g.code) == 8 for g in gemeinden)
    verbaende = {g.code: g for g in k.gebiete_der_ebene("verband")}
    assert verbaende["071315001"].name == "Verbandsgemeinde Adenau"
    assert verbaende["071315001"].typ == "Verbandsgemeinde"
    assert (verbaende["071310007"].name, verbaende["071310007"].typ) == (
        "Bad Neuenahr-Ahrweiler",
        "verbandsfreie Gemeinde",
    )
    assert k.gebiete["07131001"].parent == "071315001"  # Adenau in its Verbandsgemeinde
    assert k.lieferanten["statistik"].name == "Statistisches Landesamt Rheinland-Pfalz"
    kreis_yaml = (ahrweiler.verzeichnis / "kreis.yaml").read_text(encoding="utf-8")
    assert "land: Rheinland-Pfalz" in kreis_yaml and "kurzname: Ahrweiler" in kreis_yaml


def test_county_specific_codes_are_emptied_and_their_indicators_dropped(ahrweiler):
    k = ahrweiler.katalog
    for liste in COUNTY_LISTEN:
        assert k.codelisten[liste].codes == {}
    lds = lade_katalog()
    assert set(ahrweiler.weggelassen) == set(lds.indikatoren) - set(k.indikatoren)
    assert {"sprachkurse", "stellwerk8_besucher", "lds_integriert_neukunden"} <= set(ahrweiler.weggelassen)
    assert "auslaenderanteil" in k.indikatoren and "beratungskontakte" in k.indikatoren
    assert all(not ind.ziele for ind in k.indikatoren.values())  # the default's targets are demo targets
    assert k.datensaetze["projektkennzahlen"].veroeffentlichung.jahressummen == ()
    texte = "".join(
        (ahrweiler.verzeichnis / name).read_text(encoding="utf-8")
        for name in ("indikatoren.yaml", "datensaetze.yaml", "lieferanten.yaml", "handlungsfelder.yaml")
    )
    for lds_text in (
        "Dahme",
        "Brandenburg",
        "Stellwerk",
        "LDS integriert",
        "Königs Wusterhausen",
        "3.300",
        "Kap. I",
    ):
        assert lds_text not in texte
    assert k.indikatoren["auslaenderanteil"].hinweis.endswith(
        "(siehe „Ausländeranteil an der amtlichen Bevölkerung“)."
    )
    readme = (ahrweiler.verzeichnis / "README.md").read_text(encoding="utf-8")
    assert "Landkreis Ahrweiler" in readme and "stellwerk8_besucher" in readme
    # the sources of the copied code lists name the county's own statistical office, and the README says which
    # code lists follow the default's Land (school types differ between the Länder)
    for pfad in (ahrweiler.verzeichnis / "codelists").glob("*.yaml"):
        assert "Berlin-Brandenburg" not in pfad.read_text(encoding="utf-8"), pfad.name
    assert "Statistisches Landesamt Rheinland-Pfalz" in (
        ahrweiler.verzeichnis / "codelists" / "schulart.yaml"
    ).read_text(encoding="utf-8")
    assert "`schulart`, `schulabschluss`" in readme and "Landes Rheinland-Pfalz abgleichen" in readme


def test_map_geometries_of_the_county(ahrweiler):
    daten = json.loads((ahrweiler.verzeichnis / "karte.geojson").read_text(encoding="utf-8"))
    paare = {(f["properties"]["ebene"], f["properties"]["code"]) for f in daten["features"]}
    k = ahrweiler.katalog
    assert paare == {(g.ebene, g.code) for g in k.gebiete.values()}
    assert {tuple(sorted(f["properties"])) for f in daten["features"]} == {("BEZ", "GEN", "code", "ebene")}
    geo = pk.geometrie("07131", str(ahrweiler.verzeichnis))
    assert geo is not None and len(geo.ebene("gemeinde")) == 74
    assert pk.geometrie("07131") is None  # nothing shipped for Ahrweiler: only the catalogue has it


def test_kreisfreie_stadt_is_its_one_gemeinde(duesseldorf):
    k = duesseldorf.katalog
    assert (k.kreis.name, k.kreis.typ) == ("Kreisfreie Stadt Düsseldorf", "Kreisfreie Stadt")
    assert [(g.code, g.ebene, g.parent) for g in k.gebiete_der_ebene("gemeinde")] == [
        ("05111000", "gemeinde", "051110000")
    ]
    assert [g.name for g in k.gebiete_der_ebene("verband")] == ["Düsseldorf"]
    assert k.gemeinden_unter("05111") == ["05111000"]
    assert k.lieferanten["statistik"].name.startswith("Information und Technik Nordrhein-Westfalen")
    assert "in der Stadt" in k.handlungsfelder["kontext"].beschreibung


def test_city_texts_name_the_stadtsportbund_and_the_city(duesseldorf, ahrweiler):
    d = duesseldorf.verzeichnis
    lieferanten = yaml.safe_load((d / "lieferanten.yaml").read_text(encoding="utf-8"))
    namen = {x["id"]: x["name"] for x in lieferanten}
    assert namen["kreissportbund"] == "Stadtsportbund (Bestandserhebung der Sportvereine)"
    texte = "".join((d / f).read_text(encoding="utf-8") for f in ("indikatoren.yaml", "datensaetze.yaml"))
    assert "des Stadtsportbunds" in texte
    for wort in ("Kreissportbund", "Landkreis", "Kreiswert", "des Kreises"):
        assert wort not in texte, wort
    k = duesseldorf.katalog
    assert "in der Stadt am 01.03." in " ".join(k.datensaetze["kita_kinder_sprache"].beschreibung.split())
    a = ahrweiler.verzeichnis
    assert "Kreissportbund (Bestandserhebung" in (a / "lieferanten.yaml").read_text(encoding="utf-8")


def test_stadtstaat_and_eight_digit_key(tmp_path):
    berlin = kreis_anlegen("11000000", tmp_path / "berlin")
    assert berlin.katalog.kreis.name == "Berlin"
    assert [g.code for g in berlin.katalog.gebiete_der_ebene("gemeinde")] == ["11000000"]


def test_thueringen_erfuellende_gemeinde(tmp_path):
    k = kreis_anlegen("16064", tmp_path / "unstrut-hainich").katalog
    vvg = [g for g in k.gebiete_der_ebene("verband") if g.typ == "erfüllende Gemeinde"]
    assert vvg and all(g.name.startswith("Erfüllende Gemeinde ") for g in vvg)
    assert "erfüllenden Gemeinden" in bz.verbaenden(k)
    assert all(len(k.kinder(g.code)) >= 2 for g in vvg)


def test_official_names_from_kind_and_name():
    namen = {k.ags: k.name for k in gd._kreise().values()}
    assert (namen["07131"], namen["05111"], namen["05382"], namen["03241"], namen["02000"]) == (
        "Landkreis Ahrweiler",
        "Kreisfreie Stadt Düsseldorf",
        "Rhein-Sieg-Kreis",
        "Region Hannover",
        "Hamburg",
    )
    assert namen["05158"] == "Kreis Mettmann" and namen["08121"] == "Stadtkreis Heilbronn"


def test_bavarian_verwaltungsgemeinschaft(tmp_path):
    k = kreis_anlegen("09471", tmp_path / "bamberg").katalog
    assert k.gebiete["094715401"].name == "Verwaltungsgemeinschaft Baunach"
    assert k.gebiete["094710111"].typ == "Einheitsgemeinde"


def test_default_county_reproduces_the_shipped_areas(tmp_path):
    k = kreis_anlegen("12061", tmp_path / "lds").katalog
    lds = lade_katalog()
    assert {(g.code, g.ebene, g.parent, g.typ) for g in k.gebiete.values()} == {
        (g.code, g.ebene, g.parent, g.typ) for g in lds.gebiete.values()
    }
    eigene = json.loads((tmp_path / "lds" / "karte.geojson").read_text(encoding="utf-8"))
    mitgeliefert = json.loads(GEO_LDS.read_text(encoding="utf-8"))
    assert sorted(json.dumps(f, sort_keys=True) for f in eigene["features"]) == sorted(
        json.dumps(f, sort_keys=True) for f in mitgeliefert["features"]
    )


def test_loader_keeps_the_shipped_verband_names():
    k = lade_katalog()
    assert k.gebiete["120615114"].name == "Amt Unterspreewald" and k.gebiete["120615114"].typ == "Amt"
    assert k.gebiete["120610020"].typ == "amtsfreie Gemeinde" and k.kreis.typ == "Landkreis"


@pytest.mark.parametrize(
    ("eingabe", "teil"),
    [
        ("99999", "kein Kreis und keine kreisfreie Stadt"),
        ("07999", "Nahe Schlüssel in Rheinland-Pfalz: 07336 Landkreis Kusel"),
        ("Ahrweiler", "Meinten Sie: 07131 Landkreis Ahrweiler"),
        ("Dusseldorf", "05111 Kreisfreie Stadt Düsseldorf"),
        ("07131001", "Gemeinde Adenau im Landkreis Ahrweiler"),
        ("123", "hat 3 Stellen"),
    ],
)
def test_refuses_unknown_keys_with_a_german_message(tmp_path, eingabe, teil):
    with pytest.raises(KatalogFehler) as exc:
        kreis_anlegen(eingabe, tmp_path / "k")
    assert teil in " ".join(exc.value.fehler)
    assert list(tmp_path.iterdir()) == []


def test_refuses_a_non_empty_directory_unless_forced(tmp_path):
    ziel = tmp_path / "k"
    ziel.mkdir()
    (ziel / "notizen.txt").write_text("meins", encoding="utf-8")
    with pytest.raises(KatalogFehler, match="nicht leer"):
        kreis_anlegen("07131", ziel)
    with pytest.raises(KatalogFehler, match="andere Dateien"):
        kreis_anlegen("07131", ziel, ueberschreiben=True)
    assert [p.name for p in ziel.iterdir()] == ["notizen.txt"]
    leer = tmp_path / "leer"
    leer.mkdir()
    kreis_anlegen("07131", leer)  # an empty directory is fine
    kreis_anlegen("05111", leer, ueberschreiben=True)  # a catalogue of kreis-anlegen may be replaced
    assert lade_katalog(leer).kreis.code == "05111"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["k", "leer"]  # no temporary directory left


def test_current_directory_symlink_and_file_targets_are_refused(tmp_path, monkeypatch):
    leer = tmp_path / "leer"
    leer.mkdir()
    monkeypatch.chdir(leer)
    with pytest.raises(KatalogFehler, match="ist das aktuelle Verzeichnis"):
        kreis_anlegen("07131", ".")
    assert leer.is_dir() and list(leer.iterdir()) == []
    monkeypatch.chdir(tmp_path)
    katalog = tmp_path / "kat"
    kreis_anlegen("07131", katalog)
    (tmp_path / "verweis").symlink_to(katalog)
    with pytest.raises(KatalogFehler, match="symbolischer Verweis"):
        kreis_anlegen("05111", tmp_path / "verweis", ueberschreiben=True)
    assert lade_katalog(katalog).kreis.code == "07131"
    datei = tmp_path / "datei.txt"
    datei.write_text("meins", encoding="utf-8")
    with pytest.raises(KatalogFehler, match="ist eine Datei"):
        kreis_anlegen("07131", datei, ueberschreiben=True)
    assert datei.read_text(encoding="utf-8") == "meins"
    (katalog / "codelists" / "eigene.yaml").write_text("id: eigene\n", encoding="utf-8")
    with pytest.raises(KatalogFehler, match=r"codelists/eigene\.yaml"):
        kreis_anlegen("05111", katalog, ueberschreiben=True)  # --force deletes nothing it did not write
    assert (katalog / "codelists" / "eigene.yaml").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["datei.txt", "kat", "leer", "verweis"]


def test_unwritable_parent_gives_a_german_message(tmp_path, monkeypatch):
    def verboten(**_: object) -> str:
        raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path / ".k-x"))

    monkeypatch.setattr(anlegen.tempfile, "mkdtemp", verboten)
    with pytest.raises(KatalogFehler) as exc:
        kreis_anlegen("07131", tmp_path / "k")
    assert exc.value.fehler == [
        f"{tmp_path}: Schreiben nicht möglich (keine Schreibrechte); nichts geschrieben"
    ]


def test_force_keeps_the_old_catalogue_when_the_new_one_cannot_be_moved(tmp_path, monkeypatch):
    katalog = tmp_path / "kat"
    kreis_anlegen("07131", katalog)
    echt = Path.rename

    def rename(self: Path, ziel: Path) -> Path:
        if self.name.startswith(".kat-") and "alt" not in self.name:
            raise OSError(errno.EXDEV, "Invalid cross-device link")
        return echt(self, ziel)

    monkeypatch.setattr(Path, "rename", rename)
    with pytest.raises(KatalogFehler, match="Ersetzen nicht möglich"):
        kreis_anlegen("05111", katalog, ueberschreiben=True)
    assert lade_katalog(katalog).kreis.code == "07131"
    assert [p.name for p in tmp_path.iterdir()] == ["kat"]


def test_a_catalogue_failing_the_check_is_not_written(tmp_path, monkeypatch):
    def kaputt(verzeichnis):
        raise KatalogFehler([f"{verzeichnis}/indikatoren.yaml: Indikator x: unbekannter Datensatz y"])

    monkeypatch.setattr(anlegen, "lade_katalog", kaputt)
    with pytest.raises(KatalogFehler) as exc:
        kreis_anlegen("07131", tmp_path / "k")
    assert "besteht die Katalogprüfung nicht; nichts geschrieben" in exc.value.fehler[0]
    assert f"{tmp_path / 'k'}/indikatoren.yaml" in exc.value.fehler[1]
    assert list(tmp_path.iterdir()) == []


def test_gemeinden_csv_columns(ahrweiler):
    with (ahrweiler.verzeichnis / "gemeinden.csv").open(encoding="utf-8") as fh:
        zeilen = list(csv.DictReader(fh))
    assert list(zeilen[0]) == ["ags", "ars", "gemeinde", "verband_ars9", "verband_name", "verband_typ"]
    assert all(z["ars"][:9] == z["verband_ars9"] and z["ars"][:5] + z["ars"][9:] == z["ags"] for z in zeilen)


def test_verband_kinds_in_running_text(ahrweiler, duesseldorf):
    lds = lade_katalog()
    assert (bz.verbaende(lds), bz.verbaenden(lds), bz.verband(lds)) == (
        "Ämter und amtsfreie Gemeinden",
        "Ämtern und amtsfreien Gemeinden",
        "Amt oder amtsfreie Gemeinde",
    )
    assert bz.verbaenden(ahrweiler.katalog) == "Verbandsgemeinden und verbandsfreien Gemeinden"
    assert bz.verband(duesseldorf.katalog) == "gemeinschaftsfreie Gemeinde"


def test_targets_are_cut_whatever_their_indentation():
    block = "- id: x\n  ziele:\n  - jahr: 2026\n    wert: 1\n  kernzahl: true\n"
    assert anlegen._ohne_ziele(block) == "- id: x\n  kernzahl: true\n"
    block = "- id: x\n  ziele:\n    - jahr: 2026\n      quelle: >-\n        Demo\n"
    assert anlegen._ohne_ziele(block) == "- id: x\n"

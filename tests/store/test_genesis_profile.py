"""GENESIS imports through table profiles: explicit choice, strictness, extra symbols and school years."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from integrationsmonitor.catalog.loader import katalog
from integrationsmonitor.store.genesis import importiere_genesis
from integrationsmonitor.store.models import Beobachtung, Lieferung

DATEN = Path(__file__).parent.parent / "formats" / "data"
FLAT_12411 = DATEN / "12411-01-01-4_1773175772751_de_flat.csv"
FLAT_12511 = DATEN / "12511-01-01-4_derived_flat__BB-12.csv"


def _werte(datensatz: str) -> dict[tuple[str, str, str], tuple[float | None, str]]:
    aktiv = Beobachtung.objects.filter(
        lieferung__status=Lieferung.Status.AKTIV, lieferung__datensatz=datensatz
    )
    return {
        (b.lieferung.zeitraum, b.gebiet, b.merkmale): (b.wert, b.kennzeichen)
        for b in aktiv.select_related("lieferung")
    }


def _profil(tmp_path: Path, text: str) -> str:
    pfad = tmp_path / "profil.yaml"
    pfad.write_text(text, encoding="utf-8")
    return str(pfad)


@pytest.mark.django_db
def test_the_profile_named_explicitly_gives_what_the_table_number_chooses():
    assert importiere_genesis(katalog(), FLAT_12411, benutzer="t").angenommen
    automatisch = _werte("bevoelkerung_amtlich")
    Lieferung.objects.all().delete()
    ergebnis = importiere_genesis(katalog(), FLAT_12411, benutzer="t", profil="bevoelkerung_12411")
    assert ergebnis.angenommen, ergebnis.probleme
    assert _werte("bevoelkerung_amtlich") == automatisch
    assert automatisch[("2024", "12061", "_T")] == (178793, "")


@pytest.mark.django_db
def test_a_profile_for_another_table_is_used_as_asked_and_the_note_explains_the_rejection():
    ergebnis = importiere_genesis(katalog(), FLAT_12411, benutzer="t", profil="einbuergerungen_12511")
    assert not ergebnis.angenommen
    assert "keine Zellen des Kreises 12061" in ergebnis.probleme[0]  # BEVSTD is not the measure BEV008
    assert "Profil einbuergerungen_12511 nennt die Tabelle 12411-01-01-4 nicht" in ergebnis.probleme[1]
    assert Lieferung.objects.count() == 0


@pytest.mark.django_db
def test_an_unknown_profile_lists_the_known_ones():
    ergebnis = importiere_genesis(katalog(), FLAT_12411, benutzer="t", profil="bevoelkerung")
    assert not ergebnis.angenommen
    assert ergebnis.probleme[0].startswith(
        "GENESIS-Profil ‚bevoelkerung‘ nicht gefunden (bekannt: bevoelkerung_12411"
    )


@pytest.mark.django_db
def test_a_variable_the_profile_does_not_name_rejects_the_file_at_its_line(tmp_path):
    text = FLAT_12511.read_text(encoding="utf-8-sig").replace(";STAKNW;", ";STAKNX;")
    pfad = tmp_path / FLAT_12511.name
    pfad.write_text(text, encoding="utf-8")
    ergebnis = importiere_genesis(katalog(), pfad, benutzer="t")
    assert not ergebnis.angenommen
    assert ergebnis.probleme[0].startswith(
        f"{FLAT_12511.name}, Zeile 2: GENESIS-Merkmal STAKNX steht nicht im Profil einbuergerungen_12511"
    )
    assert Lieferung.objects.count() == 0


PROFIL_12511_SCHULJAHR = """\
art: genesis
name: schuljahr_test
tabellen: ["12511"]
datensatz: einbuergerungen_amtlich
wert: BEV008
zeit: schuljahr
schuljahr: {schuljahr}
nicht_im_datensatz: [STAKNW]
symbole: {{"–": "-", "•": "."}}
"""


@pytest.mark.django_db
@pytest.mark.parametrize(("schuljahr", "periode"), [("ende", "2016"), ("beginn", "2015")])
def test_a_school_year_becomes_the_year_the_profile_says(tmp_path, schuljahr, periode):
    """The 12511 flat fixture with its time written as a school year (`2015/16`, time_code SCHJ): only the
    time mapping is under test, the numbers stay those of 2016."""
    text = re.sub(
        r"JAHR;Jahr;(\d{4});",
        lambda m: f"SCHJ;Schuljahr;{int(m.group(1)) - 1}/{m.group(1)[2:]};",
        FLAT_12511.read_text(encoding="utf-8-sig"),
    )
    pfad = tmp_path / "12511_schuljahr_flat.csv"
    pfad.write_text("\ufeff" + text, encoding="utf-8")
    profil = _profil(tmp_path, PROFIL_12511_SCHULJAHR.format(schuljahr=schuljahr))
    ergebnis = importiere_genesis(katalog(), pfad, benutzer="t", profil=profil)
    assert ergebnis.angenommen, ergebnis.probleme
    werte = _werte("einbuergerungen_amtlich")
    assert werte[(periode, "12061", "_T|_T")] == (56, "")  # the school year 2015/16 holds the 2016 numbers
    erstes = "2011" if schuljahr == "ende" else "2010"
    assert sorted({z for z, _, _ in werte}) == [str(j) for j in range(int(erstes), int(erstes) + 6)]


@pytest.mark.django_db
def test_extra_symbols_of_a_profile_are_read_as_the_standard_symbols(tmp_path):
    text = FLAT_12511.read_text(encoding="utf-8-sig")
    lds_2016 = ";12061;Dahme-Spreewald, Landkreis;STAKNW;Kontinente (einschl. staatenlos etc.);;Insgesamt;56;"
    assert text.count(lds_2016) == 1
    pfad = tmp_path / "12511_symbole_flat.csv"
    pfad.write_text("\ufeff" + text.replace(lds_2016, lds_2016.replace(";56;", ";•;")), encoding="utf-8")
    ohne = importiere_genesis(katalog(), pfad, benutzer="t")
    assert not ohne.angenommen and "‚•‘ ist weder Zahl noch GENESIS-Zeichen" in ohne.probleme[0]
    profil = _profil(
        tmp_path,
        PROFIL_12511_SCHULJAHR.format(schuljahr="ende").replace(
            "zeit: schuljahr\nschuljahr: ende", "zeit: jahr"
        ),
    )
    ergebnis = importiere_genesis(katalog(), pfad, benutzer="t", profil=profil)
    assert ergebnis.angenommen, ergebnis.probleme
    assert _werte("einbuergerungen_amtlich")[("2016", "12061", "_T|_T")] == (
        None,
        "g",
    )  # secret: missing, never 0


# A classic table with school years in the column heads, in the layout of 12411-01-01-4.csv (header block,
# time head row above the attribute heads, key;name;values, `__________` footer) – synthetic values; the
# numbers are those of LDS 2014–2016 naturalisations (12511) so that an existing dataset can take them.
KLASSISCH_SCHULJAHRE = """\
GENESIS-Tabelle: 12511-01-01-4
Einbürgerungen von Ausländern;;;;
- Schuljahr - regionale Tiefe: Kreise und krfr. Städte;;;;
Einbürgerungsstatistik;;;;
Einbürgerungen von Ausländern (Anzahl);;;;
;;2014/15;2015/16;2015/16
;;Insgesamt;Insgesamt;Europa
12;       Brandenburg;1000;900;400
12061;      Dahme-Spreewald, Landkreis;82;65;–
__________
© Statistisches Bundesamt (Destatis), 2026 (synthetisch)
"""


@pytest.mark.django_db
def test_a_classic_table_with_school_years_and_an_extra_symbol(tmp_path):
    pfad = tmp_path / "12511-01-01-4_schuljahre.csv"
    pfad.write_bytes(KLASSISCH_SCHULJAHRE.encode("cp1252"))
    profil = (
        PROFIL_12511_SCHULJAHR.format(schuljahr="beginn")
        + "koepfe:\n  Insgesamt: {STAKNW: ''}\n  Europa: {STAKNW: ST1}\n"
    )
    ergebnis = importiere_genesis(katalog(), pfad, benutzer="t", profil=_profil(tmp_path, profil))
    assert ergebnis.angenommen, ergebnis.probleme
    assert _werte("einbuergerungen_amtlich") == {
        ("2014", "12061", "_T|_T"): (82, ""),
        ("2015", "12061", "_T|_T"): (65, ""),
    }


@pytest.mark.django_db
def test_dataset_may_be_redirected_only_to_one_of_the_same_dimensions():
    ergebnis = importiere_genesis(katalog(), FLAT_12411, benutzer="t", datensatz="einbuergerungen_amtlich")
    assert not ergebnis.angenommen
    assert (
        "der Datensatz einbuergerungen_amtlich hat die Merkmale staatsangehoerigkeit, geschlecht"
        in ergebnis.probleme[0]
    )
    assert Lieferung.objects.count() == 0


FESTER_CODE = """\
art: genesis
name: fest_test
tabellen: ["12411"]
datensatz: schutzsuchende
wert: BEVSTD
zeit: stichtag
merkmale:
  GES: {merkmal: geschlecht, codes: {GESM: m, GESW: w}}
feste_codes: {schutzstatus: offen}
"""


@pytest.mark.django_db
def test_a_fixed_code_fills_a_dimension_the_table_does_not_have(tmp_path):
    """Only the mechanism is under test: the 12411 numbers land in an official dataset with more dimensions
    (schutzstatus fixed, staatsangehoerigkeit the total)."""
    ergebnis = importiere_genesis(katalog(), FLAT_12411, benutzer="t", profil=_profil(tmp_path, FESTER_CODE))
    assert ergebnis.angenommen, ergebnis.probleme
    werte = _werte("schutzsuchende")
    assert werte[("2024", "12061", "offen|_T|_T")] == (178793, "")
    assert {m for _, _, m in werte} == {"offen|_T|_T", "offen|m|_T", "offen|w|_T"}

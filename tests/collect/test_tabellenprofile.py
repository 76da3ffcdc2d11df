"""Table profiles: an office's own table (CSV, Excel, BA-style Excel) becomes a delivery in the long format."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from integrationsmonitor.catalog.loader import katalog
from integrationsmonitor.collect.gebietsnamen import gebiet_nachschlagen, gebietstabelle
from integrationsmonitor.collect.profil import PROFIL_DIR, ProfilFehler, lade_profil
from integrationsmonitor.collect.tabellenprofil import (
    TabellenprofilFehler,
    lade_tabellenprofil,
    lies_tabellenprofil,
    tabellenprofile,
)
from integrationsmonitor.collect.umwandeln import Umwandlung, wandle_um

from .beispieldateien import (
    DATEIEN,
    EINBUERGERUNGEN,
    ELB,
    UNTERBRINGUNG,
    ZIEL,
    melderegister,
    unterbringung_xlsx,
)

PROFILE = {
    "melderegister_bevoelkerung": "melderegister_2024.csv",
    "einbuergerungen_staaten": "einbuergerungen_2024.csv",
    "sozialamt_unterbringung": "sozialamt_unterbringung_2024.xlsx",
    "jobcenter_elb": "jobcenter_elb_2024.xlsx",
    "integreat_zugriffe": "integreat_zugriffe_2024.csv",
    "gesundheitsamt_esu": "esu_sprache_2024-25.csv",
    "traeger_sport_kultur": "sport_kultur_teilnehmende_2024.csv",
    "kreissportbund_mitglieder": "kreissportbund_mitglieder_2024.xlsx",
    "sozialamt_gu_plaetze": "sozialamt_belegung_2024.xlsx",
    "sozialamt_gu_belegung": "sozialamt_belegung_2024.xlsx",
    "abh_fachkraefteverfahren": "abh_fachkraefteverfahren_2024.csv",
    "ba_beschaeftigte": "ba_beschaeftigte_2024.xlsx",
}
KOPF_EINBUERGERUNG = "Berichtsjahr;bisherige Staatsangehörigkeit;Geschlecht;Anzahl\n"


def _zellen(u: Umwandlung) -> dict[tuple[str, ...], tuple[str, str]]:
    """(gebiet, codes…) -> (wert, kennzeichen) of a converted delivery; the period is checked to be one."""
    assert u.ok, u.probleme
    zeilen = list(csv.reader(io.StringIO(u.daten.decode("utf-8")), delimiter=";"))
    assert {z[1] for z in zeilen[1:]} == {u.zeitraum}
    return {(z[0], *z[2:-2]): (z[-2], z[-1]) for z in zeilen[1:]}


def _umwandeln(profil: str, daten: bytes, datei: str, zeitraum: str | None = None) -> Umwandlung:
    return wandle_um(katalog(), lade_tabellenprofil(profil, katalog()), daten, datei, zeitraum)


def _beispiel(profil: str) -> Umwandlung:
    datei = PROFILE[profil]
    return _umwandeln(profil, (ZIEL / datei).read_bytes(), datei)


@pytest.mark.parametrize("name", sorted(DATEIEN))
def test_committed_example_files_are_what_the_generator_writes(name):
    assert (ZIEL / name).read_bytes() == DATEIEN[name](), (
        f"{name} ist veraltet: .venv/bin/python tests/collect/beispieldateien.py"
    )


def test_every_shipped_table_profile_loads_and_has_an_example():
    geladen = {p.name: p for p in tabellenprofile(katalog())}
    assert set(geladen) == set(PROFILE)
    tabelle = [p for p in PROFIL_DIR.glob("*.yaml") if "art: tabelle" in p.read_text(encoding="utf-8")]
    assert len(tabelle) == len(PROFILE)  # none is skipped because it does not load
    lieferanten = {katalog().datensaetze[p.datensatz].lieferant for p in geladen.values()}
    assert lieferanten == {
        "einwohnermeldeaemter", "einbuergerungsbehoerde", "sozialamt", "jobcenter", "integreat_redaktion",
        "gesundheitsamt", "traeger_sport_kultur", "kreissportbund", "auslaenderbehoerde", "bundesagentur",
    }  # fmt: skip


def test_melderegister_csv_cp1252_title_summe_and_thousands_dots():
    u = _beispiel("melderegister_bevoelkerung")
    assert (u.datensatz, u.zeitraum) == ("bevoelkerung_melderegister", "2024")  # from the file name
    z = _zellen(u)
    erwartet = melderegister()
    assert len(z) == 37 * 8 * 4  # Gemeinde × Altersgruppe × (m, w, d, insgesamt)
    for (ags, alter, sex), n in erwartet.items():
        assert z[(ags, sex, alter)] == (str(n), "")
    kw_30_49 = sum(erwartet[("12061260", "30_49", s)] for s in "mwd")
    assert kw_30_49 > 1000  # written as 5.xxx in the file
    assert z[("12061260", "_T", "30_49")] == (str(kw_30_49), "")
    assert sum(int(w) for (_, sex, _), (w, _) in z.items() if sex == "_T") == 182_100  # the Summe line
    assert not any(k[0] in ("Summe", "") for k in z)


def test_einbuergerungen_csv_nationality_names_and_period_column():
    u = _beispiel("einbuergerungen_staaten")
    assert (u.datensatz, u.zeitraum) == ("einbuergerungen", "2024")  # from the column Berichtsjahr
    z = _zellen(u)
    assert z[("12061", "160", "m")] == ("7", "") and z[("12061", "160", "w")] == ("10", "")  # Russ. Föd.
    assert z[("12061", "475", "m")] == ("41", "")  # Syrien, Arab. Rep.
    assert z[("12061", "997", "w")] == ("4", "")  # staatenlos: the code list's own name
    assert len(z) == 2 * len(EINBUERGERUNGEN)
    assert sum(int(w) for w, _ in z.values()) == 231


def test_sozialamt_xlsx_merged_header_names_of_gemeinden_and_sheet():
    u = _beispiel("sozialamt_unterbringung")
    z = _zellen(u)
    luebben = ("12061316", "gemeinschaftsunterkunft", "m")  # "Lübben/Spreewald", translated in the profile
    assert z[luebben] == ("62", "")
    assert z[("12061260", "wohnung", "w")] == ("97", "")  # "Königs Wusterhausen, Stadt"
    assert z[("12061476", "wohnung", "m")] == ("3", "")  # "Straupitz (Spreewald)"
    assert z[("12061510", "_T", "_T")] == ("3", "")  # "Unterspreewald": the Gemeinde, not the Amt
    assert z[("12061572", "gemeinschaftsunterkunft", "m")] == ("0", "")  # "-": nichts vorhanden
    assert sum(int(w) for k, (w, _) in z.items() if k[1] == "_T") == 1262
    assert {k[0] for k in z} == {ags for _, ags, *_ in UNTERBRINGUNG}


def test_jobcenter_ba_xlsx_star_is_secret_and_aggregate_rows_are_skipped():
    z = _zellen(_beispiel("jobcenter_elb"))
    assert z[("12061", "deutsch", "d")] == ("", "g")  # `*`: anonymised, never 0
    assert z[("12061", "eu", "d")] == ("0", "")  # `-`: nichts vorhanden
    assert z[("12061", "asylherkunft", "m")] == ("446", "")  # label with footnote mark "1)"
    assert z[("12061", "sonstige_drittstaaten", "_T")] == ("1650", "")
    assert len(z) == 4 * 4  # Insgesamt (a Summe line) and Ausländer (auslassen) are not delivered
    assert len([x for x in ELB if x[1]]) == 4


def test_translations_russ_foed_and_maennlich_m_1():
    for staat, sex in [("Russ. Föd.", "männlich"), ("RU", "m"), ("160", "1"), ("russische föderation", "M")]:
        roh = f"{KOPF_EINBUERGERUNG}2024;{staat};{sex};3\n".encode()
        assert _zellen(_umwandeln("einbuergerungen_staaten", roh, "e.csv")) == {
            ("12061", "160", "m"): ("3", "")
        }
    roh = (KOPF_EINBUERGERUNG + "2024;Russ. Föd.;männlich;3\n2024;RU;m;4\n2024;160;1;5\n").encode()
    assert _umwandeln("einbuergerungen_staaten", roh, "e.csv").probleme == [
        f"e.csv, Zeile {nr}, Spalte 4 ‚Anzahl‘: dieselbe Zelle (12061/160/m) steht schon in Zeile 2, Spalte 4 ‚Anzahl‘"
        for nr in (3, 4)
    ]  # all three rows mean Russische Föderation (160), männlich (m): one cell, given three times


def test_period_from_file_name_from_column_and_overridden():
    daten = (ZIEL / "melderegister_2024.csv").read_bytes()
    assert _umwandeln("melderegister_bevoelkerung", daten, "melderegister_2023.csv").zeitraum == "2023"
    assert _umwandeln("melderegister_bevoelkerung", daten, "export.csv", "2022").zeitraum == "2022"
    ohne = _umwandeln("melderegister_bevoelkerung", daten, "export.csv")
    assert ohne.probleme == [
        "export.csv: Zeitraum: der Dateiname ‚export.csv‘ passt nicht zum Muster des Profils "
        r"((?P<jahr>(19|20)\d\d)); bitte den Zeitraum angeben (imon deliver --period, im Formular: Zeitraum)"
    ]
    zwei_jahre = (KOPF_EINBUERGERUNG + "2023;Polen;weiblich;4\n2024;Polen;weiblich;6\n").encode()
    u = _umwandeln("einbuergerungen_staaten", zwei_jahre, "e.csv")
    assert u.probleme == [
        "e.csv, Zeile 3, Spalte 1 ‚Berichtsjahr‘: Zeitraum 2024 weicht vom Zeitraum 2023 in Zeile 2, Spalte 1 "
        "‚Berichtsjahr‘ ab; eine Lieferung gilt einem Zeitraum (einen wählen: imon deliver --period, im "
        "Formular: Zeitraum)"
    ]
    u = _umwandeln("einbuergerungen_staaten", zwei_jahre, "e.csv", "2024")
    assert u.zeitraum == "2024" and _zellen(u) == {("12061", "152", "w"): ("6", "")}
    assert u.hinweise == ["e.csv: Zeilen anderer Zeiträume nicht übernommen: 2023 (1 Zeile)"]
    assert _umwandeln("einbuergerungen_staaten", zwei_jahre, "e.csv", "2022").probleme == [
        "e.csv: keine Zeile für den Zeitraum 2022; die Datei hat: 2023 (1 Zeile), 2024 (1 Zeile)"
    ]


def test_unknown_code_bad_value_and_unknown_gemeinde_name_file_sheet_row_column():
    roh = (
        KOPF_EINBUERGERUNG + "2024;Atlantis;männlich;3\n2024;Polen;x;-2\n2024;Polen;weiblich;2,5\n"
    ).encode()
    u = _umwandeln("einbuergerungen_staaten", roh, "e.csv")
    assert u.probleme == [
        "e.csv, Zeile 2, Spalte 2 ‚bisherige Staatsangehörigkeit‘: ‚Atlantis‘ ist in der Codeliste "
        "Staatsangehörigkeit unbekannt (im Profil unter merkmale.staatsangehoerigkeit.codes ergänzen)",
        "e.csv, Zeile 3, Spalte 3 ‚Geschlecht‘: ‚x‘ ist in der Codeliste Geschlecht unbekannt "
        "(im Profil unter merkmale.geschlecht.codes ergänzen)",
        "e.csv, Zeile 3, Spalte 4 ‚Anzahl‘: ‚-2‘ ist negativ; Anzahlen müssen 0 oder größer sein",
        "e.csv, Zeile 4, Spalte 4 ‚Anzahl‘: ‚2,5‘ ist keine ganze Zahl; Anzahlen haben keine Nachkommastellen",
    ]
    assert u.daten == b""
    zeilen = [*UNTERBRINGUNG[:2], ("Atlantis-Stadt", "", 1, 1, 1, 1)]
    u = _umwandeln("sozialamt_unterbringung", unterbringung_xlsx(zeilen), "s_2024.xlsx")
    assert u.probleme == [
        "s_2024.xlsx, Blatt „Unterbringung“, Zeile 8, Spalte A ‚Gemeinde‘: ‚Atlantis-Stadt‘ ist kein Gebiet des "
        "Kreises Landkreis Dahme-Spreewald (AGS, ARS oder Name einer Gemeinde; sonst im Profil unter "
        "gebiet.codes ergänzen)"
    ]


def test_missing_column_and_wrong_sheet_name_file_sheet_and_header_row():
    csv_ohne = b"Berichtsjahr;Staat;Geschlecht;Anzahl\n2024;Polen;m;3\n"
    assert _umwandeln("einbuergerungen_staaten", csv_ohne, "e.csv").probleme == [
        "e.csv, Zeile 1: Spalte(n) ‚bisherige Staatsangehörigkeit‘ fehlen (Profil einbuergerungen_staaten); "
        "die Tabelle hat: Berichtsjahr, Staat, Geschlecht, Anzahl"
    ]
    wb = Workbook()
    wb.active.title = "Tabelle1"
    wb.active.append(["Gemeinde", "Anzahl"])
    wb.active.append(["Wildau", 3])
    puffer = io.BytesIO()
    wb.save(puffer)
    assert _umwandeln("sozialamt_unterbringung", puffer.getvalue(), "s_2024.xlsx").probleme == [
        "s_2024.xlsx: kein Blatt „Unterbringung“; die Mappe hat: Tabelle1"
    ]
    wb.active.title = "Unterbringung"
    puffer = io.BytesIO()
    wb.save(puffer)
    (problem,) = _umwandeln("sozialamt_unterbringung", puffer.getvalue(), "s_2024.xlsx").probleme
    assert problem.startswith(
        "s_2024.xlsx, Blatt „Unterbringung“, Zeile 1: Spalte(n) ‚Gemeinschaftsunterkunft / männlich‘, "
    )
    assert problem.endswith("fehlen (Profil sozialamt_unterbringung); die Tabelle hat: Gemeinde, Anzahl")


def test_a_csv_for_an_excel_profile_and_back_is_refused_in_german():
    (p,) = _umwandeln("sozialamt_unterbringung", b"a;b\n1;2\n", "s_2024.xlsx").probleme
    assert p.startswith("s_2024.xlsx: die Datei ist keine Excel-Arbeitsmappe (.xlsx)")
    (p,) = _umwandeln(
        "einbuergerungen_staaten", (ZIEL / "jobcenter_elb_2024.xlsx").read_bytes(), "e.xlsx"
    ).probleme
    assert p.startswith("e.xlsx: die Datei ist keine Textdatei")


def test_names_of_gemeinden_kreis_and_aemter():
    t = gebietstabelle(katalog(), {"KW": "12061260"})
    erwartet = {
        "Königs Wusterhausen, Stadt": "12061260",
        "königs  wusterhausen": "12061260",
        "Stadt Königs Wusterhausen": "12061260",
        "KW": "12061260",
        "Lübben (Spreewald)": "12061316",
        "Lübben": "12061316",
        "Alt Zauche-Wußwerk": "12061005",
        "Schlepzig/Słopišća": "12061428",
        "Dahme-Spreewald": "12061",
        "Landkreis Dahme-Spreewald": "12061",
        "Amt Unterspreewald": "120615114",
        "Unterspreewald": "12061510",  # the Gemeinde comes before the Amt of the same name
        "Schenkenländchen": "120615108",
        "120610260260": "12061260",  # ARS-12
        "120615114510": "12061510",
        "120610000000": "12061",
        "12061020": "12061020",
    }
    assert {text: gebiet_nachschlagen(t, text) for text in erwartet} == erwartet
    assert gebiet_nachschlagen(t, "Berlin") is None


def test_profile_kinds_are_not_mixed_up():
    with pytest.raises(ProfilFehler, match="ist ein Tabellenprofil; für imon deliver --profile"):
        lade_profil("sozialamt_unterbringung", katalog())
    with pytest.raises(TabellenprofilFehler, match=r"ist kein Tabellenprofil \(art: tabelle fehlt\)"):
        lade_tabellenprofil("abh_beispiel", katalog())
    with pytest.raises(TabellenprofilFehler, match="Tabellenprofil ‚gibtsnicht‘ nicht gefunden"):
        lade_tabellenprofil("gibtsnicht", katalog())


@pytest.mark.parametrize(
    ("ersetzen", "meldung"),
    [
        (("datensatz: einbuergerungen", "datensatz: gibtsnicht"), "unbekannter Datensatz ‚gibtsnicht‘"),
        (("leser: office_csv", "leser: pdf"), "datei.leser ‚pdf‘ unbekannt"),
        (('"Russ. Föd.": "160"', '"Russ. Föd.": "999999"'), "‚999999‘ ist kein Code der Codeliste"),
        (("  geschlecht:\n    spalte: Geschlecht", "  alter:\n    spalte: Geschlecht"),
         "‚alter‘ ist kein Merkmal des Datensatzes einbuergerungen"),
        (("spalte: Berichtsjahr", "dateiname: '\\d{4}'"), "braucht eine benannte Gruppe"),
        (('kreis: true', 'code: "99999"'), "gebiet.code ‚99999‘ ist kein Gebiet"),
        (("datensatz: einbuergerungen", "datensatz: einbuergerungen\nsummenzeilen: ja"),
         "summenzeilen: erwartet true oder false"),
    ],
)  # fmt: skip
def test_profile_mistakes_are_named(tmp_path: Path, ersetzen: tuple[str, str], meldung: str):
    text = (PROFIL_DIR / "einbuergerungen_staaten.yaml").read_text(encoding="utf-8")
    assert ersetzen[0] in text
    pfad = tmp_path / "p.yaml"
    pfad.write_text(text.replace(*ersetzen), encoding="utf-8")
    with pytest.raises(TabellenprofilFehler, match=meldung) as info:
        lies_tabellenprofil(pfad, katalog())
    assert str(info.value).startswith(str(pfad))


def test_every_shipped_table_profile_is_documented():
    root = Path(__file__).parents[2]
    readme = (root / "README.md").read_text(encoding="utf-8")
    doku = (root / "docs" / "profile.md").read_text(encoding="utf-8")
    for p in tabellenprofile(katalog()):
        assert f"| `{p.name}` |" in readme and f"| `{p.name}` |" in doku, p.name

"""Table profiles of issue 14 (Gesundheit, Sport und Kultur, Wohnen, Fachkräftezuwanderung): each converts its
synthetic example file to the cells read independently from the file here, and hostile files give German
problems naming file, sheet, row and column."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from integrationsmonitor.catalog.loader import katalog
from integrationsmonitor.collect.tabellenprofil import lade_tabellenprofil
from integrationsmonitor.collect.umwandeln import Umwandlung, wandle_um
from integrationsmonitor.demo import handlungsfelder as H

from .beispieldateien import ZIEL

SPRACHE = {"deutsch": "deutsch", "nicht deutsch / vorwiegend nicht deutsch": "nicht_deutsch"}


def _umwandeln(profil: str, daten: bytes, datei: str, zeitraum: str | None = None) -> Umwandlung:
    return wandle_um(katalog(), lade_tabellenprofil(profil, katalog()), daten, datei, zeitraum)


def _zellen(u: Umwandlung) -> dict[tuple[str, ...], tuple[str, str]]:
    assert u.ok, u.probleme
    zeilen = list(csv.reader(io.StringIO(u.daten.decode("utf-8")), delimiter=";"))
    assert {z[1] for z in zeilen[1:]} == {u.zeitraum}
    return {(z[0], *z[2:-2]): (z[-2], z[-1]) for z in zeilen[1:]}


def _csv_zeilen(datei: str, encoding: str, kopf: str) -> list[dict[str, str]]:
    """The data rows of an office CSV below its header row (which starts with `kopf`), without Summe."""
    text = (ZIEL / datei).read_bytes().decode(encoding).splitlines()
    beginn = next(i for i, z in enumerate(text) if z.startswith(kopf))
    zeilen = csv.DictReader(text[beginn:], delimiter=";")
    return [z for z in zeilen if z[kopf] and z[kopf] != "Summe"]


def _xlsx_zeilen(datei: str, blatt: str, kopf: str) -> list[dict[str, object]]:
    ws = load_workbook(ZIEL / datei, read_only=True)[blatt]
    zeilen = [list(z) for z in ws.iter_rows(values_only=True)]
    beginn = next(i for i, z in enumerate(zeilen) if z and z[0] == kopf)
    namen = [str(n) for n in zeilen[beginn]]
    daten = []
    for z in zeilen[beginn + 1 :]:
        if not z or z[0] in (None, "Summe") or str(z[0]).startswith(("Quelle", "©", "1)")):
            continue
        daten.append(dict(zip(namen, z, strict=False)))
    return daten


# ------------------------------------------------------------------------------------------------------------
# Gesundheit
# ------------------------------------------------------------------------------------------------------------
def test_esu_export_becomes_cells_per_gemeinde_family_language_and_finding():
    datei = "esu_sprache_2024-25.csv"
    u = _umwandeln("gesundheitsamt_esu", (ZIEL / datei).read_bytes(), datei)
    assert (u.datensatz, u.zeitraum) == ("esu_sprachfoerderung", "2024")  # Schuljahr 2024/25 -> 2024
    z = _zellen(u)
    erwartet = {}
    for zeile in _csv_zeilen(datei, "cp1252", "Schuljahr"):
        assert zeile["Schuljahr"] == "2024/25"
        sprache = SPRACHE[zeile["Familiensprache"]]
        sex = {"männlich": "m", "weiblich": "w"}[zeile["Geschlecht"]]
        for spalte, befund in (("untersuchte Kinder", "_T"), ("mit Sprachförderbedarf", "ja"),
                               ("ohne Sprachförderbedarf", "nein")):  # fmt: skip
            erwartet[(zeile["Gemeindeschlüssel"], sprache, befund, sex)] = (zeile[spalte], "")
    assert z == erwartet
    assert len(erwartet) > 3 * 37  # both family languages in many Gemeinden
    untersucht = sum(int(w) for (_g, _s, b, _x), (w, _k) in z.items() if b == "_T")
    assert untersucht == H.ESU_KINDER[2024]


def test_esu_hostile_rows_are_named_and_nothing_is_delivered():
    kopf = (
        "Schuljahr;Gemeindeschlüssel;Wohngemeinde;Familiensprache;Geschlecht;untersuchte Kinder;"
        "mit Sprachförderbedarf;ohne Sprachförderbedarf\r\n"
    )
    roh = (
        kopf
        + "2024/25;12061260;Königs Wusterhausen;sorbisch;weiblich;4;1;3\r\n"
        + "2024/25;99999999;Atlantis;deutsch;männlich;4;1;3\r\n"
        + "2024/25;12061433;Schönefeld;deutsch;männlich;4;zwei;3\r\n"
    ).encode("cp1252")
    u = _umwandeln("gesundheitsamt_esu", roh, "esu_sprache_2024-25.csv")
    assert u.daten == b""
    assert u.probleme == [
        "esu_sprache_2024-25.csv, Zeile 2, Spalte 4 ‚Familiensprache‘: ‚sorbisch‘ ist in der Codeliste "
        f"{katalog().codelisten['familiensprache'].name} unbekannt (im Profil unter "
        "merkmale.familiensprache.codes ergänzen)",
        "esu_sprache_2024-25.csv, Zeile 3, Spalte 2 ‚Gemeindeschlüssel‘: ‚99999999‘ ist kein Gebiet des "
        "Kreises Landkreis Dahme-Spreewald (AGS, ARS oder Name einer Gemeinde; sonst im Profil unter "
        "gebiet.codes ergänzen)",
        "esu_sprache_2024-25.csv, Zeile 4, Spalte 7 ‚mit Sprachförderbedarf‘: ‚zwei‘ ist keine Zahl "
        "(erwartet z. B. 1.234 oder 12,5)",
    ]
    ohne_jahr = _umwandeln("gesundheitsamt_esu", (ZIEL / "esu_sprache_2024-25.csv").read_bytes(), "esu.csv")
    assert ohne_jahr.probleme and "passt nicht zum Muster des Profils" in ohne_jahr.probleme[0]


def test_esu_file_whose_school_year_column_disagrees_with_its_name_is_refused():
    """Review of issue 14, finding 8: a file named 2031-32 whose rows all say 2019/20 (the 2019 figures
    renamed) was delivered as 2031. The profile reads the period from the name and checks the column."""
    echt = (ZIEL / "esu_sprache_2024-25.csv").read_bytes().decode("cp1252")
    zeilen = sum(1 for z in echt.splitlines() if z.startswith("2024/25;"))
    boese = echt.replace("\n2024/25;", "\n2019/20;").encode("cp1252")
    u = _umwandeln("gesundheitsamt_esu", boese, "esu_sprache_2031-32.csv")
    assert u.daten == b"" and not u.ok
    assert u.probleme == [
        "esu_sprache_2031-32.csv, Zeile 5, Spalte 1 ‚Schuljahr‘: ‚2019/20‘ (Zeitraum 2019) weicht vom Zeitraum "
        "2031 des Dateinamens ab; Dateiname und Spalte müssen denselben Zeitraum nennen (falsche Datei oder "
        "falsch benannt?)",
        f"esu_sprache_2031-32.csv: … und {zeilen - 1} weitere Zeilen mit einem anderen Zeitraum als im Dateinamen",
    ]
    # the same file under its true name is the 2019 delivery; --period picks one year's rows as before
    assert _umwandeln("gesundheitsamt_esu", boese, "esu_sprache_2019-20.csv").zeitraum == "2019"
    assert _umwandeln("gesundheitsamt_esu", boese, "esu_sprache_2019-20.csv").ok
    fest = _umwandeln("gesundheitsamt_esu", boese, "esu_sprache_2031-32.csv", zeitraum="2019")
    assert fest.ok and fest.zeitraum == "2019"
    kaputt = echt.replace("\n2024/25;", "\n2024/26;", 1).encode("cp1252")
    assert _umwandeln("gesundheitsamt_esu", kaputt, "esu_sprache_2024-25.csv").probleme == [
        "esu_sprache_2024-25.csv, Zeile 5, Spalte 1 ‚Schuljahr‘: ‚2024/26‘ ist kein Schuljahr (Beispiel: 2024/25)"
    ]


@pytest.mark.parametrize(
    ("zeitraum", "fehler"),
    [
        ("{dateiname: '(?P<jahr>\\d{4})', schuljahr: beginn}", "nur mit zeitraum.spalte"),
        ("{spalte: Schuljahr, schuljahr: ende}", "zeitraum.schuljahr: nur ‚beginn‘"),
        ("{spalte: Schuljahr, jahr: 2024}", "zeitraum.jahr unbekannt"),
    ],
)
def test_profile_school_year_option_is_checked(tmp_path, zeitraum, fehler):
    from integrationsmonitor.collect.tabellenprofil import TabellenprofilFehler, lies_tabellenprofil

    text = (ZIEL.parent / "profile" / "gesundheitsamt_esu.yaml").read_text(encoding="utf-8")
    anfang, rest = text.split("zeitraum:\n", 1)
    rest = rest.split("gebiet:", 1)[1]
    pfad = tmp_path / "esu.yaml"
    pfad.write_text(f"{anfang}zeitraum: {zeitraum}\ngebiet:{rest}", encoding="utf-8")
    with pytest.raises(TabellenprofilFehler, match=fehler):
        lies_tabellenprofil(pfad, katalog())


# ------------------------------------------------------------------------------------------------------------
# Sport und Kultur
# ------------------------------------------------------------------------------------------------------------
def test_sport_kultur_list_becomes_cells_per_gemeinde_kind_and_migration_history():
    datei = "sport_kultur_teilnehmende_2024.csv"
    u = _umwandeln("traeger_sport_kultur", (ZIEL / datei).read_bytes(), datei)
    assert (u.datensatz, u.zeitraum) == ("sport_kultur_teilnehmende", "2024")  # from the column Jahr
    gemeinden = {
        g.name.removesuffix(", Stadt").split("/")[0].strip(): g.code
        for g in katalog().gebiete_der_ebene("gemeinde")
    }
    erwartet = {}
    for zeile in _csv_zeilen(datei, "utf-8", "Jahr"):
        art = zeile["Art des Angebots"].lower()
        ags = gemeinden[zeile["Gemeinde"]]
        erwartet[(ags, art, "mit")] = (zeile["Teilnehmende mit Migrationsgeschichte"], "")
        erwartet[(ags, art, "ohne")] = (zeile["Teilnehmende ohne Migrationsgeschichte"], "")
        erwartet[(ags, art, "_T")] = (zeile["Teilnehmende insgesamt"], "")
    assert _zellen(u) == erwartet
    assert erwartet[("12061219", "kultur", "mit")] == ("2", "")  # a small cell: the platform protects it


def test_sport_kultur_unknown_kind_and_negative_count_are_named():
    roh = (
        b"Jahr;Gemeinde;Art des Angebots;Teilnehmende mit Migrationsgeschichte;"
        b"Teilnehmende ohne Migrationsgeschichte;Teilnehmende insgesamt\n"
        b"2024;Wildau;Tanz;3;4;7\n2024;Luckau;Sport;-1;4;3\n"
    )
    assert _umwandeln("traeger_sport_kultur", roh, "tn.csv").probleme == [
        "tn.csv, Zeile 2, Spalte 3 ‚Art des Angebots‘: ‚Tanz‘ ist in der Codeliste Art des Angebots unbekannt "
        "(im Profil unter merkmale.angebotsart.codes ergänzen)",
        "tn.csv, Zeile 3, Spalte 4 ‚Teilnehmende mit Migrationsgeschichte‘: ‚-1‘ ist negativ; Anzahlen "
        "müssen 0 oder größer sein",
    ]


def test_kreissportbund_xlsx_becomes_cells_per_gemeinde_nationality_and_sex():
    datei = "kreissportbund_mitglieder_2024.xlsx"
    u = _umwandeln("kreissportbund_mitglieder", (ZIEL / datei).read_bytes(), datei)
    assert (u.datensatz, u.zeitraum) == ("sportvereine_mitglieder", "2024")
    gemeinden = {
        g.name.removesuffix(", Stadt").split("/")[0].strip(): g.code
        for g in katalog().gebiete_der_ebene("gemeinde")
    }
    spalten = {
        "Deutsche männlich": ("deutsch", "m"), "Deutsche weiblich": ("deutsch", "w"),
        "Ausländer männlich": ("auslaendisch", "m"), "Ausländer weiblich": ("auslaendisch", "w"),
        "Mitglieder insgesamt": ("_T", "_T"),
    }  # fmt: skip
    erwartet = {
        (gemeinden[str(z["Gemeinde (Vereinssitz)"])], *codes): (str(z[spalte]), "")
        for z in _xlsx_zeilen(datei, "Mitglieder nach Gemeinde", "Gemeinde (Vereinssitz)")
        for spalte, codes in spalten.items()
    }
    assert _zellen(u) == erwartet and len(erwartet) == 37 * 5
    assert sum(int(w) for k, (w, _) in erwartet.items() if k[1] == "_T") == H.KSB_MITGLIEDER[2024]


def test_kreissportbund_wrong_sheet_is_named():
    (p,) = _umwandeln(
        "kreissportbund_mitglieder", (ZIEL / "jobcenter_elb_2024.xlsx").read_bytes(), "ksb_2024.xlsx"
    ).probleme
    assert p.startswith("ksb_2024.xlsx: kein Blatt „Mitglieder nach Gemeinde“; die Mappe hat: Inhalt")


@pytest.mark.parametrize("jahr", H.JAHRE)
def test_every_demo_year_converts_through_its_profile(jahr):
    for lf in H.schreibe_dateien(jahr):
        u = _umwandeln(lf[0], lf[2], lf[1])
        assert u.ok and u.zeitraum == str(jahr), (lf[1], u.probleme[:3])


# ------------------------------------------------------------------------------------------------------------
# Wohnen
# ------------------------------------------------------------------------------------------------------------
def test_belegungsuebersicht_gives_places_and_occupied_places_through_two_profiles():
    datei = "sozialamt_belegung_2024.xlsx"
    daten = (ZIEL / datei).read_bytes()
    gemeinden = {
        g.name.removesuffix(", Stadt").split("/")[0].strip(): g.code
        for g in katalog().gebiete_der_ebene("gemeinde")
    }
    art = {"GU": "gemeinschaftsunterkunft", "WV": "wohnungsverbund"}
    zeilen = _xlsx_zeilen(datei, "Belegung", "Gemeinde")
    assert zeilen and all(z["Plätze"] == z["belegt"] + z["frei"] for z in zeilen)  # type: ignore[operator]
    for profil, spalte, datensatz in (
        ("sozialamt_gu_plaetze", "Plätze", "gu_plaetze"),
        ("sozialamt_gu_belegung", "belegt", "gu_belegung"),
    ):
        u = _umwandeln(profil, daten, datei)
        assert (u.datensatz, u.zeitraum) == (datensatz, "2024")
        erwartet = {
            (gemeinden[str(z["Gemeinde"])], art[str(z["Art der Unterkunft"])]): (str(z[spalte]), "")
            for z in zeilen
        }
        assert _zellen(u) == erwartet


def test_belegung_unknown_kind_of_facility_and_more_occupied_rows_are_named(tmp_path):
    from integrationsmonitor.formats.xlsx_schreiben import Blatt, xlsx

    mappe = xlsx([Blatt("Belegung", [
        ["Gemeinde", "Art der Unterkunft", "Plätze", "belegt", "frei"],
        ["Wildau", "Hotel", 30, 20, 10],
        ["Luckau", "GU", 120, "viele", 0],
    ])])  # fmt: skip
    assert _umwandeln("sozialamt_gu_belegung", mappe, "belegung_2024.xlsx").probleme == [
        "belegung_2024.xlsx, Blatt „Belegung“, Zeile 2, Spalte B ‚Art der Unterkunft‘: ‚Hotel‘ ist in der "
        "Codeliste Art der Unterkunft unbekannt (im Profil unter merkmale.unterkunftsart.codes ergänzen)",
        "belegung_2024.xlsx, Blatt „Belegung“, Zeile 3, Spalte D ‚belegt‘: ‚viele‘ ist keine Zahl "
        "(erwartet z. B. 1.234 oder 12,5)",
    ]


# ------------------------------------------------------------------------------------------------------------
# Fachkräftezuwanderung
# ------------------------------------------------------------------------------------------------------------
def test_abh_statistics_give_the_steps_of_the_year():
    datei = "abh_fachkraefteverfahren_2024.csv"
    u = _umwandeln("abh_fachkraefteverfahren", (ZIEL / datei).read_bytes(), datei)
    assert (u.datensatz, u.zeitraum) == ("fachkraefteverfahren", "2024")
    (zeile,) = _csv_zeilen(datei, "cp1252", "Jahr")
    spalten = {"eingeleitete Verfahren": "eingeleitet", "Vorabzustimmung erteilt": "zustimmung",
               "Vorabzustimmung abgelehnt": "ablehnung", "sonst erledigt": "sonst_erledigt"}  # fmt: skip
    assert _zellen(u) == {("12061", code): (zeile[s], "") for s, code in spalten.items()}


def test_abh_file_of_several_years_needs_a_period_and_then_takes_its_row():
    roh = (
        "Jahr;eingeleitete Verfahren;Vorabzustimmung erteilt;Vorabzustimmung abgelehnt;sonst erledigt\r\n"
        "2023;57;41;4;3\r\n2024;83;62;5;4\r\n"
    ).encode("cp1252")
    (p,) = _umwandeln("abh_fachkraefteverfahren", roh, "abh.csv").probleme
    assert p.startswith("abh.csv, Zeile 3, Spalte 1 ‚Jahr‘: Zeitraum 2024 weicht vom Zeitraum 2023")
    u = _umwandeln("abh_fachkraefteverfahren", roh, "abh.csv", "2023")
    assert _zellen(u)[("12061", "eingeleitet")] == ("57", "")
    assert u.hinweise == ["abh.csv: Zeilen anderer Zeiträume nicht übernommen: 2024 (1 Zeile)"]


def test_ba_table_in_its_layout_gives_groups_by_sex_and_the_insgesamt_row_without_auslaender():
    datei = "ba_beschaeftigte_2024.xlsx"
    u = _umwandeln("ba_beschaeftigte", (ZIEL / datei).read_bytes(), datei)
    assert (u.datensatz, u.zeitraum) == ("beschaeftigte_staatsangehoerigkeit", "2024")
    gruppen = {"Deutsche": "deutsch", "EU-Staaten (ohne Deutschland)": "eu",
               "Asylherkunftsländer 1)": "asylherkunft", "sonstige Drittstaaten": "sonstige_drittstaaten",
               "Insgesamt": "_T"}  # fmt: skip
    zeilen = [
        z
        for z in _xlsx_zeilen(datei, "Beschäftigte nach Staatsang.", "Staatsangehörigkeit")
        if z["Staatsangehörigkeit"] in gruppen
    ]  # the numbering row and Ausländer (a sum of three groups, no code) are left out
    erwartet = {
        ("12061", gruppen[str(z["Staatsangehörigkeit"])], code): (str(z[spalte]), "")
        for z in zeilen
        for spalte, code in (("Insgesamt", "_T"), ("Männer", "m"), ("Frauen", "w"))
    }
    assert len(erwartet) == 15 and _zellen(u) == erwartet  # Insgesamt: the BA's exact totals (summenzeilen)


def test_ba_star_is_secret_and_a_broken_value_is_named():
    from integrationsmonitor.formats.xlsx_schreiben import Blatt, xlsx

    def mappe(frauen: object) -> bytes:
        return xlsx([Blatt("Beschäftigte nach Staatsang.", [
            ["Beschäftigte am Wohnort nach Staatsangehörigkeiten"],
            [],
            ["Staatsangehörigkeit", "Insgesamt", "Männer", "Frauen"],
            [1, 2, 3, 4],
            ["Insgesamt", 12, 10, 2],
            ["Deutsche", 10, 9, 1],
            ["Asylherkunftsländer 1)", "*", "*", frauen],
            ["© Statistik der Bundesagentur für Arbeit"],
        ])])  # fmt: skip

    z = _zellen(_umwandeln("ba_beschaeftigte", mappe("*"), "ba_2024.xlsx"))
    assert z[("12061", "asylherkunft", "w")] == ("", "g") and z[("12061", "deutsch", "w")] == ("1", "")
    (p,) = _umwandeln("ba_beschaeftigte", mappe("zwei"), "ba_2024.xlsx").probleme
    assert p.startswith("ba_2024.xlsx, Blatt „Beschäftigte nach Staatsang.“, Zeile 7, Spalte D ‚Frauen‘:")

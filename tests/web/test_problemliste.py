"""A rejected upload in plain German: German numbers, names beside codes, a few lines per kind of problem,
and a hint when an office's table arrives without its profile."""

from __future__ import annotations

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from integrationsmonitor.store.models import Lieferung
from integrationsmonitor.web.problemliste import art, gruppiert

KOPF = "gebiet;zeitraum;gruppe;staatsangehoerigkeit;geschlecht;altersgruppe;wert;kennzeichen\n"
BEISPIELE = Path(__file__).parents[2] / "src" / "integrationsmonitor" / "collect" / "beispiele"


def _senden(client: Client, text: bytes, name: str = "abh.csv", datensatz: str = "auslaender_bestand"):
    datei = SimpleUploadedFile(name, text)
    return client.post("/lieferungen/", {"datensatz": datensatz, "zeitraum": "2024", "datei": datei})


def test_a_sum_error_has_german_numbers_and_names_instead_of_codes(angemeldet: Client, db: None) -> None:
    text = KOPF + (
        "12061;2024;_T;_T;_T;_T;14900;\n"
        "12061;2024;drittstaat;_T;_T;_T;9000;\n12061;2024;asyl;_T;_T;_T;2933;\n12061;2024;eu;_T;_T;_T;3000;\n"
    )
    html = _senden(angemeldet, text.encode()).content.decode()
    assert (
        "Summe 14.900 stimmt nicht mit der Summe über gruppe (14.933) überein "
        "(Landkreis Dahme-Spreewald (12061), alle Merkmale insgesamt)"
    ) in html
    assert "_T/_T" not in html and "14900" not in html


def test_a_gemeinde_and_a_code_are_named(angemeldet: Client, katalog) -> None:
    text = KOPF + "12061020;2024;drittstaat;_T;_T;_T;5;\n12061020;2024;drittstaat;475;_T;_T;7;\n"
    html = _senden(angemeldet, text.encode()).content.decode()
    gruppe = katalog.codelisten[katalog.datensaetze["auslaender_bestand"].merkmale["gruppe"]].codes[
        "drittstaat"
    ]
    assert (
        f"Summe 5 ist kleiner als die Summe der gelieferten Teile über staatsangehoerigkeit (7) "
        f"(Bestensee (12061020), gruppe {gruppe.name} (drittstaat), sonst insgesamt)"
    ) in html


def test_at_most_a_few_lines_per_kind_with_a_count(angemeldet: Client, db: None) -> None:
    text = (
        KOPF
        + "".join(f"12061;2024;_T;_T;_T;_T;viele{i};\n" for i in range(10))
        + "99999;2024;_T;_T;_T;_T;1;\n"
    )
    html = _senden(angemeldet, text.encode()).content.decode()
    assert html.count("ist keine Zahl") == 3
    assert "… und 7 weitere Probleme dieser Art" in html
    assert "unbekanntes Gebiet ‚99999‘" in html  # another kind keeps its line
    assert "Die Lieferung wurde abgelehnt – 11 Probleme:" in html


def test_kinds_leave_out_values_and_places() -> None:
    a = "x.csv, Zeile 2, Spalte ‚wert‘: ‚zwanzig‘ ist keine Zahl"
    b = "x.csv, Zeile 9, Spalte ‚wert‘: ‚elf‘ ist keine Zahl"
    c = "x.csv, Zeile 9, Spalte ‚gebiet‘: unbekanntes Gebiet ‚1‘ (erwartet: AGS oder ARS im Kreis 12061)"
    assert art(a) == art(b) != art(c)
    arten, schluss = gruppiert([a, b, c, "x.csv: … und 5 weitere Probleme"], beispiele=1)
    assert [(x.beispiele, x.weitere) for x in arten] == [([a], 1), ([c], 0)]
    assert schluss == ["x.csv: … und 5 weitere Probleme"]


def test_an_office_table_without_profile_gets_the_hint(angemeldet: Client, db: None) -> None:
    inhalt = (BEISPIELE / "melderegister_2024.csv").read_bytes()
    antwort = _senden(angemeldet, inhalt, "melderegister_2024.csv", "bevoelkerung_melderegister")
    html = antwort.content.decode()
    assert antwort.status_code == 400 and not Lieferung.objects.exists()
    assert "Diese Tabelle sieht aus wie „" in html and "— mit Profil hochladen?" in html
    assert 'href="?profil=melderegister_bevoelkerung#hochladen"' in html
    html = angemeldet.get("/lieferungen/?profil=melderegister_bevoelkerung").content.decode()
    assert '<option value="melderegister_bevoelkerung" selected>' in html


def test_an_office_workbook_without_profile_gets_the_hint(angemeldet: Client, db: None) -> None:
    inhalt = (BEISPIELE / "sozialamt_unterbringung_2024.xlsx").read_bytes()
    antwort = _senden(angemeldet, inhalt, "sozialamt_unterbringung_2024.xlsx", "asyl_unterbringung")
    html = antwort.content.decode()
    assert antwort.status_code == 400
    assert 'href="?profil=sozialamt_unterbringung#hochladen"' in html
    assert html.count("Pflichtspalte") <= 3

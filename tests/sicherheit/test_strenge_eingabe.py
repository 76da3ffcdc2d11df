"""Finding 12 of #10: counts in Arabic-Indic or full-width digits and with `+` were accepted; odd file names
were stored and shown as they came. Through the real delivery paths: `liefere` (CLI and web), the upload
form, `imon deliver`."""

from __future__ import annotations

import subprocess

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from integrationsmonitor.catalog.loader import katalog
from integrationsmonitor.formats.dateiname import pruefe_dateiname
from integrationsmonitor.formats.errors import FormatFehler
from integrationsmonitor.formats.numbers import deutsche_zahl, ganze_zahl
from integrationsmonitor.store.ingest import liefere
from integrationsmonitor.store.models import Lieferung

from .prozesse import IMON, umgebung

KOPF = "gebiet;zeitraum;staatsangehoerigkeit;geschlecht;wert;kennzeichen\n"


@pytest.mark.parametrize(
    ("wert", "grund"),
    [
        ("١٤٩٣٣", "andere Ziffern als 0–9"),
        ("１４９３３", "andere Ziffern als 0–9"),
        ("۱۲", "andere Ziffern als 0–9"),  # Persian
        ("+231", "hat ein Vorzeichen"),
        ("-5", "ist negativ"),
        ("2,5", "keine ganze Zahl"),
    ],
)
@pytest.mark.django_db
def test_counts_must_be_ascii_digits_without_sign(wert, grund):
    datei = KOPF + f"12061;2023;_T;_T;{wert};\n"
    e = liefere(katalog=katalog(), datensatz="einbuergerungen", zeitraum="2023", daten=datei.encode(),
                datei_name="einbuergerungen_2023.csv", benutzer="amt")  # fmt: skip
    assert not e.angenommen
    assert any(grund in p for p in e.probleme), e.probleme
    assert not Lieferung.objects.exists()


@pytest.mark.django_db
def test_german_thousands_points_stay_allowed():
    daten = (KOPF + "12061;2023;_T;_T;1.231;\n").encode()
    e = liefere(katalog=katalog(), datensatz="einbuergerungen", zeitraum="2023", daten=daten,
                datei_name="e.csv", benutzer="amt")  # fmt: skip
    assert e.angenommen, e.probleme
    assert e.lieferung.beobachtungen.get().wert == 1231


def test_number_parsers_refuse_unicode_digits_and_plus():
    assert ganze_zahl("14.933") == 14933 and ganze_zahl('"231"') == 231
    assert deutsche_zahl("1.234,5") == 1234.5 and deutsche_zahl("-3") == -3
    for text in ("١٤٩٣٣", "１２", "+3", "٣,٥"):
        assert deutsche_zahl(text) is None, text
        with pytest.raises(ValueError):
            ganze_zahl(text)


@pytest.mark.parametrize(
    ("name", "grund"),
    [
        ("a" * 300 + ".csv", "der Dateiname ist 304 Zeichen lang; erlaubt sind höchstens 255"),
        ("lieferung\n2026-12-05 ERROR gefälscht.csv", "Steuerzeichen (z. B. einen Zeilenumbruch)"),
        ("lieferung_\u202efdp.csv", "Steuerzeichen für die Schreibrichtung"),
        ("..", "die Datei hat keinen Namen"),
        ("../../etc/passwd", "enthält einen Pfad"),
    ],
)
def test_odd_file_names_are_refused_in_german(name, grund):
    with pytest.raises(FormatFehler) as info:
        pruefe_dateiname(name)
    assert grund in str(info.value)
    assert "\n" not in str(info.value) and "\u202e" not in str(info.value)


def test_ordinary_names_with_umlauts_and_spaces_pass():
    assert pruefe_dateiname("Einbürgerungen 2023 (Stand März).csv") == "Einbürgerungen 2023 (Stand März).csv"


@pytest.mark.django_db
def test_upload_form_never_stores_control_characters_in_a_name(client: Client):
    """Through the web, Django already drops unprintable characters and shortens long names; what arrives
    is checked once more (forms.clean_datei) and stored printable."""
    from integrationsmonitor.registry.models import Rolle, Zugang

    nutzer = get_user_model().objects.create_user("redaktion", "r@example.org", "x")
    Zugang.objects.create(benutzer=nutzer, rolle=Rolle.ADMIN)
    client.force_login(nutzer)
    name = "einbuergerungen\u202e\n" + "x" * 300 + ".csv"
    datei = SimpleUploadedFile(name, (KOPF + "12061;2023;_T;_T;231;\n").encode(), "text/csv")
    antwort = client.post(
        "/lieferungen/", {"datensatz": "einbuergerungen", "zeitraum": "2023", "datei": datei}
    )
    assert antwort.status_code in (302, 400)
    for gespeichert in Lieferung.objects.values_list("datei_name", flat=True):
        assert gespeichert.isprintable() and len(gespeichert) <= 255 and gespeichert.endswith(".csv")


def test_imon_deliver_refuses_a_name_with_a_line_break(tmp_path):
    """A file name can hold a line break on Linux; logged as it is, it would forge a log line."""
    pfad = tmp_path / "einbuergerungen_2023.csv\n2026-12-05 INFO Lieferung angenommen"
    pfad.write_text(KOPF + "12061;2023;_T;_T;231;\n", encoding="utf-8")
    lauf = subprocess.run(
        [IMON, "deliver", str(pfad), "--dataset", "einbuergerungen",
         "--period", "2023", "--db", f"sqlite:///{tmp_path / 'imon.sqlite3'}"],
        capture_output=True, text=True, env=umgebung(), timeout=120,
    )  # fmt: skip
    assert lauf.returncode == 2, lauf.stderr
    assert "Steuerzeichen (z. B. einen Zeilenumbruch)" in lauf.stderr
    assert "einbuergerungen_2023.csv?2026-12-05" in lauf.stderr and "Traceback" not in lauf.stderr

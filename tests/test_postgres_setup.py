"""The test database is the one IMON_DATABASE_URL names: PostgreSQL in the CI's second run, else SQLite."""

from __future__ import annotations

import hashlib
import os

from django.db import connection

from integrationsmonitor.store.models import Lieferung


def test_testdatenbank_ist_die_konfigurierte_und_speichert_lieferungen(db):
    url = os.environ.get("IMON_DATABASE_URL", "")
    erwartet = "postgresql" if url.startswith("postgres") else "sqlite"
    assert connection.vendor == erwartet

    # Ask the server itself, so the run provably talks to that database and not to a stand-in.
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()" if erwartet == "postgresql" else "SELECT sqlite_version()")
        (version,) = cursor.fetchone()
    if erwartet == "postgresql":
        assert version.startswith("PostgreSQL ")
        assert connection.settings_dict["NAME"].startswith("test_")  # pytest-django's own test database

    datei_hash = hashlib.sha256(b"Gemeinde;Wert\n").hexdigest()
    neu = Lieferung.objects.create(
        datensatz="einbuergerungen",
        zeitraum="2024",
        lieferant="auslaenderbehoerde",
        datei_name="Einbürgerungen 2024 – Änderung.csv",
        datei_hash=datei_hash,
        zellen=37,
        benutzer="jürgen.müller",
    )

    gelesen = Lieferung.objects.get(pk=neu.pk)
    assert (gelesen.datensatz, gelesen.zeitraum, gelesen.lieferant) == (
        "einbuergerungen",
        "2024",
        "auslaenderbehoerde",
    )
    assert gelesen.datei_name == "Einbürgerungen 2024 – Änderung.csv"  # UTF-8 round trip
    assert gelesen.datei_hash == datei_hash and len(gelesen.datei_hash) == 64
    assert gelesen.zellen == 37
    assert gelesen.benutzer == "jürgen.müller"
    assert gelesen.status == Lieferung.Status.AKTIV
    assert gelesen.eingegangen_am is not None and gelesen.eingegangen_am.tzinfo is not None

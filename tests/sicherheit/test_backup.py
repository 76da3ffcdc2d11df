"""#10, finding 6: `imon backup` / `imon restore` restore everything exactly, fire no signal, and either
restore all or nothing, across SQLite and PostgreSQL.

The state is the LDS demo (deliveries, registry, courses, counselling, users with roles, the archived
FactSheet 2024-Q4 with its PDF) plus a corrected delivery (history with „ersetzt“), a group with a
permission, an admin log entry and the mailing list's state (subscriber, circular with attachment, queue).
With IMON_DATABASE_URL pointing at PostgreSQL (the CI's second run), one more test goes SQLite →
PostgreSQL → SQLite through the command line, in a fresh database of that cluster.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import io
import json
import os
import subprocess
import sys
import uuid
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, transaction
from django.db.models import signals

from integrationsmonitor.catalog.loader import katalog
from integrationsmonitor.store import sicherung
from integrationsmonitor.store.sicherung import SicherungsFehler, ZielNichtLeer, stelle_wieder_her

# The state is built once per module and committed; each test runs in a transaction that is rolled back,
# so a test that restores (and commits nothing) leaves the next one the same state. The commands in
# subprocesses restore into their own databases and commit for real.
pytestmark = pytest.mark.django_db

IMON = str(Path(sys.executable).parent / "imon")
SERIEN = [("auslaenderanteil", "--by", "geschlecht"), ("auslaenderanteil_amtlich",)]
KORREKTUR_1 = (
    "gebiet;zeitraum;geschlecht;wert\n12061;2015;_T;164528\n12061;2015;m;81587\n12061;2015;w;82941\n"
)
KORREKTUR_2 = KORREKTUR_1.replace("164528", "164530").replace("82941", "82943")

# Every table the archive must hold: a new model of the project shows up here (and in the round trip).
ERWARTETE_TABELLEN = {
    "contenttypes.contenttype",
    "auth.permission",
    "auth.group",
    "auth.group_permissions",
    "auth.user",
    "auth.user_groups",
    "auth.user_user_permissions",
    "admin.logentry",
    "store.lieferung",
    "store.beobachtung",
    "publish.factsheetausgabe",
    "publish.factsheetausgabe_lieferungen",
    "mailing.abonnent",
    "mailing.rundschreiben",
    "mailing.rundschreibenanhang",
    "mailing.zustellung",
    "registry.traeger",
    "registry.zugang",
    "registry.angebot",
    "registry.angebotsort",
    "registry.projekt",
    "registry.projektstandort",
    "registry.foerderung",
    "registry.berichtstermin",
    "kurse.sprachkurs",
    "beratung.beratungsstelle",
    "beratung.beratungszahl",
}


def _baue_zustand() -> None:
    from django.contrib.admin.models import ADDITION, LogEntry
    from django.contrib.auth.models import Group, Permission, User
    from django.contrib.contenttypes.models import ContentType

    from integrationsmonitor.demo.build import baue_demo
    from integrationsmonitor.demo.users import demo_benutzer
    from integrationsmonitor.publish.mailing.models import (
        Abonnent,
        Rundschreiben,
        RundschreibenAnhang,
        Zustellung,
    )
    from integrationsmonitor.publish.services import erstelle_factsheet
    from integrationsmonitor.registry.beratung.demo import baue_beratung_demo
    from integrationsmonitor.registry.demo import baue_registry_demo
    from integrationsmonitor.registry.kurse.demo import baue_kurse_demo
    from integrationsmonitor.store.ingest import liefere

    k = katalog()
    baue_demo(k)
    baue_registry_demo()
    baue_beratung_demo(k)
    baue_kurse_demo(k)  # each course's post_save delivers sprachkurse_register
    demo_benutzer()  # users with a Zugang (role)
    erstelle_factsheet(k, "2024-Q4", benutzer="Test")
    for text in (KORREKTUR_1, KORREKTUR_2):  # a correction: the first delivery becomes „ersetzt“
        e = liefere(
            katalog=k,
            daten=text.encode(),
            datei_name="bevoelkerung_2015.csv",
            datensatz="bevoelkerung_amtlich",
            zeitraum="2015",
            benutzer="jürgen.müller",
        )
        assert e.angenommen, e.probleme

    gruppe = Group.objects.create(name="Redaktion")
    recht = Permission.objects.get(codename="view_lieferung")
    gruppe.permissions.add(recht)
    nutzer = User.objects.get(username="analyse")
    nutzer.groups.add(gruppe)
    nutzer.user_permissions.add(Permission.objects.get(codename="change_traeger"))
    LogEntry.objects.create(
        user=User.objects.get(username="redaktion"),
        content_type=ContentType.objects.get_for_model(Group),
        object_id=str(gruppe.pk),
        object_repr="Redaktion",
        action_flag=ADDITION,
        change_message="angelegt",
    )
    abonnent = Abonnent.objects.create(
        email="leserin@example.org",
        status="bestaetigt",
        abmelde_token=uuid.uuid4().hex,
        bestaetigt_am=dt.datetime(2026, 12, 1, 9, 30, 15, 123456, tzinfo=dt.UTC),
    )
    rundschreiben = Rundschreiben.objects.create(
        schluessel="factsheet-2024-Q4", betreff="FactSheet", text="Hallo"
    )
    RundschreibenAnhang.objects.create(
        rundschreiben=rundschreiben,
        dateiname="factsheet.pdf",
        mime_typ="application/pdf",
        inhalt=b"%PDF-1.7 \x00\xff Anhang",
        groesse=17,
    )
    Zustellung.objects.create(
        rundschreiben=rundschreiben, abonnent=abonnent, versuche=2, letzter_fehler="5xx"
    )


def _leeren() -> None:
    with transaction.atomic():
        sicherung._leeren(connection)


def _stand() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every backed-up table, ordered by primary key (timestamps as datetime objects)."""
    stand = {}
    for model in sicherung.modelle():
        namen = [f.attname for f in model._meta.concrete_fields]
        zeilen = model._base_manager.order_by("pk").values_list(*namen)
        stand[model._meta.label_lower] = [
            tuple(bytes(w) if isinstance(w, memoryview) else w for w in z) for z in zeilen
        ]
    return stand


def _ausgabe(befehl: str, **optionen: Any) -> str:
    from integrationsmonitor.cli import befehle

    puffer = io.StringIO()
    with contextlib.redirect_stdout(puffer):
        assert getattr(befehle, befehl)(katalog(), argparse.Namespace(**optionen)) == 0
    return puffer.getvalue()


def _ausgaben() -> dict[str, str]:
    aus = {"deliveries": _ausgabe("deliveries", dataset=None, active=False)}
    for serie in SERIEN:
        by = serie[2] if len(serie) > 2 else None
        aus[" ".join(serie)] = _ausgabe("series", indikator=serie[0], region=None, by=by, format="csv")
    return aus


@pytest.fixture(scope="module")
def zustand(django_db_setup, django_db_blocker, tmp_path_factory):
    """The state in the test database, its rows, the command outputs and its archive."""
    with django_db_blocker.unblock():
        _leeren()
        _baue_zustand()
        archiv = tmp_path_factory.mktemp("sicherung") / "imon.zip"
        ergebnis = sicherung.sichere(archiv)
        try:
            yield {"archiv": archiv, "ergebnis": ergebnis, "stand": _stand(), "ausgaben": _ausgaben()}
        finally:
            _leeren()


@pytest.fixture
def unblock(django_db_blocker):
    with django_db_blocker.unblock():
        yield


def test_der_zustand_ist_realistisch(zustand, unblock):
    stand = zustand["stand"]
    assert set(stand) >= ERWARTETE_TABELLEN
    leer = sorted(label for label in ERWARTETE_TABELLEN - set(sicherung.ZUGEORDNET) if not stand[label])
    assert leer == []  # every kind of data is really in the archive
    assert "ersetzt" in zustand["ausgaben"]["deliveries"] and "aktiv" in zustand["ausgaben"]["deliveries"]
    assert zustand["ergebnis"].dateien == 2  # the FactSheet PDF and the attachment
    with zipfile.ZipFile(zustand["archiv"]) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        assert manifest["format"] == "integrationsmonitor-sicherung" and manifest["formatversion"] == 1
        assert manifest["werkzeugversion"] and manifest["migrationen"]["store"]
        for t in manifest["tabellen"] + manifest["dateien"]:
            assert hashlib.sha256(zf.read(t["member"])).hexdigest() == t["sha256"]
        (pdf,) = [
            d for d in manifest["dateien"] if d["member"].startswith("dateien/publish.factsheetausgabe/")
        ]
        assert zf.read(pdf["member"]).startswith(b"%PDF")
        assert not any(n.endswith(".pickle") or n.endswith(".pkl") for n in zf.namelist())


def test_wiederherstellen_ist_genau_und_ohne_signale(zustand, unblock):
    gefeuert: list[str] = []

    def spion(sender: Any, **kwargs: Any) -> None:
        gefeuert.append(getattr(sender, "__name__", str(sender)))

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    Session.objects.create(session_key="s" * 32, session_data="", expire_date=timezone.now())
    alle = [signals.pre_init, signals.post_init, signals.pre_save, signals.post_save]
    alle += [signals.pre_delete, signals.post_delete, signals.m2m_changed]
    for s in alle:
        s.connect(spion, weak=False)
    try:
        ergebnis = stelle_wieder_her(zustand["archiv"], ersetzen=True)
    finally:
        for s in alle:
            s.disconnect(spion)
    assert gefeuert == []
    assert not Session.objects.exists()  # --replace logs everybody out: ids may now name other users
    assert ergebnis.zeilen == sum(len(z) for z in zustand["stand"].values())

    nachher = _stand()
    for label, zeilen in zustand["stand"].items():
        assert nachher[label] == zeilen, label  # every row, primary key and timestamp (with microseconds)
    assert _ausgaben() == zustand["ausgaben"]
    lieferungen = zustand["stand"]["store.lieferung"]
    assert any(isinstance(w, dt.datetime) and w.microsecond for z in lieferungen for w in z)


def test_sichern_und_wiederherstellen_melden_ihren_fortschritt(zustand, unblock, tmp_path):
    """The progress bar of `imon backup` / `imon restore` hears rows done and rows in all, ending at all."""
    gesichert: list[tuple[int, int]] = []
    ergebnis = sicherung.sichere(tmp_path / "b.zip", fortschritt=lambda e, g: gesichert.append((e, g)))
    assert gesichert[-1] == (ergebnis.zeilen, ergebnis.zeilen)
    assert [e for e, _ in gesichert] == sorted(e for e, _ in gesichert)
    eingespielt: list[tuple[int, int]] = []
    stelle_wieder_her(zustand["archiv"], ersetzen=True, fortschritt=lambda e, g: eingespielt.append((e, g)))
    alle = zustand["ergebnis"].zeilen
    assert eingespielt[0] == (0, alle) and eingespielt[-1] == (alle, alle)
    assert [e for e, _ in eingespielt] == sorted(e for e, _ in eingespielt)


def test_neue_zeilen_bekommen_neue_nummern(zustand, unblock):
    from integrationsmonitor.store.models import Lieferung

    stelle_wieder_her(zustand["archiv"], ersetzen=True)
    hoechste = max(z[0] for z in zustand["stand"]["store.lieferung"])
    with transaction.atomic():
        neu = Lieferung.objects.create(
            datensatz="x", zeitraum="1999", lieferant="x", datei_name="x", datei_hash="0" * 64, zellen=0
        )
        assert neu.pk > hoechste
        transaction.set_rollback(True)


def test_nicht_leeres_ziel_wird_abgelehnt(zustand, unblock, capsys):
    from integrationsmonitor.cli.main import main

    with pytest.raises(ZielNichtLeer, match=r"Die Zieldatenbank ist nicht leer \(.*store\.lieferung"):
        stelle_wieder_her(zustand["archiv"])
    assert main(["restore", str(zustand["archiv"])]) == 2
    fehler = capsys.readouterr().err
    assert "nicht leer" in fehler and "--replace" in fehler
    assert _stand() == zustand["stand"]


def test_schutzergebnisse_werden_nicht_gesichert_und_beim_ersetzen_geleert(zustand, unblock):
    """Derived protection results belong to the target's deliveries; the archive's take over their ids."""
    from integrationsmonitor.store.models import Schutzergebnis
    from integrationsmonitor.store.selectors import vergiss_wuerfel

    stelle_wieder_her(zustand["archiv"], ersetzen=True)
    vergiss_wuerfel()  # as a new process: nothing kept in memory
    _ausgaben()  # publishes: the protection results are computed and kept again
    assert Schutzergebnis.objects.exists()
    with zipfile.ZipFile(zustand["archiv"]) as zf:
        manifest = json.loads(zf.read("manifest.json"))
    assert "store.schutzergebnis" not in {t["modell"].lower() for t in manifest["tabellen"]}
    stelle_wieder_her(zustand["archiv"], ersetzen=True)
    assert not Schutzergebnis.objects.exists()
    vergiss_wuerfel()
    assert _ausgaben() == zustand["ausgaben"]  # recomputed: the same publication


def test_archiv_mit_schutzergebnissen_wird_abgelehnt(zustand, unblock, tmp_path):
    """An archive that brings protection results could publish whatever they say: refused, nothing changed."""
    gefaelscht = tmp_path / "gefaelscht.zip"
    with zipfile.ZipFile(zustand["archiv"]) as alt, zipfile.ZipFile(gefaelscht, "w") as neu:
        manifest = json.loads(alt.read("manifest.json"))
        for name in alt.namelist():
            if name != "manifest.json":
                neu.writestr(name, alt.read(name))
        vorlage = next(t for t in manifest["tabellen"] if t["modell"].lower() == "store.lieferung")
        manifest["tabellen"].append({**vorlage, "modell": "store.Schutzergebnis"})
        neu.writestr("manifest.json", json.dumps(manifest))
    stelle_wieder_her(zustand["archiv"], ersetzen=True)
    vorher = _stand()
    with pytest.raises(SicherungsFehler, match="abgeleitete Daten"):
        stelle_wieder_her(gefaelscht, ersetzen=True)
    assert _stand() == vorher


def test_mitmachanfragen_werden_nicht_gesichert_und_nicht_zurueckgebracht(
    zustand, unblock, tmp_path, monkeypatch
):
    """#13 review: the volunteers' requests (e-mail, Gemeinde, free text) are deleted after forwarding or
    7 days (docs/datenschutz.md), so no backup may keep them; an archive from before (here: written with the
    exclusion switched off) must not bring them back, and --replace empties the target's."""
    from integrationsmonitor.registry.engagement.models import Mitmachanfrage

    stelle_wieder_her(zustand["archiv"], ersetzen=True)
    Mitmachanfrage.objects.create(
        email="freiwillige@example.org",
        gemeinde="12061260",
        nachricht="Ich helfe gern.",
        einwilligung_version="t",
    )
    neu = tmp_path / "neu.zip"
    sicherung.sichere(neu)
    with zipfile.ZipFile(neu) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        assert "engagement.mitmachanfrage" not in {t["modell"].lower() for t in manifest["tabellen"]}
        assert not any(b"freiwillige@example.org" in zf.read(n) for n in zf.namelist())

    alt = tmp_path / "alt.zip"
    with monkeypatch.context() as m:
        m.setattr(sicherung, "FLUECHTIG", frozenset())
        sicherung.sichere(alt)
    with zipfile.ZipFile(alt) as zf:
        assert any(b"freiwillige@example.org" in zf.read(n) for n in zf.namelist())  # really an old archive
    stelle_wieder_her(alt, ersetzen=True)
    assert not Mitmachanfrage.objects.exists()  # the target's emptied, the archive's skipped
    assert _stand() == zustand["stand"]


def _umschreiben(quelle: Path, ziel: Path, aendern: Any, *, pruefsummen: bool) -> None:
    """Copy an archive, changing members with `aendern(name, bytes) -> bytes`; optionally fix the manifest."""
    with zipfile.ZipFile(quelle) as alt:
        inhalt = {n: alt.read(n) for n in alt.namelist()}
    neu = {n: aendern(n, d) for n, d in inhalt.items() if n != "manifest.json"}
    manifest = aendern("manifest.json", inhalt["manifest.json"])
    if pruefsummen:
        m = json.loads(manifest)
        for t in m["tabellen"] + m["dateien"]:
            t["sha256"] = hashlib.sha256(neu[t["member"]]).hexdigest()
        manifest = json.dumps(m).encode()
    with zipfile.ZipFile(ziel, "w") as zf:
        for n, d in neu.items():
            zf.writestr(n, d)
        zf.writestr("manifest.json", manifest)


def test_beschaedigte_sicherung_aendert_nichts(zustand, unblock, tmp_path, capsys):
    from integrationsmonitor.cli.main import main

    archiv = zustand["archiv"]

    def kippen(name: str, daten: bytes) -> bytes:
        return daten.replace(b"164530", b"164531") if name == "daten/store.beobachtung.jsonl" else daten

    kaputt = tmp_path / "gekippt.zip"
    _umschreiben(archiv, kaputt, kippen, pruefsummen=False)
    with pytest.raises(
        SicherungsFehler, match=r"beschädigt: daten/store\.beobachtung\.jsonl hat nicht die SHA-256"
    ):
        stelle_wieder_her(kaputt, ersetzen=True)

    # Checksums fine, but a cell of a delivery that does not exist: the database refuses it only after
    # the target was emptied and most rows written; everything is rolled back.
    def fremde_zelle(name: str, daten: bytes) -> bytes:
        if name != "daten/store.beobachtung.jsonl":
            return daten
        letzte = json.loads(daten.splitlines()[-1])
        letzte[0] += 10**6
        letzte[1] = 987654321
        return daten + json.dumps(letzte).encode() + b"\n"

    def zeilen_plus_eins(name: str, daten: bytes) -> bytes:
        if name == "manifest.json":
            m = json.loads(daten)
            for t in m["tabellen"]:
                t["zeilen"] += t["modell"] == "store.beobachtung"
            return json.dumps(m).encode()
        return fremde_zelle(name, daten)

    fremd = tmp_path / "fremd.zip"
    _umschreiben(archiv, fremd, zeilen_plus_eins, pruefsummen=True)
    with pytest.raises(SicherungsFehler, match="die Datenbank hat die Daten abgelehnt"):
        stelle_wieder_her(fremd, ersetzen=True)
    assert _stand() == zustand["stand"]

    abgeschnitten = tmp_path / "abgeschnitten.zip"
    abgeschnitten.write_bytes(archiv.read_bytes()[: archiv.stat().st_size // 2])
    keins = tmp_path / "lieferung.csv"
    keins.write_text(KORREKTUR_1, encoding="utf-8")
    ohne_manifest = tmp_path / "ohne.zip"
    with zipfile.ZipFile(ohne_manifest, "w") as zf:
        zf.writestr("daten.txt", "x")

    def neuer_stand(name: str, daten: bytes) -> bytes:
        if name != "manifest.json":
            return daten
        m = json.loads(daten)
        m["migrationen"]["store"].append("9999_aus_der_zukunft")
        return json.dumps(m).encode()

    neuer = tmp_path / "neuer.zip"
    _umschreiben(archiv, neuer, neuer_stand, pruefsummen=True)

    def aelterer_stand(name: str, daten: bytes) -> bytes:
        if name != "manifest.json":
            return daten
        m = json.loads(daten)
        m["migrationen"]["store"].remove("0002_amtlich")
        return json.dumps(m).encode()

    aelter = tmp_path / "aelter.zip"
    _umschreiben(archiv, aelter, aelterer_stand, pruefsummen=True)

    for datei, meldung in [
        (kaputt, "gekippt.zip ist beschädigt: daten/store.beobachtung.jsonl"),
        (abgeschnitten, "abgeschnitten.zip ist keine Sicherung des Integrationsmonitors (kein ZIP-Archiv"),
        (keins, "lieferung.csv ist keine Sicherung des Integrationsmonitors (kein ZIP-Archiv"),
        (
            ohne_manifest,
            "ohne.zip ist keine Sicherung des Integrationsmonitors (im Archiv fehlt manifest.json)",
        ),
        (neuer, "neuer.zip stammt aus einem neueren Schemastand"),
        (neuer, "kennt die Migrationen store.9999_aus_der_zukunft nicht"),
        (aelter, "aelter.zip stammt aus einem älteren Schemastand"),
        (aelter, "es fehlen store.0002_amtlich"),
        (fremd, "die Datenbank hat die Daten abgelehnt"),
        (fremd, "store_beobachtung"),
    ]:
        assert main(["restore", str(datei), "--replace"]) == 1, datei
        fehler = capsys.readouterr().err
        assert "Wiederherstellung abgebrochen, die Datenbank ist unverändert" in fehler
        assert meldung in fehler, fehler
        assert "Traceback" not in fehler
    assert main(["restore", str(tmp_path / "gibtesnicht.zip")]) == 2
    assert (
        "Sicherungsdatei " in (fehler := capsys.readouterr().err)
        and "gibtesnicht.zip nicht gefunden" in fehler
    )
    assert _stand() == zustand["stand"]


def _umgebung(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "IMON_DATABASE_URL"}
    return env | {"IMON_DATA_DIR": str(tmp_path / "var")}


def imon(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    ergebnis = subprocess.run(
        [IMON, *args], capture_output=True, text=True, env=_umgebung(tmp_path), timeout=600
    )
    assert ergebnis.returncode == 0, (args, ergebnis.stderr)
    assert "Traceback" not in ergebnis.stderr
    return ergebnis


def _ausgaben_cli(tmp_path: Path, db: str) -> dict[str, str]:
    aus = {"deliveries": imon(tmp_path, "deliveries", "--db", db).stdout}
    for serie in SERIEN:
        aus[" ".join(serie)] = imon(tmp_path, "series", *serie, "--db", db).stdout
    pdf = tmp_path / "factsheet.pdf"
    imon(tmp_path, "factsheet", "2024-Q4", "-o", str(pdf), "--db", db)
    aus["factsheet"] = hashlib.sha256(pdf.read_bytes()).hexdigest()
    return aus


def _inhalt(archiv: Path) -> dict[str, list[list[Any]]]:
    """The rows of an archive with content types and permissions as natural keys (their ids differ between
    databases) and files as their bytes: what must be equal after a round trip through another database."""
    with zipfile.ZipFile(archiv) as zf:
        m = json.loads(zf.read("manifest.json"))
        tabellen = {t["modell"]: t for t in m["tabellen"]}
        zeilen = {
            label: [json.loads(z) for z in zf.read(t["member"]).splitlines()] for label, t in tabellen.items()
        }
        dateien = {d["member"]: zf.read(d["member"]) for d in m["dateien"]}
    ct = {z[0]: (z[1], z[2]) for z in zeilen["contenttypes.contenttype"]}
    rechte = {z[0]: (ct[z[2]], z[3]) for z in zeilen["auth.permission"]}
    inhalt = {}
    for label, t in tabellen.items():
        spalten = [s[0] for s in t["spalten"]]
        typen = [s[1] for s in t["spalten"]]
        neu = []
        for z in zeilen[label]:
            z = [dateien[w] if typ == "BinaryField" and w else w for w, typ in zip(z, typen, strict=True)]
            for i, name in enumerate(spalten):
                if name == "content_type_id" and z[i] is not None:
                    z[i] = ct[z[i]]
                if name == "permission_id":
                    z[i] = rechte[z[i]]
            if label in sicherung.ZUGEORDNET:
                z = z[1:]
            neu.append(z)
        inhalt[label] = sorted(neu, key=repr) if label in sicherung.ZUGEORDNET else neu
    return inhalt


def test_wiederherstellen_in_neue_sqlite_datei_ueber_die_kommandozeile(zustand, tmp_path):
    db = f"sqlite:///{tmp_path / 'neu' / 'imon.sqlite3'}"
    aus = imon(tmp_path, "restore", str(zustand["archiv"]), "--db", db).stdout
    assert aus.startswith(f"Wiederhergestellt aus {zustand['archiv']}: ")
    ausgaben = _ausgaben_cli(tmp_path, db)
    assert ausgaben["deliveries"] == zustand["ausgaben"]["deliveries"]
    for serie in SERIEN:
        assert ausgaben[" ".join(serie)] == zustand["ausgaben"][" ".join(serie)]
    pdf = zustand["stand"]["publish.factsheetausgabe"][0]
    assert ausgaben["factsheet"] == hashlib.sha256(next(w for w in pdf if isinstance(w, bytes))).hexdigest()

    zweite = tmp_path / "zweite.zip"
    assert "Sicherung geschrieben" in imon(tmp_path, "backup", str(zweite), "--db", db).stdout
    assert _inhalt(zweite) == _inhalt(zustand["archiv"])

    nochmal = subprocess.run(
        [IMON, "restore", str(zweite), "--db", db], capture_output=True, text=True, env=_umgebung(tmp_path)
    )
    assert nochmal.returncode == 2 and "Die Zieldatenbank ist nicht leer" in nochmal.stderr
    assert "Wiederhergestellt" in imon(tmp_path, "restore", str(zweite), "--db", db, "--replace").stdout
    assert imon(tmp_path, "deliveries", "--db", db).stdout == ausgaben["deliveries"]


PG_URL = os.environ.get("IMON_DATABASE_URL", "")


@pytest.mark.skipif(not PG_URL.startswith("postgres"), reason="nur mit IMON_DATABASE_URL=postgres://… (CI)")
def test_sqlite_postgresql_sqlite(zustand, tmp_path):
    import psycopg

    name = f"imon_sicherung_{uuid.uuid4().hex[:12]}"
    basis, _, _ = PG_URL.rpartition("/")
    verwaltung = psycopg.connect(f"{basis}/postgres", autocommit=True)
    verwaltung.execute(f'CREATE DATABASE "{name}"')
    try:
        sqlite_1 = f"sqlite:///{tmp_path / 'eins.sqlite3'}"
        postgres = f"{basis}/{name}"
        sqlite_2 = f"sqlite:///{tmp_path / 'zwei.sqlite3'}"
        imon(tmp_path, "restore", str(zustand["archiv"]), "--db", sqlite_1)
        erwartet = _ausgaben_cli(tmp_path, sqlite_1)
        assert erwartet["deliveries"] == zustand["ausgaben"]["deliveries"]

        archiv_sqlite = tmp_path / "aus_sqlite.zip"
        imon(tmp_path, "backup", str(archiv_sqlite), "--db", sqlite_1)
        imon(tmp_path, "restore", str(archiv_sqlite), "--db", postgres)
        assert _ausgaben_cli(tmp_path, postgres) == erwartet

        archiv_pg = tmp_path / "aus_postgres.zip"
        imon(tmp_path, "backup", str(archiv_pg), "--db", postgres)
        imon(tmp_path, "restore", str(archiv_pg), "--db", sqlite_2)
        assert _ausgaben_cli(tmp_path, sqlite_2) == erwartet

        ende = tmp_path / "ende.zip"
        imon(tmp_path, "backup", str(ende), "--db", sqlite_2)
        assert _inhalt(ende) == _inhalt(archiv_sqlite) == _inhalt(archiv_pg)
    finally:
        verwaltung.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        verwaltung.close()

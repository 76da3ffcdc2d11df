"""Backup and restore of everything the platform stores (`imon backup FILE`, `imon restore FILE`).

The archive is a ZIP file:

- `manifest.json`: format name and version, tool and Django version, database vendor, time, the applied
  migrations of the source, and per table its model, columns (with field types), row count and the SHA-256
  of its member; per stored file (binary column) its member, size and SHA-256.
- `daten/<app>.<model>.jsonl`: one JSON list per row, values in the order of the manifest's columns;
  timestamps as ISO 8601 in UTC with microseconds, decimals as strings, JSON columns as they are.
- `dateien/<app>.<model>/<pk>.<column>`: the content of binary columns (archived FactSheet PDFs, mail
  attachments), one member each, referred to by name from the row.

Everything the platform keeps lives in the database (no FileField, nothing written below IMON_DATA_DIR
besides the embedded SQLite file itself), so the tables of every installed app are the whole state. Left
out: sessions (a restore logs everybody out; with --replace the target's sessions are deleted too, so an
old session cannot log in as another user with the same id), derived tables (`ABGELEITET`: the kept
protection results and page values, recomputed from the restored deliveries; emptied by --replace) and
short-lived personal data (`FLUECHTIG`: volunteers' interest requests of /mitmachen/ — e-mail address,
Gemeinde, free text —, which docs/datenschutz.md promises to delete after forwarding or at the latest after
IMON_MITMACHEN_FRIST_TAGE days; a backup kept for months must not hold them). An archive written before they
were left out may contain them: restore skips that table, and --replace empties it in the target. Content types and permissions are mapped by
their natural keys (app label, model, codename), because their ids differ between databases.

Restore writes with plain `executemany` of the exact stored values: no model is instantiated, no model
signal fires (a course's post_save would deliver again), primary keys and timestamps stay as they were.
It runs in one transaction: every member is checked against its SHA-256 before the database is touched,
and any later error rolls back everything, including the emptying of a non-empty target with --replace.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import decimal
import functools
import hashlib
import io
import json
import os
import shutil
import tempfile
import uuid
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.apps import apps
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils.duration import duration_iso_string

import integrationsmonitor

FORMAT = "integrationsmonitor-sicherung"
FORMATVERSION = 1
MANIFEST = "manifest.json"
AUSGELASSEN = frozenset({"sessions"})  # app labels not backed up (see the module docstring)
# Derived tables: recomputed when missing, never backed up or restored; emptied on restore (they belong to the
# target's deliveries, whose ids the archive's rows take over). A protection result read from an archive
# could publish whatever it says, so an archive that brings one is refused.
ABGELEITET = frozenset({"store.schutzergebnis", "store.seitenwerte"})
# Personal data kept only days (see the module docstring): never backed up, skipped in an older archive that
# has it, emptied on restore with --replace.
FLUECHTIG = frozenset({"engagement.mitmachanfrage"})
CONTENTTYPE = "contenttypes.contenttype"
PERMISSION = "auth.permission"
ZUGEORDNET = (CONTENTTYPE, PERMISSION)  # mapped by natural key, never inserted with their ids
STAPEL = 2000  # rows per executemany
_LESEBLOCK = 1 << 20


class SicherungsFehler(Exception):
    """A German message naming what went wrong and where; the target database is unchanged."""


class ZielNichtLeer(SicherungsFehler):
    """The target database holds data and --replace was not given."""


@dataclass(frozen=True)
class Ergebnis:
    datei: Path
    tabellen: int
    zeilen: int
    dateien: int
    bytes: int
    erstellt_am: str
    werkzeugversion: str
    datenbank: str


# ---------------------------------------------------------------- models and migrations


def modelle() -> list[type[models.Model]]:
    """Every concrete, managed model of the installed apps (including auto-created many-to-many tables),
    content types and permissions first: they are mapped before anything refers to them."""
    alle = [
        m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.app_label not in AUSGELASSEN
        and m._meta.label_lower not in ABGELEITET | FLUECHTIG
        and m._meta.managed
        and not m._meta.proxy
    ]
    vorne = [m for label in ZUGEORDNET for m in alle if m._meta.label_lower == label]
    return vorne + [m for m in alle if m not in vorne]


def _spalten(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return list(model._meta.concrete_fields)


def _angewandte_migrationen(connection: BaseDatabaseWrapper) -> set[tuple[str, str]]:
    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return set()
    return set(recorder.migration_qs.values_list("app", "name"))


def _bekannte_migrationen() -> set[tuple[str, str]]:
    return set(MigrationLoader(None, ignore_no_migrations=True).graph.nodes)  # files only, no query


def _migrieren(using: str) -> None:
    """Bring an empty or older target up to this version's schema (creates content types and permissions)."""
    from django.core.management import call_command
    from django.db.migrations.executor import MigrationExecutor

    connection = connections[using]
    if _angewandte_migrationen(connection) >= _bekannte_migrationen():
        return  # up to date: nothing instantiated, so not even the migration records send signals
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        call_command("migrate", database=using, verbosity=0, interactive=False)


def _als_text(migrationen: set[tuple[str, str]]) -> str:
    return ", ".join(f"{app}.{name}" for app, name in sorted(migrationen))


# ---------------------------------------------------------------- backup


def _kodiere(wert: Any) -> Any:
    if isinstance(wert, dt.datetime):
        if wert.tzinfo is not None:
            wert = wert.astimezone(dt.UTC)
        return wert.isoformat()
    if isinstance(wert, dt.date | dt.time):
        return wert.isoformat()
    if isinstance(wert, dt.timedelta):
        return duration_iso_string(wert)
    if isinstance(wert, decimal.Decimal | uuid.UUID):
        return str(wert)
    return wert


class _Hashend:
    """A binary stream that counts and hashes what is written through it."""

    def __init__(self, ziel: IO[bytes]) -> None:
        self.ziel, self.hash, self.bytes = ziel, hashlib.sha256(), 0

    def write(self, daten: bytes) -> None:
        self.ziel.write(daten)
        self.hash.update(daten)
        self.bytes += len(daten)


Melden = Callable[[int, int], None]  # (rows done, rows in all): for a progress bar


def _still(_erledigt: int, _gesamt: int) -> None:
    pass


def sichere(ziel: Path, *, using: str = DEFAULT_DB_ALIAS, fortschritt: Melden = _still) -> Ergebnis:
    """Write every table of the database `using` into the ZIP archive `ziel`; `fortschritt` hears the rows
    written so far and the rows in all.

    The archive is written beside `ziel` and renamed at the end, so an existing file is replaced only by a
    complete archive. All tables are read in one transaction (PostgreSQL: REPEATABLE READ), so the archive
    is one consistent state even while the site keeps working."""
    connection = connections[using]
    ziel = Path(ziel)
    if ziel.is_dir():
        raise SicherungsFehler(f"{ziel} ist ein Ordner; bitte einen Dateinamen angeben")
    ordner = ziel.parent if str(ziel.parent) else Path(".")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{ziel.name}.", suffix=".teil", dir=ordner)
    except OSError as exc:
        raise SicherungsFehler(f"{ziel} kann nicht geschrieben werden ({exc.strerror})") from exc
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as roh, zipfile.ZipFile(roh, "w", zipfile.ZIP_DEFLATED) as zf:
            manifest = _schreibe(zf, connection, using, fortschritt)
            zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
            roh.flush()
            os.fsync(roh.fileno())
        os.replace(tmp, ziel)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise SicherungsFehler(f"{ziel} kann nicht geschrieben werden ({exc.strerror or exc})") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return Ergebnis(
        datei=ziel,
        tabellen=len(manifest["tabellen"]),
        zeilen=sum(t["zeilen"] for t in manifest["tabellen"]),
        dateien=len(manifest["dateien"]),
        bytes=ziel.stat().st_size,
        erstellt_am=manifest["erstellt_am"],
        werkzeugversion=manifest["werkzeugversion"],
        datenbank=manifest["datenbank"],
    )


@contextlib.contextmanager
def _lesetransaktion(connection: BaseDatabaseWrapper, using: str) -> Iterator[None]:
    """One consistent state to read from, without holding up the site's writers.

    PostgreSQL: REPEATABLE READ, read only. SQLite: a deferred transaction, which in WAL mode reads a
    snapshot while others write (the settings make every other transaction BEGIN IMMEDIATE)."""
    sqlite = connection.vendor == "sqlite"
    modus = getattr(connection, "transaction_mode", None)
    aussen = connection.in_atomic_block  # inside a caller's transaction (a test): it decides what is read
    if sqlite:
        connection.transaction_mode = "DEFERRED"  # type: ignore[attr-defined]
    try:
        with transaction.atomic(using=using):
            if sqlite:
                connection.transaction_mode = modus  # type: ignore[attr-defined]
            if connection.vendor == "postgresql" and not aussen:
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            yield
    finally:
        if sqlite:
            connection.transaction_mode = modus  # type: ignore[attr-defined]


def _schreibe(
    zf: zipfile.ZipFile, connection: BaseDatabaseWrapper, using: str, fortschritt: Melden
) -> dict[str, Any]:
    import django

    tabellen: list[dict[str, Any]] = []
    dateien: list[dict[str, Any]] = []
    with _lesetransaktion(connection, using):
        migrationen = _angewandte_migrationen(connection)
        erstellt_am = dt.datetime.now(dt.UTC).isoformat()
        alle = (
            sum(m._base_manager.using(using).count() for m in modelle()) if fortschritt is not _still else 0
        )
        bisher = 0
        for model in modelle():
            label = model._meta.label_lower
            spalten = _spalten(model)
            namen = [f.attname for f in spalten]
            binaer = [i for i, f in enumerate(spalten) if f.get_internal_type() == "BinaryField"]
            pk_index = namen.index(model._meta.pk.attname)
            member = f"daten/{label}.jsonl"
            zeilen = 0
            # Files go into their own members while the rows are written, and a ZIP file takes one member
            # at a time: the rows of a table with files wait in a temporary file (spilled to disk if large).
            with (
                tempfile.SpooledTemporaryFile(max_size=16 << 20)
                if binaer
                else zf.open(member, "w", force_zip64=True)
            ) as roh:
                aus = _Hashend(roh)
                zeilen_qs = model._base_manager.using(using).order_by("pk").values_list(*namen)
                for zeile in zeilen_qs.iterator(chunk_size=STAPEL):
                    werte = list(zeile)
                    for i in binaer:
                        if werte[i] is not None:
                            werte[i] = _schreibe_datei(
                                zf, dateien, label, werte[pk_index], namen[i], werte[i]
                            )
                    aus.write(
                        json.dumps(
                            [_kodiere(w) for w in werte], ensure_ascii=False, separators=(",", ":")
                        ).encode("utf-8")
                        + b"\n"
                    )
                    zeilen += 1
                    if zeilen % STAPEL == 0:
                        fortschritt(bisher + zeilen, alle)
                bisher += zeilen
                fortschritt(bisher, alle)
                if binaer:
                    roh.seek(0)
                    with zf.open(member, "w", force_zip64=True) as ziel:
                        shutil.copyfileobj(roh, ziel, _LESEBLOCK)
            tabellen.append(
                {
                    "modell": label,
                    "tabelle": model._meta.db_table,
                    "spalten": [[f.attname, f.get_internal_type()] for f in spalten],
                    "zeilen": zeilen,
                    "member": member,
                    "bytes": aus.bytes,
                    "sha256": aus.hash.hexdigest(),
                }
            )
    return {
        "format": FORMAT,
        "formatversion": FORMATVERSION,
        "werkzeugversion": integrationsmonitor.__version__,
        "django": django.get_version(),
        "datenbank": connection.vendor,
        "erstellt_am": erstellt_am,
        "migrationen": {
            app: sorted(n for a, n in migrationen if a == app) for app in sorted({a for a, _ in migrationen})
        },
        "tabellen": tabellen,
        "dateien": dateien,
    }


def _schreibe_datei(
    zf: zipfile.ZipFile, dateien: list[dict[str, Any]], label: str, pk: Any, spalte: str, inhalt: Any
) -> str:
    daten = bytes(inhalt)
    member = f"dateien/{label}/{pk}.{spalte}"
    zf.writestr(member, daten)
    dateien.append({"member": member, "bytes": len(daten), "sha256": hashlib.sha256(daten).hexdigest()})
    return member


# ---------------------------------------------------------------- restore: reading and checking the archive


@dataclass
class _Archiv:
    pfad: Path
    zf: zipfile.ZipFile
    manifest: dict[str, Any]

    def zeilen(self, tabelle: dict[str, Any]) -> Iterator[tuple[int, list[Any]]]:
        member = tabelle["member"]
        with self.zf.open(member) as roh:
            for nr, zeile in enumerate(io.TextIOWrapper(roh, encoding="utf-8"), start=1):
                try:
                    werte = json.loads(zeile)
                except ValueError as exc:
                    raise SicherungsFehler(
                        f"{self.pfad}: {member}, Zeile {nr} ist kein gültiges JSON ({exc})"
                    ) from exc
                if not isinstance(werte, list) or len(werte) != len(tabelle["spalten"]):
                    raise SicherungsFehler(
                        f"{self.pfad}: {member}, Zeile {nr} hat nicht die {len(tabelle['spalten'])} Spalten "
                        "des Manifests"
                    )
                yield nr, werte

    def datei(self, member: str) -> bytes:
        return self.zf.read(member)


def _oeffne(pfad: Path) -> _Archiv:
    if pfad.is_dir():
        raise SicherungsFehler(f"{pfad} ist ein Ordner, keine Sicherungsdatei")
    if not pfad.exists():
        raise FileNotFoundError(pfad)
    try:
        zf = zipfile.ZipFile(pfad)
    except zipfile.BadZipFile as exc:
        raise SicherungsFehler(
            f"{pfad} ist keine Sicherung des Integrationsmonitors (kein ZIP-Archiv; "
            "Sicherungen schreibt imon backup)"
        ) from exc
    except OSError as exc:
        raise SicherungsFehler(f"{pfad} kann nicht gelesen werden ({exc.strerror})") from exc
    try:
        roh = zf.read(MANIFEST)
    except KeyError as exc:
        zf.close()
        raise SicherungsFehler(
            f"{pfad} ist keine Sicherung des Integrationsmonitors (im Archiv fehlt {MANIFEST})"
        ) from exc
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        zf.close()
        raise SicherungsFehler(f"{pfad} ist beschädigt: {MANIFEST} nicht lesbar ({exc})") from exc
    try:
        manifest = json.loads(roh)
    except ValueError as exc:
        zf.close()
        raise SicherungsFehler(f"{pfad} ist beschädigt: {MANIFEST} ist kein gültiges JSON ({exc})") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        zf.close()
        raise SicherungsFehler(
            f"{pfad} ist keine Sicherung des Integrationsmonitors ({MANIFEST} nennt nicht das Format {FORMAT})"
        )
    version = manifest.get("formatversion")
    if not isinstance(version, int) or version > FORMATVERSION:
        zf.close()
        raise SicherungsFehler(
            f"{pfad} hat die Formatversion {version} (geschrieben von Integrationsmonitor "
            f"{manifest.get('werkzeugversion', '?')}); diese Version {integrationsmonitor.__version__} "
            f"liest nur bis Formatversion {FORMATVERSION}. Bitte mit einer neueren Version wiederherstellen."
        )
    archiv = _Archiv(pfad, zf, manifest)
    try:
        _pruefe_inhalt(archiv)
    except BaseException:
        zf.close()
        raise
    return archiv


def _pruefe_inhalt(archiv: _Archiv) -> None:
    """Every member named in the manifest exists and has its SHA-256; read before the database is touched."""
    m = archiv.manifest
    try:
        eintraege = [(t["member"], t["sha256"]) for t in m["tabellen"]]
        eintraege += [(d["member"], d["sha256"]) for d in m["dateien"]]
        for t in m["tabellen"]:
            _ = (t["modell"], t["spalten"], t["zeilen"])
        _ = dict(m["migrationen"])
    except (KeyError, TypeError, ValueError) as exc:
        raise SicherungsFehler(
            f"{archiv.pfad} ist beschädigt: {MANIFEST} ist unvollständig ({exc!r})"
        ) from exc
    for member, erwartet in eintraege:
        h = hashlib.sha256()
        try:
            with archiv.zf.open(member) as roh:
                while block := roh.read(_LESEBLOCK):
                    h.update(block)
        except KeyError as exc:
            raise SicherungsFehler(f"{archiv.pfad} ist beschädigt: {member} fehlt im Archiv") from exc
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            raise SicherungsFehler(f"{archiv.pfad} ist beschädigt: {member} nicht lesbar ({exc})") from exc
        if h.hexdigest() != erwartet:
            raise SicherungsFehler(
                f"{archiv.pfad} ist beschädigt: {member} hat nicht die SHA-256-Prüfsumme des Manifests"
            )


def _pruefe_schema(archiv: _Archiv, connection: BaseDatabaseWrapper) -> None:
    """The archive's migration state must be this version's; the target's too (after migrating)."""
    gesichert = {(app, name) for app, namen in archiv.manifest["migrationen"].items() for name in namen}
    bekannt = _bekannte_migrationen()
    werkzeug = archiv.manifest.get("werkzeugversion", "?")
    if neuer := gesichert - bekannt:
        raise SicherungsFehler(
            f"{archiv.pfad} stammt aus einem neueren Schemastand (Integrationsmonitor {werkzeug}): "
            f"diese Version {integrationsmonitor.__version__} kennt die Migrationen {_als_text(neuer)} nicht. "
            "Bitte mit der Version wiederherstellen, die die Sicherung geschrieben hat, oder einer neueren."
        )
    if aelter := bekannt - gesichert:
        raise SicherungsFehler(
            f"{archiv.pfad} stammt aus einem älteren Schemastand (Integrationsmonitor {werkzeug}; es fehlen "
            f"{_als_text(aelter)}). Bitte mit der Version {werkzeug} wiederherstellen und danach diese Version "
            "installieren: sie bringt die Datenbank beim ersten Aufruf auf ihren Stand."
        )
    ziel = _angewandte_migrationen(connection)
    if ziel != bekannt:
        raise SicherungsFehler(
            "Die Zieldatenbank hat einen anderen Schemastand als diese Version "
            f"(abweichend: {_als_text(ziel ^ bekannt)}); nichts wiederhergestellt."
        )
    for t in archiv.manifest["tabellen"]:
        try:
            model = apps.get_model(t["modell"])
        except (LookupError, ValueError) as exc:
            raise SicherungsFehler(
                f"{archiv.pfad}: die Tabelle {t['modell']} gibt es in dieser Version nicht"
            ) from exc
        if model._meta.label_lower in FLUECHTIG:
            continue  # an older archive's volunteer requests: skipped, whatever their columns
        if model._meta.label_lower in ABGELEITET:
            raise SicherungsFehler(
                f"{archiv.pfad}: die Tabelle {t['modell']} enthält abgeleitete Daten, die nie gesichert werden "
                "(die Plattform rechnet sie selbst); das Archiv stammt nicht von `imon backup`, nichts wiederhergestellt"
            )
        erwartet = [[f.attname, f.get_internal_type()] for f in _spalten(model)]
        if [list(s) for s in t["spalten"]] != erwartet:
            raise SicherungsFehler(
                f"{archiv.pfad}: die Spalten von {t['modell']} passen nicht zu dieser Version "
                f"(Sicherung: {', '.join(s[0] for s in t['spalten'])}; hier: {', '.join(s[0] for s in erwartet)})"
            )


# ---------------------------------------------------------------- restore: writing


def belegte_tabellen(using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """Tables with rows (content types and permissions, which every migrated database has, not counted)."""
    belegt = {}
    for model in modelle():
        if model._meta.label_lower in ZUGEORDNET:
            continue
        n = model._base_manager.using(using).count()
        if n:
            belegt[model._meta.label_lower] = n
    return belegt


def stelle_wieder_her(
    quelle: Path, *, ersetzen: bool = False, using: str = DEFAULT_DB_ALIAS, fortschritt: Melden = _still
) -> Ergebnis:
    """Restore the archive `quelle` into the database `using`, exactly and in one transaction; `fortschritt`
    hears the rows written so far and the rows in all.

    The target is migrated first if needed. A target with data is refused (ZielNichtLeer) unless `ersetzen`:
    then its tables (and its sessions) are emptied inside the same transaction. Raises SicherungsFehler with
    a German message; the target is then unchanged. FileNotFoundError if `quelle` does not exist."""
    quelle = Path(quelle)
    archiv = _oeffne(quelle)
    with archiv.zf:
        connection = connections[using]
        _migrieren(using)
        _pruefe_schema(archiv, connection)
        try:
            with transaction.atomic(using=using):
                belegt = belegte_tabellen(using)
                if belegt and not ersetzen:
                    liste = ", ".join(f"{label} ({n} Zeilen)" for label, n in sorted(belegt.items()))
                    raise ZielNichtLeer(
                        f"Die Zieldatenbank ist nicht leer ({liste}); nichts wiederhergestellt. "
                        "Mit --replace wird ihr gesamter Inhalt durch die Sicherung ersetzt."
                    )
                if belegt:
                    _leeren(connection)
                zeilen = _einspielen(archiv, connection, using, fortschritt)
                connection.check_constraints(
                    table_names=[apps.get_model(t["modell"])._meta.db_table for t in _einzuspielen(archiv)]
                )
                _sequenzen_zuruecksetzen(connection)
        except DatabaseError as exc:
            raise SicherungsFehler(
                f"{quelle}: die Datenbank hat die Daten abgelehnt ({str(exc).strip()}); nichts wiederhergestellt"
            ) from exc
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    m = archiv.manifest
    return Ergebnis(
        datei=quelle,
        tabellen=len(m["tabellen"]),
        zeilen=zeilen,
        dateien=len(m["dateien"]),
        bytes=quelle.stat().st_size,
        erstellt_am=str(m.get("erstellt_am", "?")),
        werkzeugversion=str(m.get("werkzeugversion", "?")),
        datenbank=str(m.get("datenbank", "?")),
    )


def _leeren(connection: BaseDatabaseWrapper) -> None:
    """Delete every row the archive will replace, and the sessions; plain SQL, so no delete signal fires."""
    from django.contrib.sessions.models import Session

    qn = connection.ops.quote_name
    tabellen = [m._meta.db_table for m in modelle() if m._meta.label_lower not in ZUGEORDNET]
    tabellen += [apps.get_model(label)._meta.db_table for label in sorted(ABGELEITET | FLUECHTIG)]  # first
    if apps.is_installed("django.contrib.sessions"):
        tabellen.append(Session._meta.db_table)
    with connection.cursor() as cursor:
        for tabelle in reversed(tabellen):
            cursor.execute(f"DELETE FROM {qn(tabelle)}")


def _einspielen(archiv: _Archiv, connection: BaseDatabaseWrapper, using: str, fortschritt: Melden) -> int:
    inhaltstypen: dict[Any, int] = {}
    rechte: dict[Any, int] = {}
    gesamt = 0
    alle = sum(t["zeilen"] for t in _einzuspielen(archiv))
    for t in _einzuspielen(archiv):
        fortschritt(gesamt, alle)
        model = apps.get_model(t["modell"])
        label = model._meta.label_lower
        if label == CONTENTTYPE:
            inhaltstypen = _ordne_inhaltstypen_zu(archiv, t, connection, using)
            gesamt += t["zeilen"]
            continue
        if label == PERMISSION:
            rechte = _ordne_rechte_zu(archiv, t, connection, using, inhaltstypen)
            gesamt += t["zeilen"]
            continue
        geschrieben = functools.partial(lambda vorher, n: fortschritt(vorher + n, alle), gesamt)
        gesamt += _tabelle_einspielen(archiv, t, model, connection, inhaltstypen, rechte, geschrieben)
    fortschritt(gesamt, alle)
    return gesamt


def _einzuspielen(archiv: _Archiv) -> list[dict[str, Any]]:
    """The archive's tables that are restored: all but `FLUECHTIG` ones (an archive from before they were
    left out has them)."""
    return [
        t
        for t in archiv.manifest["tabellen"]
        if apps.get_model(t["modell"])._meta.label_lower not in FLUECHTIG
    ]


def _umrechner(feld: models.Field[Any, Any], archiv: _Archiv) -> Any:
    """value in the archive → value for get_db_prep_save."""
    typ = feld.get_internal_type()
    if typ == "JSONField":
        return lambda w: w
    if typ == "BinaryField":
        return lambda w: None if w is None else archiv.datei(w)
    return lambda w: None if w is None else feld.to_python(w)


def _tabelle_einspielen(
    archiv: _Archiv,
    t: dict[str, Any],
    model: type[models.Model],
    connection: BaseDatabaseWrapper,
    inhaltstypen: dict[Any, int],
    rechte: dict[Any, int],
    geschrieben: Callable[[int], None],
) -> int:
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    spalten = _spalten(model)
    umrechner = [_umrechner(f, archiv) for f in spalten]
    zuordnung: dict[int, dict[Any, int]] = {}
    for i, f in enumerate(spalten):
        if f.is_relation and f.related_model is ContentType:
            zuordnung[i] = inhaltstypen
        elif f.is_relation and f.related_model is Permission:
            zuordnung[i] = rechte
    qn = connection.ops.quote_name
    sql = (
        f"INSERT INTO {qn(model._meta.db_table)} ({', '.join(qn(f.column or f.attname) for f in spalten)}) "
        f"VALUES ({', '.join(['%s'] * len(spalten))})"
    )
    stapel: list[list[Any]] = []
    erste = 1
    n = 0

    def schreiben() -> None:
        try:
            with connection.cursor() as cursor:
                cursor.executemany(sql, stapel)
        except DatabaseError as exc:
            raise SicherungsFehler(
                f"{archiv.pfad}: {t['member']}, Zeilen {erste}–{erste + len(stapel) - 1}: die Datenbank lehnt "
                f"die Daten von {t['modell']} ab ({str(exc).strip()}); nichts wiederhergestellt"
            ) from exc

    for nr, werte in archiv.zeilen(t):
        if not stapel:
            erste = nr
        zeile = []
        for i, (f, w) in enumerate(zip(spalten, werte, strict=True)):
            if i in zuordnung and w is not None:
                w = zuordnung[i][w]
            try:
                wert = umrechner[i](w)
                zeile.append(f.get_db_prep_save(wert, connection))
            except (ValueError, TypeError, KeyError, LookupError) as exc:
                raise SicherungsFehler(
                    f"{archiv.pfad}: {t['member']}, Zeile {nr}, Spalte {f.attname}: Wert {w!r} unbrauchbar ({exc})"
                ) from exc
        stapel.append(zeile)
        n += 1
        if len(stapel) >= STAPEL:
            schreiben()
            stapel = []
            geschrieben(n)
    if stapel:
        schreiben()
    if n != t["zeilen"]:
        raise SicherungsFehler(
            f"{archiv.pfad} ist beschädigt: {t['member']} hat {n} Zeilen, das Manifest nennt {t['zeilen']}"
        )
    return n


def _spaltenindex(t: dict[str, Any], name: str) -> int:
    return [s[0] for s in t["spalten"]].index(name)


def _ordne_inhaltstypen_zu(
    archiv: _Archiv, t: dict[str, Any], connection: BaseDatabaseWrapper, using: str
) -> dict[Any, int]:
    """archive id → target id of each content type, by (app_label, model); missing ones are created."""
    from django.contrib.contenttypes.models import ContentType

    i_id, i_app, i_model = (_spaltenindex(t, n) for n in ("id", "app_label", "model"))
    vorhanden = {
        (app, mod): pk
        for pk, app, mod in ContentType.objects.using(using).values_list("id", "app_label", "model")
    }
    qn = connection.ops.quote_name
    zuordnung = {}
    for _, werte in archiv.zeilen(t):
        schluessel = (werte[i_app], werte[i_model])
        if schluessel not in vorhanden:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"INSERT INTO {qn(ContentType._meta.db_table)} ({qn('app_label')}, {qn('model')}) "
                    "VALUES (%s, %s)",
                    list(schluessel),
                )
            vorhanden[schluessel] = (
                ContentType.objects.using(using)
                .values_list("id", flat=True)
                .get(app_label=schluessel[0], model=schluessel[1])
            )
        zuordnung[werte[i_id]] = vorhanden[schluessel]
    return zuordnung


def _ordne_rechte_zu(
    archiv: _Archiv,
    t: dict[str, Any],
    connection: BaseDatabaseWrapper,
    using: str,
    inhaltstypen: dict[Any, int],
) -> dict[Any, int]:
    """archive id → target id of each permission, by (content type, codename); missing ones are created."""
    from django.contrib.auth.models import Permission

    i_id, i_name, i_ct, i_code = (_spaltenindex(t, n) for n in ("id", "name", "content_type_id", "codename"))
    vorhanden = {
        (ct, code): pk
        for pk, ct, code in Permission.objects.using(using).values_list("id", "content_type_id", "codename")
    }
    qn = connection.ops.quote_name
    zuordnung = {}
    for nr, werte in archiv.zeilen(t):
        try:
            ct = inhaltstypen[werte[i_ct]]
        except KeyError as exc:
            raise SicherungsFehler(
                f"{archiv.pfad}: {t['member']}, Zeile {nr}: unbekannter Inhaltstyp {werte[i_ct]!r}"
            ) from exc
        schluessel = (ct, werte[i_code])
        if schluessel not in vorhanden:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"INSERT INTO {qn(Permission._meta.db_table)} "
                    f"({qn('name')}, {qn('content_type_id')}, {qn('codename')}) VALUES (%s, %s, %s)",
                    [werte[i_name], ct, werte[i_code]],
                )
            vorhanden[schluessel] = (
                Permission.objects.using(using)
                .values_list("id", flat=True)
                .get(content_type_id=ct, codename=werte[i_code])
            )
        zuordnung[werte[i_id]] = vorhanden[schluessel]
    return zuordnung


def _sequenzen_zuruecksetzen(connection: BaseDatabaseWrapper) -> None:
    """PostgreSQL: new rows after the restore get ids above the restored ones (SQLite does this itself)."""
    befehle = connection.ops.sequence_reset_sql(no_style(), modelle())
    if befehle:
        with connection.cursor() as cursor:
            for befehl in befehle:
                cursor.execute(befehl)

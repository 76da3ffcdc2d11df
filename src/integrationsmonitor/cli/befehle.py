"""Implementations of the `imon` subcommands (thin: the work is done in services and selectors)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from integrationsmonitor.catalog import zeitraum as zr
from integrationsmonitor.catalog.model import Katalog
from integrationsmonitor.publish import formatting as fmt

from .ausgabe import als_csv, als_json

# `imon demo` and `imon serve` live in .betrieb; main finds every command here
from .betrieb import DEMO_FACTSHEET as DEMO_FACTSHEET
from .betrieb import demo as demo
from .betrieb import serve as serve
from .gemeinsam import aufruffehler as _aufruffehler
from .gemeinsam import benutzer as _benutzer
from .gemeinsam import tabelle as _tabelle
from .pruefen import check as check  # `imon check`
from .sicherung import backup as backup  # `imon backup` and `imon restore`: main finds commands here
from .sicherung import restore as restore

# `imon factsheet`, `mail-queue`, `report` and `export-site` live in .veroeffentlichen
from .veroeffentlichen import export_site as export_site
from .veroeffentlichen import factsheet as factsheet
from .veroeffentlichen import mail_queue as mail_queue
from .veroeffentlichen import report as report

if TYPE_CHECKING:
    from integrationsmonitor.store.ingest import Lieferergebnis


def _lies_datei(pfad: Path) -> bytes | None:
    from django.conf import settings

    from integrationsmonitor.formats.dateiname import pruefe_dateiname
    from integrationsmonitor.formats.errors import FormatFehler

    if pfad.is_dir():
        _aufruffehler(f"{pfad} ist ein Ordner, keine Datei")
        return None
    try:
        pruefe_dateiname(pfad.name)
    except FormatFehler as exc:
        _aufruffehler(str(exc))
        return None
    try:
        groesse = pfad.stat().st_size
        if groesse > settings.IMON_MAX_UPLOAD_BYTES:
            grenze = fmt.zahl(settings.IMON_MAX_UPLOAD_BYTES / 1024 / 1024)
            _aufruffehler(
                f"{pfad} ist mit {fmt.zahl(groesse / 1024 / 1024)} MB zu groß (höchstens {grenze} MB)"
            )
            return None
        return pfad.read_bytes()
    except FileNotFoundError:
        _aufruffehler(f"Datei {pfad} nicht gefunden")
    except OSError as exc:
        _aufruffehler(f"Datei {pfad} kann nicht gelesen werden ({exc.strerror})")
    return None


def _pruefe_aufruf(k: Katalog, args: argparse.Namespace) -> str | None:
    """Options of `deliver` that are usage errors (exit 2), not problems of the file (exit 1)."""
    ds = k.datensaetze.get(args.dataset)
    if ds is None:
        return (
            f"--dataset: unbekannter Datensatz ‚{args.dataset}‘ (bekannt: {', '.join(sorted(k.datensaetze))})"
        )
    if args.supplier and args.supplier not in k.lieferanten:
        return f"--supplier: unbekannter Lieferant ‚{args.supplier}‘ (bekannt: {', '.join(sorted(k.lieferanten))})"
    if args.period is None:  # with a profile: the period comes from the file
        return None
    try:
        zr.normalisiere(args.period, ds.zeitraum)
    except ValueError as exc:
        return f"--period: {exc}"
    return None


def deliver(k: Katalog, args: argparse.Namespace) -> int:
    from integrationsmonitor.store.ingest import liefere

    if args.profile:
        return _deliver_mit_profil(k, args)
    if fehler := _pruefe_aufruf(k, args):
        return _aufruffehler(fehler)
    pfad = Path(args.datei)
    daten = _lies_datei(pfad)
    if daten is None:
        return 2
    ergebnis = liefere(
        katalog=k,
        daten=daten,
        datei_name=pfad.name,
        datensatz=args.dataset,
        zeitraum=args.period,
        lieferant=args.supplier,
        benutzer=_benutzer(),
    )
    return _melde_lieferung(ergebnis)


def _deliver_mit_profil(k: Katalog, args: argparse.Namespace) -> int:
    """`deliver FILE --profile NAME`: the office's own table, converted by a table profile."""
    from integrationsmonitor.collect.tabellenprofil import TabellenprofilFehler, lade_tabellenprofil
    from integrationsmonitor.store.profillieferung import liefere_mit_profil

    from .fortschritt import laeuft

    try:
        profil = lade_tabellenprofil(args.profile, k)
    except TabellenprofilFehler as exc:
        return _aufruffehler(f"--profile: {exc}")
    if args.dataset and args.dataset != profil.datensatz:
        return _aufruffehler(
            f"--dataset: das Profil {profil.name} liefert den Datensatz {profil.datensatz}, nicht ‚{args.dataset}‘"
        )
    if not args.period and not profil.nennt_zeitraum:
        return _aufruffehler(
            f"--period fehlt: das Profil {profil.name} entnimmt den Zeitraum nicht der Datei"
        )
    if fehler := _pruefe_aufruf(k, argparse.Namespace(**{**vars(args), "dataset": profil.datensatz})):
        return _aufruffehler(fehler)
    pfad = Path(args.datei)
    daten = _lies_datei(pfad)
    if daten is None:
        return 2
    with laeuft(sys.stderr, f"{pfad.name} umwandeln, prüfen und schützen"):
        ergebnis = liefere_mit_profil(
            katalog=k,
            profil=profil,
            daten=daten,
            datei_name=pfad.name,
            benutzer=_benutzer(),
            zeitraum=args.period,
            lieferant=args.supplier,
        )
    for hinweis in ergebnis.hinweise:
        print(f"Hinweis: {hinweis}")
    return _melde_lieferung(ergebnis.ergebnis)


def _melde_lieferung(ergebnis: Lieferergebnis) -> int:
    """What `deliver` prints for an accepted or rejected delivery; the exit code."""
    if not ergebnis.angenommen:
        sys.stderr.write(f"Lieferung abgelehnt, nichts gespeichert. {len(ergebnis.probleme)} Problem(e):\n")
        for p in ergebnis.probleme:
            sys.stderr.write(f"- {p}\n")
        return 1
    lf = ergebnis.lieferung
    assert lf is not None
    if ergebnis.unveraendert:
        print(
            f"Unverändert: diese Datei ist bereits die aktive Lieferung {lf.id} ({lf.datensatz} {lf.zeitraum})."
        )
        return 0
    print(f"Lieferung {lf.id} angenommen: {lf.datensatz} {lf.zeitraum}, {fmt.zahl(lf.zellen)} Zellen.")
    if ergebnis.ersetzt is not None:
        print(
            f"Sie ersetzt Lieferung {ergebnis.ersetzt.id} vom {fmt.datum_zeit(ergebnis.ersetzt.eingegangen_am)}."
        )
    return 0


def counselling_deliver(k: Katalog, args: argparse.Namespace) -> int:
    from integrationsmonitor.registry.beratung.services import liefere_jahreszahlen, liefere_monat

    if bool(args.month) == bool(args.year):
        return _aufruffehler("genau eine Angabe: --month YYYY-MM oder --year JAHR")
    try:
        monate = (
            [zr.normalisiere(args.month, "monat")]
            if args.month
            else [f"{args.year}-{m:02d}" for m in range(1, 13)]
        )
    except ValueError as exc:
        return _aufruffehler(f"Monat: {exc}")
    try:
        ergebnisse = [e for m in monate for e in liefere_monat(k, m, benutzer=_benutzer())]
    except ValueError as exc:  # a site without a code in the catalogue
        sys.stderr.write(f"Fehler: {exc}\n")
        return 3
    if args.year:
        jahr = liefere_jahreszahlen(k, args.year, benutzer=_benutzer())
        if jahr is None:
            print(f"projektkennzahlen {args.year}: keine Kontakte von LDS integriert, nichts geliefert")
        else:
            ergebnisse.append(jahr)
    return max(_melde_lieferung(e) for e in ergebnisse)


def engagement_deliver(k: Katalog, args: argparse.Namespace) -> int:
    from integrationsmonitor.registry.engagementlieferung import veroeffentliche_jahr

    return max(_melde_lieferung(e) for e in veroeffentliche_jahr(k, args.year, benutzer=_benutzer()))


def registry_deliver(k: Katalog, args: argparse.Namespace) -> int:
    from integrationsmonitor.registry.kurse.lieferung import DATENSATZ, liefere_alle, liefere_jahr

    if args.period is None:
        ergebnisse = liefere_alle(k)
        if not ergebnisse:
            print(f"{DATENSATZ}: keine Sprachkurse im Register, nichts geliefert")
            return 0
        return max(_melde_lieferung(e) for e in ergebnisse)
    try:
        jahr = int(zr.normalisiere(args.period, "jahr"))
    except ValueError as exc:
        return _aufruffehler(f"Zeitraum: {exc}")
    ergebnis = liefere_jahr(k, jahr)
    if ergebnis is None:
        print(f"{DATENSATZ} {jahr}: keine Sprachkurse in diesem Jahr, nichts geliefert")
        return 0
    return _melde_lieferung(ergebnis)


def deliveries(k: Katalog, args: argparse.Namespace) -> int:
    from integrationsmonitor.store.selectors import lieferungen

    zeilen = [
        [
            str(lf.id),
            lf.datensatz,
            lf.zeitraum,
            lf.get_status_display(),
            lf.lieferant,
            fmt.zahl(lf.zellen),
            fmt.datum_zeit(lf.eingegangen_am),
            lf.benutzer,
            lf.datei_name,
            lf.datei_hash[:12],
        ]
        for lf in lieferungen(datensatz=args.dataset, nur_aktive=args.active)
    ]
    if not zeilen:
        print("Keine Lieferungen.")
        return 0
    kopf = [
        "ID",
        "Datensatz",
        "Zeitraum",
        "Status",
        "Lieferant",
        "Zellen",
        "Eingang",
        "Benutzer",
        "Datei",
        "SHA-256",
    ]
    sys.stdout.write(_tabelle(kopf, zeilen))
    return 0


def indicators(k: Katalog, args: argparse.Namespace) -> int:
    zeilen = [
        [
            i.id,
            k.handlungsfelder[i.handlungsfeld].name,
            i.einheit,
            ",".join(a.name for a in i.aufschluesselungen) or "-",
            i.name,
        ]
        for i in sorted(k.indikatoren.values(), key=lambda i: (k.handlungsfelder[i.handlungsfeld].nr, i.id))
    ]
    sys.stdout.write(_tabelle(["ID", "Handlungsfeld", "Einheit", "Aufschlüsselungen", "Name"], zeilen))
    return 0


def series(k: Katalog, args: argparse.Namespace) -> int:
    from integrationsmonitor.indicators.engine import IndikatorFehler, reihe
    from integrationsmonitor.store.selectors import DbQuelle

    try:
        rows = reihe(k, DbQuelle(k), args.indikator, gebiet=args.region, nach=args.by)
    except IndikatorFehler as exc:
        return _aufruffehler(str(exc))
    ind = k.indikatoren[args.indikator]
    standard = ind.standard_aufschluesselung
    merkmal = args.by or (standard.name if standard else None)
    sys.stdout.write(als_json(rows, merkmal) if args.format == "json" else als_csv(rows, merkmal))
    return 0


def import_genesis(k: Katalog, args: argparse.Namespace) -> int:
    from integrationsmonitor.store.genesis import importiere_genesis

    from .fortschritt import Fortschritt

    pfad = Path(args.datei)
    if _lies_datei(pfad) is None:
        return 2
    with Fortschritt(sys.stderr, "Import", gesamt=None, einheit="Zeiträume") as balken:
        ergebnis = importiere_genesis(
            k,
            pfad,
            benutzer=_benutzer(),
            datensatz=args.dataset,
            profil=args.profile,
            hinweis=lambda h: balken.ausgeben(f"Hinweis: {h}"),
            fortschritt=balken.stand,
        )
    if not ergebnis.angenommen:
        sys.stderr.write(
            "Import abgelehnt, nichts gespeichert:\n" + "".join(f"- {p}\n" for p in ergebnis.probleme)
        )
        return 1
    for e in [*ergebnis.weitere, ergebnis]:
        lf = e.lieferung
        assert lf is not None
        zustand = "unverändert" if e.unveraendert else "importiert"
        print(f"Lieferung {lf.id} {zustand}: {lf.datensatz} {lf.zeitraum}, {fmt.zahl(lf.zellen)} Zellen.")
    return 0

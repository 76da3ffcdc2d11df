"""Implementations of the `imon` subcommands (thin: the work is done in services and selectors)."""

from __future__ import annotations

import argparse
import getpass
import logging
import socket
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from integrationsmonitor.catalog import zeitraum as zr
from integrationsmonitor.catalog.model import Katalog
from integrationsmonitor.publish import formatting as fmt

from .ausgabe import als_csv, als_json
from .pruefen import check as check  # `imon check`
from .sicherung import backup as backup  # `imon backup` and `imon restore`: main finds commands here
from .sicherung import restore as restore

if TYPE_CHECKING:
    from integrationsmonitor.store.ingest import Lieferergebnis


def _benutzer() -> str:
    try:
        return f"{getpass.getuser()} (Kommandozeile)"
    except (KeyError, OSError):
        return "Kommandozeile"


def _tabelle(kopf: list[str], zeilen: list[list[str]]) -> str:
    breiten = [max(len(str(x)) for x in spalte) for spalte in zip(kopf, *zeilen, strict=False)]
    linien = [kopf, ["-" * b for b in breiten], *zeilen]
    return (
        "\n".join(
            "  ".join(str(x).ljust(b) for x, b in zip(z, breiten, strict=False)).rstrip() for z in linien
        )
        + "\n"
    )


def _aufruffehler(text: str) -> int:
    sys.stderr.write(f"Fehler: {text}\n")
    return 2


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


DEMO_FACTSHEET = "2024-Q4"  # the issue the demo publishes (the report's last year)


def demo(k: Katalog, args: argparse.Namespace) -> int:
    from integrationsmonitor.demo.build import baue_demo
    from integrationsmonitor.demo.users import demo_benutzer
    from integrationsmonitor.publish.services import erstelle_factsheet
    from integrationsmonitor.registry.beratung.demo import baue_beratung_demo
    from integrationsmonitor.registry.demo import baue_registry_demo
    from integrationsmonitor.registry.engagement.demo import baue_engagement_demo
    from integrationsmonitor.registry.kurse.demo import baue_kurse_demo

    print("Baue die LDS-Demo (Lieferungen 2014–2024 über den normalen Lieferweg) …", flush=True)
    ergebnisse = baue_demo(k, hinweis=print)
    neu = sum(1 for e in ergebnisse if not e.unveraendert)
    print(f"{len(ergebnisse)} Lieferungen geprüft, {neu} neu gespeichert.")
    print("Träger-Register: {angebote} Angebote und {projekte} Projekte aus dem Bericht (/angebote/, /verwaltung/foerderung/).".format(**baue_registry_demo()))  # fmt: skip
    baue_beratung_demo(k, hinweis=print)
    print("Sprachkurse: {kurse} Kurse von {traeger} Bildungsträgern, {neu} neu (/kurse/, /traeger/kurse/, /verwaltung/kurse/).".format(**baue_kurse_demo(k)))  # fmt: skip
    print("Initiativen: {initiativen} Vereine und Initiativen, {neu} neu (/mitmachen/); Anmeldung Initiative (pflegt nur ihren Eintrag, /initiative/): Benutzer „{benutzer}“, Passwort „{passwort}“ (nur Demo).".format(**baue_engagement_demo()))  # fmt: skip
    ausgabe, erstellt = erstelle_factsheet(k, DEMO_FACTSHEET, benutzer="Demo")
    print(
        f"FactSheet {fmt.periode(ausgabe.zeitraum)} {'erstellt' if erstellt else 'vorhanden'}: /factsheet/{ausgabe.zeitraum}/"
    )
    for zeile in demo_benutzer():
        print(zeile)
    if args.no_serve:
        return 0
    return serve(k, argparse.Namespace(port=args.port, host="127.0.0.1"))


def _fehlende_schuetzen(k: Katalog) -> None:
    """Before the workers start: the protection results not kept yet (normally none: each delivery is
    protected when it is stored). No cube stays in the parent: each worker reads what its pages need, so
    nothing is inherited that only one of them uses (docs/betrieb.md)."""
    from django.db import connection

    from integrationsmonitor.store.selectors import vergiss_wuerfel
    from integrationsmonitor.store.vorberechnung import schuetze_fehlende

    try:
        n = schuetze_fehlende(k)
        if n:
            print(f"{n} Lieferungen zum ersten Mal geschützt (Ergebnisse in der Datenbank).", flush=True)
    except Exception:
        logging.getLogger(__name__).exception("Vorausberechnung der Geheimhaltung abgebrochen")
    finally:
        vergiss_wuerfel()
        connection.close()


def _vorwaermen(k: Katalog) -> None:
    """Protect every active delivery for publication once, beside the running server (docs/geheimhaltung.md:
    computed once per process); the first pages are then as fast as every later one."""
    from django.db import connection

    from integrationsmonitor.store.selectors import veroeffentliche_alles

    try:
        veroeffentliche_alles(k)
    except Exception:
        logging.getLogger(__name__).exception("Vorausberechnung der Veröffentlichung abgebrochen")
    finally:
        connection.close()


def _mehr_dateien(noetig: int) -> None:
    """Raise the soft limit of open files (often 1024) so the connection limit, not the OS, bounds a crowd."""
    import resource

    weich, hart = resource.getrlimit(resource.RLIMIT_NOFILE)
    ziel = noetig if hart == resource.RLIM_INFINITY else min(noetig, hart)
    if weich != resource.RLIM_INFINITY and weich < ziel:
        resource.setrlimit(resource.RLIMIT_NOFILE, (ziel, hart))


def serve(k: Katalog, args: argparse.Namespace) -> int:
    """The website with waitress, in `IMON_PROZESSE` worker processes (cli.server, docs/betrieb.md)."""
    from django.conf import settings
    from waitress import create_server

    from integrationsmonitor.store.vorberechnung import im_hintergrund
    from integrationsmonitor.web.wsgi import application

    from .server import Aufseher, binde, seiten_vorwaermen

    im_hintergrund()  # a delivery stored by a request is protected beside it, not before the answer
    _mehr_dateien(settings.IMON_VERBINDUNGEN + 100)
    try:
        sock = binde(args.host, args.port)
    except OSError as exc:
        sys.stderr.write(f"Fehler: der Server kann nicht auf {args.host}:{args.port} starten ({exc.strerror}); "
                         "anderen Port mit --port wählen\n")  # fmt: skip
        return 2

    def starte(s: socket.socket) -> Any:
        return create_server(
            application,
            sockets=[s],
            threads=settings.IMON_THREADS,
            connection_limit=settings.IMON_VERBINDUNGEN,
            channel_timeout=settings.IMON_VERBINDUNG_TIMEOUT,
            cleanup_interval=max(1, settings.IMON_VERBINDUNG_TIMEOUT // 3),
            ident="Integrationsmonitor",
            asyncore_use_poll=True,  # select() stops at 1024 sockets
            # X-Forwarded-Proto/-For reach Django, which trusts them only with IMON_HTTPS and
            # IMON_VERTRAUTE_PROXYS (waitress 3 would drop them, as it knows no proxy)
            clear_untrusted_proxy_headers=False,
            max_request_body_size=2 * settings.IMON_MAX_UPLOAD_BYTES + 1024 * 1024,  # upload + form fields
        )

    prozesse = settings.IMON_PROZESSE
    if prozesse > 1:
        print(
            f"Prüfe die Geheimhaltung aller aktiven Lieferungen, dann {prozesse} Arbeitsprozesse …",
            flush=True,
        )
        _fehlende_schuetzen(k)
        print(f"Integrationsmonitor läuft auf http://{args.host}:{args.port}/ mit {prozesse} Prozessen"
              "  (Beenden mit Strg+C)", flush=True)  # fmt: skip
        Aufseher(prozesse, starte, sock, lambda: seiten_vorwaermen(k, args.host)).laufe()
        print("Beendet.")
        return 0
    server = starte(sock)
    print(f"Integrationsmonitor läuft auf http://{args.host}:{args.port}/  (Beenden mit Strg+C)", flush=True)
    threading.Thread(target=_vorwaermen, args=(k,), name="imon-vorwaermen", daemon=True).start()
    try:
        server.run()
    except KeyboardInterrupt:
        print("Beendet.")
    return 0


def factsheet(k: Katalog, args: argparse.Namespace) -> int:
    from integrationsmonitor.publish.factsheet import normalisiere_ausgabe
    from integrationsmonitor.publish.factsheet_versand import factsheet_versenden
    from integrationsmonitor.publish.services import FactSheetFehler, aenderungen_seit, erstelle_factsheet

    try:
        zeitraum = normalisiere_ausgabe(args.zeitraum)
    except ValueError as exc:
        return _aufruffehler(f"QUARTER: {exc}")
    ziel = Path(args.output or f"factsheet_{zeitraum}.pdf")
    if ziel.is_dir():
        return _aufruffehler(f"{ziel} ist ein Ordner; bitte einen Dateinamen angeben")
    try:
        ausgabe, neu = erstelle_factsheet(k, zeitraum, benutzer=_benutzer(), neue_auflage=args.new_edition)
    except FactSheetFehler as exc:
        sys.stderr.write(f"FactSheet nicht erstellt: {exc}\n")
        return 1
    try:
        ziel.write_bytes(bytes(ausgabe.pdf))
    except OSError as exc:
        return _aufruffehler(f"{ziel} kann nicht geschrieben werden ({exc.strerror})")
    wie = "erstellt und archiviert" if neu else "aus dem Archiv"
    print(
        f"FactSheet {fmt.periode(zeitraum)}, {ausgabe.auflage}. Auflage vom {fmt.datum(ausgabe.erstellt_am)} ({wie}): {ziel}"
    )
    if args.send:
        schluessel, anzahl = factsheet_versenden(ausgabe)
        print(f"Für {fmt.zahl(anzahl)} Abonnentinnen und Abonnenten eingereiht ({schluessel});"
              " versendet wird mit imon mail-queue.")  # fmt: skip
        if not anzahl:
            print("Alle bestätigten Abonnentinnen und Abonnenten haben diese Ausgabe schon oder sie ist für sie"
                  " eingereiht; wer sich später anmeldet, bekommt sie mit einem weiteren --send.")  # fmt: skip
    aenderungen = aenderungen_seit(k, ausgabe)
    if aenderungen:
        print("Seit dieser Ausgabe geändert (neue Auflage mit --new-edition):")
        for t in aenderungen.lieferungen + aenderungen.kennzahlen:
            print(f"- {t}")
    return 0


def mail_queue(k: Katalog, args: argparse.Namespace) -> int:
    """Send due mails of the FactSheet list; exit 1 if a mail failed for good, else 0 (retries are no failure)."""
    import time

    from integrationsmonitor.publish.mailing.services import warteschlange_abarbeiten
    from integrationsmonitor.registry.engagement.versand import abarbeiten_und_melden

    endgueltig = 0
    try:
        while True:
            e = warteschlange_abarbeiten()
            abarbeiten_und_melden(immer=args.once)  # /mitmachen/: confirmations, forwarding, deletion
            if args.once or e.bearbeitet or e.bestaetigungen:
                print(
                    f"Mail-Warteschlange: {e.gesendet} gesendet, {e.zurueckgestellt} zurückgestellt, "
                    f"{e.fehlgeschlagen} endgültig fehlgeschlagen, {e.abgebrochen} abgebrochen (abgemeldet), "
                    f"{e.bestaetigungen} Bestätigungs-E-Mails gesendet",
                    flush=True,
                )
            if e.zurueckgestellt:
                sys.stderr.write(f"Zurückgestellt, wird später wiederholt: {e.letzter_fehler}\n")
            for fehler in e.fehler:
                sys.stderr.write(f"Endgültig fehlgeschlagen: {fehler}\n")
            endgueltig += e.fehlgeschlagen
            if args.once:
                break
            time.sleep(max(args.interval, 1))
    except KeyboardInterrupt:
        pass
    return 1 if endgueltig else 0


def report(k: Katalog, args: argparse.Namespace) -> int:
    from integrationsmonitor.publish.services import FactSheetFehler, bericht, bericht_html, bericht_pdf

    if not 1950 <= args.jahr <= 2100:
        return _aufruffehler(f"YEAR: {args.jahr} liegt außerhalb von 1950–2100")
    ordner = Path(args.output)
    if ordner.exists() and not ordner.is_dir():
        return _aufruffehler(f"{ordner} ist eine Datei, kein Ordner")
    try:
        b = bericht(k, args.jahr)
    except FactSheetFehler as exc:
        sys.stderr.write(f"Bericht nicht erstellt: {exc}\n")
        return 1
    pdf, html = bericht_pdf(b), bericht_html(b)
    try:
        ordner.mkdir(parents=True, exist_ok=True)
        (ordner / f"bericht_{args.jahr}.pdf").write_bytes(pdf)
        (ordner / f"bericht_{args.jahr}.html").write_text(html, encoding="utf-8")
    except OSError as exc:
        return _aufruffehler(f"{ordner} kann nicht beschrieben werden ({exc.strerror})")
    eintraege = sum(len(kap.eintraege) for kap in b.kapitel)
    print(f"Jahresbericht {args.jahr}: {len(b.kapitel)} Kapitel, {eintraege} Indikatoren.")
    print(f"PDF:  {ordner / f'bericht_{args.jahr}.pdf'}")
    print(f"HTML: {ordner / f'bericht_{args.jahr}.html'}")
    return 0


def export_site(k: Katalog, args: argparse.Namespace) -> int:
    from integrationsmonitor.publish.statisch import ExportFehler, exportiere

    from .fortschritt import Fortschritt

    ordner = Path(args.ordner)
    print(f"Exportiere die öffentliche Website nach {ordner} …", flush=True)
    try:
        with Fortschritt(sys.stderr, "Export", gesamt=None, einheit="Dateien") as balken:
            e = exportiere(ordner, balken.stand)
    except ExportFehler as exc:
        sys.stderr.write(f"Fehler: {exc}\n")
        return 1 if "Export abgebrochen" in str(exc) else 2
    except OSError as exc:
        return _aufruffehler(f"{ordner} kann nicht geschrieben werden ({exc.strerror})")
    print(
        f"{fmt.zahl(e.seiten)} Seiten und {fmt.zahl(e.dateien)} Dateien ({fmt.zahl(e.bytes / 1024 / 1024, 1)} MB) geschrieben."
    )
    print(f"Startseite: {ordner / 'index.html'}")
    return 0

"""`imon factsheet`, `imon mail-queue`, `imon report`, `imon export-site`: publish the FactSheet, send the
mailing queue, write the annual report and export the static site."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from integrationsmonitor.catalog.model import Katalog
from integrationsmonitor.publish import formatting as fmt

from .gemeinsam import aufruffehler as _aufruffehler
from .gemeinsam import benutzer as _benutzer


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

    from integrationsmonitor.publish.mailing.warteschlange import warteschlange_abarbeiten
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

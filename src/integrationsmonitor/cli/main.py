"""`imon`: deliver data, list deliveries and indicators, print series, run the demo and the site.

Exit codes: 0 success, 1 delivery rejected, 2 usage error (unknown dataset, period, indicator, region,
file not found), 3 configuration error (catalogue or database).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from integrationsmonitor.catalog.errors import KatalogFehler

from .setup import django_starten


class _Parser(argparse.ArgumentParser):
    """argparse with German fixed texts."""

    def format_usage(self) -> str:
        return super().format_usage().replace("usage:", "Aufruf:")

    def format_help(self) -> str:
        return (
            super()
            .format_help()
            .replace("usage:", "Aufruf:")
            .replace("positional arguments:", "Argumente:")
            .replace("options:", "Optionen:")
            .replace("show this help message and exit", "diese Hilfe zeigen und beenden")
        )

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        message = (
            message.replace("the following arguments are required", "diese Angaben fehlen")
            .replace("invalid choice", "ungültige Auswahl")
            .replace("unrecognized arguments", "unbekannte Angaben")
            .replace("argument ", "Angabe ")
            .replace("expected one argument", "erwartet einen Wert")
            .replace("choose from", "möglich sind")
            .replace("invalid int value", "keine ganze Zahl")
        )
        self.exit(2, f"{self.prog}: Fehler: {message}\n")


def _parser() -> argparse.ArgumentParser:
    db = _Parser(add_help=False)
    db.add_argument(
        "--db",
        metavar="URL",
        help="Datenbank, z. B. sqlite:///pfad/imon.sqlite3 oder postgres://benutzer@host/name "
        "(Standard: IMON_DATABASE_URL oder die eingebettete SQLite-Datei var/imon.sqlite3)",
    )
    p = _Parser(
        prog="imon",
        description="Integrationsmonitor: Lieferungen, Indikatoren und Dashboard des Landkreises.",
    )
    p.add_argument("--db", metavar="URL", dest="db_global", help="wie --db der Befehle")
    sub = p.add_subparsers(dest="befehl", metavar="BEFEHL", parser_class=_Parser)
    sub.required = True

    s = sub.add_parser("demo", parents=[db], help="LDS-Demo aufbauen und die Website starten")
    s.add_argument("--no-serve", action="store_true", help="nur die Demodaten laden, keinen Server starten")
    s.add_argument("--port", type=int, default=8000, help="Port des Servers (Standard: 8000)")

    s = sub.add_parser("serve", parents=[db], help="die Website mit einem Produktions-WSGI-Server starten")
    s.add_argument("--port", type=int, default=8000, help="Port (Standard: 8000)")
    s.add_argument("--host", default="127.0.0.1", help="Adresse (Standard: 127.0.0.1)")

    sub.add_parser(
        "check",
        parents=[db],
        help="Einstellungen auf Sicherheit für den Betrieb prüfen (Exit 1 bei Befunden)",
    )

    s = sub.add_parser("deliver", parents=[db], help="eine Lieferdatei prüfen und speichern")
    s.add_argument(
        "datei",
        metavar="FILE",
        help="Lieferdatei (CSV im Langformat) oder, mit --profile, die Tabelle des Amts",
    )
    s.add_argument(
        "--dataset", metavar="ID", help="Datensatz, z. B. auslaender_bestand (mit --profile: aus dem Profil)"
    )
    s.add_argument(
        "--period",
        metavar="P",
        help="Zeitraum, z. B. 2024, 2024-Q4 oder 2024-12 (mit --profile: Standard aus Datei oder Dateiname)",
    )
    s.add_argument("--supplier", metavar="S", help="liefernde Stelle (Standard: die des Datensatzes)")
    s.add_argument(
        "--profile",
        metavar="NAME",
        help="Tabellenprofil (Name oder YAML-Datei): die Tabelle des Amts (CSV, XLSX) umwandeln und liefern",
    )
    s.set_defaults(aufruf_fehler=s.error)

    s = sub.add_parser("deliveries", parents=[db], help="Lieferungen mit ihrer Historie auflisten")
    s.add_argument("--dataset", metavar="ID", help="nur diesen Datensatz")
    s.add_argument("--active", action="store_true", help="nur aktive (nicht ersetzte) Lieferungen")

    sub.add_parser("indicators", parents=[db], help="alle Indikatoren des Katalogs auflisten")

    s = sub.add_parser("series", parents=[db], help="Zeitreihe eines Indikators ausgeben")
    s.add_argument("indikator", metavar="INDICATOR", help="Indikator-ID, z. B. auslaenderanteil")
    s.add_argument(
        "--region",
        metavar="AGS",
        help="Gebiet: Kreis (AGS-5), Amt (ARS-9), Gemeinde (AGS-8); Standard: Kreis",
    )
    s.add_argument("--by", metavar="DIMENSION", help="Aufschlüsselung, z. B. gruppe oder geschlecht")
    s.add_argument("--format", choices=["csv", "json"], default="csv", help="Ausgabeformat (Standard: csv)")

    s = sub.add_parser(
        "factsheet", parents=[db], help="FactSheet eines Quartals als PDF erzeugen und archivieren"
    )
    s.add_argument("zeitraum", metavar="QUARTER", help="Quartal, z. B. 2024-Q4")
    s.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="PDF-Datei (Standard: factsheet_<Quartal>.pdf im aktuellen Ordner)",
    )
    s.add_argument(
        "--new-edition",
        action="store_true",
        help="gibt es die Ausgabe schon: neue Auflage aus den heute aktiven Lieferungen (sonst die archivierte)",
    )
    s.add_argument(
        "--send",
        action="store_true",
        help="an alle bestätigten Abonnentinnen und Abonnenten einreihen (versendet wird mit imon mail-queue)",
    )

    s = sub.add_parser("report", parents=[db], help="Jahresbericht als PDF und HTML erzeugen")
    s.add_argument("jahr", metavar="YEAR", type=int, help="Berichtsjahr, z. B. 2024")
    s.add_argument(
        "-o",
        "--output",
        metavar="DIR",
        default=".",
        help="Ordner für bericht_<Jahr>.pdf und .html (Standard: .)",
    )

    s = sub.add_parser(
        "export-site",
        parents=[db],
        help="öffentliche Website als statische Dateien schreiben (ohne JavaScript)",
    )
    s.add_argument("ordner", metavar="DIR", help="Zielordner (neu oder leer)")

    s = sub.add_parser(
        "collect", help="personenbezogenen Export im Amt zu einer Lieferdatei zusammenfassen (ohne Datenbank)"
    )
    s.add_argument("--profile", required=True, metavar="NAME", help="Zuordnungsprofil (Name oder YAML-Datei)")
    s.add_argument("rohdatei", metavar="RAW_FILE", help="Export mit einer Zeile je Person")
    s.add_argument("--period", required=True, metavar="P", help="Zeitraum, z. B. 2024 (Stichtag 31.12.2024)")
    s.add_argument(
        "-o", "--output", required=True, metavar="OUT_DIR", help="Ordner für Lieferdatei und Manifest"
    )

    s = sub.add_parser(
        "import-genesis",
        parents=[db],
        help="amtliche GENESIS-Tabelle (Flat-File-CSV oder klassische Tabelle als CSV) importieren",
    )
    s.add_argument(
        "datei", metavar="FILE", help="GENESIS-Tabelle: Flat-File-CSV (ffcsv) oder klassische Tabelle als CSV"
    )
    s.add_argument("--dataset", metavar="ID", help="Ziel-Datensatz (Standard: aus der Tabellennummer)")
    s.add_argument(
        "--profile",
        metavar="NAME",
        help="GENESIS-Tabellenprofil: Name oder YAML-Datei (Standard: nach der Tabellennummer der Datei)",
    )

    s = sub.add_parser(
        "counselling-deliver",
        parents=[db],
        help="die Zähler der anonymen Beratungskontakte eines Monats als Lieferungen beratungskontakte,"
        " beratungsthemen und beratungsvermittlungen speichern (geschützt veröffentlicht)",
    )
    s.add_argument("--month", metavar="YYYY-MM", help="Monat, z. B. 2024-12")
    s.add_argument(
        "--year",
        type=int,
        metavar="JAHR",
        help="alle zwölf Monate des Jahres und die Jahreszahlen von LDS integriert (projektkennzahlen:"
        " Neukunden, Folgetermine, Vermittlungen)",
    )

    s = sub.add_parser(
        "engagement-deliver",
        parents=[db],
        help="die gesammelten Jahreszahlen der Vereine und Initiativen eines Jahres auf einmal veröffentlichen"
        " (engagement_kennzahlen, geschützt, und engagement_initiativen)",
    )
    s.add_argument("--year", type=int, required=True, metavar="JAHR", help="Kalenderjahr, z. B. 2024")

    s = sub.add_parser(
        "registry-deliver",
        parents=[db],
        help="Zahlen des Kursregisters (Sprachkurse, Plätze, belegt) als Lieferung sprachkurse_register speichern",
    )
    s.add_argument(
        "--period", metavar="P", help="Jahr, z. B. 2026 (Standard: jedes Jahr, in dem ein Kurs läuft)"
    )

    s = sub.add_parser(
        "backup",
        parents=[db],
        help="alles Gespeicherte (Lieferungen, Register, Benutzer, FactSheets, Verteiler) in eine Datei sichern",
    )
    s.add_argument(
        "datei", metavar="FILE", help="Sicherungsdatei (ZIP); eine vorhandene wird erst am Ende ersetzt"
    )

    s = sub.add_parser(
        "restore",
        parents=[db],
        help="eine Sicherung von imon backup genau wiederherstellen (auch SQLite → PostgreSQL)",
    )
    s.add_argument("datei", metavar="FILE", help="Sicherungsdatei von imon backup")
    s.add_argument(
        "--replace",
        "--force",
        action="store_true",
        help="eine nicht leere Datenbank leeren und ihren Inhalt durch die Sicherung ersetzen (alles in einer Transaktion)",
    )

    s = sub.add_parser(
        "mail-queue", parents=[db], help="Mail-Warteschlange (FactSheet-Verteiler) über SMTP abarbeiten"
    )
    s.add_argument("--once", action="store_true", help="nur einmal alle fälligen Mails senden, dann beenden")
    s.add_argument(
        "--interval",
        type=int,
        default=60,
        metavar="SEK",
        help="ohne --once: Pause zwischen Läufen (Standard: 60)",
    )

    s = sub.add_parser(
        "integreat-import",
        parents=[db],
        help="Orte und Veranstaltungen der Integreat-Region als Angebote in /angebote/ übernehmen",
    )
    s.add_argument("--url", help="Adresse des Integreat-CMS (Standard: IMON_INTEGREAT_URL)")
    s.add_argument("--region", metavar="SLUG", help="Region in Integreat (Standard: IMON_INTEGREAT_REGION)")

    s = sub.add_parser(
        "integreat-push",
        parents=[db],
        help="die Kurse mit freien Plätzen in die Integreat-Seiten schieben (je Sprache mit ihrem Token)",
    )
    s.add_argument(
        "--once",
        action="store_true",
        help="alle konfigurierten Sprachen jetzt einreihen, Fälliges senden und mit einer Übersicht beenden",
    )
    s.add_argument(
        "--interval",
        type=int,
        default=30,
        metavar="SEK",
        help="ohne --once: Pause zwischen Läufen (Standard: 30)",
    )
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.befehl == "deliver" and not args.profile:  # without a profile, the file says neither
        fehlend = [f"--{name}" for name in ("dataset", "period") if not getattr(args, name)]
        if fehlend:
            args.aufruf_fehler(
                f"diese Angaben fehlen: {', '.join(fehlend)} (oder --profile NAME für die Tabelle eines Amts)"
            )
    if args.befehl == "collect":  # runs at the office: no Django, no database
        from .sammeln import collect

        return collect(args)
    try:
        from integrationsmonitor.catalog.loader import katalog

        django_starten(args.db or args.db_global)
        from django.conf import settings

        k = katalog(settings.IMON_CATALOG_DIR)
    except KatalogFehler as exc:
        sys.stderr.write(f"{exc}\n")
        return 3
    if args.befehl == "integreat-import":  # its logic lives in integreat.import_befehl
        from integrationsmonitor.integreat.import_befehl import ausfuehren as importieren

        return importieren(args.url, args.region)
    if args.befehl == "integreat-push":  # its logic lives in integreat.push_befehl
        from integrationsmonitor.integreat.push_befehl import ausfuehren

        return ausfuehren(einmal=args.once, intervall=args.interval)
    from . import befehle

    handler = getattr(befehle, args.befehl.replace("-", "_"))
    return int(handler(k, args) or 0)


if __name__ == "__main__":
    raise SystemExit(main())

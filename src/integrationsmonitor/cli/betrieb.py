"""`imon demo` and `imon serve`: set up the demo site, and run the site with its background work."""

from __future__ import annotations

import argparse
import logging
import socket
import sys
import threading
from typing import Any

from integrationsmonitor.catalog.model import Katalog
from integrationsmonitor.publish import formatting as fmt

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

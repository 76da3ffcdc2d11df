"""`imon kreis-anlegen AGS -o DIR`: the thin CLI around `catalog.anlegen` (no Django, no database)."""

from __future__ import annotations

import argparse
import sys
from collections import Counter

from integrationsmonitor.catalog.anlegen import kreis_anlegen as anlegen
from integrationsmonitor.catalog.errors import KatalogFehler


def kreis_anlegen(args: argparse.Namespace) -> int:
    try:
        e = anlegen(args.ags, args.output, ueberschreiben=args.force)
    except KatalogFehler as exc:
        sys.stderr.write("Fehler: nichts geschrieben.\n" + "".join(f"- {f}\n" for f in exc.fehler))
        return 2
    k = e.katalog
    ebenen = Counter(g.ebene for g in k.gebiete.values())
    print(f"Katalog für {k.kreis.name} (AGS {k.kreis.code}, {e.kreis.land}) angelegt: {e.verzeichnis}")
    print(
        f"{ebenen['gemeinde']} Gemeinden in {ebenen['verband']} Verbänden, {len(k.indikatoren)} Indikatoren, "
        f"{len(k.datensaetze)} Datensätze."
    )
    if e.weggelassen:
        print(f"Nicht übernommen (zählen Projekte des Standardkreises): {', '.join(e.weggelassen)}")
    print(f"Weiter mit: IMON_CATALOG_DIR={e.verzeichnis} imon indicators (oder imon serve)")
    return 0

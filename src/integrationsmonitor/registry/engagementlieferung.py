"""The Amt publishes the initiatives' figures of a year at once (`imon engagement-deliver --year Y`).

The initiatives' reports are collected (store.sammlung); publishing merges them into the year's delivery of
`engagement_kennzahlen` (sums formed and protected by store.beitragende) and delivers the number of
initiatives with volunteers as `engagement_initiativen`: a count of organisations, public anyway through
/mitmachen/, so it is no cell of the protected table (docs/geheimhaltung.md, section 8).
"""

from __future__ import annotations

from integrationsmonitor.catalog.model import Katalog
from integrationsmonitor.store import beitragende, sammlung
from integrationsmonitor.store.ingest import Lieferergebnis, liefere

KENNZAHLEN = "engagement_kennzahlen"
INITIATIVEN = "engagement_initiativen"
VON = "ehrenamtliche"  # an initiative counts for engagement_initiativen if it reports volunteers


def anzahl_mit_ehrenamtlichen(fein: beitragende.Fein) -> int:
    return len({org for (_g, org, kennzahl), wert in fein.items() if kennzahl == VON and wert > 0})


def initiativen_datei(kreis: str, jahr: str, anzahl: int) -> bytes:
    return (
        f"gebiet;zeitraum;zaehlung;wert;kennzeichen\n{kreis};{jahr};mit_ehrenamtlichen;{anzahl};\n".encode()
    )


def veroeffentliche_jahr(k: Katalog, jahr: int, benutzer: str) -> list[Lieferergebnis]:
    """Publish the year: the figures (refused if the new version would show an initiative's figures), then
    the count of initiatives with volunteers read from the published figures."""
    ds = k.datensaetze[KENNZAHLEN]
    ergebnis = sammlung.veroeffentliche(k, ds, str(jahr), benutzer)
    if not ergebnis.angenommen or ergebnis.lieferung is None:
        return [ergebnis]
    anzahl = anzahl_mit_ehrenamtlichen(beitragende.fein_aus_lieferung(ds, ergebnis.lieferung))
    zahl = liefere(
        katalog=k,
        daten=initiativen_datei(k.kreis.code, str(jahr), anzahl),
        datei_name=f"{INITIATIVEN}_{jahr}.csv",
        datensatz=INITIATIVEN,
        zeitraum=str(jahr),
        benutzer=benutzer,
    )
    return [ergebnis, zahl]

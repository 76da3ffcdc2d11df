"""A provider delivers its own project figures — and only those — into a dataset all providers share.

Datasets such as `projektkennzahlen` hold every provider's projects in one delivery per period, and a new
delivery replaces the active one. So a provider's upload is checked (every row names one of its own
projects: the catalogue's code list gives each project code its provider's Kurzname in the attribute
`traeger`; no total over projects) and then merged with the other providers' cells of the active delivery,
which stay as they were. The merged file goes through `store.ingest.liefere`, the only writer.
"""

from __future__ import annotations

import csv
import hashlib
import io

from integrationsmonitor.catalog import zeitraum as zr
from integrationsmonitor.catalog.model import TOTAL, Datensatz, Katalog
from integrationsmonitor.formats.delivery_csv import Zeile, lies_lieferung
from integrationsmonitor.formats.errors import FormatFehler
from integrationsmonitor.store.ingest import TRENNER, Lieferergebnis, liefere
from integrationsmonitor.store.models import Lieferung
from integrationsmonitor.store.validation import MAX_PROBLEME

from .models import Traeger

ATTRIBUT = "traeger"


def eigentums_merkmal(katalog: Katalog, ds: Datensatz) -> str | None:
    """The dimension whose codes belong to providers (code list with `traeger` attributes), if any."""
    for merkmal, liste_id in ds.merkmale.items():
        if any(ATTRIBUT in c.attribute for c in katalog.codelisten[liste_id].codes.values()):
            return merkmal
    return None


def eigene_codes(katalog: Katalog, ds: Datensatz, traeger: Traeger) -> frozenset[str]:
    merkmal = eigentums_merkmal(katalog, ds)
    if merkmal is None:
        return frozenset()
    liste = katalog.codelisten[ds.merkmale[merkmal]]
    return frozenset(c.code for c in liste.codes.values() if c.attribute.get(ATTRIBUT) == traeger.kurzname)


def liefere_als_traeger(
    *,
    katalog: Katalog,
    traeger: Traeger,
    daten: bytes,
    datei_name: str,
    datensatz: str,
    zeitraum: str,
    benutzer: str,
    nur_pruefen: bool = False,
) -> Lieferergebnis:
    """Check that every row is one of the provider's projects, keep the others' cells, deliver (with
    `nur_pruefen`: check only, see `liefere`)."""
    ds = katalog.datensaetze.get(datensatz)
    merkmal = eigentums_merkmal(katalog, ds) if ds else None
    if ds is None or merkmal is None:
        return Lieferergebnis(False, [f"den Datensatz {datensatz} liefern Träger nicht selbst"])
    eigene = eigene_codes(katalog, ds, traeger)
    try:
        zeitraum = zr.normalisiere(zeitraum, ds.zeitraum)
        tabelle = lies_lieferung(daten, datei_name)
    except (ValueError, FormatFehler) as exc:
        return Lieferergebnis(False, [str(exc)])
    probleme, anzahl = [], 0  # the first MAX_PROBLEME, then how many more (as liefere does)
    for z in tabelle.zeilen:
        if z.felder.get(merkmal) in eigene:
            continue
        anzahl += 1
        if anzahl > MAX_PROBLEME:
            continue
        probleme.append(
            f"{datei_name}, Zeile {z.nr}, Spalte ‚{merkmal}‘: "
            + (
                f"‚{TOTAL}‘ (Summe über alle Projekte) liefert nur das Amt"
                if z.felder.get(merkmal) == TOTAL
                else f"‚{z.felder.get(merkmal, '')}‘ ist kein Projekt von {traeger.name}"
                f" (eigene Projekte: {', '.join(sorted(eigene)) or 'keine'})"
            )
        )
    if anzahl > MAX_PROBLEME:
        probleme.append(f"{datei_name}: … und {anzahl - MAX_PROBLEME} weitere Probleme")
    if probleme:
        return Lieferergebnis(False, probleme)
    return liefere(
        katalog=katalog,
        daten=_zusammengefuehrt(ds, zeitraum, tabelle.zeilen, merkmal, eigene),
        datei_name=datei_name,
        datensatz=datensatz,
        zeitraum=zeitraum,
        benutzer=benutzer,
        quell_hash=hashlib.sha256(daten).hexdigest(),
        nur_pruefen=nur_pruefen,
    )


def _zusammengefuehrt(
    ds: Datensatz, zeitraum: str, zeilen: tuple[Zeile, ...], merkmal: str, eigene: frozenset[str]
) -> bytes:
    """The upload's rows plus the active delivery's cells of every other provider's projects."""
    kopf = ["gebiet", "zeitraum", *ds.merkmale, "wert", "kennzeichen"]
    puffer = io.StringIO()
    w = csv.writer(puffer, delimiter=";", lineterminator="\n")
    w.writerow(kopf)
    for z in zeilen:
        w.writerow([z.felder.get(s, "") if s != "zeitraum" else zeitraum for s in kopf])
    aktiv = Lieferung.objects.filter(
        datensatz=ds.id, zeitraum=zeitraum, status=Lieferung.Status.AKTIV
    ).first()
    if aktiv is not None:
        stelle = list(ds.merkmale).index(merkmal)
        for b in aktiv.beobachtungen.order_by("id"):
            codes = b.merkmale.split(TRENNER)
            if codes[stelle] not in eigene:
                wert = "" if b.wert is None else f"{b.wert:g}"
                w.writerow([b.gebiet, zeitraum, *codes, wert, b.kennzeichen])
    return puffer.getvalue().encode("utf-8")

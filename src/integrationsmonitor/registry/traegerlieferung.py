"""A provider delivers its own project figures — and only those — into a dataset all providers share.

Datasets such as `projektkennzahlen` hold every provider's projects in one delivery per period, and a new
delivery replaces the active one. So a provider's upload is checked (every row names one of its own
projects: the catalogue's code list gives each project code its provider's Kurzname in the attribute
`traeger`; no total over projects) and then merged with the other providers' cells of the active delivery,
which stay as they were. The merged file goes through `store.ingest.liefere`, the only writer.

Initiatives report into `engagement_kennzahlen` (issue 13): there the code list gives each initiative code
the initiative's Kurzname in the attribute `initiative` and its Gemeinde in `gemeinde`. An initiative
uploads only its own fine cells in its own Gemeinde, and they are not delivered: a dataset with
`mindestens_beitragende` collects the reports (`store.sammlung`) until the Amt publishes the year at once
(`imon engagement-deliver`), so that no public version differs from the one before by one initiative's
figures (docs/geheimhaltung.md section 8).
"""

from __future__ import annotations

import csv
import hashlib
import io
from typing import Protocol

from integrationsmonitor.catalog import bezeichnungen as bz
from integrationsmonitor.catalog import zeitraum as zr
from integrationsmonitor.catalog.model import TOTAL, Datensatz, Katalog
from integrationsmonitor.formats.delivery_csv import Zeile, lies_lieferung
from integrationsmonitor.formats.errors import FormatFehler
from integrationsmonitor.store import beitragende, sammlung
from integrationsmonitor.store.ingest import TRENNER, Lieferergebnis, liefere
from integrationsmonitor.store.models import Lieferung
from integrationsmonitor.store.validation import MAX_PROBLEME

ATTRIBUT = "traeger"
INITIATIVE = "initiative"  # the attribute of codes that belong to an initiative (registry.engagement)
GEMEINDE = "gemeinde"  # a code's Gemeinde: its cells may only be delivered there

# per owner attribute, for the messages: a foreign code, the sum over all codes, who delivers the dataset
_WORTE = {
    ATTRIBUT: (
        "‚{code}‘ ist kein Projekt von {name} (eigene Projekte: {eigene})",
        "Summe über alle Projekte) liefert nur das Amt",
        "Träger",
    ),
    INITIATIVE: (
        "‚{code}‘ ist nicht der Code von {name} (eigener Code: {eigene})",
        "Summe über alle Initiativen) bildet die Plattform",
        "Initiativen",
    ),
}


class Eigentuemer(Protocol):
    """A provider (registry.Traeger) or an initiative (registry.engagement.Initiative)."""

    name: str
    kurzname: str


def eigentums_merkmal(katalog: Katalog, ds: Datensatz, attribut: str = ATTRIBUT) -> str | None:
    """The dimension whose codes belong to providers (code list with `traeger` attributes), or with
    `attribut="initiative"` to initiatives, if any."""
    for merkmal, liste_id in ds.merkmale.items():
        if any(attribut in c.attribute for c in katalog.codelisten[liste_id].codes.values()):
            return merkmal
    return None


def eigene_codes(
    katalog: Katalog, ds: Datensatz, traeger: Eigentuemer, attribut: str = ATTRIBUT
) -> frozenset[str]:
    merkmal = eigentums_merkmal(katalog, ds, attribut)
    if merkmal is None:
        return frozenset()
    liste = katalog.codelisten[ds.merkmale[merkmal]]
    return frozenset(c.code for c in liste.codes.values() if c.attribute.get(attribut) == traeger.kurzname)


def liefere_als_traeger(
    *,
    katalog: Katalog,
    traeger: Eigentuemer,
    daten: bytes,
    datei_name: str,
    datensatz: str,
    zeitraum: str,
    benutzer: str,
    nur_pruefen: bool = False,
    attribut: str = ATTRIBUT,
) -> Lieferergebnis:
    """Check that every row is one of the provider's projects (with `attribut="initiative"`: the
    initiative's own cells in its Gemeinde), keep the others' cells, deliver (with `nur_pruefen`: check
    only, see `liefere`). A dataset of figures of organisations is not delivered: the report is collected
    (`store.sammlung`; the result says `gesammelt`)."""
    fremd, summe, lieferanten = _WORTE[attribut]
    ds = katalog.datensaetze.get(datensatz)
    merkmal = eigentums_merkmal(katalog, ds, attribut) if ds else None
    if ds is None or merkmal is None:
        return Lieferergebnis(False, [f"den Datensatz {datensatz} liefern {lieferanten} nicht selbst"])
    eigene = eigene_codes(katalog, ds, traeger, attribut)
    liste = katalog.codelisten[ds.merkmale[merkmal]]
    try:
        zeitraum = zr.normalisiere(zeitraum, ds.zeitraum)
        tabelle = lies_lieferung(daten, datei_name)
    except (ValueError, FormatFehler) as exc:
        return Lieferergebnis(False, [str(exc)])
    probleme, anzahl = [], 0  # the first MAX_PROBLEME, then how many more (as liefere does)
    gesehen: dict[tuple[str, ...], int] = {}
    for z in tabelle.zeilen:
        code = z.felder.get(merkmal, "")
        ort = liste.codes[code].attribute.get(GEMEINDE) if code in eigene else None
        wert = z.felder.get("wert", "").strip()
        schluessel = tuple(z.felder.get(m, "") for m in ("gebiet", *ds.merkmale))
        if code == TOTAL:
            fehler = f"Spalte ‚{merkmal}‘: ‚{TOTAL}‘ ({summe}"
        elif code not in eigene:
            fehler = f"Spalte ‚{merkmal}‘: " + fremd.format(
                code=code, name=traeger.name, eigene=", ".join(sorted(eigene)) or "keine"
            )
        elif ort is not None and z.felder.get("gebiet") != ort:
            fehler = f"Spalte ‚gebiet‘: ‚{z.felder.get('gebiet', '')}‘ – {traeger.name} liefert nur für {ort}"
        elif ds.summierbar and z.felder.get("gebiet", "") not in katalog.gebiete:
            fehler = f"Spalte ‚gebiet‘: ‚{z.felder.get('gebiet', '')}‘ ist kein Gebiet {bz.des_kreises(katalog.kreis.typ)}"
        elif ds.summierbar and (falsch := _fremdes_merkmal(katalog, ds, merkmal, z)):
            fehler = falsch
        elif ds.summierbar and not (wert.isdigit() and wert.isascii()):
            fehler = f"Spalte ‚wert‘: ‚{wert}‘ ist keine ganze Zahl ≥ 0"
        elif ds.summierbar and schluessel in gesehen:
            fehler = f"dieselbe Zelle wie Zeile {gesehen[schluessel]}"
        else:
            gesehen[schluessel] = z.nr
            continue
        anzahl += 1
        if anzahl <= MAX_PROBLEME:
            probleme.append(f"{datei_name}, Zeile {z.nr}, {fehler}")
    if anzahl > MAX_PROBLEME:
        probleme.append(f"{datei_name}: … und {anzahl - MAX_PROBLEME} weitere Probleme")
    if probleme:
        return Lieferergebnis(False, probleme)
    if beitragende.gilt(ds):
        fein = {
            (z.felder["gebiet"], z.felder[merkmal], z.felder[m]): int(z.felder["wert"].strip())
            for z in tabelle.zeilen
            for m in ds.merkmale
            if m != merkmal
        }
        if nur_pruefen:
            return Lieferergebnis(True, gesammelt=zeitraum)
        return sammlung.sammle(
            ds=ds, zeitraum=zeitraum, eigentuemer=traeger.kurzname, fein=fein, benutzer=benutzer
        )
    zusammen = _zusammengefuehrt(ds, zeitraum, tabelle.zeilen, merkmal, eigene)
    return liefere(
        katalog=katalog,
        daten=zusammen,
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


def _fremdes_merkmal(katalog: Katalog, ds: Datensatz, merkmal: str, z: Zeile) -> str:
    """The problem of a row whose code of another dimension (e.g. `kennzahl`) is not in its code list."""
    for m, liste_id in ds.merkmale.items():
        codes = katalog.codelisten[liste_id].codes
        if m != merkmal and z.felder.get(m, "") not in codes:
            return f"Spalte ‚{m}‘: ‚{z.felder.get(m, '')}‘ ist kein Code (erlaubt: {', '.join(codes)})"
    return ""

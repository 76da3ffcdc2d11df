"""FactSheet issues: create and archive them, rebuild them from their delivery versions, say what changed.

An issue records the ids of the delivery versions it read. Rebuilding it reads exactly those versions
(store.selectors.DbQuelle with `stand`), so an old issue keeps its numbers after later corrections;
`aenderungen_seit` compares it with today's active deliveries.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from integrationsmonitor.catalog import zeitraum as zr
from integrationsmonitor.catalog.model import Katalog
from integrationsmonitor.indicators.engine import indikator_wert
from integrationsmonitor.publish import formatting as fmt
from integrationsmonitor.store.models import Lieferung
from integrationsmonitor.store.selectors import DbQuelle

from .bericht import Bericht, baue_bericht
from .factsheet import FactSheet, baue_factsheet, normalisiere_ausgabe, quartal_ende
from .models import Berichtstext, FactSheetAusgabe
from .pdf import STANDARD_LOGO, kompiliere


class FactSheetFehler(Exception):
    """A FactSheet or report cannot be made; the message says why, in German."""


@dataclass(frozen=True)
class Aenderungen:
    """What changed since an issue: corrected or added deliveries, and key figures that differ now."""

    lieferungen: list[str] = field(default_factory=list)
    kennzahlen: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.lieferungen or self.kennzahlen)


def _logo() -> Path:
    return Path(settings.IMON_LOGO) if settings.IMON_LOGO else STANDARD_LOGO


def _factsheet_kompilieren(fs: FactSheet, zeitpunkt: datetime, **format_: Any) -> bytes | list[bytes]:
    return kompiliere(
        "factsheet",
        fs.als_dict(),
        bilder=fs.bilder(),
        zeitpunkt=zeitpunkt,
        logo=_logo(),
        **format_,
    )


def factsheet_pdf(fs: FactSheet, zeitpunkt: datetime) -> bytes:
    pdf = _factsheet_kompilieren(fs, zeitpunkt)
    assert isinstance(pdf, bytes)
    return pdf


def factsheet_png(fs: FactSheet, zeitpunkt: datetime, ppi: float = 50) -> list[bytes]:
    seiten = _factsheet_kompilieren(fs, zeitpunkt, format="png", ppi=ppi)
    assert isinstance(seiten, list)
    return seiten


def erstelle_factsheet(
    katalog: Katalog, zeitraum: str, *, benutzer: str, neue_auflage: bool = False
) -> tuple[FactSheetAusgabe, bool]:
    """The archived issue of a quarter, created from today's active deliveries if there is none yet
    (or, with `neue_auflage`, as the next edition). Returns (issue, created)."""
    zeitraum = normalisiere_ausgabe(zeitraum)
    vorhanden = FactSheetAusgabe.objects.filter(zeitraum=zeitraum).order_by("-auflage").first()
    if vorhanden is not None and not neue_auflage:
        return vorhanden, False
    quelle = DbQuelle(katalog)
    kommentar = vorhanden.kommentar if vorhanden is not None else ""  # a new edition keeps the commentary
    fs = baue_factsheet(katalog, quelle, zeitraum, quelle.eingang, kommentar=kommentar)
    if not fs.kennzahlen and not fs.abbildungen:
        raise FactSheetFehler(
            f"für {fmt.periode(zeitraum)} gibt es keine Lieferungen mit Stichtag bis {fs.stichtag}:"
            " das FactSheet wäre leer"
        )
    jetzt = timezone.now().replace(microsecond=0)
    pdf = factsheet_pdf(fs, jetzt)
    try:
        ausgabe = _archiviere(zeitraum, jetzt, benutzer, fs, pdf, quelle.benutzt)
    except IntegrityError:  # someone archived the same edition a moment ago: that one is the issue
        neueste = FactSheetAusgabe.objects.filter(zeitraum=zeitraum).order_by("-auflage").first()
        if neueste is None:
            raise
        return neueste, False
    return ausgabe, True


def _archiviere(
    zeitraum: str, jetzt: datetime, benutzer: str, fs: FactSheet, pdf: bytes, benutzt: set[int]
) -> FactSheetAusgabe:
    with transaction.atomic():
        auflage = (
            FactSheetAusgabe.objects.filter(zeitraum=zeitraum).aggregate(m=Max("auflage"))["m"] or 0
        ) + 1
        ausgabe = FactSheetAusgabe.objects.create(
            zeitraum=zeitraum,
            auflage=auflage,
            erstellt_am=jetzt,
            erstellt_von=benutzer[:150],
            inhalt=fs.als_dict(),
            kommentar="\n\n".join(fs.kommentar),
            pdf=pdf,
            pdf_sha256=hashlib.sha256(pdf).hexdigest(),
        )
        ausgabe.lieferungen.set(sorted(benutzt))
    return ausgabe


def factsheet_der_ausgabe(katalog: Katalog, ausgabe: FactSheetAusgabe) -> FactSheet:
    """The issue rebuilt from exactly the delivery versions it used."""
    quelle = DbQuelle(katalog, stand=ausgabe.lieferungen.values_list("id", flat=True))
    return baue_factsheet(katalog, quelle, ausgabe.zeitraum, quelle.eingang, kommentar=ausgabe.kommentar)


def setze_factsheet_kommentar(katalog: Katalog, ausgabe: FactSheetAusgabe, kommentar: str) -> None:
    """Store an issue's commentary and rebuild its PDF from the same delivery versions and date."""
    ausgabe.kommentar = kommentar.strip()
    fs = factsheet_der_ausgabe(katalog, ausgabe)
    pdf = factsheet_pdf(fs, ausgabe.erstellt_am)
    ausgabe.inhalt, ausgabe.pdf, ausgabe.pdf_sha256 = fs.als_dict(), pdf, hashlib.sha256(pdf).hexdigest()
    ausgabe.save(update_fields=["kommentar", "inhalt", "pdf", "pdf_sha256"])


def _name(katalog: Katalog, lf: Lieferung) -> str:
    ds = katalog.datensaetze.get(lf.datensatz)
    return f"{ds.name if ds else lf.datensatz} {fmt.periode(lf.zeitraum)}"


def aenderungen_seit(katalog: Katalog, ausgabe: FactSheetAusgabe) -> Aenderungen:
    """Deliveries corrected or added since the issue, and key figures that would differ today."""
    benutzt = {lf.id: lf for lf in ausgabe.lieferungen.all()}
    datensaetze = {lf.datensatz for lf in benutzt.values()}
    ende = quartal_ende(ausgabe.zeitraum)
    texte = []
    for lf in sorted(benutzt.values(), key=lambda x: (x.datensatz, x.zeitraum)):
        if lf.status == Lieferung.Status.ERSETZT:
            neu = Lieferung.objects.filter(
                datensatz=lf.datensatz, zeitraum=lf.zeitraum, status=Lieferung.Status.AKTIV
            ).first()
            wann = f" am {fmt.datum(neu.eingegangen_am)}" if neu else ""
            texte.append(f"{_name(katalog, lf)}: Lieferung vom {fmt.datum(lf.eingegangen_am)} ersetzt{wann}")
    genutzt = {(b.datensatz, b.zeitraum) for b in benutzt.values()}
    for lf in Lieferung.objects.filter(
        status=Lieferung.Status.AKTIV, datensatz__in=datensaetze, eingegangen_am__gt=ausgabe.erstellt_am
    ).exclude(id__in=benutzt):
        if zr.stichtag(lf.zeitraum) <= ende and (lf.datensatz, lf.zeitraum) not in genutzt:
            texte.append(f"{_name(katalog, lf)}: neu geliefert am {fmt.datum(lf.eingegangen_am)}")
    if not texte:
        return Aenderungen()
    quelle = DbQuelle(katalog)
    heute = {k.id: k for k in baue_factsheet(katalog, quelle, ausgabe.zeitraum).kennzahlen}
    kennzahlen = []
    for alt in ausgabe.inhalt.get("kennzahlen", []):
        neu_k = heute.get(alt["id"])
        if neu_k is not None and (neu_k.wert, neu_k.periode) != (alt["wert"], alt["periode"]):
            kennzahlen.append(
                f"{alt['titel']}: {alt['wert']} ({alt['periode']}) → heute {neu_k.wert} ({neu_k.periode})"
            )
    return Aenderungen(texte, kennzahlen)


def berichtstexte(jahr: int) -> dict[str, str]:
    """The Verwaltung's texts of a report year: "vorwort" and Handlungsfeld id → plain text."""
    return dict(Berichtstext.objects.filter(jahr=jahr).values_list("abschnitt", "text"))


def speichere_berichtstexte(jahr: int, texte: Mapping[str, str], *, benutzer: str) -> int:
    """Store the texts of a report year (an empty text deletes its entry); returns how many changed."""
    geaendert = 0
    with transaction.atomic():
        vorhanden = {t.abschnitt: t for t in Berichtstext.objects.select_for_update().filter(jahr=jahr)}
        for abschnitt, text in texte.items():
            text = text.strip()
            alt = vorhanden.get(abschnitt)
            if alt is not None and not text:
                alt.delete()
            elif alt is None and text:
                Berichtstext.objects.create(
                    jahr=jahr, abschnitt=abschnitt, text=text, geaendert_von=benutzer[:150]
                )
            elif alt is not None and alt.text != text:
                alt.text, alt.geaendert_am, alt.geaendert_von = text, timezone.now(), benutzer[:150]
                alt.save()
            else:
                continue
            geaendert += 1
    return geaendert


def _datenstand_bis(jahr: int) -> str:
    """When the newest active delivery with a period up to the year's end arrived."""
    ende = date(jahr, 12, 31)
    neueste = None
    for zeitraum, eingang in Lieferung.objects.filter(status=Lieferung.Status.AKTIV).values_list(
        "zeitraum", "eingegangen_am"
    ):
        try:
            if zr.stichtag(zeitraum) <= ende and (neueste is None or eingang > neueste):
                neueste = eingang
        except ValueError:
            continue
    return f"Lieferungen eingegangen bis {fmt.datum(neueste)}" if neueste else ""


def bericht(katalog: Katalog, jahr: int) -> Bericht:
    """The annual report of `jahr` from today's active deliveries, with the Verwaltung's texts."""
    quelle = DbQuelle(katalog)
    b = baue_bericht(
        katalog,
        quelle,
        jahr,
        quelle.eingang,
        texte=berichtstexte(jahr),
        datenstand=_datenstand_bis(jahr),
        erstellt=fmt.datum(timezone.localdate()),
    )
    if not any(e.abbildung for k in b.kapitel for e in k.eintraege):
        raise FactSheetFehler(f"für {jahr} und früher gibt es keine Lieferungen: der Bericht wäre leer")
    return b


def bericht_pdf(b: Bericht, zeitpunkt: datetime | None = None) -> bytes:
    pdf = kompiliere(
        "bericht",
        b.als_dict(),
        bilder=b.bilder(),
        zeitpunkt=zeitpunkt or timezone.now().replace(microsecond=0),
        logo=_logo(),
    )
    assert isinstance(pdf, bytes)
    return pdf


def bericht_html(b: Bericht) -> str:
    """The report as one self-contained HTML file (styles inline, charts as inline SVG)."""
    from django.contrib.staticfiles import finders
    from django.template.loader import render_to_string

    css_pfad = finders.find("web/site.css")
    css = Path(str(css_pfad)).read_text(encoding="utf-8") if css_pfad else ""
    return render_to_string("web/bericht_datei.html", {"bericht": b, "css": css})


# The platform's own course register (registry.kurse): it delivers courses planned up to years ahead.
KURSREGISTER = "kursregister"


def berichtsjahre(katalog: Katalog, anzahl: int = 3) -> list[int]:
    """The newest years with data (newest first): the reports the site offers.

    A year has data when at least one indicator has a value at the Kreis for it, not counting indicators
    of the course register: its yearly deliveries come from courses planned ahead (2026, 2027), and a
    year of courses alone would be a report of empty chapters."""
    quelle = DbQuelle(katalog)
    aktiv = Lieferung.objects.filter(status=Lieferung.Status.AKTIV).values_list("datensatz", "zeitraum")
    geliefert: dict[str, set[str]] = {}
    for datensatz, zeitraum in aktiv:
        ds = katalog.datensaetze.get(datensatz)
        if zeitraum.isdigit() and ds is not None and ds.lieferant != KURSREGISTER:
            geliefert.setdefault(zeitraum, set()).add(datensatz)
    jahre: list[int] = []
    for zeitraum in sorted(geliefert, reverse=True):
        inds = [i for i in katalog.indikatoren.values() if i.zaehler.datensatz in geliefert[zeitraum]]
        if any(
            indikator_wert(katalog, quelle, i, katalog.kreis.code, zeitraum).value is not None for i in inds
        ):
            jahre.append(int(zeitraum))
            if len(jahre) == anzahl:
                break
    return jahre

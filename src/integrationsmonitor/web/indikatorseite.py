"""View data of the page of one indicator: series, chart, table, Gemeinden, definition, provenance (read only)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from integrationsmonitor.catalog import bezeichnungen as bz
from integrationsmonitor.catalog.model import Aufschluesselung, Gebiet, Indikator, Katalog, Reihenbruch
from integrationsmonitor.indicators import engine
from integrationsmonitor.indicators.model import SeriesRow
from integrationsmonitor.publish import charts
from integrationsmonitor.publish import formatting as fmt
from integrationsmonitor.publish import karte as pk

from .anzeige import (
    aufschluesselung_titel,
    einheit_wort,
    handlungsfeld_titel,
    richtung_wort,
    sortierschluessel,
)
from .ausstehend import bis_stand, hinweise
from .herkunft import Quelle, lieferant_name, quellen
from .karte import Karte, karten, kreisart, verbaende_titel
from .tabelle import Tabelle, reihen_tabelle
from .vergleich import Diagramm, Vergleich, diagramm, gemeindevergleich
from .ziele import Zielbereich, zielbereich

Option = tuple[str, str]  # (value, label)


@dataclass(frozen=True)
class Auswahl:
    """The validated query: region, breakdown and period, with a message for every ignored parameter.

    `zeitraum` is the chosen period (None: the newest); the page shows the series up to it and the
    Gemeinden for it (or the newest period before it with an answer)."""

    gebiet: Gebiet
    nach: Aufschluesselung | None
    hinweise: list[str] = field(default_factory=list)
    zeitraum: str | None = None


@dataclass(frozen=True)
class IndikatorSeite:
    indikator: Indikator
    handlungsfeld: str
    auswahl: Auswahl
    gebiet_optionen: list[tuple[str, list[Option]]]  # option groups
    nach_optionen: list[Option]
    nach_titel: str
    tabelle: Tabelle
    diagramm: Diagramm | None
    vergleich: Vergleich
    quellen: list[Quelle]
    einheit: str
    richtung: str
    lieferant: str  # source office of the numerator
    ziele: Zielbereich | None = None  # None: the indicator has no targets
    karten: list[Karte] = field(default_factory=list)  # Gemeinden (and Ämter) for the comparison's period
    zeitraum_optionen: list[Option] = field(default_factory=list)  # newest first
    stand: str | None = None  # the period the permalink keeps: the chosen one, else the newest shown
    ausstehend: list[str] = field(default_factory=list)  # newer periods waiting for a delivery


def _gebiete(katalog: Katalog, ind: Indikator) -> list[tuple[str, list[Option]]]:
    ebenen = katalog.datensaetze[ind.zaehler.datensatz].ebenen
    if len(katalog.gebiete_der_ebene("gemeinde")) < 2:
        ebenen = ("kreis",)  # a kreisfreie Stadt is its one Gemeinde (and Verband): nothing else to choose
    gruppen = [
        ("kreis", kreisart(katalog)),
        ("verband", verbaende_titel(katalog)),
        ("gemeinde", _("Gemeinden")),
    ]
    return [
        (
            titel,
            [
                (g.code, g.name)
                for g in sorted(katalog.gebiete_der_ebene(e), key=lambda g: sortierschluessel(g.name))
            ],
        )
        for e, titel in gruppen
        if e in ebenen
    ]


def auswahl(
    katalog: Katalog,
    ind: Indikator,
    nach: str | None,
    gebiet: str | None,
    zeitraum: str | None = None,
    perioden: list[str] | None = None,
) -> Auswahl:
    """Validate the query; `perioden` are the periods with a delivery (a `zeitraum` must be one of them)."""
    hinweise = []
    region = katalog.kreis
    ebenen = katalog.datensaetze[ind.zaehler.datensatz].ebenen
    if gebiet:
        g = katalog.gebiete.get(gebiet)
        if g is None or g.ebene not in ebenen:
            art = bz.kreisart(katalog.kreis.typ)
            if art == "stadt":
                text = _("Das Gebiet „%(code)s“ gibt es für diesen Indikator nicht; gezeigt wird die Stadt.")
            elif art == "kreis":
                text = _("Das Gebiet „%(code)s“ gibt es für diesen Indikator nicht; gezeigt wird der Kreis.")
            else:
                text = _(
                    "Das Gebiet „%(code)s“ gibt es für diesen Indikator nicht; gezeigt wird der Landkreis."
                )
            hinweise.append(text % {"code": gebiet})
        else:
            region = g
    a = ind.aufschluesselung(nach) if nach else None
    if nach and a is None:
        hinweise.append(
            _("Eine Aufschlüsselung „%(nach)s“ gibt es für diesen Indikator nicht.") % {"nach": nach}
        )
    if a is None:
        a = ind.standard_aufschluesselung
    gewaehlt = None
    if zeitraum:
        if zeitraum in (perioden or []):
            gewaehlt = zeitraum
        else:
            hinweise.append(
                _(
                    "Den Zeitraum „%(zeitraum)s“ gibt es für diesen Indikator nicht; gezeigt wird der neueste Stand."
                )
                % {"zeitraum": zeitraum}
            )
    return Auswahl(region, a, hinweise, gewaehlt)


def parameter(seite: IndikatorSeite) -> dict[str, str]:
    """The query of the permalink: region, breakdown and period of what the page shows."""
    wahl = seite.auswahl
    out = {"gebiet": wahl.gebiet.code}
    if wahl.nach is not None:
        out["nach"] = wahl.nach.name
    if seite.stand:
        out["zeitraum"] = seite.stand
    return out


def _diagramm(
    ind: Indikator,
    a: Aufschluesselung | None,
    rows: list[SeriesRow],
    titel: str,
    namen: dict[str, str],
    nach_titel: str,
    ziele: dict[str, float],
    brueche: tuple[Reihenbruch, ...] = (),
) -> Diagramm | None:
    if not any(r.value is not None for r in rows):
        return None
    if a is not None and a.top:
        letzte = max(r.period for r in rows)
        items = [(namen.get(r.category or "", r.category or ""), r.value) for r in rows if r.period == letzte]
        titel = f"{titel}, {fmt.periode(letzte)}"
        return diagramm(charts.balken_kategorien(items, titel=titel, einheit=ind.einheit))
    spec = charts.zeitreihe(
        rows,
        titel=titel,
        einheit=ind.einheit,
        kategorie_titel=nach_titel or None,
        kategorie_namen=namen,
        ziele=sorted(ziele.items()),
        brueche=brueche,
    )
    return diagramm(spec)


def _zielwerte(katalog: Katalog, ind: Indikator, gebiet: str, a: Aufschluesselung | None) -> dict[str, float]:
    """Period → target for chart and table: yearly series of the region without breakdown only."""
    if a is not None or katalog.datensaetze[ind.zaehler.datensatz].zeitraum != "jahr":
        return {}
    return {str(z.jahr): z.wert for z in ind.ziele_fuer(gebiet)}


def indikatorseite(
    katalog: Katalog,
    quelle: engine.Quelle,
    ind: Indikator,
    nach: str | None = None,
    gebiet: str | None = None,
    zeitraum: str | None = None,
) -> IndikatorSeite:
    alle_perioden = engine.zeitraeume(quelle, ind)
    wahl = auswahl(katalog, ind, nach, gebiet, zeitraum, alle_perioden)
    perioden = alle_perioden
    if wahl.zeitraum is not None:  # the page as it was for the chosen period
        perioden = alle_perioden[: alle_perioden.index(wahl.zeitraum) + 1]
    a = wahl.nach
    kategorien = engine.kategorien(katalog, quelle, ind, a, wahl.gebiet.code, perioden) if a else []
    namen = {k.code: k.name for k in kategorien}
    if a is not None and perioden and not kategorien:
        wahl.hinweise.append(
            _("Die Lieferungen enthalten keine Werte nach %(nach)s.")
            % {"nach": aufschluesselung_titel(katalog, ind, a)}
        )
    if "gemeinde" in katalog.datensaetze[ind.zaehler.datensatz].ebenen and pk.kartenfehler(
        katalog.kreis.code, katalog.quelle
    ):  # the map file broke after the catalogue was loaded (the loader refuses a broken one)
        wahl.hinweise.append(
            _(
                "Die Karte kann derzeit nicht gezeigt werden (Kartendatei fehlerhaft); die Werte stehen in den Tabellen."
            )
        )
    rows, wartend = bis_stand(  # chart and table end at the newest period with a value
        engine.reihe(
            katalog, quelle, ind.id, gebiet=wahl.gebiet.code, nach=a.name if a else None, perioden=perioden
        )
    )
    nach_titel = aufschluesselung_titel(katalog, ind, a) if a else ""
    zielwerte = _zielwerte(katalog, ind, wahl.gebiet.code, a)
    gesamt = rows  # the status compares the total, also while a breakdown is shown
    if a is not None and ind.ziele_fuer(wahl.gebiet.code):
        gesamt, _wartend = bis_stand(
            engine.reihe(katalog, quelle, ind.id, gebiet=wahl.gebiet.code, perioden=perioden)
        )
    titel = f"{ind.name}, {wahl.gebiet.name}"
    beschriftung = _("%(titel)s, nach %(nach)s") % {"titel": titel, "nach": nach_titel} if a else titel
    optionen = [] if ind.pflicht_aufschluesselung else [("", _("insgesamt"))]
    optionen += [(x.name, aufschluesselung_titel(katalog, ind, x)) for x in ind.aufschluesselungen]
    return IndikatorSeite(
        indikator=ind,
        handlungsfeld=handlungsfeld_titel(katalog.handlungsfelder[ind.handlungsfeld]),
        auswahl=wahl,
        gebiet_optionen=_gebiete(katalog, ind),
        nach_optionen=optionen,
        nach_titel=nach_titel,
        tabelle=reihen_tabelle(
            rows,
            beschriftung=beschriftung,
            einheit=ind.einheit,
            kategorien=[(k.code, k.name) for k in kategorien],
            mit_bruch=ind.nenner is not None and a is None,
            ziele=zielwerte,
        ),
        diagramm=_diagramm(ind, a, rows, titel, namen, nach_titel, zielwerte, katalog.reihenbrueche(ind)),
        vergleich=gemeindevergleich(katalog, quelle, ind, perioden),
        quellen=quellen(katalog, ind),
        einheit=einheit_wort(ind.einheit),
        richtung=richtung_wort(ind.richtung),
        lieferant=lieferant_name(katalog, katalog.datensaetze[ind.zaehler.datensatz].lieferant),
        ziele=zielbereich(katalog, ind, wahl.gebiet, gesamt),
        karten=karten(katalog, quelle, ind, perioden),
        ausstehend=hinweise(katalog, quelle, ind, wartend),
        zeitraum_optionen=[(p, fmt.periode(p)) for p in reversed(alle_perioden)],
        stand=wahl.zeitraum or (max(r.period for r in rows) if rows else None),
    )

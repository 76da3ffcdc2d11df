"""Validate a delivery file against its dataset definition (pure: no Django, no database).

Every problem is collected (not just the first) and names row and column in German, so an office
can correct its file in one go.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from integrationsmonitor.catalog import zeitraum as zr
from integrationsmonitor.catalog.model import TOTAL, Datensatz, Katalog
from integrationsmonitor.formats.delivery_csv import Tabelle, Zeile
from integrationsmonitor.formats.numbers import ganze_zahl
from integrationsmonitor.indicators.cube import Wuerfel, Zelle
from integrationsmonitor.indicators.model import Wert

KENNZEICHEN = {"": "", "p": "p", "s": "s", "r": "r", "g": "g", ".": "g"}
MAX_PROBLEME = 200  # beyond this, the report says how many more there are


@dataclass(frozen=True, slots=True)
class Problem:
    text: str
    zeile: int | None = None
    spalte: str | None = None

    def __str__(self) -> str:
        wo = []
        if self.zeile is not None:
            wo.append(f"Zeile {self.zeile}")
        if self.spalte is not None:
            wo.append(f"Spalte ‚{self.spalte}‘")
        return f"{', '.join(wo)}: {self.text}" if wo else self.text


@dataclass
class Pruefergebnis:
    zellen: list[Zelle] = field(default_factory=list)
    probleme: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.probleme


def gebiet_code(katalog: Katalog, text: str) -> str | None:
    """A region code as offices write it (AGS, ARS-9, ARS-12) mapped to the catalogue's code."""
    t = text.strip()
    if t in katalog.gebiete:
        return t
    if len(t) == 12 and t.isdigit():  # ARS-12: Kreis 120610000000, Gemeinde 120610020020
        if t.endswith("0000000") and t[:5] in katalog.gebiete:
            return t[:5]
        ags = t[:5] + t[9:]
        if ags in katalog.gebiete:
            return ags
    return None


def _pruefe_kopf(datensatz: Datensatz, tabelle: Tabelle) -> list[Problem]:
    erwartet = ["gebiet", "zeitraum", *datensatz.merkmale, "wert"]
    probleme = [
        Problem(f"Pflichtspalte ‚{s}‘ fehlt (erwartet: {';'.join(erwartet)}[;kennzeichen])", 1)
        for s in erwartet
        if s not in tabelle.spalten
    ]
    probleme += [
        Problem(f"Spalte ‚{s}‘ gehört nicht zum Datensatz {datensatz.id}", 1)
        for s in tabelle.spalten
        if s not in erwartet and s != "kennzeichen"
    ]
    return probleme


class _Zeilenpruefer:
    def __init__(self, katalog: Katalog, datensatz: Datensatz, zeitraum: str, spalten: int) -> None:
        self.katalog, self.datensatz, self.zeitraum, self.spalten = katalog, datensatz, zeitraum, spalten
        self.stichtag = zr.stichtag(zeitraum)

    def pruefe(self, zeile: Zeile) -> tuple[Zelle | None, list[Problem]]:
        p: list[Problem] = []
        nr, f = zeile.nr, zeile.felder
        if zeile.anzahl_felder != self.spalten:
            p.append(
                Problem(
                    f"{zeile.anzahl_felder} statt {self.spalten} Felder (Zeile abgeschnitten oder Trennzeichen falsch?)",
                    nr,
                )
            )
            return None, p
        gebiet = gebiet_code(self.katalog, f["gebiet"])
        if gebiet is None:
            p.append(
                Problem(
                    f"unbekanntes Gebiet ‚{f['gebiet']}‘ (erwartet: AGS oder ARS im Kreis {self.katalog.kreis.code})",
                    nr,
                    "gebiet",
                )
            )
        elif self.katalog.gebiete[gebiet].ebene not in self.datensatz.ebenen:
            ebene = self.katalog.gebiete[gebiet].ebene
            p.append(
                Problem(
                    f"Gebiet {gebiet} liegt auf der Ebene {ebene}; der Datensatz erlaubt {', '.join(self.datensatz.ebenen)}",
                    nr,
                    "gebiet",
                )
            )
        try:
            if zr.normalisiere(f["zeitraum"], self.datensatz.zeitraum) != self.zeitraum:
                p.append(
                    Problem(
                        f"Zeitraum ‚{f['zeitraum']}‘ passt nicht zur Lieferung für {self.zeitraum}",
                        nr,
                        "zeitraum",
                    )
                )
        except ValueError as exc:
            p.append(Problem(str(exc), nr, "zeitraum"))
        codes = []
        for merkmal, liste_id in self.datensatz.merkmale.items():
            code = f[merkmal]
            liste = self.katalog.codelisten[liste_id]
            if code.lower() == "insgesamt":
                code = TOTAL
            if code == TOTAL and not self.datensatz.summierbar:
                p.append(
                    Problem(
                        f"Summen ({TOTAL}) sind in diesem Datensatz nicht erlaubt, die Codes messen Verschiedenes",
                        nr,
                        merkmal,
                    )
                )
            elif code != TOTAL and code not in liste.codes:
                p.append(Problem(f"unbekannter Code ‚{code}‘ (Codeliste {liste.name})", nr, merkmal))
            codes.append(code)
        kennzeichen = KENNZEICHEN.get(f.get("kennzeichen", "").lower())
        if kennzeichen is None:
            p.append(
                Problem(
                    f"unbekanntes Kennzeichen ‚{f['kennzeichen']}‘ (erlaubt: p, s, r, g)", nr, "kennzeichen"
                )
            )
        wert: float | None = None
        if kennzeichen == "g" and f["wert"] not in ("", "."):
            p.append(
                Problem(
                    "geheim gekennzeichnete Zelle hat einen Wert; geheime Werte werden nicht geliefert (Wert leer oder ‚.‘)",
                    nr,
                    "wert",
                )
            )
        elif f["wert"] in ("", ".") and (kennzeichen == "g" or f["wert"] == "."):
            kennzeichen = "g"
        elif f["wert"] == "":
            p.append(Problem("Wert fehlt (geheime Zellen: Wert leer oder ‚.‘ mit Kennzeichen g)", nr, "wert"))
        else:
            try:
                wert = float(ganze_zahl(f["wert"]))
            except ValueError as exc:
                p.append(Problem(str(exc), nr, "wert"))
        if p or gebiet is None:
            return None, p
        return Zelle(gebiet, tuple(codes), wert, kennzeichen or ""), p + (
            self._regeln(nr, codes) if wert != 0 else []
        )  # an impossible combination may be 0

    def _regeln(self, nr: int, codes: list[str]) -> list[Problem]:
        p = []
        merkmale = list(self.datensatz.merkmale)
        for r in self.datensatz.regeln:
            wenn = codes[merkmale.index(r.wenn_merkmal)]
            dann = codes[merkmale.index(r.dann_merkmal)]
            if wenn != r.wenn_code or dann == TOTAL:
                continue
            liste = self.katalog.codelisten[self.datensatz.merkmale[r.dann_merkmal]]
            if not liste.ist_mitglied(dann, r.dann_gruppe, self.stichtag):
                gruppe = liste.gruppen[r.dann_gruppe].name
                p.append(
                    Problem(
                        f"{r.wenn_merkmal} = {wenn}, aber {liste.codes[dann].name} ({dann}) gehört am "
                        f"{self.stichtag:%d.%m.%Y} nicht zur Gruppe „{gruppe}“",
                        nr,
                        r.dann_merkmal,
                    )
                )
        return p


def _teilsummen(
    katalog: Katalog, wuerfel: Wuerfel, z: Zelle, fein: dict[tuple[str, tuple[str, ...]], Wert]
) -> list[tuple[str, float, bool]]:
    """Sums of the delivered parts of a margin cell, each with whether the parts are complete:
    the finest cells (missing ones are 0), and along single coordinates (sub-regions, Gemeinden, the codes
    of one dimension) the delivered, non-secret parts — complete only when every part was delivered."""
    summen = []
    if wuerfel.fein and wuerfel.feine_gebiete(z.gebiet) is not None:
        teil = fein.get((z.gebiet, z.merkmale), Wert(0.0))  # no finest cell below: they are all 0
        if teil.value is not None:
            summen.append(("der feinsten Zellen", teil.value, True))
    achsen: list[tuple[str, list[tuple[str, tuple[str, ...]]]]] = [
        ("der Teilgebiete", [(k.code, z.merkmale) for k in katalog.kinder(z.gebiet)]),
        ("der Gemeinden", [(g, z.merkmale) for g in katalog.gemeinden_unter(z.gebiet) if g != z.gebiet]),
    ]
    for i, (merkmal, liste) in enumerate(wuerfel.datensatz.merkmale.items()):
        if z.merkmale[i] == TOTAL:
            codes = katalog.codelisten[liste].codes
            achsen.append(
                (f"über {merkmal}", [(z.gebiet, (*z.merkmale[:i], c, *z.merkmale[i + 1 :])) for c in codes])
            )
    for name, schluessel in achsen:
        teile = [wuerfel.exakt[k] for k in schluessel if k in wuerfel.exakt]
        if teile:
            offen = [t for t in teile if not t.geheim]
            vollstaendig = len(teile) == len(schluessel) and len(offen) == len(teile)
            summen.append((name, sum(t.wert or 0.0 for t in offen), vollstaendig))
    return summen


def _pruefe_summen(
    katalog: Katalog,
    datensatz: Datensatz,
    zellen: list[Zelle],
    zeilen: dict[tuple[str, tuple[str, ...]], int],
) -> list[Problem]:
    """Where a margin and its parts are both delivered, they must agree; partial parts must not exceed it."""
    wuerfel = Wuerfel(katalog, datensatz, zellen)
    margen = [z for z in zellen if not wuerfel.ist_fein(z) and not z.geheim and datensatz.summierbar]
    fein = (
        wuerfel.aufsummiert({tuple(m != TOTAL for m in z.merkmale) for z in margen}) if wuerfel.fein else {}
    )
    p = []
    for z in margen:
        wo = f"(Gebiet {z.gebiet}, Merkmale {'/'.join(z.merkmale)})"
        for name, summe, vollstaendig in _teilsummen(katalog, wuerfel, z, fein):
            if vollstaendig and summe != z.wert:
                text = f"Summe {z.wert:.0f} stimmt nicht mit der Summe {name} ({summe:.0f}) überein {wo}"
            elif not vollstaendig and z.wert is not None and summe > z.wert:
                text = f"Summe {z.wert:.0f} ist kleiner als die Summe der gelieferten Teile {name} ({summe:.0f}) {wo}"
            else:
                continue
            p.append(Problem(text, zeilen[(z.gebiet, z.merkmale)], "wert"))
            break
    return p


def pruefe_lieferung(katalog: Katalog, datensatz_id: str, zeitraum: str, tabelle: Tabelle) -> Pruefergebnis:
    """Check every row of a delivery; the result holds the cells or every problem found."""
    ergebnis = Pruefergebnis()
    datensatz = katalog.datensaetze[datensatz_id]
    ergebnis.probleme += _pruefe_kopf(datensatz, tabelle)
    if ergebnis.probleme:
        return ergebnis
    if not tabelle.zeilen:
        ergebnis.probleme.append(Problem("die Datei enthält keine Datenzeilen"))
        return ergebnis
    pruefer = _Zeilenpruefer(katalog, datensatz, zeitraum, len(tabelle.spalten))
    gesehen: dict[tuple[str, tuple[str, ...]], int] = {}
    for zeile in tabelle.zeilen:
        zelle, probleme = pruefer.pruefe(zeile)
        ergebnis.probleme += probleme
        if zelle is None:
            continue
        key = (zelle.gebiet, zelle.merkmale)
        if key in gesehen:
            ergebnis.probleme.append(
                Problem(f"doppelte Zelle, schon in Zeile {gesehen[key]} geliefert", zeile.nr)
            )
            continue
        gesehen[key] = zeile.nr
        ergebnis.zellen.append(zelle)
    if not ergebnis.probleme:
        ergebnis.probleme += _pruefe_summen(katalog, datensatz, ergebnis.zellen, gesehen)
    if len(ergebnis.probleme) > MAX_PROBLEME:
        rest = len(ergebnis.probleme) - MAX_PROBLEME
        ergebnis.probleme = [*ergebnis.probleme[:MAX_PROBLEME], Problem(f"… und {rest} weitere Probleme")]
    return ergebnis

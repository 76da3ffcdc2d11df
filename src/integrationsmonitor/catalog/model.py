"""The county catalogue as immutable value objects (pure, no Django).

Vocabulary follows DESIGN §3: Gebiet (region), Zeitraum (period), Merkmal (dimension) with a Codeliste,
Datensatz (dataset), Indikator, Handlungsfeld.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

TOTAL = "_T"  # code for "total over this dimension" in deliveries and observations

# A condition on codes: {"gruppe": ("eu",)} (membership at a date) or {attribute: allowed values}.
Bedingung = dict[str, tuple[str, ...]]

EBENEN = ("kreis", "verband", "gemeinde")  # region levels from coarse to fine
ZEITRAUM_TYPEN = ("jahr", "quartal", "monat")
# Units and directions of an indicator, with the German words every output uses for them (the web UI
# translates these same strings through gettext).
EINHEITEN = {
    "anzahl": "Anzahl (Personen oder Fälle)",
    "prozent": "Prozent",
    "promille": "Promille",
    "je_1000": "je 1.000 Einwohnerinnen und Einwohner",
}
RICHTUNGEN = {
    "hoeher_besser": "Ein höherer Wert ist besser.",
    "niedriger_besser": "Ein niedrigerer Wert ist besser.",
    "neutral": "Keine Wertung: der Wert beschreibt die Lage.",
}


@dataclass(frozen=True, slots=True)
class Gebiet:
    code: str  # Kreis: AGS-5, Verband: ARS-9, Gemeinde: AGS-8
    name: str
    ebene: str  # one of EBENEN
    parent: str | None
    typ: str = ""  # "Amt", "amtsfreie Gemeinde", "Landkreis", "Gemeinde"


@dataclass(frozen=True, slots=True)
class Mitgliedschaft:
    gruppe: str
    von: date | None = None
    bis: date | None = None

    def gilt_am(self, stichtag: date) -> bool:
        return (self.von is None or self.von <= stichtag) and (self.bis is None or stichtag <= self.bis)


@dataclass(frozen=True, slots=True)
class Code:
    code: str
    name: str
    attribute: dict[str, str] = field(default_factory=dict)  # e.g. iso2, iso3, kontinent
    mitglied: tuple[Mitgliedschaft, ...] = ()


@dataclass(frozen=True, slots=True)
class Gruppe:
    id: str
    name: str
    komplement: str | None = None  # member exactly when not a member of that group


@dataclass(frozen=True, slots=True)
class Codeliste:
    id: str
    name: str
    codes: dict[str, Code]
    gruppen: dict[str, Gruppe] = field(default_factory=dict)
    quelle: str = ""
    ausschluss_komplement: tuple[str, ...] = ()  # codes never in a complement group (e.g. 000 Deutschland)

    def ist_mitglied(self, code: str, gruppe: str, stichtag: date) -> bool:
        """Whether a code belongs to a group at a date (dated memberships, complements)."""
        g = self.gruppen[gruppe]
        if g.komplement:
            if code in self.ausschluss_komplement:
                return False
            return not self.ist_mitglied(code, g.komplement, stichtag)
        return any(m.gruppe == gruppe and m.gilt_am(stichtag) for m in self.codes[code].mitglied)

    def auswahl(self, bedingung: Bedingung, stichtag: date) -> frozenset[str]:
        """Codes matching every condition: member of one of the groups at the date, attribute in values."""

        def passt(c: Code) -> bool:
            for key, wanted in bedingung.items():
                if key == "gruppe":
                    if not any(self.ist_mitglied(c.code, g, stichtag) for g in wanted):
                        return False
                elif c.attribute.get(key) not in wanted:
                    return False
            return True

        return frozenset(c.code for c in self.codes.values() if passt(c))


@dataclass(frozen=True, slots=True)
class Lieferant:
    id: str
    name: str


@dataclass(frozen=True, slots=True)
class Regel:
    """Cross-dimension rule: where dimension `wenn_merkmal` has code `wenn_code`,
    dimension `dann_merkmal` must be a member of group `dann_gruppe` at the period's reference date."""

    wenn_merkmal: str
    wenn_code: str
    dann_merkmal: str
    dann_gruppe: str


@dataclass(frozen=True, slots=True)
class Gliederung:
    """Zwischenebene eines Merkmals aus einem Attribut seiner Codes: je Gruppe die Attributwerte und ein Name
    (z. B. Staatsangehörigkeit › „Europa“ = kontinent europa, „außerhalb Europas“ = alle übrigen)."""

    merkmal: str
    attribut: str
    gruppen: tuple[tuple[str, str, tuple[str, ...]], ...]  # (id, Name, Attributwerte)

    def gruppe_von(self, wert: str) -> str | None:
        for gid, _name, werte in self.gruppen:
            if wert in werte:
                return gid
        return None


@dataclass(frozen=True, slots=True)
class Tabellenangabe:
    """Eine veröffentlichte Tabelle eines Datensatzes: einige Merkmale, auf jeder Gebietsebene des Datensatzes
    (Gemeinde › Amt/amtsfreie Gemeinde › Kreis) oder nur für den Kreis. `gliederung` fügt einem Merkmal eine
    Zwischenebene aus einem Attribut seiner Codes hinzu (Staatsangehörigkeit › Kontinent), deren Summen
    mitveröffentlicht werden. `nullen_oeffentlich`: in dieser Tabelle ist 0 nicht geheim (Vorgabe: 0, 1 und 2
    sind geheim); für eine fast immer leere Kategorie wie Geschlecht „divers“, die sonst in jeder Zeile eine
    große Zelle mitsperren würde. Das gilt nur im Kreis: darunter verriete eine 0, wo jemand neu hinzukommt.
    `nullen_bekannt`: der Angreifer kennt jede 0 dieser Tabelle auf jeder Ebene ohnehin aus öffentlicher
    Struktur (welche Gemeinde welche Angebote hat, wo Unterkünfte Plätze haben): jede 0 wird veröffentlicht
    und nie als Partner einer geheimen Zelle gezählt, jede geheime Zelle ist für den Angreifer ≥ 1."""

    merkmale: tuple[str, ...]
    nur_kreis: bool = False
    gliederung: tuple[Gliederung, ...] = ()
    nullen_oeffentlich: bool = False
    nullen_bekannt: bool = False
    nur_gliederung: bool = False  # gegliederte Merkmale nur bis zur Zwischenebene (Kontinente, keine Staaten)


@dataclass(frozen=True, slots=True)
class Jahressumme:
    """Zellen dieses (jährlichen) Datensatzes sind die Summe der Monate eines anderen: die Zelle mit Code
    `hier` ist die Jahressumme der Zelle mit Code `dort` des Monatsdatensatzes (je Merkmal übersetzt; ein
    Merkmal ohne Übersetzungen verbindet gleiche Codes, eines mit Übersetzungen nur die genannten)."""

    datensatz: str
    merkmale: tuple[tuple[str, str], ...]  # (merkmal hier, merkmal dort)
    codes: tuple[tuple[str, str, str], ...] = ()  # (merkmal hier, code hier, code dort)

    def code_dort(self, merkmal: str, code: str, dort_codes: frozenset[str]) -> str | None:
        uebersetzt = False
        for m, hier, dort in self.codes:
            if m == merkmal:
                uebersetzt = True
                if hier == code:
                    return dort
        return None if uebersetzt or code not in dort_codes else code


@dataclass(frozen=True, slots=True)
class Gleichheit:
    """Zellen dieses Datensatzes zählen dieselben Personen wie Zellen eines anderen im selben Zeitraum: die
    Zelle mit den Codes `hier` ist die mit den Codes `dort` (Merkmale, die beide haben, mit gleichem Code;
    alle übrigen auf Summe). Beispiel: untergebrachte Asylsuchende = Ausländerbestand, Gruppe „asyl“."""

    datensatz: str
    hier: tuple[tuple[str, str], ...]
    dort: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Veroeffentlichung:
    """Wie ein Datensatz, der Personen zählt, veröffentlicht wird (docs/geheimhaltung.md): Schwelle und Tabellen.
    `amtlich`: schon von einem statistischen Amt geheim gehalten; dessen Zeichen bleiben, nichts wird neu
    gesperrt."""

    schwelle: int = 2
    tabellen: tuple[Tabellenangabe, ...] = ()
    amtlich: bool = False
    jahressummen: tuple[Jahressumme, ...] = ()  # YAML `jahressumme_von`: one source or a list of them
    gleich_mit: tuple[Gleichheit, ...] = ()
    # figures of organisations (docs/geheimhaltung.md section 8): a cell needs this many contributors (0: no
    # such rule) and no single one above `dominanz` of its total; the platform forms the sums itself
    mindestens_beitragende: int = 0
    dominanz: float = 1.0


@dataclass(frozen=True, slots=True)
class Reihenbruch:
    """A break of the series: from period `ab` on, the figures rest on another basis (e.g. the Zensus 2022).

    Charts split their lines there and draw a labelled rule; values across it compare only with care."""

    ab: str  # the first period on the new basis, a period code of the dataset's kind ("2023")
    text: str  # the short label at the rule ("Zensus 2022")


@dataclass(frozen=True, slots=True)
class Datensatz:
    id: str
    name: str
    lieferant: str
    einheit: str  # "Personen", "Termine", ...
    zeitraum: str  # one of ZEITRAUM_TYPEN
    stichtag: str  # "31.12." for stocks, "" for flows over the period
    ebenen: tuple[str, ...]
    merkmale: dict[str, str]  # dimension id -> code list id (insertion order = column order)
    beschreibung: str = ""
    summierbar: bool = True  # False: codes of a dimension measure different things; no margins
    regeln: tuple[Regel, ...] = ()
    jahre: tuple[int, int] = (2000, 2100)  # periods accepted
    veroeffentlichung: Veroeffentlichung | None = None  # None: counts no persons, published as delivered
    reihenbrueche: tuple[Reihenbruch, ...] = ()  # breaks of the series, in period order

    @property
    def geschuetzt(self) -> bool:
        """Schützt die Plattform diesen Datensatz bei der Veröffentlichung selbst?"""
        v = self.veroeffentlichung
        return v is not None and not v.amtlich

    @property
    def feinste_ebene(self) -> str:
        return max(self.ebenen, key=EBENEN.index)


@dataclass(frozen=True, slots=True)
class Term:
    """One side of an indicator formula: a sum of dataset cells with filters."""

    datensatz: str
    filter: dict[str, tuple[str, ...] | Bedingung]  # dim -> codes | {gruppe: id} / {attribute: values}
    versatz: int = 0  # period offset in years (e.g. -1: previous year's stock)


@dataclass(frozen=True, slots=True)
class Aufschluesselung:
    """A breakdown: named categories, each adding a filter to the terms whose dataset has the dimension."""

    name: str
    merkmal: str  # dataset dimension the categories filter on
    kategorien: tuple[tuple[str, str, str], ...] = ()  # (output code, dataset code, label); empty: all codes
    top: int | None = None  # keep only the N largest categories (by the latest period)
    ausgabe: str = ""  # code attribute to print instead of the code (e.g. "iso2")

    def ausgabe_code(self, code: Code) -> str:
        """The code as series print it: the `ausgabe` attribute where the code has one (ISO α2), else the code."""
        return code.attribute.get(self.ausgabe, code.code) if self.ausgabe else code.code


@dataclass(frozen=True, slots=True)
class Ziel:
    """A target value (Zielwert) of an indicator for one year and region, with its source."""

    jahr: int
    wert: float  # in the indicator's unit (percent for "prozent")
    quelle: str  # where the target was set (concept, decision); "Beispielziel (Demo)" for invented ones
    gebiet: str  # region code; the Kreis unless the catalogue names another region


@dataclass(frozen=True, slots=True)
class Indikator:
    id: str
    name: str
    handlungsfeld: str
    definition: str
    einheit: str
    richtung: str
    zaehler: Term
    nenner: Term | None
    nenner_quelle: str = ""
    aufschluesselungen: tuple[Aufschluesselung, ...] = ()
    pflicht_aufschluesselung: bool = False  # the series only makes sense broken down
    hinweis: str = ""
    kernzahl: bool = False  # shown as key figure on the start page
    faktor_abweichend: float | None = None  # e.g. 1/12 for a monthly average of a yearly count
    ziele: tuple[Ziel, ...] = ()  # targets, sorted by region and year
    # What one value per region means when the indicator is only shown broken down (pflicht_aufschluesselung):
    # the total over all categories, e.g. "Ausländerinnen und Ausländer insgesamt"; see `name_insgesamt`.
    insgesamt: str = ""

    @property
    def faktor(self) -> float:
        if self.faktor_abweichend is not None:
            return self.faktor_abweichend
        return {"prozent": 100.0, "promille": 1000.0, "je_1000": 1000.0}.get(self.einheit, 1.0)

    def aufschluesselung(self, name: str) -> Aufschluesselung | None:
        return next((a for a in self.aufschluesselungen if a.name == name), None)

    def ziele_fuer(self, gebiet: str) -> tuple[Ziel, ...]:
        """The targets of one region, by year."""
        return tuple(z for z in self.ziele if z.gebiet == gebiet)

    @property
    def name_insgesamt(self) -> str:
        """The name for one value per region without breakdown (Gemeinde comparison, map).

        An indicator that needs a breakdown ("Häufigste Staatsangehörigkeiten") has, per region, only the
        total over all categories; its name would promise what that value is not."""
        if self.insgesamt:
            return self.insgesamt
        return f"{self.name}, alle zusammen" if self.pflicht_aufschluesselung else self.name

    @property
    def standard_aufschluesselung(self) -> Aufschluesselung | None:
        """The breakdown a series gets without asking: the first one, if the indicator needs one."""
        return self.aufschluesselungen[0] if self.pflicht_aufschluesselung else None


@dataclass(frozen=True, slots=True)
class Handlungsfeld:
    id: str
    nr: int
    name: str
    beschreibung: str = ""


@dataclass(frozen=True)
class Katalog:
    kreis: Gebiet
    gebiete: dict[str, Gebiet]
    handlungsfelder: dict[str, Handlungsfeld]
    codelisten: dict[str, Codeliste]
    lieferanten: dict[str, Lieferant]
    datensaetze: dict[str, Datensatz]
    indikatoren: dict[str, Indikator]
    quelle: str = ""  # directory it was loaded from

    def kinder(self, code: str) -> list[Gebiet]:
        return [g for g in self.gebiete.values() if g.parent == code]

    def gemeinden_unter(self, code: str) -> list[str]:
        """AGS of all Gemeinden in a region (the region itself if it is a Gemeinde)."""
        gebiet = self.gebiete[code]
        if gebiet.ebene == "gemeinde":
            return [code]
        return [g for k in self.kinder(code) for g in self.gemeinden_unter(k.code)]

    def reihenbrueche(self, ind: Indikator) -> tuple[Reihenbruch, ...]:
        """The breaks of the datasets behind an indicator (numerator and denominator), each once."""
        brueche = (
            b
            for term in (ind.zaehler, ind.nenner)
            if term is not None
            for b in self.datensaetze[term.datensatz].reihenbrueche
        )
        return tuple(dict.fromkeys(brueche))

    def gebiete_der_ebene(self, ebene: str) -> list[Gebiet]:
        return sorted((g for g in self.gebiete.values() if g.ebene == ebene), key=lambda g: g.name)

    def codeliste_von(self, datensatz: str, merkmal: str) -> Codeliste:
        return self.codelisten[self.datensaetze[datensatz].merkmale[merkmal]]

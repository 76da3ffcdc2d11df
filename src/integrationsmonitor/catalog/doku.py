"""The catalogue as readable Markdown (docs/katalog.md); a test keeps the file current.

Regenerate: .venv/bin/python -m integrationsmonitor.catalog.doku > docs/katalog.md
"""

from __future__ import annotations

from .loader import lade_katalog
from .model import Datensatz, Indikator, Katalog, Term

RICHTUNG = {
    "hoeher_besser": "höher ist besser",
    "niedriger_besser": "niedriger ist besser",
    "neutral": "neutral",
}


def _term(k: Katalog, t: Term) -> str:
    teile = [f"`{t.datensatz}`"]
    for merkmal, auswahl in t.filter.items():
        if isinstance(auswahl, dict):
            text = ", ".join(f"{key} ∈ {{{', '.join(werte)}}}" for key, werte in auswahl.items())
        else:
            text = ", ".join(auswahl)
        teile.append(f"{merkmal}: {text}")
    if t.versatz:
        teile.append(f"Zeitraum {t.versatz:+d} Jahr")
    return "; ".join(teile)


EINHEIT_ZEICHEN = {"prozent": " %", "promille": " ‰"}


def _zahl(wert: float, einheit: str) -> str:
    """A target as written in the catalogue, German style: 1.5 -> "1,5 %", 20.0 -> "20,0 %", 50.0 -> "50"."""
    text = f"{wert:f}".rstrip("0").rstrip(".")
    if einheit in EINHEIT_ZEICHEN and "." not in text:
        text += ".0"  # shares are shown with one decimal everywhere
    return text.replace(".", ",") + EINHEIT_ZEICHEN.get(einheit, "")


def _ziele(k: Katalog, i: Indikator) -> list[str]:
    z = ["- Zielwerte:"]
    for ziel in i.ziele:
        gebiet = k.gebiete[ziel.gebiet].name if ziel.gebiet in k.gebiete else ziel.gebiet
        z.append(f"  - {ziel.jahr}, {gebiet}: {_zahl(ziel.wert, i.einheit)} – Quelle: {ziel.quelle}")
    return z


def _veroeffentlichung(d: Datensatz) -> list[str]:
    """What the platform publishes of a dataset (docs/geheimhaltung.md)."""
    v = d.veroeffentlichung
    if v is None:
        return [f"- `{d.id}`: zählt keine Personen; veröffentlicht wie geliefert"]
    if v.amtlich:
        return [f"- `{d.id}`: amtlich geheim gehalten; veröffentlicht wie geliefert"]
    tabellen = []
    for t in v.tabellen:
        teile = [("Kreis" if t.nur_kreis or d.ebenen == ("kreis",) else "Gebiet"), *t.merkmale]
        text = " × ".join(teile)
        for g in t.gliederung:
            gruppen = ", ".join(name for _gid, name, _w in g.gruppen)
            text += f" ({g.merkmal} {'nur ' if t.nur_gliederung else ''}nach {g.attribut}: {gruppen})"
        if t.nullen_oeffentlich:
            text += " (Nullen öffentlich)"
        if t.nullen_bekannt:
            text += " (Nullen aus öffentlicher Struktur bekannt, auf jeder Ebene)"
        tabellen.append(text)
    z = [f"- `{d.id}`: Schwelle {v.schwelle}; Tabellen: {'; '.join(tabellen)}"]
    if v.mindestens_beitragende:
        z.append(
            f"  - Zahlen von Organisationen: jede Summe mit mindestens {v.mindestens_beitragende} Beitragenden,"
            f" keiner über {round(v.dominanz * 100)} % (sonst geheim, auf jeder Ebene); Summen bildet die Plattform"
        )
    for j in v.jahressummen:
        z.append(f"  - Jahressumme der Monate von `{j.datensatz}` (gemeinsam geschützt)")
    for gleich in v.gleich_mit:
        hier = ", ".join(f"{m} = {c}" for m, c in gleich.hier)
        dort = ", ".join(f"{m} = {c}" for m, c in gleich.dort)
        z.append(
            f"  - zählt dieselben Personen wie `{gleich.datensatz}` ({hier} ↔ {dort}; gemeinsam geschützt)"
        )
    return z


def _brueche(k: Katalog) -> list[str]:
    """The breaks of the series (`reihenbruch` of a dataset) and the indicators that inherit them."""
    mit = [d for d in k.datensaetze.values() if d.reihenbrueche]
    if not mit:
        return []
    z = [
        "",
        "### Brüche der Reihen",
        "",
        "Ein Datensatz kann mit `reihenbruch: {ab: <erster Zeitraum der neuen Basis>, text: <Kurztext>}` "
        "(oder einer Liste davon) einen Bruch der Reihe angeben. Diagramme trennen die Linie dort und "
        "zeigen eine senkrechte Linie mit dem Kurztext; die Textalternative nennt den Bruch. Jeder "
        "Indikator, der den Datensatz im Zähler oder Nenner liest, erbt den Bruch.",
        "",
    ]
    for d in mit:
        inds = [
            f"`{i.id}`"
            for i in k.indikatoren.values()
            if any(b in k.reihenbrueche(i) for b in d.reihenbrueche)
        ]
        for b in d.reihenbrueche:
            z.append(f"- `{d.id}`: ab {b.ab} „{b.text}“ – betrifft {', '.join(inds) or 'keinen Indikator'}")
    return z


def katalog_markdown(k: Katalog) -> str:
    z = [
        f"# Katalog {k.kreis.name}",
        "",
        "Erzeugt aus `src/integrationsmonitor/catalog/data/`; nicht von Hand ändern.",
        "",
    ]
    z += ["## Handlungsfelder", ""]
    z += [
        f"{h.nr}. **{h.name}** – {h.beschreibung}"
        for h in sorted(k.handlungsfelder.values(), key=lambda h: h.nr)
    ]
    z += [
        "",
        "## Datensätze",
        "",
        "| ID | Name | Lieferant | Zeitraum | Ebenen | Merkmale |",
        "|---|---|---|---|---|---|",
    ]
    for d in k.datensaetze.values():
        z.append(
            f"| `{d.id}` | {d.name} | {k.lieferanten[d.lieferant].name} | {d.zeitraum} {d.stichtag} | "
            f"{', '.join(d.ebenen)} | {', '.join(d.merkmale)} |"
        )
    z += _brueche(k)
    z += ["", "### Veröffentlichung und Geheimhaltung", ""]
    z += [
        "Was die Plattform von jedem Datensatz veröffentlicht (Tabellen auf jeder Gebietsebene des Datensatzes, "
        "geschützt nach docs/geheimhaltung.md):",
        "",
    ]
    for d in k.datensaetze.values():
        z += _veroeffentlichung(d)
    z += ["", "## Indikatoren", ""]
    for h in sorted(k.handlungsfelder.values(), key=lambda h: h.nr):
        inds = [i for i in k.indikatoren.values() if i.handlungsfeld == h.id]
        if not inds:
            continue
        z += [f"### {h.name}", ""]
        for i in inds:
            z += [f"#### `{i.id}` – {i.name}", "", i.definition, ""]
            z.append(f"- Einheit: {i.einheit}; Richtung: {RICHTUNG[i.richtung]}")
            z.append(f"- Zähler: {_term(k, i.zaehler)}")
            if i.nenner is not None:
                z.append(f"- Nenner: {_term(k, i.nenner)} – Quelle: {i.nenner_quelle}")
            if i.aufschluesselungen:
                z.append(f"- Aufschlüsselungen: {', '.join(a.name for a in i.aufschluesselungen)}")
            if i.hinweis:
                z.append(f"- Hinweis: {i.hinweis}")
            if i.ziele:
                z += _ziele(k, i)
            z.append("")
    return "\n".join(z).rstrip() + "\n"


if __name__ == "__main__":
    print(katalog_markdown(lade_katalog()), end="")

"""Consistency checks of a loaded catalogue; every problem becomes one German message."""

from __future__ import annotations

from pathlib import Path

from .model import (
    EBENEN,
    EINHEITEN,
    RICHTUNGEN,
    TOTAL,
    ZEITRAUM_TYPEN,
    Datensatz,
    Indikator,
    Katalog,
    Term,
)


def _pruefe_gebiete(k: Katalog) -> list[str]:
    fehler = []
    for g in k.gebiete.values():
        if g.ebene == "gemeinde" and not (len(g.code) == 8 and g.code.startswith(k.kreis.code)):
            fehler.append(f"Gebiete: Gemeinde {g.code} ({g.name}) hat keinen AGS des Kreises {k.kreis.code}")
    if not any(g.ebene == "gemeinde" for g in k.gebiete.values()):
        fehler.append("Gebiete: keine Gemeinden gefunden")
    return fehler


def _pruefe_handlungsfelder(k: Katalog) -> list[str]:
    nummern = sorted(h.nr for h in k.handlungsfelder.values() if h.nr > 0)
    if nummern != list(range(1, 11)):
        return [f"Handlungsfelder: erwartet sind die zehn Nummern 1–10, gefunden {nummern}"]
    return []


def _pruefe_codelisten(k: Katalog) -> list[str]:
    fehler = []
    for liste in k.codelisten.values():
        if TOTAL in liste.codes:
            fehler.append(f"Codeliste {liste.id}: der Code {TOTAL} ist für Summen reserviert")
        for g in liste.gruppen.values():
            if g.komplement and g.komplement not in liste.gruppen:
                fehler.append(f"Codeliste {liste.id}: Gruppe {g.id} ergänzt unbekannte Gruppe {g.komplement}")
        for c in liste.codes.values():
            for m in c.mitglied:
                if m.gruppe not in liste.gruppen:
                    fehler.append(f"Codeliste {liste.id}: Code {c.code} nennt unbekannte Gruppe {m.gruppe}")
    return fehler


def _pruefe_datensatz(k: Katalog, d: Datensatz) -> list[str]:
    wo = f"Datensatz {d.id}"
    fehler = []
    if d.lieferant not in k.lieferanten:
        fehler.append(f"{wo}: unbekannter Lieferant {d.lieferant}")
    if d.zeitraum not in ZEITRAUM_TYPEN:
        fehler.append(f"{wo}: unbekannter Zeitraumtyp {d.zeitraum} (erlaubt: {', '.join(ZEITRAUM_TYPEN)})")
    fehler += [f"{wo}: unbekannte Gebietsebene {e}" for e in d.ebenen if e not in EBENEN]
    for merkmal, liste in d.merkmale.items():
        if liste not in k.codelisten:
            fehler.append(f"{wo}: Merkmal {merkmal} verweist auf unbekannte Codeliste {liste}")
    for r in d.regeln:
        if r.wenn_merkmal not in d.merkmale or r.dann_merkmal not in d.merkmale:
            fehler.append(f"{wo}: Regel nennt ein Merkmal, das der Datensatz nicht hat")
        elif r.dann_gruppe not in k.codelisten[d.merkmale[r.dann_merkmal]].gruppen:
            fehler.append(f"{wo}: Regel nennt unbekannte Gruppe {r.dann_gruppe}")
    return fehler + _pruefe_veroeffentlichung(k, d)


OHNE_PERSONEN_EINHEITEN = (
    "Plätze",
    "Kurse und Plätze",
    "Kurse",
    "Angebote",
    "Projekte",
    "Initiativen",
    "Zugriffe",
    "Seitenaufrufe",
    "Euro",
)
"""Einheiten, die keine Personen zählen: nur ein Datensatz mit einer davon darf ohne `veroeffentlichung`
(Geheimhaltung) auskommen. Umgekehrt wäre es unsicher: jede neue Einheit, die Personen zählt („Kinder“,
„Verfahren“, „Teilnehmende“, „Mitglieder“ …), fiele durch eine Liste der Personeneinheiten."""


def _pruefe_veroeffentlichung(k: Katalog, d: Datensatz) -> list[str]:
    wo = f"Datensatz {d.id}"
    v = d.veroeffentlichung
    if v is None:
        if d.einheit not in OHNE_PERSONEN_EINHEITEN:
            return [
                f"{wo}: zählt {d.einheit}, nennt aber keine veroeffentlichung (Schwelle und Tabellen, "
                "oder amtlich: true für schon amtlich geheim gehaltene Tabellen); ohne Geheimhaltung nur "
                f"mit einer Einheit, die keine Personen zählt: {', '.join(OHNE_PERSONEN_EINHEITEN)}"
            ]
        return []
    fehler = []
    if v.schwelle < 0:
        fehler.append(f"{wo}: veroeffentlichung.schwelle darf nicht negativ sein")
    if not v.amtlich and not v.tabellen:
        fehler.append(f"{wo}: veroeffentlichung nennt keine Tabellen")
    for t in v.tabellen:
        for m in t.merkmale:
            if m not in d.merkmale:
                fehler.append(f"{wo}: veröffentlichte Tabelle nennt unbekanntes Merkmal {m}")
        for g in t.gliederung:
            if g.merkmal not in t.merkmale:
                fehler.append(f"{wo}: Gliederung für {g.merkmal}, das nicht in der Tabelle ist")
                continue
            if g.merkmal not in d.merkmale:
                continue
            for c in k.codelisten[d.merkmale[g.merkmal]].codes.values():
                if g.gruppe_von(c.attribute.get(g.attribut, "")) is None:
                    fehler.append(
                        f"{wo}: Gliederung von {g.merkmal} nach {g.attribut}: Code {c.code} "
                        f"({g.attribut} = {c.attribute.get(g.attribut, 'fehlt')}) gehört zu keiner Gruppe"
                    )
                    break
    for gleich in v.gleich_mit:
        dort = k.datensaetze.get(gleich.datensatz)
        if dort is None:
            fehler.append(f"{wo}: gleich_mit nennt unbekannten Datensatz {gleich.datensatz}")
            continue
        if dort.zeitraum != d.zeitraum:
            fehler.append(f"{wo}: gleich_mit verbindet Datensätze mit verschiedenen Zeiträumen")
        for seite, ds_x, paare in (("hier", d, gleich.hier), ("dort", dort, gleich.dort)):
            for m, code in paare:
                if m not in ds_x.merkmale:
                    fehler.append(f"{wo}: gleich_mit.{seite}: unbekanntes Merkmal {m}")
                elif code != TOTAL and code not in k.codelisten[ds_x.merkmale[m]].codes:
                    fehler.append(f"{wo}: gleich_mit.{seite}: unbekannter Code {code} für {m}")
    for j in v.jahressummen:
        dort = k.datensaetze.get(j.datensatz)
        if dort is None:
            fehler.append(f"{wo}: jahressumme_von nennt unbekannten Datensatz {j.datensatz}")
        elif dort.zeitraum != "monat" or d.zeitraum != "jahr":
            fehler.append(f"{wo}: jahressumme_von verbindet einen Jahres- mit einem Monatsdatensatz")
        else:
            for hier, da in j.merkmale:
                if hier not in d.merkmale or da not in dort.merkmale:
                    fehler.append(f"{wo}: jahressumme_von: Merkmal {hier} → {da} unbekannt")
    return fehler


def _pruefe_term(k: Katalog, wo: str, term: Term) -> list[str]:
    d = k.datensaetze.get(term.datensatz)
    if d is None:
        return [f"{wo}: unbekannter Datensatz {term.datensatz}"]
    fehler = []
    for merkmal, auswahl in term.filter.items():
        if merkmal not in d.merkmale:
            fehler.append(f"{wo}: Datensatz {d.id} hat kein Merkmal {merkmal}")
            continue
        liste = k.codelisten.get(d.merkmale[merkmal])
        if liste is None:
            continue
        if isinstance(auswahl, dict):
            vorhanden = {(key, c.attribute.get(key)) for c in liste.codes.values() for key in auswahl}
            for key, werte in auswahl.items():
                for wert in werte:
                    if key == "gruppe" and wert not in liste.gruppen:
                        fehler.append(f"{wo}: Codeliste {liste.id} hat keine Gruppe {wert}")
                    elif key != "gruppe" and (key, wert) not in vorhanden:
                        fehler.append(f"{wo}: kein Code der Codeliste {liste.id} hat {key} = {wert}")
        else:
            fehler += [
                f"{wo}: unbekannter Code {c} im Merkmal {merkmal}" for c in auswahl if c not in liste.codes
            ]
    return fehler


def _pruefe_indikator(k: Katalog, i: Indikator) -> list[str]:
    wo = f"Indikator {i.id}"
    fehler = []
    if i.handlungsfeld not in k.handlungsfelder:
        fehler.append(f"{wo}: unbekanntes Handlungsfeld {i.handlungsfeld}")
    if i.einheit not in EINHEITEN:
        fehler.append(f"{wo}: unbekannte Einheit {i.einheit} (erlaubt: {', '.join(EINHEITEN)})")
    if i.richtung not in RICHTUNGEN:
        fehler.append(f"{wo}: unbekannte Richtung {i.richtung} (erlaubt: {', '.join(RICHTUNGEN)})")
    if i.einheit != "anzahl" and i.nenner is None:
        fehler.append(f"{wo}: eine Quote in {i.einheit} braucht einen Nenner")
    fehler += _pruefe_term(k, f"{wo}, Zähler", i.zaehler)
    if i.nenner is not None:
        fehler += _pruefe_term(k, f"{wo}, Nenner", i.nenner)
        if not i.nenner_quelle:
            fehler.append(f"{wo}: die Quelle des Nenners (nenner_quelle) fehlt")
    zaehler_ds = k.datensaetze.get(i.zaehler.datensatz)
    for a in i.aufschluesselungen:
        if zaehler_ds is None:
            break
        if a.merkmal not in zaehler_ds.merkmale:
            fehler.append(
                f"{wo}: Aufschlüsselung {a.name}: Datensatz {zaehler_ds.id} hat kein Merkmal {a.merkmal}"
            )
            continue
        liste = k.codelisten.get(zaehler_ds.merkmale[a.merkmal])
        if liste is None:
            continue
        fehler += [
            f"{wo}: Aufschlüsselung {a.name}: unbekannter Code {code}"
            for _, code, _ in a.kategorien
            if code not in liste.codes
        ]
        if a.ausgabe and not any(a.ausgabe in c.attribute for c in liste.codes.values()):
            fehler.append(
                f"{wo}: Aufschlüsselung {a.name}: Codeliste {liste.id} hat kein Attribut {a.ausgabe}"
            )
    return fehler


OBERGRENZE = {"prozent": 100.0, "promille": 1000.0}  # a share cannot exceed the whole


def _pruefe_ziele(k: Katalog, i: Indikator) -> list[str]:
    """Targets need a direction, a total to compare with, known regions and one value per year."""
    if not i.ziele:
        return []
    wo = f"{Path(k.quelle) / 'indikatoren.yaml' if k.quelle else 'indikatoren.yaml'}: Indikator {i.id}"
    if i.richtung == "neutral":
        return [
            f"{wo}: Zielwerte brauchen eine Richtung (richtung: hoeher_besser oder niedriger_besser); "
            "der Indikator ist neutral"
        ]
    if i.pflicht_aufschluesselung:
        return [
            f"{wo}: Zielwerte gelten für den Wert insgesamt; der Indikator wird nur aufgeschlüsselt gezeigt"
        ]
    fehler = []
    ebenen = k.datensaetze[i.zaehler.datensatz].ebenen if i.zaehler.datensatz in k.datensaetze else EBENEN
    gesehen: set[tuple[str, int]] = set()
    for z in i.ziele:
        wo_ziel = f"{wo}, Ziel {z.jahr}"
        gebiet = k.gebiete.get(z.gebiet)
        if gebiet is None:
            fehler.append(f"{wo_ziel}: unbekanntes Gebiet {z.gebiet}")
        elif gebiet.ebene not in ebenen:
            fehler.append(
                f"{wo_ziel}: für {gebiet.name} gibt es keine Werte (Ebene {gebiet.ebene}; "
                f"geliefert wird: {', '.join(ebenen)})"
            )
        if (z.gebiet, z.jahr) in gesehen:
            fehler.append(f"{wo_ziel}: das Jahr {z.jahr} hat mehr als einen Zielwert für Gebiet {z.gebiet}")
        gesehen.add((z.gebiet, z.jahr))
        if z.wert < 0:
            fehler.append(f"{wo_ziel}: der Zielwert {z.wert:g} ist negativ")
        elif z.wert > OBERGRENZE.get(i.einheit, float("inf")):
            fehler.append(
                f"{wo_ziel}: der Zielwert {z.wert:g} liegt über {OBERGRENZE[i.einheit]:g} ({i.einheit})"
            )
    return fehler


def pruefe(k: Katalog) -> list[str]:
    """All problems of a catalogue, empty when it is consistent."""
    fehler = _pruefe_gebiete(k) + _pruefe_handlungsfelder(k) + _pruefe_codelisten(k)
    for d in k.datensaetze.values():
        fehler += _pruefe_datensatz(k, d)
    for i in k.indikatoren.values():
        fehler += _pruefe_indikator(k, i) + _pruefe_ziele(k, i)
    return fehler

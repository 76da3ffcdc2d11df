"""The German words of targets (Zielwerte) for pages, FactSheet and annual report (pure, no Django).

indicators.ziele judges a value against its target and returns data; this module says it: a short label
and a sign for each status (the sign is decoration, never the colour alone), one or two sentences about
the status, and the change against the previous year ("+55 (+31,3 %) gegenüber 2023, eine Verbesserung").
The texts are German, like the catalogue and the charts.
"""

from __future__ import annotations

from integrationsmonitor.catalog.model import Ziel
from integrationsmonitor.indicators.rundung import gerundet, runden, stellen
from integrationsmonitor.indicators.ziele import Grund, Status, Veraenderung, Zielstatus

from . import formatting as fmt

LABEL: dict[Status, str] = {
    Status.ERREICHT: "Ziel erreicht",
    Status.AUF_KURS: "auf Kurs",
    Status.OFFEN: "Tendenz offen",
    Status.NICHT_AUF_KURS: "nicht auf Kurs",
    Status.NICHT_ERREICHT: "Ziel nicht erreicht",
    Status.KEIN_ZIEL: "kein Ziel",
    Status.KEIN_WERT: "kein Wert",
}
SYMBOL: dict[Status, str] = {
    Status.ERREICHT: "✓",
    Status.AUF_KURS: "→",
    Status.OFFEN: "?",
    Status.NICHT_AUF_KURS: "!",
    Status.NICHT_ERREICHT: "✗",
    Status.KEIN_ZIEL: "–",
    Status.KEIN_WERT: "–",
}
OHNE_ZIEL: dict[Grund, str] = {
    Grund.OHNE_RICHTUNG: "Der Indikator hat keine Wertungsrichtung.",
    Grund.KEIN_ZIEL_MEHR: "Für {jahr} und später ist kein Zielwert festgelegt.",
    Grund.KEIN_ZIEL_IM_GEBIET: "Für dieses Gebiet ist kein Zielwert festgelegt.",
}


def label(s: Zielstatus) -> str:
    return LABEL[s.status]


def symbol(s: Zielstatus) -> str:
    return SYMBOL[s.status]


def _wert(wert: float | None, einheit: str) -> str:
    return fmt.wert(wert, einheit if einheit in fmt.EINHEITEN else "dezimal")


def _betrag(differenz: float, einheit: str) -> str:
    """An unsigned difference: "0,2 Prozentpunkte" for shares, else the value with its unit."""
    if einheit == "prozent":
        return f"{fmt.zahl(abs(differenz), 1)} Prozentpunkte"
    return _wert(abs(differenz), einheit)


def _mit_vorzeichen(differenz: float, einheit: str, nachkomma: int | None = None) -> str:
    """A signed difference: "+0,6 Prozentpunkte", "−2.110", "±0"."""
    if einheit == "prozent":
        return fmt.punkte(differenz)
    nachkomma = stellen(einheit) if nachkomma is None else nachkomma
    q = runden(differenz, nachkomma)
    zeichen = "±" if q == 0 else ("+" if q > 0 else "")
    suffix = fmt.EINHEITEN.get(einheit, (1, ""))[1]
    return f"{zeichen}{fmt.zahl(differenz, nachkomma)}{suffix}"


def _je_jahr(differenz: float, einheit: str) -> str:
    """The change needed per year; counts get a decimal when the need is fractional (2,5 je Jahr)."""
    nachkomma = stellen(einheit)
    if einheit == "anzahl" and differenz != round(differenz):
        nachkomma = 1
    return f"{_mit_vorzeichen(differenz, einheit, nachkomma)} je Jahr"


def _ziel_text(ziel: Ziel, einheit: str) -> str:
    return f"Ziel für {ziel.jahr} ({_wert(ziel.wert, einheit)})"


def zieltext(s: Zielstatus) -> str:
    """One or two German sentences on the status (see indicators.ziele for the rules)."""
    e, jahr = s.einheit, s.jahr
    if jahr is None:
        return "Noch kein Wert geliefert."
    if s.status is Status.KEIN_ZIEL:
        return OHNE_ZIEL[s.grund or Grund.OHNE_RICHTUNG].format(jahr=jahr)
    assert s.ziel is not None
    ziel_text = _ziel_text(s.ziel, e)
    if s.status is Status.KEIN_WERT or s.wert is None:
        return f"Für {jahr} liegt kein Wert vor; {ziel_text}."
    stand = f"{jahr}: {_wert(s.wert, e)}"
    abstand = s.abstand or 0.0
    if abstand == 0:
        lage = "genau auf dem Zielwert"
    else:
        lage = f"{_betrag(abstand, e)} {'darüber' if abstand > 0 else 'darunter'}"
    if s.status is Status.ERREICHT:
        schon = "" if s.ziel.jahr <= jahr else "schon "
        return f"{stand} – {ziel_text} {schon}erreicht, {lage}."
    if s.status is Status.NICHT_ERREICHT:
        return f"{stand} – {ziel_text} nicht erreicht, {lage}."
    assert s.noetig_je_jahr is not None
    bedarf = f"nötig sind {_je_jahr(s.noetig_je_jahr, e)}"
    if s.status is Status.OFFEN or s.vorjahreswert is None:
        return (
            f"{stand} – {ziel_text} noch nicht erreicht: {bedarf}. Ohne Wert für {jahr - 1} lässt sich nicht sagen, "
            "ob der Indikator auf Kurs ist."
        )
    tatsaechlich = gerundet(s.wert, e) - gerundet(s.vorjahreswert, e)
    zuletzt = f"zuletzt {_mit_vorzeichen(tatsaechlich, e)} gegenüber {jahr - 1}"
    if s.status is Status.AUF_KURS:
        return f"{stand} – auf Kurs zum {ziel_text}: {bedarf}, {zuletzt}."
    return f"{stand} – nicht auf Kurs zum {ziel_text}: {bedarf}, {zuletzt}."


def veraenderungstext(v: Veraenderung) -> str:
    """ "+55 (+31,3 %) gegenüber 2023, eine Verbesserung"; a sentence when a value is missing."""
    if v.wert is None or v.vorjahreswert is None or v.differenz is None:
        fehlt = v.jahr if v.wert is None else v.jahr - 1
        return f"Kein Vergleich mit {v.vorjahr}: für {fehlt} liegt kein Wert vor."
    text = _mit_vorzeichen(v.differenz, v.einheit)
    if v.prozent is not None:
        text += f" ({_mit_vorzeichen(v.prozent, 'dezimal')} %)"
    text += f" gegenüber {v.vorjahr}"
    if v.wertung == "besser":
        text += ", eine Verbesserung"
    elif v.wertung == "schlechter":
        text += ", eine Verschlechterung"
    return text

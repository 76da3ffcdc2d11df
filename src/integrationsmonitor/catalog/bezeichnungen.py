"""How a catalogue's Gemeindeverbände and its county's kind are named in running text (pure, no Django).

The default county has Ämter and amtsfreie Gemeinden; a county from `imon kreis-anlegen` may have
Verbandsgemeinden, Samtgemeinden, Verwaltungsgemeinschaften, … (catalog.loader: `Gebiet.typ` of the
`verband` level). Page titles, table heads and map descriptions name the kinds the county really has.
"""

from __future__ import annotations

from .model import Katalog

# verband_typ → (plural, dative plural), in the order they are named: Verbände of several Gemeinden first
FORMEN: dict[str, tuple[str, str]] = {
    "Amt": ("Ämter", "Ämtern"),
    "Verbandsgemeinde": ("Verbandsgemeinden", "Verbandsgemeinden"),
    "Samtgemeinde": ("Samtgemeinden", "Samtgemeinden"),
    "Verwaltungsgemeinschaft": ("Verwaltungsgemeinschaften", "Verwaltungsgemeinschaften"),
    "Verwaltungsverband": ("Verwaltungsverbände", "Verwaltungsverbänden"),
    "erfüllende Gemeinde": ("erfüllende Gemeinden", "erfüllenden Gemeinden"),
    "amtsfreie Gemeinde": ("amtsfreie Gemeinden", "amtsfreien Gemeinden"),
    "verbandsfreie Gemeinde": ("verbandsfreie Gemeinden", "verbandsfreien Gemeinden"),
    "gemeinschaftsfreie Gemeinde": ("gemeinschaftsfreie Gemeinden", "gemeinschaftsfreien Gemeinden"),
    "Einheitsgemeinde": ("Einheitsgemeinden", "Einheitsgemeinden"),
}
STANDARD = ("Amt", "amtsfreie Gemeinde")  # the default county's kinds (and the fallback of an empty level)


def verbandsarten(katalog: Katalog) -> list[str]:
    """The Verband types of the catalogue in the order of FORMEN (unknown types last, sorted)."""
    arten = {g.typ for g in katalog.gebiete.values() if g.ebene == "verband"} or set(STANDARD)
    reihenfolge = list(FORMEN)
    return sorted(arten, key=lambda t: (reihenfolge.index(t) if t in reihenfolge else len(reihenfolge), t))


def _aufzaehlung(teile: list[str], und: str) -> str:
    return teile[0] if len(teile) == 1 else f"{', '.join(teile[:-1])} {und} {teile[-1]}"


def verbaende(katalog: Katalog) -> str:
    """ "Ämter und amtsfreie Gemeinden", "Verbandsgemeinden und verbandsfreie Gemeinden"."""
    return _aufzaehlung([FORMEN.get(t, (f"{t} (Verbände)", ""))[0] for t in verbandsarten(katalog)], "und")


def verbaenden(katalog: Katalog) -> str:
    """The dative: "in den Ämtern und amtsfreien Gemeinden"."""
    return _aufzaehlung([FORMEN.get(t, ("", f"{t} (Verbänden)"))[1] for t in verbandsarten(katalog)], "und")


def verband(katalog: Katalog) -> str:
    """One of them: "Amt oder amtsfreie Gemeinde"."""
    return _aufzaehlung(verbandsarten(katalog), "oder")


# How running text names the county by its kind (`Katalog.kreis.typ`, catalog.gebietsdaten: BKG VG5000 BEZ):
# "landkreis" ("im Landkreis"), "stadt" for a kreisfreie Stadt, a Stadtkreis and the Stadtstaaten Berlin and
# Hamburg ("in der Stadt"), "kreis" for every other kind ("im Kreis": the Kreise of Nordrhein-Westfalen and
# Schleswig-Holstein, the Städteregion Aachen). Templates choose their sentence by it (web.context: `kreisart`).
STAEDTE = ("Kreisfreie Stadt", "Stadtkreis")
WORTE: dict[str, dict[str, str]] = {
    "landkreis": {"im": "im Landkreis", "des": "des Landkreises"},
    "kreis": {"im": "im Kreis", "des": "des Kreises"},
    "stadt": {"im": "in der Stadt", "des": "der Stadt"},
}


def kreisart(typ: str) -> str:
    """ "landkreis", "kreis" or "stadt" for a Kreis type ("Landkreis", "Kreis", "Kreisfreie Stadt" …)."""
    if typ == "Landkreis":
        return "landkreis"
    return "stadt" if typ in STAEDTE else "kreis"


def im_kreis(typ: str) -> str:
    """ "im Landkreis", "im Kreis", "in der Stadt"."""
    return WORTE[kreisart(typ)]["im"]


def des_kreises(typ: str) -> str:
    """ "des Landkreises", "des Kreises", "der Stadt"."""
    return WORTE[kreisart(typ)]["des"]


def ein_verband(katalog: Katalog) -> str:
    """With the indefinite article: "ein Amt oder eine amtsfreie Gemeinde"."""
    return _aufzaehlung(
        [f"{'ein' if t in ('Amt', 'Verwaltungsverband') else 'eine'} {t}" for t in verbandsarten(katalog)],
        "oder",
    )

"""How a catalogue's Gemeindeverbände are named in running text (pure, no Django).

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

"""The layers of the package: a package imports only from its own layer and the layers below it.

Read from the source with `ast` (every import, also those inside functions), so an import from a lower
layer into a higher one fails here before anyone merges it. From the ground up:

    catalog, formats  ->  indicators  ->  protect  ->  collect      (pure: no Django)
    ->  store  ->  publish  ->  registry  ->  web, demo  ->  integreat  ->  cli

The pure packages never import Django. The catalogue in use is loaded in one place (store.katalog); only
the settings and the Django-free `imon collect` read IMON_CATALOG_DIR themselves.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import integrationsmonitor

PAKET = Path(integrationsmonitor.__file__).resolve().parent

SCHICHTEN: list[set[str]] = [
    {"catalog", "formats"},
    {"indicators"},
    {"protect"},
    {"collect"},
    {"store"},
    {"publish"},
    {"registry"},
    {"web", "demo"},
    {"integreat"},
    {"cli"},
]
REIN = {"catalog", "formats", "indicators", "protect", "collect"}
SCHICHT = {paket: i for i, gruppe in enumerate(SCHICHTEN) for paket in gruppe}

# Imports upwards that are known and not yet moved: the abuse limits (web.drossel, whose counts live in a
# table of the web app) and the language of a page (web.sprache), used by registry and mailing views. A new
# entry needs a reason; an entry that no longer occurs must be removed (the test says so).
BEKANNT: set[tuple[str, str]] = {
    ("integrationsmonitor.publish.mailing.services", "integrationsmonitor.web.drossel"),
    ("integrationsmonitor.publish.mailing.views", "integrationsmonitor.web.drossel"),
    ("integrationsmonitor.registry.backends", "integrationsmonitor.web.drossel"),
    ("integrationsmonitor.registry.engagement.oeffentlich", "integrationsmonitor.web.drossel"),
    ("integrationsmonitor.registry.engagement.services", "integrationsmonitor.web.drossel"),
    ("integrationsmonitor.registry.kurse.oeffentlich", "integrationsmonitor.web.sprache"),
    ("integrationsmonitor.registry.kurse.qr", "integrationsmonitor.web.sprache"),
}


def _modul(datei: Path) -> str:
    teile = list(datei.relative_to(PAKET.parent).with_suffix("").parts)
    return ".".join(teile[:-1] if teile[-1] == "__init__" else teile)


def _ist_modul(name: str) -> bool:
    pfad = PAKET.parent / name.replace(".", "/")
    return pfad.with_suffix(".py").exists() or (pfad / "__init__.py").exists()


def _importe_von(quelle: str, modul: str, ist_paket: bool = False) -> Iterator[tuple[str, int]]:
    """(imported module, line) of every import in `quelle`, also inside functions; `from x import y` gives
    `x.y` where y is a module of this package, else `x`."""
    paket = modul if ist_paket else modul.rpartition(".")[0]
    for knoten in ast.walk(ast.parse(quelle)):
        if isinstance(knoten, ast.Import):
            for a in knoten.names:
                yield a.name, knoten.lineno
        elif isinstance(knoten, ast.ImportFrom):
            basis = knoten.module or ""
            if knoten.level:
                teile = paket.split(".")
                teile = teile[: len(teile) - knoten.level + 1]
                basis = ".".join([*teile, basis] if basis else teile)
            for a in knoten.names:
                yield (f"{basis}.{a.name}" if _ist_modul(f"{basis}.{a.name}") else basis), knoten.lineno


def _importe(datei: Path) -> Iterator[tuple[str, int]]:
    return _importe_von(datei.read_text(encoding="utf-8"), _modul(datei), datei.name == "__init__.py")


def _dateien() -> list[Path]:
    return sorted(p for p in PAKET.rglob("*.py") if "migrations" not in p.parts)


def _teilpaket(modul: str) -> str | None:
    teile = modul.split(".")
    return teile[1] if len(teile) > 1 and teile[0] == "integrationsmonitor" else None


def _nach_oben() -> dict[tuple[str, str], str]:
    """Every import into a higher layer: (importing module, imported module) -> "file:line"."""
    gefunden: dict[tuple[str, str], str] = {}
    for datei in _dateien():
        von = _teilpaket(_modul(datei))
        if von is None or von not in SCHICHT:
            continue
        for ziel, zeile in _importe(datei):
            nach = _teilpaket(ziel)
            if nach is None or nach not in SCHICHT or SCHICHT[nach] <= SCHICHT[von]:
                continue
            gefunden[(_modul(datei), ziel)] = f"{datei.relative_to(PAKET.parent)}:{zeile}"
    return gefunden


def test_jedes_teilpaket_hat_eine_schicht() -> None:
    teilpakete = {p.name for p in PAKET.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert teilpakete == set(SCHICHT), "a new package needs its place in SCHICHTEN"


def test_kein_import_in_eine_hoehere_schicht() -> None:
    neu = {paar: wo for paar, wo in _nach_oben().items() if paar not in BEKANNT}
    assert not neu, "imports from a lower layer into a higher one:\n" + "\n".join(
        f"{wo}: {von} -> {nach}" for (von, nach), wo in sorted(neu.items())
    )


def test_bekannte_ausnahmen_gibt_es_noch() -> None:
    veraltet = BEKANNT - set(_nach_oben())
    assert not veraltet, f"no longer imported, remove from BEKANNT: {sorted(veraltet)}"


def test_reine_pakete_importieren_kein_django() -> None:
    fehler = [
        f"{datei.relative_to(PAKET.parent)}:{zeile}: {ziel}"
        for datei in _dateien()
        if _teilpaket(_modul(datei)) in REIN
        for ziel, zeile in _importe(datei)
        if ziel.split(".")[0] == "django"
    ]
    assert not fehler, "pure packages import Django:\n" + "\n".join(fehler)


def test_katalog_in_gebrauch_nur_aus_store_katalog() -> None:
    """Only the settings, store.katalog and the Django-free `imon collect` name IMON_CATALOG_DIR in code."""
    erlaubt = {"web/settings.py", "store/katalog.py", "cli/sammeln.py"}
    fehler = []
    for datei in _dateien():
        for knoten in ast.walk(ast.parse(datei.read_text(encoding="utf-8"))):
            nennt = (isinstance(knoten, ast.Attribute) and knoten.attr == "IMON_CATALOG_DIR") or (
                isinstance(knoten, ast.Constant) and knoten.value == "IMON_CATALOG_DIR"
            )
            if nennt and datei.relative_to(PAKET).as_posix() not in erlaubt:
                fehler.append(f"{datei.relative_to(PAKET.parent)}:{getattr(knoten, 'lineno', 0)}")
    assert not fehler, "load the catalogue with store.katalog.aktueller_katalog():\n" + "\n".join(fehler)


def test_die_pruefung_liest_relative_importe_und_importe_in_funktionen() -> None:
    quelle = (
        "from ..publish import formatting as fmt\n"
        "from .model import SeriesRow\n"
        "def f() -> None:\n"
        "    from django.conf import settings\n"
        "    from integrationsmonitor.web import drossel, nichts\n"
    )
    importe = [z for z, _ in _importe_von(quelle, "integrationsmonitor.indicators.probe")]
    assert importe == [
        "integrationsmonitor.publish.formatting",
        "integrationsmonitor.indicators.model",
        "django.conf",
        "integrationsmonitor.web.drossel",
        "integrationsmonitor.web",  # `nichts` is no module: the import counts for the package
    ]

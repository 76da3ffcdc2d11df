"""Where `imon kreis-anlegen` writes (pure): which targets are refused, and replacing a catalogue safely.

The target is refused when it is a symbolic link, the current directory (or one above it), a file, or a
non-empty directory that is not a catalogue of kreis-anlegen (with --force: nothing but its files, and under
codelists/ nothing but the shipped lists). A replaced catalogue is moved aside first and deleted only once
the new one is in place; OSErrors become German messages naming the directory.
"""

from __future__ import annotations

import errno
import tempfile
from pathlib import Path

from .errors import KatalogFehler
from .loader import LDS_DIR

GRUENDE = {
    errno.EACCES: "keine Schreibrechte",
    errno.EPERM: "keine Schreibrechte",
    errno.EROFS: "Dateisystem nur lesbar",
    errno.ENOSPC: "kein Speicherplatz mehr",
    errno.EDQUOT: "Speicherkontingent erschöpft",
    errno.ENAMETOOLONG: "Name zu lang",
}


def pruefe_ziel(ziel: Path, ueberschreiben: bool, dateien: tuple[str, ...]) -> None:
    """Refuse a target that kreis-anlegen must not write to or replace (KatalogFehler, in German)."""
    if ziel.is_symlink():
        raise KatalogFehler(
            [f"{ziel}: ist ein symbolischer Verweis; bitte das Verzeichnis selbst angeben (nichts geändert)"]
        )
    arbeit = Path.cwd().resolve()
    if ziel.resolve() == arbeit or ziel.resolve() in arbeit.parents:
        raise KatalogFehler(
            [
                f"{ziel}: ist das aktuelle Verzeichnis (oder enthält es); bitte ein neues Unterverzeichnis "
                "angeben, z. B. -o katalog"
            ]
        )
    if ziel.exists() and not ziel.is_dir():
        raise KatalogFehler([f"{ziel}: ist eine Datei, kein Verzeichnis"])
    if ziel.is_dir() and any(ziel.iterdir()):
        if not ueberschreiben:
            raise KatalogFehler(
                [
                    f"{ziel}: das Verzeichnis ist nicht leer; ein anderes wählen oder mit --force einen "
                    "vorhandenen Katalog ersetzen"
                ]
            )
        fremd = sorted(p.name for p in ziel.iterdir() if p.name not in dateien or p.is_symlink())
        listen = ziel / "codelists"
        if listen.is_dir() and not listen.is_symlink():
            eigene = {p.name for p in (LDS_DIR / "codelists").glob("*.yaml")}
            fremd += sorted(f"codelists/{p.name}" for p in listen.iterdir() if p.name not in eigene)
        if not (ziel / "kreis.yaml").is_file() or fremd:
            raise KatalogFehler(
                [
                    f"{ziel}: --force ersetzt nur einen Katalog von imon kreis-anlegen; das Verzeichnis enthält "
                    + (f"andere Dateien ({', '.join(fremd[:5])})" if fremd else "keine kreis.yaml")
                ]
            )
    if not ziel.parent.is_dir():
        raise KatalogFehler([f"{ziel.parent}: das übergeordnete Verzeichnis gibt es nicht"])


def os_fehler(exc: OSError, was: str, wo: Path) -> KatalogFehler:
    """An OSError as a German message naming the directory (and the system's reason)."""
    grund = GRUENDE.get(exc.errno or 0, exc.strerror or str(exc))
    return KatalogFehler([f"{wo}: {was} nicht möglich ({grund}); nichts geschrieben"])


def ersetzen(tmp: Path, ziel: Path, ueberschreiben: bool) -> Path | None:
    """Move the written catalogue `tmp` to `ziel`; the old catalogue goes to the returned directory (the
    caller deletes it once `ziel` is in place), or is put back when the move fails."""
    alt: Path | None = None
    try:
        if ziel.is_dir():
            if ueberschreiben and any(ziel.iterdir()):
                alt = Path(tempfile.mkdtemp(prefix=f".{ziel.name}-alt-", dir=ziel.parent))
                ziel.rename(alt / "katalog")
            else:
                ziel.rmdir()
        tmp.rename(ziel)
    except OSError as exc:
        if alt is not None and (alt / "katalog").is_dir() and not ziel.exists():
            (alt / "katalog").rename(ziel)  # put the old catalogue back
        if alt is not None and not any(alt.iterdir()):
            alt.rmdir()
        raise os_fehler(exc, "Ersetzen", ziel) from None
    return alt

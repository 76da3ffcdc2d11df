"""Errors raised while reading files."""

from __future__ import annotations


class FormatFehler(Exception):
    """A file cannot be read at all; the message names the file, the place and the reason in German."""

    def __init__(
        self,
        datei: str,
        grund: str,
        zeile: int | None = None,
        spalte: str | None = None,
        blatt: str | None = None,
    ) -> None:
        self.datei, self.grund, self.zeile, self.spalte, self.blatt = datei, grund, zeile, spalte, blatt
        wo = f"{datei}, Blatt „{blatt}“" if blatt else datei
        if zeile:
            wo += f", Zeile {zeile}"
        if spalte:
            wo += f", Spalte {spalte}"
        super().__init__(f"{wo}: {grund}")


MAX_GENANNT = 200  # names listed in one message; beyond this it says how many more there are


def aufzaehlung(namen: list[str], grenze: int = MAX_GENANNT) -> str:
    """`a, b, c`, or the first `grenze` names and `… und N weitere` (a message stays short for any file)."""
    rest = len(namen) - grenze
    return ", ".join(namen[:grenze]) + (f" … und {rest} weitere" if rest > 0 else "")

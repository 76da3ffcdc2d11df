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

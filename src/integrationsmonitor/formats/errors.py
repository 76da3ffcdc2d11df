"""Errors raised while reading files."""

from __future__ import annotations


class FormatFehler(Exception):
    """A file cannot be read at all; the message names the file, the place and the reason in German."""

    def __init__(self, datei: str, grund: str, zeile: int | None = None, spalte: str | None = None) -> None:
        self.datei, self.grund, self.zeile, self.spalte = datei, grund, zeile, spalte
        wo = f"{datei}, Zeile {zeile}" if zeile else datei
        if spalte:
            wo += f", Spalte {spalte}"
        super().__init__(f"{wo}: {grund}")

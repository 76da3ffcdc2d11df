"""Errors raised while reading files."""

from __future__ import annotations


class FormatFehler(Exception):
    """A file cannot be read at all; the message names the file, the place and the reason in German."""

    def __init__(self, datei: str, grund: str, zeile: int | None = None) -> None:
        self.datei, self.grund, self.zeile = datei, grund, zeile
        wo = f"{datei}, Zeile {zeile}" if zeile else datei
        super().__init__(f"{wo}: {grund}")

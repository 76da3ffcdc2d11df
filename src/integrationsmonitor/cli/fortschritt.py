"""A progress bar on the terminal: `[██████░░░░░░░░░░░░░░]  30 %` on one line, redrawn in place."""

from __future__ import annotations

from typing import TextIO

VOLL, LEER = "█", "░"


def balken(anteil: float, breite: int = 30) -> str:
    """The bar for a share 0..1 (clamped), with the percentage, German style."""
    anteil = min(max(anteil, 0.0), 1.0)
    voll = int(anteil * breite)
    return f"[{VOLL * voll}{LEER * (breite - voll)}] {int(anteil * 100):3d} %"


class Fortschritt:
    """Callable with the share done; draws only on a terminal and only when the percentage changes."""

    def __init__(self, ausgabe: TextIO, text: str = "", breite: int = 30) -> None:
        self.ausgabe, self.text, self.breite = ausgabe, text, breite
        self.aktiv = ausgabe.isatty()
        self.prozent = -1

    def __call__(self, anteil: float) -> None:
        prozent = int(min(max(anteil, 0.0), 1.0) * 100)
        if not self.aktiv or prozent == self.prozent:
            return
        self.prozent = prozent
        self.ausgabe.write(f"\r{self.text}{balken(anteil, self.breite)}")
        self.ausgabe.flush()

    def ende(self) -> None:
        """End the bar's line (if one was drawn)."""
        if self.aktiv and self.prozent >= 0:
            self.ausgabe.write("\n")
            self.ausgabe.flush()

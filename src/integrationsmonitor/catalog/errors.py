"""Errors of the catalogue."""

from __future__ import annotations


class KatalogFehler(Exception):
    """The catalogue is inconsistent; `fehler` lists every problem in German."""

    def __init__(self, fehler: list[str]) -> None:
        self.fehler = fehler
        super().__init__("Der Katalog ist fehlerhaft:\n" + "\n".join(f"- {f}" for f in fehler))

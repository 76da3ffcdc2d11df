"""Small helpers shared by the `imon` subcommands: the user a command acts as, plain tables, usage errors."""

from __future__ import annotations

import getpass
import sys


def benutzer() -> str:
    try:
        return f"{getpass.getuser()} (Kommandozeile)"
    except (KeyError, OSError):
        return "Kommandozeile"


def tabelle(kopf: list[str], zeilen: list[list[str]]) -> str:
    breiten = [max(len(str(x)) for x in spalte) for spalte in zip(kopf, *zeilen, strict=False)]
    linien = [kopf, ["-" * b for b in breiten], *zeilen]
    return (
        "\n".join(
            "  ".join(str(x).ljust(b) for x, b in zip(z, breiten, strict=False)).rstrip() for z in linien
        )
        + "\n"
    )


def aufruffehler(text: str) -> int:
    sys.stderr.write(f"Fehler: {text}\n")
    return 2

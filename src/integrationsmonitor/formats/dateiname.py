"""Check the name of a delivered file before it is stored, shown and logged (finding 12 of #10; pure).

The name appears on pages, in the delivery history, in problem lists and in the log. Refused, with a German
reason: more than 255 characters (the database column), control characters (a line break would forge a
log line), Unicode direction marks (U+202E turns `lieferung_fdp.csv` into what looks like `lieferung_psc.pdf`),
and names that are only dots or contain a path (`../`). Everything else, umlauts and spaces included, is
kept as the office named it."""

from __future__ import annotations

import unicodedata

from .errors import FormatFehler

MAX_ZEICHEN = 255
_RICHTUNG = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C)}


def pruefe_dateiname(name: str) -> str:
    """`name` unchanged if acceptable; FormatFehler naming a shortened, printable form of it otherwise."""
    sichtbar = "".join(z if unicodedata.category(z)[0] != "C" else "?" for z in name)[:60]
    if len(name) > MAX_ZEICHEN:
        raise FormatFehler(
            f"{sichtbar}…",
            f"der Dateiname ist {len(name)} Zeichen lang; erlaubt sind höchstens {MAX_ZEICHEN}",
        )
    if not name.strip(" ."):
        raise FormatFehler(name or "(ohne Namen)", "die Datei hat keinen Namen")
    if any(z in _RICHTUNG for z in name):
        raise FormatFehler(
            sichtbar, "der Dateiname enthält Steuerzeichen für die Schreibrichtung; bitte umbenennen"
        )
    if any(unicodedata.category(z) in ("Cc", "Cf", "Cs", "Co", "Cn") for z in name):
        raise FormatFehler(
            sichtbar, "der Dateiname enthält Steuerzeichen (z. B. einen Zeilenumbruch); bitte umbenennen"
        )
    if "/" in name or "\\" in name:
        raise FormatFehler(sichtbar, "der Dateiname enthält einen Pfad (/ oder \\); bitte nur den Namen")
    return name

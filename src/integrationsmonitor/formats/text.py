"""Decode the bytes of an office file: UTF-8 with or without BOM, otherwise Windows-1252."""

from __future__ import annotations

from .errors import FormatFehler


def dekodiere(daten: bytes, datei: str) -> str:
    """Text of a file as offices write it; refuses empty and binary files with a German message."""
    text = _dekodiere(daten, datei)
    if not text.strip():
        raise FormatFehler(datei, "die Datei ist leer")
    return text


def _dekodiere(daten: bytes, datei: str) -> str:
    if daten.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with BOM: Excel's "Unicode-Text" export
        try:
            return daten.decode("utf-16")
        except UnicodeDecodeError:
            raise FormatFehler(
                datei, "die Datei beginnt mit einer UTF-16-Markierung, ist aber kein gültiges UTF-16"
            ) from None
    if not daten.strip():
        raise FormatFehler(datei, "die Datei ist leer")
    if b"\x00" in daten[:4096] or daten[:4] in (b"PK\x03\x04", b"%PDF"):
        raise FormatFehler(
            datei,
            "die Datei ist keine Textdatei (CSV erwartet; Excel- oder PDF-Dateien bitte als CSV speichern)",
        )
    if daten.startswith(b"\xef\xbb\xbf"):
        try:
            return daten[3:].decode("utf-8")
        except UnicodeDecodeError as exc:
            raise FormatFehler(
                datei,
                f"die Datei beginnt mit einer UTF-8-Markierung (BOM), Byte {exc.start + 4} ist aber kein UTF-8",
            ) from None
    try:
        return daten.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return daten.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise FormatFehler(
            datei, f"unbekannte Zeichenkodierung (Byte {exc.start + 1} ist weder UTF-8 noch Windows-1252)"
        ) from None

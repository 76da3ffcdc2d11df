"""Decode the bytes of an office file: UTF-16 or UTF-8 with BOM, UTF-8, otherwise Windows-1252."""

from __future__ import annotations

import codecs

from .errors import FormatFehler

PROBE = 1 << 20  # bytes a streaming reader looks at: valid UTF-8 here means UTF-8, otherwise Windows-1252


def dekodiere(daten: bytes, datei: str) -> str:
    """Text of a whole file as offices write it; refuses empty and binary files with a German message."""
    return daten.decode(erkenne_kodierung(daten, True, datei))


def erkenne_kodierung(kopf: bytes, ganz: bool, datei: str) -> str:
    """Python codec name for a file beginning with `kopf` (`ganz`: `kopf` is the whole file): UTF-16 with
    BOM, UTF-8 with or without BOM, otherwise Windows-1252; empty and binary files are refused.
    Streaming readers pass the first `PROBE` bytes."""
    if kopf.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with BOM: Excel's "Unicode-Text" export
        try:
            text = codecs.getincrementaldecoder("utf-16")().decode(kopf, final=ganz)
        except UnicodeDecodeError:
            raise FormatFehler(
                datei, "die Datei beginnt mit einer UTF-16-Markierung, ist aber kein gültiges UTF-16"
            ) from None
        if ganz and not text.strip():
            raise FormatFehler(datei, "die Datei ist leer")
        return "utf-16"
    if ganz and not kopf.strip():
        raise FormatFehler(datei, "die Datei ist leer")
    if b"\x00" in kopf[:4096] or kopf[:4] in (b"PK\x03\x04", b"%PDF"):
        raise FormatFehler(
            datei,
            "die Datei ist keine Textdatei (CSV erwartet; Excel- oder PDF-Dateien bitte als CSV speichern)",
        )
    if kopf.startswith(b"\xef\xbb\xbf"):
        try:
            text = codecs.getincrementaldecoder("utf-8")().decode(kopf[3:], final=ganz)
        except UnicodeDecodeError as exc:
            raise FormatFehler(
                datei,
                f"die Datei beginnt mit einer UTF-8-Markierung (BOM), Byte {exc.start + 4} ist aber kein UTF-8",
            ) from None
        if ganz and not text.strip():
            raise FormatFehler(datei, "die Datei ist leer")
        return "utf-8-sig"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(kopf, final=ganz)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        kopf.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise FormatFehler(
            datei, f"unbekannte Zeichenkodierung (Byte {exc.start + 1} ist weder UTF-8 noch Windows-1252)"
        ) from None
    return "cp1252"

"""PDFs (and PNG page images) from Typst templates (pure, no Django).

Data goes into the template only as JSON (`sys.inputs.data`), so text from the data is never read as
markup. The shipped DejaVu Sans is the only font (system fonts ignored), so every machine produces the
same PDF; the PDF is tagged and checked by Typst against PDF/UA-1 (title, language, alt texts, table
headers). The compile timestamp is fixed by the caller, so the same inputs give the same bytes.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

import typst

VORLAGEN = Path(__file__).parent / "vorlagen"
SCHRIFTEN = Path(__file__).parent / "fonts"
STANDARD_LOGO = VORLAGEN / "logo.svg"


LOGO_ENDUNGEN = (".png", ".svg")


class PdfFehler(Exception):
    """A template could not be compiled; the message says why."""


def logo_fehler(logo: Path) -> str | None:
    """Why this logo file cannot be used (a German sentence naming the file), or None when it can.

    A PNG must start with the PNG signature, an SVG must contain an `<svg` element near its start."""
    if logo.suffix.lower() not in LOGO_ENDUNGEN:
        return f"Logo {logo}: nur PNG- oder SVG-Dateien (Endung .png oder .svg) werden verwendet"
    if not logo.is_file():
        return f"Logo {logo}: die Datei gibt es nicht"
    try:
        anfang = logo.open("rb").read(4096)
    except OSError as exc:
        return f"Logo {logo}: die Datei ist nicht lesbar ({exc.strerror or exc})"
    if logo.suffix.lower() == ".png" and not anfang.startswith(b"\x89PNG\r\n\x1a\n"):
        return f"Logo {logo}: die Datei ist kein PNG-Bild"
    if logo.suffix.lower() == ".svg" and b"<svg" not in anfang:
        return f"Logo {logo}: die Datei ist kein SVG-Bild"
    return None


def _vorbereiten(
    ordner: Path, vorlage: str, daten: dict[str, Any], bilder: Mapping[str, str | bytes], logo: Path | None
) -> dict[str, Any]:
    shutil.copyfile(VORLAGEN / f"{vorlage}.typ", ordner / "main.typ")
    for name, inhalt in bilder.items():
        ziel = ordner / name
        if isinstance(inhalt, str):
            ziel.write_text(inhalt, encoding="utf-8")
        else:
            ziel.write_bytes(inhalt)
    daten = dict(daten)
    if logo is not None and logo_fehler(logo) is None:  # an unusable logo: the publication without it
        (ordner / f"logo{logo.suffix.lower()}").write_bytes(logo.read_bytes())
        daten["logo"] = f"logo{logo.suffix.lower()}"
    return daten


def kompiliere(
    vorlage: str,
    daten: dict[str, Any],
    *,
    bilder: Mapping[str, str | bytes] | None = None,
    zeitpunkt: datetime,
    logo: Path | None = STANDARD_LOGO,
    format: str = "pdf",
    ppi: float = 96.0,
) -> bytes | list[bytes]:
    """Compile `vorlagen/<vorlage>.typ` with `daten`; `bilder` are files (name -> content) beside it.

    `format="pdf"` gives the PDF's bytes (PDF/UA-1), `format="png"` one PNG per page."""
    with tempfile.TemporaryDirectory(prefix="imon-typst-") as tmp:
        ordner = Path(tmp)
        mit_logo = _vorbereiten(ordner, vorlage, daten, bilder or {}, logo)
        optionen: dict[str, Any] = {
            "root": str(ordner),
            "font_paths": [str(SCHRIFTEN)],
            "ignore_system_fonts": True,
            "sys_inputs": {"data": json.dumps(mit_logo, ensure_ascii=False)},
            "timestamp": int(zeitpunkt.timestamp()),
        }
        try:
            if format == "png":
                seiten = typst.compile(str(ordner / "main.typ"), format="png", ppi=ppi, **optionen)
                return seiten if isinstance(seiten, list) else [seiten]
            ergebnis = typst.compile(
                str(ordner / "main.typ"), format="pdf", pdf_standards=["ua-1"], **optionen
            )
        except RuntimeError as exc:  # typst reports template and standard errors as RuntimeError
            if "logo" in mit_logo:  # a logo file Typst cannot read (broken image): without the logo
                return kompiliere(
                    vorlage, daten, bilder=bilder, zeitpunkt=zeitpunkt, logo=None, format=format, ppi=ppi
                )
            raise PdfFehler(f"PDF konnte nicht erzeugt werden: {exc}") from None
        assert isinstance(ergebnis, bytes)
        return ergebnis

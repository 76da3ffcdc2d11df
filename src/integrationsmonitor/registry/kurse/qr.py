"""QR codes of the printable course list: each opens the course finder in one language (web.sprache)."""

from __future__ import annotations

import segno
from django.conf import settings
from django.urls import reverse

from integrationsmonitor.web.sprache import PARAMETER

FEHLERKORREKTUR = "m"  # 15 % of the code may be dirty or folded and it still reads


def finder_adresse(sprache: str) -> str:
    """The shareable address of the course finder in `sprache` on the live site (IMON_SITE_URL)."""
    return f"{str(settings.IMON_SITE_URL).rstrip('/')}{reverse('kurse:finder')}?{PARAMETER}={sprache}"


def qr_code(inhalt: str) -> segno.QRCode:
    return segno.make_qr(inhalt, error=FEHLERKORREKTUR)


def qr_svg(inhalt: str) -> str:
    """The code as inline SVG (no image file, no data: address the CSP would have to allow), sized by CSS;
    the quiet zone of four modules the standard asks for is part of the picture. Hidden from screen readers:
    the page prints the address beside it as text."""
    svg: str = qr_code(inhalt).svg_inline(
        scale=1, border=4, omitsize=True, svgclass="qr", lineclass="qr-linie"
    )
    return svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)

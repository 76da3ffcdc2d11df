"""Texts the Verwaltung writes for a publication (foreword, chapter commentary, FactSheet commentary), pure.

They are plain text: a blank line starts a new paragraph, other line breaks are spaces. Nothing in them is
markup — the HTML templates escape them and the PDF templates receive them as JSON strings, which Typst
sets as text, never as code (`#`, `$`, `[`, `\\`, `@`, `<` print as themselves).
"""

from __future__ import annotations

import re

_STEUERZEICHEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LEERZEILE = re.compile(r"\n\s*\n")


def absaetze(text: str) -> list[str]:
    """The paragraphs of a text; control characters dropped, white space inside a paragraph as one space."""
    text = _STEUERZEICHEN.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return [" ".join(teil.split()) for teil in _LEERZEILE.split(text) if teil.strip()]

"""A rejected upload's problems, grouped by kind: a few lines of each kind and how many there are in all.

The check lists up to 200 problems, each with file, row and column (store.validation); ten "Pflichtspalte
fehlt" or 200 "unbekannter Code" lines hide what matters. A kind is the column and the message with its
quoted values, numbers and the closing place in brackets left out ("unbekannter Code ‚X‘ (Codeliste …)" in
rows 3 and 9 is one kind). The check's own closing line ("… und N weitere Probleme") stays last.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

BEISPIELE = 3  # lines shown per kind

_ORT = re.compile(
    r"^(?P<datei>[^,:]*?)(?:, Blatt [^,]*)?(?:, Zeile \d+)?(?:, Spalte (?P<spalte>‚[^‘]*‘|[A-Z]+))?: "
)
_ZITAT = re.compile(r"‚[^‘]*‘|„[^“]*“")
_ZAHL = re.compile(r"[−-]?\d[\d.,]*")
_KLAMMER_AM_ENDE = re.compile(r"\s*\([^()]*(\([^()]*\)[^()]*)*\)\s*$")
_REST = re.compile(r"… und \d+ weitere Probleme$")


@dataclass
class Art:
    beispiele: list[str] = field(default_factory=list)
    anzahl: int = 0

    @property
    def weitere(self) -> int:
        return self.anzahl - len(self.beispiele)


def art(problem: str) -> tuple[str, str]:
    """The kind of a problem: (column, message without values)."""
    treffer = _ORT.match(problem)
    spalte = (treffer.group("spalte") or "") if treffer else ""
    text = problem[treffer.end() :] if treffer else problem
    text = _KLAMMER_AM_ENDE.sub("", text)
    return spalte, _ZAHL.sub("#", _ZITAT.sub("‚…‘", text))


def gruppiert(probleme: list[str], beispiele: int = BEISPIELE) -> tuple[list[Art], list[str]]:
    """The kinds in the order they first occur, and the check's closing lines."""
    arten: dict[tuple[str, str], Art] = {}
    schluss = []
    for p in probleme:
        if _REST.search(p):
            schluss.append(p)
            continue
        a = arten.setdefault(art(p), Art())
        a.anzahl += 1
        if len(a.beispiele) < beispiele:
            a.beispiele.append(p)
    return list(arten.values()), schluss

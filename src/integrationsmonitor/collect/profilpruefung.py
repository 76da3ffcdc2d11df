"""Checks that table profiles and GENESIS profiles share: does a name denote a dimension of the dataset, a code
of its code list (pure; each profile loader raises its own error type with the message)."""

from __future__ import annotations

from integrationsmonitor.catalog.model import TOTAL, Datensatz, Katalog


def code_fehler(katalog: Katalog, ds: Datensatz, merkmal: str, code: str) -> str | None:
    """Why `code` is no code of the dimension's code list (None: it is one, or the total)."""
    liste = katalog.codelisten[ds.merkmale[merkmal]]
    if code == TOTAL or code in liste.codes:
        return None
    return f"‚{code}‘ ist kein Code der Codeliste {liste.name} (und nicht {TOTAL})"


def merkmal_fehler(ds: Datensatz, merkmal: str) -> str | None:
    """Why `merkmal` is no dimension of the dataset (None: it is one)."""
    if merkmal in ds.merkmale:
        return None
    return f"‚{merkmal}‘ ist kein Merkmal des Datensatzes {ds.id} (Merkmale: {', '.join(ds.merkmale) or 'keine'})"

"""The Integreat stand-in as a pytest fixture (see standin.py for its switches)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .standin import Standin, integreat_standin


@pytest.fixture
def integreat() -> Iterator[Standin]:
    """A running stand-in of the county's Integreat CMS; `integreat.basis_url` is its base URL."""
    with integreat_standin() as cms:
        yield cms

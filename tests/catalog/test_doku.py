"""Documentation that cannot go stale: the catalogue page and the README's command list."""

from __future__ import annotations

from pathlib import Path

from integrationsmonitor.catalog.doku import katalog_markdown
from integrationsmonitor.catalog.loader import lade_katalog
from integrationsmonitor.cli.main import _parser

ROOT = Path(__file__).parents[2]


def test_docs_katalog_is_current():
    erwartet = katalog_markdown(lade_katalog())
    assert (ROOT / "docs" / "katalog.md").read_text(encoding="utf-8") == erwartet, (
        "docs/katalog.md ist veraltet: python -m integrationsmonitor.catalog.doku > docs/katalog.md"
    )


def test_every_indicator_and_dataset_is_documented():
    text = (ROOT / "docs" / "katalog.md").read_text(encoding="utf-8")
    k = lade_katalog()
    for ident in [*k.indikatoren, *k.datensaetze]:
        assert f"`{ident}`" in text


def test_every_cli_command_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    befehle = _parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for name in befehle:
        assert f"`imon {name}" in readme, name

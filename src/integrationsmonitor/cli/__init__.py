"""The `imon` command."""

from .main import main

__all__ = ["main"]

"""Template filters for German numbers, dates and periods (thin wrappers around publish.formatting)."""

from __future__ import annotations

import datetime as dt

from django import template

from integrationsmonitor.publish import formatting as fmt

register = template.Library()


@register.filter
def zahl(value: float | int | None, stellen: int = 0) -> str:
    """``{{ 14933|zahl }}`` → ``14.933``; ``{{ 8.25|zahl:1 }}`` → ``8,3``; None → ``.``."""
    return fmt.zahl(value, int(stellen))


@register.filter
def wert(value: float | int | None, einheit: str = "anzahl") -> str:
    """``{{ 8.2|wert:"prozent" }}`` → ``8,2 %``."""
    return fmt.wert(value, einheit)


@register.filter
def datum(value: dt.date | dt.datetime | None) -> str:
    """``31.12.2024`` (aware datetimes in Europe/Berlin); None → empty."""
    return "" if value is None else fmt.datum(value)


@register.filter
def datum_zeit(value: dt.datetime | None) -> str:
    """``31.12.2024, 14:05 Uhr``; None → empty."""
    return "" if value is None else fmt.datum_zeit(value)


@register.filter
def periode(code: str | None) -> str:
    """``2024-Q4`` → ``4. Quartal 2024``."""
    return "" if code is None else fmt.periode(str(code))


@register.filter
def punkte(value: float | int | None) -> str:
    """``0.6`` → ``+0,6 Prozentpunkte``."""
    return fmt.punkte(value)


@register.filter
def kurz_hash(value: str | None) -> str:
    """The first 12 hex digits of a SHA-256 (enough to tell files apart on screen)."""
    return (value or "")[:12]

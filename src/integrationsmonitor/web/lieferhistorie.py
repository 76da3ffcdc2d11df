"""The history of all deliveries, superseded ones included, newest first, in pages (read only)."""

from __future__ import annotations

from django.core.paginator import Page, Paginator

from integrationsmonitor.catalog.model import Katalog
from integrationsmonitor.store.selectors import lieferungen

from .herkunft import lieferzeile

PRO_SEITE = 50


def lieferhistorie(katalog: Katalog, seite: str | None) -> Page:
    """One page of the delivery history; its object_list holds LieferZeile rows."""
    qs = lieferungen().select_related("ersetzt_durch")
    page = Paginator(qs, PRO_SEITE).get_page(seite)
    page.object_list = [lieferzeile(katalog, lf) for lf in page.object_list]
    return page

"""The history of all deliveries, superseded ones included, newest first, in pages (read only)."""

from __future__ import annotations

from django.core.paginator import Page, Paginator

from integrationsmonitor.catalog.model import Katalog
from integrationsmonitor.registry.rollen import Benutzer, sichtbare_lieferungen
from integrationsmonitor.store.selectors import lieferungen

from .herkunft import LieferZeile, lieferzeile

PRO_SEITE = 50


def lieferhistorie(katalog: Katalog, seite: str | None, benutzer: Benutzer) -> Page[LieferZeile]:
    """One page of the delivery history the user may see (registry.rollen), as LieferZeile rows."""
    qs = sichtbare_lieferungen(benutzer, katalog, lieferungen()).select_related("ersetzt_durch")
    page = Paginator(qs, PRO_SEITE).get_page(seite)
    zeilen = [lieferzeile(katalog, lf) for lf in page.object_list]
    return Page(zeilen, page.number, page.paginator)  # type: ignore[arg-type]  # same paging, rows mapped

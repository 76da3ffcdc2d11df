"""Django admin: users through Django's default admin; deliveries and cells read-only (only ingest writes)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from integrationsmonitor.registry.rollen import darf_verwaltung
from integrationsmonitor.store.models import Beobachtung, Lieferung

from .anmeldung import AdminAnmeldeForm, mit_drosselstatus

admin.site.site_header = _("Integrationsmonitor – Verwaltung")
admin.site.site_title = _("Integrationsmonitor")
admin.site.index_title = _("Verwaltung")


def _nur_verwaltung(request: HttpRequest) -> bool:
    """The admin site is for the role admin only (registry.rollen.darf_verwaltung), not for every staff user."""
    return darf_verwaltung(request.user)


admin.site.has_permission = _nur_verwaltung  # type: ignore[method-assign]
# The admin login has the same limits as the site's (registry.backends, web.anmeldung).
admin.site.login_form = AdminAnmeldeForm
admin.site.login = mit_drosselstatus(admin.site.login)  # type: ignore[method-assign]


class NurLesen(admin.ModelAdmin):  # type: ignore[type-arg]  # shared by two models
    """Deliveries are written by store.ingest.liefere only (validated, versioned); the admin only shows them."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Lieferung)
class LieferungAdmin(NurLesen):
    list_display = [
        "datensatz",
        "zeitraum",
        "status",
        "lieferant",
        "datei_name",
        "eingegangen_am",
        "benutzer",
        "zellen",
        "ist_demo",
    ]
    list_filter = ["status", "datensatz", "lieferant", "ist_demo"]
    search_fields = ["datensatz", "zeitraum", "datei_name", "datei_hash", "benutzer"]
    date_hierarchy = "eingegangen_am"


@admin.register(Beobachtung)
class BeobachtungAdmin(NurLesen):
    list_display = ["lieferung", "gebiet", "merkmale", "wert", "kennzeichen"]
    list_filter = ["lieferung__datensatz", "kennzeichen"]
    search_fields = ["gebiet", "merkmale"]
    list_select_related = ["lieferung"]
    show_full_result_count = False

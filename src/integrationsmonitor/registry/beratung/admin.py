from django.contrib import admin

from .models import Beratungsstelle, Beratungszahl


@admin.register(Beratungsstelle)
class BeratungsstelleAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "code", "traeger", "gemeinde", "aktiv"]
    list_filter = ["traeger", "aktiv"]


@admin.register(Beratungszahl)
class BeratungszahlAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Read only: tallies change only by the entry form (or its undo), never by hand."""

    list_display = ["monat", "stelle", "merkmal", "code", "anzahl"]
    list_filter = ["stelle", "merkmal", "monat"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

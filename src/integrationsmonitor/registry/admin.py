from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import (
    Angebot,
    Angebotsort,
    Berichtstermin,
    Foerderung,
    Projekt,
    Projektstandort,
    Traeger,
    Zugang,
)


@admin.register(Traeger)
class TraegerAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "kurzname", "aktiv"]
    search_fields = ["name", "kurzname"]


@admin.register(Zugang)
class ZugangAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["benutzer", "rolle", "lieferant", "traeger"]
    list_filter = ["rolle"]


def _aus_integreat(obj: Any) -> bool:
    return isinstance(obj, Angebot) and obj.aus_integreat


class AngebotsortInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Angebotsort
    extra = 0

    # An offer imported from Integreat is maintained there (imon integreat-import): read-only here.
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _aus_integreat(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _aus_integreat(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _aus_integreat(obj) and super().has_delete_permission(request, obj)


@admin.register(Angebot)
class AngebotAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "traeger", "aktiv_von", "aktiv_bis", "quelle", "archiviert"]
    list_filter = ["traeger", "archiviert"]
    search_fields = ["name", "beschreibung"]
    inlines = [AngebotsortInline]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """Imported offers are shown, not changed: the next import would overwrite any change."""
        return not _aus_integreat(obj) and super().has_change_permission(request, obj)


class ProjektstandortInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Projektstandort
    extra = 0


class FoerderungInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Foerderung
    extra = 0
    show_change_link = True


@admin.register(Projekt)
class ProjektAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "traeger", "vze", "ehrenamtliche"]
    list_filter = ["traeger"]
    search_fields = ["name"]
    inlines = [ProjektstandortInline, FoerderungInline]


class BerichtsterminInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Berichtstermin
    extra = 0


@admin.register(Foerderung)
class FoerderungAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["projekt", "programm", "foerdergeber", "von", "bis", "betrag"]
    list_filter = ["programm"]
    inlines = [BerichtsterminInline]


@admin.register(Berichtstermin)
class BerichtsterminAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["foerderung", "bezeichnung", "faellig_am", "eingereicht_am"]

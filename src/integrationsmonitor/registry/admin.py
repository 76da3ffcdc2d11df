from django.contrib import admin

from .models import Traeger, Zugang


@admin.register(Traeger)
class TraegerAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "kurzname", "aktiv"]
    search_fields = ["name", "kurzname"]


@admin.register(Zugang)
class ZugangAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["benutzer", "rolle", "lieferant", "traeger"]
    list_filter = ["rolle"]

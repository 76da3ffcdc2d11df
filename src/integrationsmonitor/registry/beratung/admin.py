from django.contrib import admin

from .models import Beratungskontakt, Beratungsstelle


@admin.register(Beratungsstelle)
class BeratungsstelleAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "code", "traeger", "gemeinde", "aktiv"]
    list_filter = ["traeger", "aktiv"]


@admin.register(Beratungskontakt)
class BeratungskontaktAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["datum", "stelle", "art", "sprache", "geschlecht", "altersgruppe"]
    list_filter = ["stelle", "art"]
    date_hierarchy = "datum"

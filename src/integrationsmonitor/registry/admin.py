from django.contrib import admin

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


class AngebotsortInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Angebotsort
    extra = 0


@admin.register(Angebot)
class AngebotAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "traeger", "aktiv_von", "aktiv_bis"]
    list_filter = ["traeger"]
    search_fields = ["name", "beschreibung"]
    inlines = [AngebotsortInline]


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

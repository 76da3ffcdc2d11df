from django import forms
from django.contrib import admin

from integrationsmonitor.store.katalog import aktueller_katalog

from .models import Sprachkurs


def _gemeinden() -> list[tuple[str, str]]:
    k = aktueller_katalog()
    return sorted(((g.code, g.name) for g in k.gebiete.values() if g.ebene == "gemeinde"), key=lambda c: c[1])


class SprachkursForm(forms.ModelForm):  # type: ignore[type-arg]
    gemeinde = forms.ChoiceField(label="Gemeinde", choices=_gemeinden)

    class Meta:
        model = Sprachkurs
        fields = [
            "traeger", "titel", "kursart", "niveau", "gemeinde", "adresse", "beginn", "ende", "zeiten",
            "plaetze", "belegt", "freie_plaetze_stand", "kinderbetreuung", "warteliste", "anmeldung",
            "ort_hinweis", "telefon", "email", "uebersetzungen",
        ]  # fmt: skip


@admin.register(Sprachkurs)
class SprachkursAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Courses are entered here (admin); providers keep their open seats at /traeger/kurse/. Each save
    delivers the course figures (signale.py)."""

    form = SprachkursForm
    list_display = [
        "titel",
        "traeger",
        "kursart",
        "niveau",
        "gemeinde",
        "beginn",
        "ende",
        "plaetze",
        "belegt",
    ]
    list_filter = ["kursart", "niveau", "traeger"]
    search_fields = ["titel", "traeger__name"]
    date_hierarchy = "beginn"

from django.urls import path

from . import views

app_name = "kurse"

urlpatterns = [
    path("kurse/", views.kursfinder, name="finder"),
    path("traeger/kurse/", views.traeger_kurse, name="traeger"),
    path("traeger/kurse/<int:kurs_id>/freie-plaetze/", views.freie_plaetze_setzen, name="freie_plaetze"),
    path("verwaltung/kurse/", views.verwaltung_kurse, name="verwaltung"),
]

from django.urls import path

from . import oeffentlich, pflege, views

app_name = "kurse"

urlpatterns = [
    path("kurse/", oeffentlich.kursfinder, name="finder"),
    path("kurse/liste/", oeffentlich.kursliste, name="liste"),  # one A4 page with QR codes, per language
    path("traeger/kurse/", pflege.meine_kurse, name="traeger"),
    path("traeger/kurse/neu/", pflege.kurs_bearbeiten, name="anlegen"),
    path("traeger/kurse/<int:kurs_id>/", pflege.kurs_bearbeiten, name="bearbeiten"),
    path("traeger/kurse/<int:kurs_id>/beenden/", pflege.kurs_beenden, name="beenden"),
    path("traeger/kurse/<int:kurs_id>/freie-plaetze/", pflege.freie_plaetze_setzen, name="freie_plaetze"),
    path("verwaltung/kurse/", views.verwaltung_kurse, name="verwaltung"),
]

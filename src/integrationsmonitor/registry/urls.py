from django.urls import path

from . import views

app_name = "registry"

urlpatterns = [
    path("angebote/", views.angebote, name="angebote"),
    path("traeger/angebote/", views.eigene_angebote, name="eigene_angebote"),
    path("traeger/angebote/neu/", views.angebot_bearbeiten, name="angebot_neu"),
    path("traeger/angebote/<int:pk>/", views.angebot_bearbeiten, name="angebot_bearbeiten"),
    path("traeger/projekte/", views.eigene_projekte, name="eigene_projekte"),
    path("traeger/projekte/neu/", views.projekt_bearbeiten, name="projekt_neu"),
    path("traeger/projekte/<int:pk>/", views.projekt_bearbeiten, name="projekt_bearbeiten"),
    path("verwaltung/foerderung/", views.foerderuebersicht, name="foerderuebersicht"),
]

from django.urls import path

from . import views

urlpatterns = [
    path("erfassen/", views.erfassen_auswahl, name="beratung_erfassen_auswahl"),
    path("<slug:stelle>/erfassen/", views.erfassen, name="beratung_erfassen"),
]

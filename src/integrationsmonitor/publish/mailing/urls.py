from django.urls import path

from integrationsmonitor.publish.mailing import views

app_name = "mailing"

urlpatterns = [
    path("", views.anmelden, name="anmelden"),
    path("bestaetigen/<str:token>/", views.bestaetigen, name="bestaetigen"),
    path("abmelden/<str:token>/", views.abmelden, name="abmelden"),
]

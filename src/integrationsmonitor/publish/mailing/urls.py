from django.urls import path

from integrationsmonitor.publish.mailing import views

app_name = "mailing"

# Names differ from the site's "anmelden"/"abmelden" (login, logout): the navigation marks the current page
# by url_name, which ignores the namespace.

urlpatterns = [
    path("", views.anmelden, name="anmeldung"),
    path("bestaetigen/<str:token>/", views.bestaetigen, name="bestaetigung"),
    path("abmelden/<str:token>/", views.abmelden, name="abmeldung"),
]

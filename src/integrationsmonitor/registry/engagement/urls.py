from django.urls import path

from . import oeffentlich, pflege

app_name = "engagement"

urlpatterns = [
    path("mitmachen/", oeffentlich.mitmachen, name="mitmachen"),
    path("mitmachen/interesse/", oeffentlich.interesse, name="interesse"),
    path("mitmachen/bestaetigen/<str:token>/", oeffentlich.bestaetigen, name="bestaetigen"),
    path("initiative/", pflege.meine_initiative, name="pflege"),
    path("initiative/<slug:kurzname>/", pflege.bearbeiten, name="bearbeiten"),
]

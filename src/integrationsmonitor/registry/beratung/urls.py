from django.urls import path

from . import views

urlpatterns = [
    path("<slug:stelle>/erfassen/", views.erfassen, name="beratung_erfassen"),
]

"""Finding 6 of #10: `loaddata` of a course made new deliveries, because the course's post_save handler
ignored `raw`. A fixture brings its deliveries along; loading it must not deliver again."""

from __future__ import annotations

import pytest
from django.core import serializers

from integrationsmonitor.registry.kurse.models import Sprachkurs
from integrationsmonitor.registry.models import Traeger
from integrationsmonitor.store.models import Lieferung


@pytest.mark.django_db
def test_loading_a_course_fixture_delivers_nothing():
    traeger = Traeger.objects.create(name="Volkshochschule", kurzname="VHS")
    import datetime as dt

    kurs = Sprachkurs.objects.create(traeger=traeger, titel="Integrationskurs", kursart="ik_allgemein",
                                     niveau="B1", gemeinde="12061320", adresse="Am Markt 1",
                                     beginn=dt.date(2030, 3, 2), ende=dt.date(2030, 9, 30), zeiten="Mo–Fr",
                                     plaetze=20, belegt=12)  # fmt: skip
    assert Lieferung.objects.exists()  # an ordinary save delivers (the control)
    fixture = serializers.serialize("json", [kurs])
    Sprachkurs.objects.all().delete()
    Lieferung.objects.update(ersetzt_durch=None)
    Lieferung.objects.all().delete()
    for obj in serializers.deserialize("json", fixture):
        obj.save()  # what loaddata does: post_save with raw=True
    assert Sprachkurs.objects.get().titel == "Integrationskurs"
    assert not Lieferung.objects.exists()

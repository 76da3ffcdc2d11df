"""The LDS demo in the test database, built once per module through the real delivery path."""

from __future__ import annotations

import pytest

from integrationsmonitor.catalog.loader import katalog


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    from integrationsmonitor.demo.build import baue_demo
    from integrationsmonitor.publish.models import FactSheetAusgabe
    from integrationsmonitor.store.models import Lieferung

    with django_db_blocker.unblock():
        baue_demo(katalog())
        yield katalog()
        FactSheetAusgabe.objects.all().delete()
        Lieferung.objects.update(ersetzt_durch=None)
        Lieferung.objects.all().delete()


@pytest.fixture(name="katalog")
def katalog_fixture():
    return katalog()

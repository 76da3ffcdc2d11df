"""Roles: the one place that says who may do what."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction

from integrationsmonitor.registry.models import Rolle, Traeger, Zugang
from integrationsmonitor.registry.rollen import (
    OEFFENTLICH,
    darf_traeger_bearbeiten,
    eigener_traeger,
    ist_intern,
    lieferbare_lieferanten,
    rolle,
)

pytestmark = pytest.mark.django_db


def _nutzer(name: str, **zugang):
    u = get_user_model().objects.create_user(name, password="x-geheim-1")
    if zugang:
        Zugang.objects.create(benutzer=u, **zugang)
    return u


def test_roles_and_what_they_allow():
    a = Traeger.objects.create(name="Träger A", kurzname="a")
    b = Traeger.objects.create(name="Träger B", kurzname="b")
    admin = get_user_model().objects.create_superuser("chef", password="x-geheim-1")
    analyst = _nutzer("ana", rolle=Rolle.ANALYST)
    abh = _nutzer("abh", rolle=Rolle.LIEFERSTELLE, lieferant="auslaenderbehoerde")
    traeger_a = _nutzer("ta", rolle=Rolle.TRAEGER, traeger=a)
    ohne = _nutzer("ohne")
    assert [rolle(u) for u in (admin, analyst, abh, traeger_a, ohne, AnonymousUser())] == [
        "admin", "analyst", "lieferstelle", "traeger", OEFFENTLICH, OEFFENTLICH,
    ]  # fmt: skip
    assert ist_intern(admin) and ist_intern(analyst) and not ist_intern(abh) and not ist_intern(traeger_a)
    assert eigener_traeger(traeger_a) == a and eigener_traeger(admin) is None
    assert darf_traeger_bearbeiten(traeger_a, a) and not darf_traeger_bearbeiten(traeger_a, b)
    assert darf_traeger_bearbeiten(admin, b) and not darf_traeger_bearbeiten(analyst, a)
    assert lieferbare_lieferanten(admin) is None
    assert lieferbare_lieferanten(abh) == {"auslaenderbehoerde"}
    assert lieferbare_lieferanten(traeger_a) == {"traeger"}
    assert lieferbare_lieferanten(analyst) == set() and lieferbare_lieferanten(ohne) == set()


def test_a_supplier_role_needs_its_office_and_a_provider_role_its_provider():
    u = _nutzer("x")
    with pytest.raises(IntegrityError), transaction.atomic():
        Zugang.objects.create(benutzer=u, rolle=Rolle.LIEFERSTELLE)
    with pytest.raises(IntegrityError), transaction.atomic():
        Zugang.objects.create(benutzer=u, rolle=Rolle.TRAEGER)

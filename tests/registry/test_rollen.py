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


def test_what_each_role_may_deliver_see_and_publish():
    from integrationsmonitor.registry.rollen import (
        darf_liefern,
        darf_veroeffentlichen,
        darf_verwaltung,
        lieferbare_datensaetze,
        rechte,
    )
    from integrationsmonitor.store.katalog import aktueller_katalog

    k = aktueller_katalog()
    a = Traeger.objects.create(name="Träger A", kurzname="a")
    chef = get_user_model().objects.create_superuser("chef", password="x-geheim-1")
    amt = _nutzer("amt", rolle=Rolle.ADMIN)  # no staff flag: web pages yes, admin site no
    analyst = _nutzer("ana", rolle=Rolle.ANALYST)
    abh = _nutzer("abh", rolle=Rolle.LIEFERSTELLE, lieferant="auslaenderbehoerde")
    ta = _nutzer("ta", rolle=Rolle.TRAEGER, traeger=a)
    assert lieferbare_datensaetze(chef, k) is None and lieferbare_datensaetze(analyst, k) == set()
    assert lieferbare_datensaetze(abh, k) == {"auslaender_bestand", "fachkraefteverfahren"}
    fuer_traeger = lieferbare_datensaetze(ta, k)  # the catalogue's datasets of supplier traeger
    assert fuer_traeger and "projektkennzahlen" in fuer_traeger and "auslaender_bestand" not in fuer_traeger
    assert all(k.datensaetze[d].lieferant == "traeger" for d in fuer_traeger)
    assert darf_liefern(abh, k, "auslaender_bestand") and not darf_liefern(abh, k, "sgb2_elb")
    assert darf_liefern(amt, k, "sgb2_elb") and not darf_liefern(analyst, k) and darf_liefern(ta, k)
    assert darf_veroeffentlichen(chef) and darf_veroeffentlichen(amt) and not darf_veroeffentlichen(analyst)
    assert darf_verwaltung(chef) and not darf_verwaltung(amt)
    amt.is_staff = True
    assert darf_verwaltung(amt) and not darf_verwaltung(_nutzer("ana2", rolle=Rolle.ANALYST))
    assert not any(rechte(AnonymousUser()).values())
    assert {k for k, v in rechte(analyst).items() if v} == {"lieferungen", "auswertung"}
    assert {k for k, v in rechte(ta).items() if v} == {"lieferungen", "liefern", "eigene_objekte"}


def test_a_zugang_admin_holds_every_model_permission():
    amt = _nutzer("amt", rolle=Rolle.ADMIN)
    ana = _nutzer("ana", rolle=Rolle.ANALYST)
    assert amt.has_perm("registry.change_zugang") and amt.has_module_perms("auth")
    assert not ana.has_perm("registry.change_zugang")


def test_the_demo_creates_one_login_per_role_idempotently():
    from integrationsmonitor.demo.users import DEMO_TRAEGER, demo_benutzer

    zeilen = demo_benutzer()
    assert demo_benutzer() == zeilen and len(zeilen) == 4  # once more: nothing new
    assert all(z.startswith("Anmeldung ") and "Passwort „" in z for z in zeilen)
    nutzer = {u.username: u for u in get_user_model().objects.all()}
    assert [rolle(nutzer[n]) for n in ("redaktion", "analyse", "abh", "awo")] == [
        "admin", "analyst", "lieferstelle", "traeger",
    ]  # fmt: skip
    assert nutzer["redaktion"].is_superuser and nutzer["redaktion"].check_password("demo-lds-2024")
    assert lieferbare_lieferanten(nutzer["abh"]) == {"auslaenderbehoerde"}
    assert eigener_traeger(nutzer["awo"]) == Traeger.objects.get(name=DEMO_TRAEGER)

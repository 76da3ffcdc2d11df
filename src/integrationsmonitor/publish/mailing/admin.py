"""Admin: staff see subscribers, circulars and delivery states. Subscriptions come only through the double
opt-in, so nobody can add an address here; an address can be unsubscribed or deleted (GDPR erasure)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services, warteschlange
from .models import Abonnent, Rundschreiben, Zustellung


@admin.register(Abonnent)
class AbonnentAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["email", "status", "sprache", "angemeldet_am", "bestaetigt_am", "abgemeldet_am"]
    list_filter = ["status", "sprache"]
    search_fields = ["email"]
    fields = [
        "email",
        "status",
        "sprache",
        "angemeldet_am",
        "bestaetigung_gesendet_am",
        "bestaetigt_am",
        "abgemeldet_am",
    ]
    actions = ["abmelden"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Ausgewählte Abonnenten abmelden"), permissions=["delete"])
    def abmelden(self, request: HttpRequest, queryset: QuerySet[Abonnent]) -> None:
        anzahl = sum(services.abmelden(token) for token in queryset.values_list("abmelde_token", flat=True))
        self.message_user(
            request,
            ngettext("%(n)d Abonnent abgemeldet.", "%(n)d Abonnenten abgemeldet.", anzahl) % {"n": anzahl},
            messages.SUCCESS,
        )


@admin.register(Rundschreiben)
class RundschreibenAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["schluessel", "betreff", "erstellt_am", "wartend", "gesendet", "fehlgeschlagen"]
    search_fields = ["schluessel", "betreff"]
    fields = ["schluessel", "betreff", "erstellt_am", "text", "html"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Rundschreiben]:
        s = Zustellung.Status
        alle: QuerySet[Rundschreiben] = super().get_queryset(request)
        return alle.annotate(
            n_wartend=Count("zustellungen", filter=Q(zustellungen__status__in=[s.WARTEND, s.SENDEND])),
            n_gesendet=Count("zustellungen", filter=Q(zustellungen__status=s.GESENDET)),
            n_fehlgeschlagen=Count("zustellungen", filter=Q(zustellungen__status=s.FEHLGESCHLAGEN)),
        )

    @admin.display(description=_("in der Warteschlange"))
    def wartend(self, obj: Any) -> int:
        return int(obj.n_wartend)

    @admin.display(description=_("gesendet"))
    def gesendet(self, obj: Any) -> int:
        return int(obj.n_gesendet)

    @admin.display(description=_("fehlgeschlagen"))
    def fehlgeschlagen(self, obj: Any) -> int:
        return int(obj.n_fehlgeschlagen)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Zustellung)
class ZustellungAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = [
        "rundschreiben",
        "abonnent",
        "status",
        "versuche",
        "naechster_versuch_am",
        "gesendet_am",
        "letzter_fehler",
    ]
    list_filter = ["status", "rundschreiben"]
    search_fields = ["abonnent__email", "message_id"]
    list_select_related = ["rundschreiben", "abonnent"]
    actions = ["erneut_einreihen"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_erneut_einreihen_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("mailing.change_zustellung")

    @admin.action(
        description=_("Fehlgeschlagene erneut in die Warteschlange stellen"), permissions=["erneut_einreihen"]
    )
    def erneut_einreihen(self, request: HttpRequest, queryset: QuerySet[Zustellung]) -> None:
        anzahl = warteschlange.erneut_einreihen(list(queryset.values_list("pk", flat=True)))
        self.message_user(
            request,
            ngettext("%(n)d Zustellung erneut eingereiht.", "%(n)d Zustellungen erneut eingereiht.", anzahl)
            % {"n": anzahl},
            messages.SUCCESS,
        )

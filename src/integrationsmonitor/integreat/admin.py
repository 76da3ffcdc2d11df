"""The push queue in the admin: each language's state, last error and next attempt (read only)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from . import warteschlange
from .models import Pushauftrag


@admin.register(Pushauftrag)
class PushauftragAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["sprache", "status", "faellig_am", "gesendet_am", "versuche", "letzter_fehler"]
    list_filter = ["status"]
    readonly_fields = [f.name for f in Pushauftrag._meta.fields]
    actions = ["jetzt_senden"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Pushauftrag | None = None) -> bool:
        return False

    @admin.action(description=_("Jetzt neu senden (auch abgelehnte, auch unveränderte Inhalte)"))
    def jetzt_senden(self, request: HttpRequest, queryset: QuerySet[Pushauftrag]) -> None:
        anzahl = warteschlange.erneut_einreihen(queryset.values_list("pk", flat=True))
        self.message_user(
            request,
            _("%(anzahl)s Sprache(n) eingereiht; imon integreat-push sendet sie beim nächsten Lauf.")
            % {"anzahl": anzahl},
            messages.SUCCESS,
        )

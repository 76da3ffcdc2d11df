"""Login backend: Django's own, plus every model permission for the role admin (registry.rollen)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from .models import Rolle
from .rollen import rolle


class RollenBackend(ModelBackend):
    """A user with Zugang role admin may do in the admin site what a superuser may (no Django permissions or
    groups to keep in step with the role); whether they reach the admin site at all is decided by
    `rollen.darf_verwaltung` (role admin and staff flag)."""

    def _ist_admin(self, user_obj: Any) -> bool:
        if not hasattr(
            user_obj, "_imon_ist_admin"
        ):  # asked once per model on an admin page: once per request
            user_obj._imon_ist_admin = bool(user_obj.is_active) and rolle(user_obj) == Rolle.ADMIN
        return bool(user_obj._imon_ist_admin)

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        return self._ist_admin(user_obj) or super().has_perm(user_obj, perm, obj)

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        return self._ist_admin(user_obj) or super().has_module_perms(user_obj, app_label)

"""Authentication backend: production has no superuser login (三权分立, DESIGN.md)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.backends import ModelBackend


class NoSuperuserBackend(ModelBackend):
    def user_can_authenticate(self, user) -> bool:
        if getattr(user, "is_superuser", False) and not settings.ALLOW_SUPERUSER_LOGIN:
            return False
        return super().user_can_authenticate(user)

"""Login, logout and password change pages (Chinese first)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.db import transaction
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from accounts.signals import PASSWORD_CHANGED
from audit.services import record


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def get(self, request, *args, **kwargs):
        if request.GET.get("expired") == "1":
            # Set by core.middleware.SessionTimeoutMiddleware after an idle/absolute timeout.
            messages.info(request, _("会话已超时，请重新登录。"))
        return super().get(request, *args, **kwargs)


class LogoutView(auth_views.LogoutView):
    """POST only (Django 5): a link cannot log somebody out."""


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change.html"
    success_url = reverse_lazy("core:home")

    def form_valid(self, form):
        # The new password and its audit event are one change: both or neither.
        with transaction.atomic():
            response = super().form_valid(form)
            record(PASSWORD_CHANGED, self.request.user, by=self.request.user)
        messages.success(self.request, _("密码已修改。"))
        return response

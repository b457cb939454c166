"""URL configuration. Each app owns its URLs; this file only mounts them."""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("accounts.urls")),
    path("", include("core.urls")),
    path("audit/", include("audit.urls")),
    path("officers/", include("officers.urls")),
    path("documents/", include("documents.urls")),
    path("cases/", include("cases.urls")),
    path("penalties/", include("penalties.urls")),
    path("public/", include("portal.urls")),
    path("oversight/", include("oversight.urls")),
    path("api/", include("api.urls")),
]

if settings.DEBUG and not settings.TESTING:
    # The Django admin is a developer tool here: production has no superuser login.
    urlpatterns.append(path("django-admin/", admin.site.urls))

handler400 = "core.views.error_400"
handler403 = "core.views.error_403"
handler404 = "core.views.error_404"
handler500 = "core.views.error_500"

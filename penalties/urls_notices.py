"""URLs of the notice and hearing pages (added to penalties.urls)."""

from django.urls import path

from penalties.views import notices

urlpatterns = [
    path("cases/<int:case_id>/notice/", notices.notice_page, name="notice_page"),
    path(
        "cases/<int:case_id>/notice/act/<slug:code>/",
        notices.notice_action,
        name="notice_action",
    ),
    path(
        "cases/<int:case_id>/notice/files/<slug:kind>/<int:pk>/",
        notices.notice_file,
        name="notice_file",
    ),
]

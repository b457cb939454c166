"""URLs of the execution page (added to penalties.urls)."""

from django.urls import path

from penalties.views import execution

urlpatterns = [
    path("cases/<int:case_id>/execution/", execution.execution_page, name="execution_page"),
    path(
        "cases/<int:case_id>/execution/act/<slug:code>/",
        execution.execution_action,
        name="execution_action",
    ),
]

from django.urls import path

from penalties.views import benchmarks, catalogue, first_offence, transfer

app_name = "penalties"
urlpatterns = [
    path("benchmarks/", benchmarks.benchmark_list, name="benchmark_list"),
    path("benchmarks/export.xlsx", transfer.benchmark_export, name="benchmark_export"),
    path("benchmarks/import/", transfer.benchmark_import, name="benchmark_import"),
    path(
        "benchmarks/violation/<str:code>/",
        benchmarks.benchmark_violation,
        name="benchmark_violation",
    ),
    path("benchmarks/violation/<str:code>/new/", benchmarks.benchmark_new, name="benchmark_new"),
    path("benchmarks/<int:pk>/", benchmarks.benchmark_detail, name="benchmark_detail"),
    path("benchmarks/<int:pk>/edit/", benchmarks.benchmark_edit, name="benchmark_edit"),
    path("benchmarks/<int:pk>/publish/", benchmarks.benchmark_publish, name="benchmark_publish"),
    path("benchmarks/<int:pk>/discard/", benchmarks.benchmark_discard, name="benchmark_discard"),
    path("benchmarks/<int:pk>/tiers/<str:tier>/", benchmarks.tier_edit, name="tier_edit"),
    path(
        "benchmarks/<int:pk>/tiers/<str:tier>/delete/", benchmarks.tier_delete, name="tier_delete"
    ),
    path("first-offence/", first_offence.first_offence_list, name="first_offence_list"),
    path("first-offence/<int:pk>/end/", first_offence.first_offence_end, name="first_offence_end"),
    path("catalogue/", catalogue.catalogue_list, name="catalogue_list"),
    path("catalogue/<str:code>/", catalogue.catalogue_detail, name="catalogue_detail"),
]

from penalties import urls_proposals  # noqa: E402

urlpatterns += urls_proposals.urlpatterns

from penalties import urls_notices  # noqa: E402

urlpatterns += urls_notices.urlpatterns

from penalties import urls_decisions  # noqa: E402

urlpatterns += urls_decisions.urlpatterns

from penalties import urls_execution  # noqa: E402

urlpatterns += urls_execution.urlpatterns

"""URLs of the proposal pages (added to `penalties.urls`)."""

from django.urls import path

from penalties.views import proposals

urlpatterns = [
    path("cases/<int:case_id>/proposal/", proposals.proposal_page, name="proposal"),
    path(
        "cases/<int:case_id>/proposal/preview/",
        proposals.proposal_preview,
        name="proposal_preview",
    ),
    path(
        "cases/<int:case_id>/proposal/withdraw/",
        proposals.proposal_withdraw,
        name="proposal_withdraw",
    ),
    path(
        "cases/<int:case_id>/proposal/v<int:version>/",
        proposals.proposal_detail,
        name="proposal_detail",
    ),
    path(
        "cases/<int:case_id>/proposal/v<int:version>/departure/",
        proposals.proposal_departure,
        name="proposal_departure",
    ),
    path("proposals/departures/", proposals.departure_queue, name="departure_queue"),
]

"""URLs of the review, approval, decision, publication and summary-procedure pages
(added to penalties.urls)."""

from django.urls import path

from penalties.views import decisions, reviews, summary

urlpatterns = [
    path("reviews/", reviews.review_queue, name="review_queue"),
    path("reviews/<int:pk>/", reviews.review_page, name="review_page"),
    path("approvals/", reviews.approval_queue, name="approval_queue"),
    path("approvals/<int:pk>/", reviews.approval_page, name="approval_page"),
    path("cases/<int:case_id>/decision/", decisions.decision_page, name="decision_page"),
    path(
        "cases/<int:case_id>/decision/act/<slug:code>/",
        decisions.decision_action,
        name="decision_action",
    ),
    path("publications/", decisions.publication_queue, name="publication_queue"),
    path(
        "publications/<int:pk>/publish/",
        decisions.publication_publish,
        name="publication_publish",
    ),
    path(
        "publications/<int:pk>/withdraw/",
        decisions.publication_withdraw,
        name="publication_withdraw",
    ),
    path("summary/", summary.summary_list, name="summary_list"),
    path("summary/new/", summary.summary_new, name="summary_new"),
    path("summary/<int:pk>/", summary.summary_detail, name="summary_detail"),
    path("summary/<int:pk>/file/", summary.summary_file, name="summary_file"),
]

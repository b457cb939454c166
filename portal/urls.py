"""Public pages under /public/ (no login), and the staff pages that handle what the
public sends (under /public/staff/, login required, outsiders get 404)."""

from django.urls import path

from portal.views import complaints, evaluation, public, staff

app_name = "portal"
urlpatterns = [
    path("", public.home, name="home"),
    # R-70 disclosure
    path("agencies/", public.agency_list, name="agency_list"),
    path("agencies/<int:pk>/", public.agency_detail, name="agency_detail"),
    path("officers/", public.officer_list, name="officer_list"),
    path("certificates/", public.certificate_check, name="certificate_check"),
    path("procedure/", public.procedure, name="procedure"),
    path("remedies/", public.remedies, name="remedies"),
    path("benchmarks/", public.benchmark_list, name="benchmark_list"),
    path("benchmarks/<int:pk>/", public.benchmark_detail, name="benchmark_detail"),
    path("decisions/", public.decision_list, name="decision_list"),
    path("decisions/<int:pk>/", public.decision_detail, name="decision_detail"),
    #
    path("commitments/", public.commitments, name="commitments"),
    path("legal-aid/", public.legal_aid, name="legal_aid"),
    #
    path("evaluate/<str:token>/", evaluation.evaluate, name="evaluate"),
    #
    path("complaints/new/", complaints.complaint_new, name="complaint_new"),
    path("complaints/submitted/", complaints.complaint_submitted, name="complaint_submitted"),
    path("complaints/lookup/", complaints.complaint_lookup, name="complaint_lookup"),
    # Staff
    path("staff/complaints/", complaints.complaint_queue, name="complaint_queue"),
    path("staff/complaints/<int:pk>/", complaints.complaint_detail, name="complaint_detail"),
    path("staff/complaints/<int:pk>/assign/", complaints.complaint_assign, name="complaint_assign"),
    path(
        "staff/complaints/<int:pk>/respond/",
        complaints.complaint_respond,
        name="complaint_respond",
    ),
    path(
        "staff/complaints/<int:pk>/convert/",
        complaints.complaint_convert,
        name="complaint_convert",
    ),
    path(
        "staff/complaints/<int:pk>/attachments/<int:attachment_pk>/",
        complaints.complaint_attachment,
        name="complaint_attachment",
    ),
    path("staff/commitments/", staff.commitment_admin, name="commitment_admin"),
    path("staff/commitments/new/", staff.commitment_edit, name="commitment_new"),
    path("staff/commitments/<int:pk>/", staff.commitment_edit, name="commitment_edit"),
    path("staff/commitments/<int:pk>/delete/", staff.commitment_delete, name="commitment_delete"),
    path(
        "staff/cases/<int:case_id>/legal-aid/",
        staff.legal_aid_referral,
        name="legal_aid_referral",
    ),
]

from django.urls import path

from cases import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("leads/", views.lead_list, name="lead_list"),
    path("leads/new/", views.lead_create, name="lead_create"),
    path("parties/", views.party_list, name="party_list"),
    path("parties/new/", views.party_create, name="party_create"),
    path("parties/<int:pk>/", views.party_detail, name="party_detail"),
    path("parties/<int:pk>/edit/", views.party_edit, name="party_edit"),
    path("parties/<int:pk>/reveal/", views.party_reveal, name="party_reveal"),
    path("inspections/", views.inspection_list, name="inspection_list"),
    path("inspections/new/", views.inspection_create, name="inspection_create"),
    path("inspections/<int:pk>/", views.inspection_detail, name="inspection_detail"),
    path("assistance/", views.assistance_list, name="assistance_list"),
    path("assistance/<int:pk>/respond/", views.assistance_respond, name="assistance_respond"),
    path("procedure/", views.procedure, name="procedure"),
    path("<int:pk>/", views.case_detail, name="case_detail"),
    path("<int:pk>/edit/", views.case_edit, name="case_edit"),
    path("<int:pk>/act/<slug:code>/", views.case_action, name="case_action"),
    path("<int:pk>/evidence/<int:eid>/", views.evidence_detail, name="evidence_detail"),
    path("<int:pk>/evidence/<int:eid>/<slug:code>/", views.evidence_action, name="evidence_action"),
    path(
        "<int:pk>/evidence/<int:eid>/files/<int:fid>/",
        views.evidence_download,
        name="evidence_download",
    ),
    path("<int:pk>/records/<int:rid>/", views.record_detail, name="record_detail"),
]

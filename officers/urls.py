from django.urls import path

from officers.views import agency, records, staff

app_name = "officers"
urlpatterns = [
    path("", staff.officer_list, name="officer_list"),
    path("me/", staff.my_file, name="my_file"),
    path("new/", staff.officer_create, name="officer_create"),
    path("<int:pk>/", staff.officer_detail, name="officer_detail"),
    path("<int:pk>/edit/", staff.officer_edit, name="officer_edit"),
    path("<int:pk>/roles/", staff.officer_roles, name="officer_roles"),
    path("<int:pk>/status/", staff.officer_status, name="officer_status"),
    path("<int:pk>/review-flag/", staff.clear_review_flag, name="clear_review_flag"),
    path("<int:pk>/id-number/", staff.reveal_id_number, name="reveal_id_number"),
    path("<int:pk>/certificates/new/", records.certificate_issue, name="certificate_issue"),
    path("<int:pk>/exams/new/", records.exam_create, name="exam_create"),
    path("<int:pk>/training/new/", records.training_create, name="training_create"),
    path("<int:pk>/faults/new/", records.fault_create, name="fault_create"),
    path(
        "certificates/<int:pk>/<slug:action>/",
        records.certificate_action,
        name="certificate_action",
    ),
    path("faults/<int:pk>/edit/", records.fault_edit, name="fault_edit"),
    path("agency/", agency.agency_settings, name="agency_settings"),
    path("powers/", agency.power_list, name="power_list"),
    path("powers/new/", agency.power_create, name="power_create"),
    path("powers/<int:pk>/edit/", agency.power_edit, name="power_edit"),
    path("powers/<int:pk>/delete/", agency.power_delete, name="power_delete"),
    path("delegations/new/", agency.delegation_create, name="delegation_create"),
    path("delegations/<int:pk>/edit/", agency.delegation_edit, name="delegation_edit"),
    path("delegations/<int:pk>/delete/", agency.delegation_delete, name="delegation_delete"),
    path("roster/import/", agency.roster_import, name="roster_import"),
    path("roster/export/", agency.roster_export, name="roster_export"),
]

from django.urls import path

from oversight import views

app_name = "oversight"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("cases/<int:pk>/", views.case_record, name="case_record"),
    path("cases/<int:pk>/export/", views.export_start, name="export_start"),
    path("cases/<int:pk>/faults/new/", views.fault_open, name="fault_open"),
    path("exports/<int:pk>/status/", views.export_status, name="export_status"),
    path("exports/<int:pk>/download/", views.export_download, name="export_download"),
    path("faults/<int:pk>/", views.fault_detail, name="fault_detail"),
    path("faults/<int:pk>/finding/", views.fault_finding, name="fault_finding"),
    path("faults/<int:pk>/close/", views.fault_close, name="fault_close"),
    path("outside-changes/", views.outside_changes, name="outside_changes"),
    path("outside-changes/<int:pk>/", views.outside_change_detail, name="outside_change_detail"),
]

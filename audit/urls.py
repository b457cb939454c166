from django.urls import path

from audit import views

app_name = "audit"
urlpatterns = [
    path("", views.event_list, name="event_list"),
    path("events/<int:seq>/", views.event_detail, name="event_detail"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("verify/", views.verify_now, name="verify"),
    path("runs/<int:pk>/status/", views.run_status, name="run_status"),
    path("checkpoints/", views.checkpoint_list, name="checkpoint_list"),
    path("checkpoints/sign/", views.checkpoint_sign, name="checkpoint_sign"),
    path("checkpoints/<int:pk>.json", views.checkpoint_download, name="checkpoint_download"),
    path("alerts/<int:pk>/read/", views.alert_read, name="alert_read"),
]

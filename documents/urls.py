from django.urls import path

from documents import views

app_name = "documents"
urlpatterns = [
    path("<int:pk>/", views.document_detail, name="detail"),
    path("<int:pk>/status/", views.document_status, name="status"),
    path("<int:pk>/pdf/", views.download_latest, name="download_latest"),
    path("<int:pk>/v<int:n>/pdf/", views.download_version, name="download"),
    path("<int:pk>/service/", views.record_service, name="record_service"),
    path("<int:pk>/service/<int:record_pk>/proof/", views.download_proof, name="service_proof"),
    path("<int:pk>/rerender/", views.rerender, name="rerender"),
    path("<int:pk>/void/", views.void, name="void"),
]

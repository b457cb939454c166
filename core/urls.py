from django.urls import path

from core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("_test/clock/", views.test_clock, name="test_clock"),
]

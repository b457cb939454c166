from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
]

# The working-day calendar: agency and system administrators only.
from accounts import calendar_views  # noqa: E402

urlpatterns += [
    path("calendar/", calendar_views.calendar, name="calendar"),
    path("calendar/remove/", calendar_views.calendar_remove, name="calendar_remove"),
    path("calendar/year/", calendar_views.calendar_year, name="calendar_year"),
]

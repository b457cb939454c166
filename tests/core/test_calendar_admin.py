"""R-50: the administrator sees the years counted on the Mon–Fri fallback and enters their
holidays; every change is audited; nobody else sees the page."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from core import clock, workdays
from core.models import CalendarDay, CalendarYear
from core.roles import Role
from tests.factories import UserFactory, user_with_role

URL = "/calendar/"
NOTE_2027 = "2027 年节假日数据未录入，期限按周一至周五计算"


@pytest.fixture(autouse=True)
def _late_2026():
    workdays.reset_cache()
    with clock.travel(date(2026, 11, 27)):
        yield
    workdays.reset_cache()


@pytest.fixture
def admin_client(client, roles):
    client.force_login(user_with_role(Role.AGENCY_ADMIN))
    return client


def _post_day(client, **data):
    payload = {"date": "2027-01-01", "kind": "rest", "name": "元旦"}
    payload.update(data)
    return client.post(URL, payload)


def test_url_name():
    assert reverse("accounts:calendar") == URL


@pytest.mark.django_db
def test_r50_page_flags_uncovered_year_to_administrator(admin_client):
    response = admin_client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert NOTE_2027 in body  # in the overview of years
    # This year's official days, for reference.
    assert "<td>国庆节</td>" in body and "调休上班" in body
    body_2027 = admin_client.get(URL + "?year=2027").content.decode()
    assert "<td>国庆节</td>" not in body_2027  # no library data for 2027
    assert body_2027.count(NOTE_2027) == 2  # overview and the selected year


@pytest.mark.django_db
def test_r50_system_admin_may_use_the_page(client, roles):
    client.force_login(UserFactory(roles=[Role.SYSTEM_ADMIN]))
    assert client.get(URL).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.OFFICER, Role.SUPERVISOR, Role.AUDIT_ADMIN])
def test_r50_page_is_404_for_others_and_they_change_nothing(client, roles, role):
    client.force_login(
        user_with_role(role) if role != Role.AUDIT_ADMIN else UserFactory(roles=[role])
    )
    assert client.get(URL).status_code == 404
    assert _post_day(client).status_code == 404
    assert (
        client.post(reverse("accounts:calendar_year"), {"year": 2027, "complete": "1"}).status_code
        == 404
    )
    assert not CalendarDay.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="core.calendar").exists()


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/login/")


@pytest.mark.django_db
def test_r50_entering_new_year_2027_moves_deadline_and_is_audited(admin_client):
    start = date(2026, 12, 28)
    assert workdays.add_workdays(start, 5) == date(2027, 1, 4)  # cache warm
    response = _post_day(admin_client)
    assert response.status_code == 302
    assert response["Location"] == URL + "?year=2027"
    row = CalendarDay.objects.get(date=date(2027, 1, 1))
    assert (row.is_workday, row.name) == (False, "元旦")
    assert workdays.add_workdays(start, 5) == date(2027, 1, 5)
    event = AuditEvent.objects.get(action="core.calendar.day_set")
    assert event.before is None
    assert event.after == {
        "date": "2027-01-01",
        "is_workday": False,
        "name": "元旦",
        "entered_by": row.entered_by,
    }
    assert event.actor_name == row.entered_by
    assert "元旦" in admin_client.get(response["Location"]).content.decode()


@pytest.mark.django_db
def test_r50_changing_a_day_again_updates_it_with_before_and_after(admin_client):
    _post_day(admin_client)
    _post_day(admin_client, kind="work", name="调休上班")
    assert CalendarDay.objects.get().is_workday is True
    event = AuditEvent.objects.filter(action="core.calendar.day_set").order_by("-seq").first()
    assert event.before["is_workday"] is False and event.after["is_workday"] is True


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"date": "2027-13-01"}, "日期格式应为 YYYY-MM-DD。"),
        ({"date": "01/01/2027"}, "日期格式应为 YYYY-MM-DD。"),
        ({"date": "2027-01-01\x00"}, "不得包含空字符（NUL）。"),
        ({"name": "元\x00旦"}, "不得包含空字符（NUL）。"),
        ({"name": "   "}, "请填写名称（如：国庆节、调休上班）。"),
        ({"name": "节" * 51}, "不超过 50 字符"),
        ({"kind": "holiday"}, "选择一个有效的选项"),
        ({"date": "1899-01-01"}, "年度应在 2000 至 2100 之间。"),
    ],
)
def test_r50_bad_input_gives_translated_error_and_saves_nothing(admin_client, data, message):
    response = _post_day(admin_client, **data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not CalendarDay.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="core.calendar").exists()


@pytest.mark.django_db
def test_bad_year_in_query_string_is_an_error_message_not_a_crash(admin_client):
    for bad in ("abc", "99999", "2027\x00"):
        response = admin_client.get(URL, {"year": bad})
        assert response.status_code == 200
        assert "年度参数无效" in response.content.decode()


@pytest.mark.django_db
def test_r50_removing_a_day_restores_fallback_and_is_audited(admin_client):
    _post_day(admin_client)
    response = admin_client.post(reverse("accounts:calendar_remove"), {"date": "2027-01-01"})
    assert response.status_code == 302
    assert not CalendarDay.objects.exists()
    assert workdays.add_workdays(date(2026, 12, 28), 5) == date(2027, 1, 4)
    event = AuditEvent.objects.get(action="core.calendar.day_removed")
    assert event.before["name"] == "元旦" and event.after is None
    # Removing it again: an error message, no event.
    response = admin_client.post(
        reverse("accounts:calendar_remove"), {"date": "2027-01-01"}, follow=True
    )
    assert "2027-01-01 没有管理员录入的调整，无需删除。" in response.content.decode()
    assert AuditEvent.objects.filter(action="core.calendar.day_removed").count() == 1
    response = admin_client.post(reverse("accounts:calendar_remove"), {"date": "x"}, follow=True)
    assert "删除失败：日期无效。" in response.content.decode()


@pytest.mark.django_db
def test_r50_year_cannot_be_marked_complete_before_any_holiday_is_entered(admin_client):
    url = reverse("accounts:calendar_year")
    response = admin_client.post(url, {"year": 2027, "complete": "1"}, follow=True)
    assert "R-50: 2027 年尚未录入任何节假日，不能标记为已完整录入。" in response.content.decode()
    assert not CalendarYear.objects.filter(is_complete=True).exists()
    response = admin_client.post(url, {"year": 2026, "complete": "1"}, follow=True)
    assert "R-50: 2026 年已有法定节假日数据，无需标记。" in response.content.decode()
    response = admin_client.post(url, {"year": "20x7", "complete": "1"}, follow=True)
    assert "操作失败：年度无效。" in response.content.decode()
    assert not AuditEvent.objects.filter(action__startswith="core.calendar.year").exists()


@pytest.mark.django_db
def test_r50_marking_year_complete_clears_the_flag_and_is_audited(admin_client):
    _post_day(admin_client)
    url = reverse("accounts:calendar_year")
    response = admin_client.post(url, {"year": 2027, "complete": "1"}, follow=True)
    assert "2027 年已标记为已完整录入。" in response.content.decode()
    assert workdays.is_covered(2027)
    assert not workdays.fallback_used(date(2026, 12, 28), date(2027, 2, 1))
    assert NOTE_2027 not in admin_client.get(URL).content.decode()
    assert AuditEvent.objects.filter(action="core.calendar.year_completed").count() == 1
    # Withdraw the mark: the flag is back.
    admin_client.post(url, {"year": 2027, "complete": "0"})
    assert not workdays.is_covered(2027)
    assert AuditEvent.objects.filter(action="core.calendar.year_reopened").count() == 1
    assert NOTE_2027 in admin_client.get(URL).content.decode()


@pytest.mark.django_db
def test_r50_home_panel_warns_administrators_only(client, roles):
    admin = user_with_role(Role.AGENCY_ADMIN)
    client.force_login(admin)
    assert NOTE_2027 in client.get("/").content.decode()
    client.force_login(user_with_role(Role.OFFICER))
    assert NOTE_2027 not in client.get("/").content.decode()


def test_calendar_action_codes_have_labels():
    from audit.actions import label_for

    assert label_for("core.calendar.day_set") == "录入工作日历调整"
    assert label_for("core.calendar.year_completed") == "标记年度节假日已完整录入"

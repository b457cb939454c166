"""The officers pages: list with constant queries, the officer file (R-64), forms that
call the services, home panels, and nothing a strict CSP would block."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEvent
from core import clock
from officers import services
from officers.models import Certificate, Officer, Training
from tests.factories import CertificateFactory, OfficerFactory
from tests.officers.factories import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return World()


def _get(client, user, name, *args, **params):
    client.force_login(user)
    return client.get(reverse(name, args=args), params)


def _csp_safe(html: str) -> None:
    assert " style=" not in html
    for tag in re.findall(r"<script[^>]*>", html):
        assert "src=" in tag, tag
    assert not re.search(r'(src|href|action)="(https?:)?//', html)  # nothing from another host


def test_officer_list_queries_do_not_grow_with_rows(client, world):
    client.force_login(world.admin_a.user)
    url = reverse("officers:officer_list")
    client.get(url)  # warm caches (session, content types)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for _ in range(20):
        OfficerFactory(agency=world.a)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.status_code == 200
    assert len(many) == len(few)
    assert response.content.decode().count('class="badge ok">可以') >= 20


def test_officer_list_badges_and_filters(client, world):
    world.off_a2.status = Officer.Status.SUSPENDED
    world.off_a2.save()
    body = _get(client, world.sup_a.user, "officers:officer_list").content.decode()
    assert "暂停执法" in body and "R-62" in body
    body = _get(
        client, world.sup_a.user, "officers:officer_list", status="suspended"
    ).content.decode()
    assert world.off_a2.name in body and world.off_a.name not in body
    # junk in the query string is ignored, never a 500
    assert (
        _get(
            client, world.sup_a.user, "officers:officer_list", status="x\x00", q="a\x00b", page="zz"
        ).status_code
        == 200
    )


def test_r64_officer_file_shows_certificates_history_exams_training_faults(client, world):
    admin = world.admin_a.user
    services.suspend_certificate(world.cert_a, by=admin, reason="调查期间暂扣")
    services.record_exam(
        world.off_a, by=admin, subject="执法资格考试", taken_on=clock.today(), passed=True
    )
    services.record_training(
        world.off_a,
        by=admin,
        kind=Training.Kind.NEW_LAW,
        title="新法培训",
        law_name="行政处罚法",
        started_on=clock.today(),
        ended_on=clock.today(),
        hours=4,
    )
    response = _get(client, world.legal_a.user, "officers:officer_detail", world.off_a.pk)
    body = response.content.decode()
    assert response.status_code == 200
    for text in (
        "执法档案",
        world.cert_a.number,
        "暂扣",
        "调查期间暂扣",
        "执法资格考试",
        "行政处罚法",
        "询问笔录未交当事人核对",
        "不得执法",
        "110***********002X",
    ):
        assert text in body, text
    assert "11010519491231002X" not in body
    _csp_safe(body)


def test_r64_my_file_is_the_officers_own(client, world):
    body = _get(client, world.off_a.user, "officers:my_file").content.decode()
    assert world.off_a.name in body and "可以执法" in body
    assert "登记执法证" not in body  # no admin actions on one's own file


def test_unmasked_id_view_over_http_is_audited(client, world):
    client.force_login(world.admin_a.user)
    url = reverse("officers:reveal_id_number", args=[world.off_a.pk])
    response = client.post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "11010519491231002X" in response.content.decode()
    assert "<html" not in response.content.decode()
    event = AuditEvent.objects.get(action="officers.officer.id_number_viewed")
    assert event.actor_id == world.admin_a.user_id
    assert client.get(url).status_code == 405  # a link cannot read it


def test_create_officer_form_bad_id_shows_error_saves_nothing(client, world):
    client.force_login(world.admin_a.user)
    response = client.post(
        reverse("officers:officer_create"),
        {
            "username": "newbie",
            "name": "新人",
            "id_number": "110105194912310021",
            "roles": ["officer"],
        },
    )
    assert response.status_code == 200
    assert "校验码" in response.content.decode()
    assert not Officer.objects.filter(user__username="newbie").exists()


def test_create_officer_form(client, world):
    client.force_login(world.admin_a.user)
    response = client.post(
        reverse("officers:officer_create"),
        {
            "username": "newbie",
            "name": "新人",
            "id_number": "11010519491231002x",
            "roles": ["officer"],
            "is_new_staff": "on",
            "domains": [world.food.pk],
        },
    )
    officer = Officer.objects.get(user__username="newbie")
    assert response.status_code == 302 and officer.agency == world.a and officer.is_new_staff


def test_certificate_suspend_form_and_disabled_reasons(client, world):
    client.force_login(world.admin_a.user)
    url = reverse("officers:certificate_action", args=[world.cert_a.pk, "suspend"])
    assert client.post(url, {"reason": ""}).status_code == 200  # required
    assert client.post(url, {"reason": "暂扣"}).status_code == 302
    world.cert_a.refresh_from_db()
    assert world.cert_a.state == Certificate.State.SUSPENDED
    body = client.get(reverse("officers:officer_detail", args=[world.off_a.pk])).content.decode()
    assert "当前状态为“暂扣”" in body  # the suspend button is disabled, with the reason
    # a second suspension through the URL is refused with the message, nothing changes
    response = client.post(url, {"reason": "再次暂扣"})
    assert response.status_code == 200 and "不能暂扣" in response.content.decode()


def test_exam_form_fail_puts_officer_off_post(client, world):
    client.force_login(world.admin_a.user)
    response = client.post(
        reverse("officers:exam_create", args=[world.off_a.pk]),
        {
            "kind": "annual",
            "subject": "年度执法考试",
            "taken_on": clock.today().isoformat(),
            "score": "50",
            "passed": "0",
        },
    )
    assert response.status_code == 302
    world.off_a.refresh_from_db()
    assert world.off_a.status == Officer.Status.OFF_POST_STUDY


def test_fault_form_by_legal_office(client, world):
    client.force_login(world.legal_a.user)
    response = client.post(
        reverse("officers:fault_create", args=[world.off_a.pk]),
        {
            "kind": "wrongful",
            "case_reference": "甲罚〔2026〕3号",
            "occurred_on": clock.today().isoformat(),
            "found_on": clock.today().isoformat(),
            "finding": "认定事实不清导致错案",
            "recovery_status": "n/a",
        },
    )
    assert response.status_code == 302
    world.off_a.refresh_from_db()
    assert world.off_a.status == Officer.Status.SUSPENDED


def test_agency_settings_form_validation(client, world):
    client.force_login(world.admin_a.user)
    url = reverse("officers:agency_settings")
    body = client.get(url).content.decode()
    assert "陈述申辩期限" in body
    data = {
        f"settings-{k}": v
        for k, v in {
            "lead_verification_wd": 15,
            "lead_extension_wd": 15,
            "first_offence_lookback_years": 3,
            "statement_period_wd": 0,
            "hearing_threshold_person": 10000,
            "hearing_threshold_org": 100000,
            "decision_time_limit_cd": 90,
            "decision_extension_cd": 30,
            "deadline_reminder_days": 10,
            "publication_deadline_wd": 7,
        }.items()
    }
    data["form"] = "settings"
    assert client.post(url, data).status_code == 200
    assert world.a.rule_settings.statement_period_wd == 5
    data["settings-statement_period_wd"] = 6
    assert client.post(url, data).status_code == 302
    world.a.rule_settings.refresh_from_db()
    assert world.a.rule_settings.statement_period_wd == 6
    assert AuditEvent.objects.filter(action="officers.settings.updated").count() == 1


def test_power_list_page(client, world):
    body = _get(client, world.sup_a.user, "officers:power_list").content.decode()
    assert "《食品安全法》" in body and "食品经营检查" in body
    assert "添加事项" not in body  # supervisors read only


def test_home_panels(client, world):
    CertificateFactory(
        officer=world.off_a2, number="ZF-SOON", expires_on=clock.today() + timedelta(days=30)
    )
    world.off_a2.flagged_for_review = True
    world.off_a2.save()
    body = _get(client, world.admin_a.user, "core:home").content.decode()
    assert "ZF-SOON" in body and "过错待处理" in body
    body = _get(client, world.off_a.user, "core:home").content.decode()
    assert "我的执法证" in body and world.cert_a.number in body and "今日可以执法" in body


def test_r01_officer_file_refusal_day_after_expiry(client, world):
    Certificate.objects.filter(pk=world.cert_a.pk).update(
        expires_on=date(2026, 3, 31), review_due_on=date(2026, 3, 31), issued_on=date(2025, 1, 1)
    )
    with clock.travel(date(2026, 4, 1)):
        body = _get(client, world.off_a.user, "officers:my_file").content.decode()
    assert "已于 2026-03-31 过期" in body

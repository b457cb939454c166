"""The execution page: amount due with the surcharge breakdown, actions with their guards'
reasons, forms with translated errors, the case-page card and actions, and 404 for
anyone outside the case's agency."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from cases.states import State
from core import clock
from penalties.models import Payment
from tests.penalties.decision_support import reload
from tests.penalties.execution_support import served_case, world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def dw():
    return world()


@pytest.fixture
def served_6000(dw):
    return served_case(dw)


def page(case):
    return reverse("penalties:execution_page", args=[case.pk])


def act(case, code):
    return reverse("penalties:execution_action", args=[case.pk, code])


def test_execution_page_shows_the_amount_due_and_the_surcharge_breakdown(client, served_6000, dw):
    case, decision = served_6000
    client.force_login(dw.a)
    with clock.travel(date(2026, 10, 18)):
        response = client.get(page(case))
    assert response.status_code == 200
    html = response.content.decode()
    assert decision.number in html
    assert "7800.00" in html  # 6,000 + 10 days × 180
    assert "1800.00" in html
    assert "2026-10-09 — 2026-10-18" in html
    # The court application is shown disabled with the guard's reason.
    assert "R-44: 申请人民法院强制执行前须先送达催告书（行政强制法第五十四条）" in html


def test_r42_plan_decision_shows_the_heads_rule_to_an_officer(client, served_6000, dw):
    case, _decision = served_6000
    client.force_login(dw.a)
    with clock.travel(date(2026, 9, 30)):
        response = client.post(
            act(case, "exec_plan"),
            {
                "kind": "deferral",
                "applied_on": "2026-09-30",
                "reasons": "资金周转困难",
                "instalments": "2026-12-08 6000",
            },
        )
        assert response.status_code == 302
        html = client.get(page(case)).content.decode()
    assert "R-42: 延期或分期缴纳须经本机关负责人批准，您不是本机关负责人" in html


def test_payment_through_the_page(client, served_6000, dw):
    case, _decision = served_6000
    client.force_login(dw.a)
    with clock.travel(date(2026, 9, 28)):
        response = client.post(
            act(case, "exec_payment"),
            {"amount": "6000", "paid_on": "2026-09-28", "channel": "bank", "reference": "ICBC-9"},
        )
    assert response.status_code == 302 and response.url == page(case)
    assert Payment.objects.get().reference == "ICBC-9"
    assert reload(case).state == State.EXECUTING


BAD_PAYMENTS = [
    {"amount": "abc", "paid_on": "2026-09-28", "channel": "bank", "reference": "X"},
    {"amount": "10", "paid_on": "2026-13-45", "channel": "bank", "reference": "X"},
    {"amount": "10", "paid_on": "2026-09-28", "channel": "cash", "reference": "X"},
    {"amount": "10", "paid_on": "2026-09-28", "channel": "bank", "reference": "X\x00"},
    {"amount": "10", "paid_on": "2026-09-28", "channel": "bank", "reference": ""},
    {"amount": "99999999999999999", "paid_on": "2026-09-28", "channel": "bank", "reference": "X"},
    {"amount": "10", "paid_on": "2026-09-29", "channel": "bank", "reference": "X"},  # future
]


def test_bad_input_is_a_form_error_and_nothing_changes(client, served_6000, dw):
    case, _decision = served_6000
    client.force_login(dw.a)
    with clock.travel(date(2026, 9, 28)):
        for data in BAD_PAYMENTS:
            response = client.post(act(case, "exec_payment"), data)
            assert response.status_code == 200, data
    assert not Payment.objects.exists()
    assert reload(case).state == State.SERVED


def test_plan_with_unreadable_instalments_is_a_form_error(client, served_6000, dw):
    case, _decision = served_6000
    client.force_login(dw.a)
    with clock.travel(date(2026, 9, 30)):
        response = client.post(
            act(case, "exec_plan"),
            {
                "kind": "instalment",
                "applied_on": "2026-09-30",
                "reasons": "困难",
                "instalments": "下月 三千",
            },
        )
    assert response.status_code == 200
    assert "第 1 行的日期或金额无效" in response.content.decode()


def test_another_agencys_officer_gets_404(client, served_6000, dw):
    case, _decision = served_6000
    for user in (dw.outsider, dw.outsider_supervisor):
        client.force_login(user)
        assert client.get(page(case)).status_code == 404
        assert client.get(act(case, "exec_payment")).status_code == 404
        response = client.post(
            act(case, "exec_payment"),
            {"amount": "10", "paid_on": "2026-09-28", "channel": "bank", "reference": "X"},
        )
        assert response.status_code == 404
    assert not Payment.objects.exists()
    client.force_login(dw.a)
    assert client.get(act(case, "no_such_action")).status_code == 404
    assert client.get(f"/penalties/cases/{2**64}/execution/").status_code == 404


def test_anonymous_is_sent_to_login(client, served_6000):
    case, _decision = served_6000
    response = client.get(page(case))
    assert response.status_code == 302 and "/login/" in response.url


def test_case_page_has_the_execution_card_and_actions(client, served_6000, dw):
    case, _decision = served_6000
    client.force_login(dw.a)
    with clock.travel(date(2026, 10, 18)):
        html = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
        assert page(case) in html
        assert "7800.00" in html
        response = client.get(reverse("cases:case_action", args=[case.pk, "exec_payment"]))
    assert response.status_code == 200

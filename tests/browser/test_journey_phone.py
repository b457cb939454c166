"""The journeys' key pages at a phone's width (375×740): nothing overflows sideways
(`scrollWidth <= innerWidth` on every page), the menu opens with its toggle, and forms
submit — the officer registers a lead and previews a proposal, the head approves, the
legal office reads the full-process record and verifies the audit chain."""

from __future__ import annotations

import re

import pytest
from django.urls import NoReverseMatch, reverse

from core import clock
from penalties.models import Decision
from tests.browser import support as s
from tests.browser.conftest import assert_no_horizontal_overflow, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_menu_and_go(page, label: str) -> None:
    """On a phone the menu is folded behind its toggle: open it, then follow `label`."""
    from playwright.sync_api import expect

    nav = page.get_by_role("navigation", name="主导航")
    toggle = page.get_by_role("button", name="菜单")
    expect(nav).to_be_hidden()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(nav).to_be_visible()
    assert_no_horizontal_overflow(page)
    nav.get_by_role("link", name=label, exact=True).click()


def visit(session, path: str, heading) -> None:
    """Open `path`, wait for its heading, check that nothing overflows."""
    from playwright.sync_api import expect

    session.goto(path)
    expect(session.page.get_by_role("heading", name=heading).first).to_be_visible()
    assert_no_horizontal_overflow(session.page)


def test_phone_journey_pages_fit_and_actions_work(open_session):
    """Every key page of the three journeys fits a 375 px screen and can be used there."""
    from playwright.sync_api import expect

    clock.set_today(s.START)
    w = s.build_agency()
    closed = s.closed_case(w, title="安排未取得健康证明的人员从事配送", place="滨江市江滨路86号")
    waiting = s.at_approval(w, title="安排未取得健康证明的人员从事销售", place="滨江市江滨路90号")
    done = s.decided(w, title="安排未取得健康证明的人员从事分装", place="滨江市江滨路88号")
    decision = Decision.objects.select_related("document").get(case=done)
    clock.set_today(s.AFTER_PERIOD)

    # --- Officer ----------------------------------------------------------------------
    officer = open_session("officer", phone=True)
    page = officer.page
    officer.goto("/login/")
    assert_no_horizontal_overflow(page)
    officer.login("zhangwei", s.PASSWORD)
    assert_no_horizontal_overflow(page)

    open_menu_and_go(page, "线索")
    expect(page).to_have_url(officer.url(reverse("cases:lead_list")))
    assert_no_horizontal_overflow(page)
    visit(officer, reverse("cases:lead_create"), "登记线索")
    page.get_by_label("执法领域").select_option(label="食品安全")
    page.get_by_label("违法行为", exact=True).select_option(value=s.VIOLATION)
    page.get_by_label("案由").fill("安排未取得健康证明的人员从事配餐")
    page.get_by_label("违法行为地点").fill("滨江市江滨路92号")
    page.get_by_label("违法行为发生日期").fill("2026-08-20")
    page.get_by_label("发现日期").fill("2026-08-28")
    page.get_by_label("当事人").select_option(label=s.PARTY_NAME)
    page.get_by_role("button", name="提交", exact=True).click()
    expect(page.locator("ul.messages")).to_contain_text("已登记线索")
    assert_no_horizontal_overflow(page)

    visit(officer, reverse("cases:case_list"), "案件")
    visit(
        officer, reverse("cases:case_detail", args=[closed.pk]), re.compile(closed.display_number)
    )
    page.get_by_role("link", name="提出拟处罚意见").click()
    expect(page.get_by_role("heading", name=re.compile("拟处罚"))).to_be_visible()
    page.get_by_label("违法行为轻微", exact=True).check()
    page.get_by_label("危害后果", exact=True).select_option(value="small")
    expect(page.locator('#recommendation [data-outcome="warning"]')).to_be_visible()
    assert_no_horizontal_overflow(page)
    page.get_by_role("button", name="提交拟处罚意见").scroll_into_view_if_needed()
    expect(page.get_by_role("button", name="提交拟处罚意见")).to_be_enabled()

    visit(officer, reverse("cases:case_detail", args=[done.pk]), re.compile(done.display_number))
    shot(page, "09-phone-case-page")
    visit(officer, reverse("penalties:notice_page", args=[done.pk]), re.compile("告知"))
    visit(officer, reverse("penalties:decision_page", args=[done.pk]), re.compile("决定"))
    visit(
        officer, reverse("documents:detail", args=[decision.document.pk]), decision.document.title
    )
    visit(
        officer,
        reverse("cases:record_detail", args=[done.pk, done.records.get().pk]),
        re.compile("笔录"),
    )
    evidence = done.evidence.get()
    visit(
        officer, reverse("cases:evidence_detail", args=[done.pk, evidence.pk]), re.compile("证据")
    )

    # --- Head: the approval queue and an approval from the phone ------------------------
    head = open_session("supervisor", phone=True)
    head.login("wangqiang", s.PASSWORD)
    open_menu_and_go(head.page, "审批")
    expect(head.page.get_by_role("heading", name=re.compile("处罚决定审批"))).to_be_visible()
    assert_no_horizontal_overflow(head.page)
    head.page.get_by_role("row").filter(has_text=waiting.display_number).get_by_role(
        "link", name="审批"
    ).click()
    expect(
        head.page.get_by_role("heading", name=re.compile(waiting.display_number))
    ).to_be_visible()
    assert_no_horizontal_overflow(head.page)
    head.page.locator('input[name="decision"][value="approve"]').check()
    head.page.get_by_label("审批意见").fill("同意")
    head.page.get_by_role("button", name="提交审批意见").click()
    expect(head.page.locator("ul.messages")).to_contain_text("已批准")
    assert_no_horizontal_overflow(head.page)

    # --- Legal office: full-process record and the audit explorer ------------------------
    legal = open_session("legal_office", phone=True)
    legal.login("chenjing", s.PASSWORD)
    try:
        record_path = reverse("oversight:case_record", args=[done.pk])
    except NoReverseMatch:
        record_path = None
    if record_path:
        visit(legal, record_path, re.compile("全过程记录"))
    open_menu_and_go(legal.page, "审计日志")
    expect(legal.page.get_by_role("heading", name="审计日志")).to_be_visible()
    assert_no_horizontal_overflow(legal.page)
    legal.page.get_by_role("button", name="立即校验").click()
    expect(legal.page.locator("ul.messages")).to_contain_text("审计链校验通过")
    assert_no_horizontal_overflow(legal.page)

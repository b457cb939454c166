"""The legal office's (法制监督) journey in a real browser: from the case to its
full-process record, the audit chain verified on demand (OK), the case file (一案一卷)
exported and downloaded, and the ZIP checked outside the system (tools/verify_bundle.py)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile

import pytest
from django.urls import NoReverseMatch, reverse

from core import clock
from penalties.models import Decision
from tests.browser import support as s
from tests.browser.conftest import ROOT, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def oversight_present() -> bool:
    try:
        reverse("oversight:case_record", args=[1])
    except NoReverseMatch:
        return False
    return True


def test_legal_office_journey_record_verify_export(open_session, tmp_path):
    """The full-process record, the audit chain verified (OK), the case file exported."""
    from playwright.sync_api import expect

    if not oversight_present():
        pytest.skip("the oversight pages (full-process record, export) are not there yet")
    clock.set_today(s.START)
    w = s.build_agency()
    case = s.decided(w, title="安排未取得健康证明的人员从事分装", place="滨江市江滨路88号")
    decision = Decision.objects.select_related("document").get(case=case)
    clock.set_today(s.AFTER_PERIOD)

    legal = open_session("legal_office")
    page = legal.page
    legal.login("chenjing", s.PASSWORD)

    # From the case list to the case, and its full-process record.
    page.get_by_role("navigation").get_by_role("link", name="案件", exact=True).click()
    page.get_by_role("link", name=case.display_number).click()
    expect(
        page.get_by_role("heading", name=re.compile(re.escape(case.display_number)))
    ).to_be_visible()
    page.get_by_role("link", name="全过程记录与案卷导出").click()
    expect(page.get_by_role("heading", name=re.compile("全过程记录"))).to_be_visible()
    actors = page.locator("section").filter(
        has=page.get_by_role("heading", name=re.compile("参与人员"))
    )
    for person in (w.a, w.supervisor, w.legal):  # who did what: the officer, the head, and
        expect(actors).to_contain_text(person.get_username())  # this very reading
    timeline = page.locator("section").filter(
        has=page.get_by_role("heading", name=re.compile("事件时间线"))
    )
    for action in ("cases.case.filed", "penalties.proposal.created", "penalties.decision.issued"):
        expect(timeline).to_contain_text(action)
    expect(timeline).to_contain_text("作出处罚决定")
    documents = page.locator("section").filter(
        has=page.get_by_role("heading", name=re.compile("文书"))
    )
    expect(documents).to_contain_text(decision.document.number)

    # Export the case file and download it.
    page.get_by_role("button", name="导出案卷").click()
    expect(page.locator("ul.messages")).to_contain_text("案卷已生成，可以下载。")
    link = page.get_by_role("link", name="下载 ZIP").first
    expect(link).to_be_visible()
    with page.expect_download() as info:
        link.click()
    bundle = tmp_path / "case.zip"
    info.value.save_as(bundle)
    with zipfile.ZipFile(bundle) as zf:
        names = zf.namelist()
        manifest = json.loads(zf.read("manifest.json"))
    assert "index.pdf" in names and "events.json" in names, names
    assert manifest["case"]["number"] == case.number
    assert any(n.startswith("documents/") and decision.document.number in n for n in names), names
    checker = ROOT / "tools" / "verify_bundle.py"
    if checker.exists():
        result = subprocess.run(
            [sys.executable, str(checker), str(bundle)], capture_output=True, text=True
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert "OK" in result.stdout

    # The audit explorer: verify the whole chain now.
    page.get_by_role("navigation").get_by_role("link", name="审计日志").click()
    expect(page.get_by_role("heading", name="审计日志")).to_be_visible()
    page.get_by_role("button", name="立即校验").click()
    expect(page.locator("ul.messages")).to_contain_text("审计链校验通过")
    card = page.locator("#verify-card")
    expect(card.locator(".badge.ok")).to_have_text("通过")
    expect(card).to_contain_text("chenjing")
    shot(page, "08-audit-verified")

"""The live recommendation in a real browser: htmx posts the facts on change under the
strict CSP and the card switches to a warning with R-13's article (R-13)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from core import clock
from tests.conftest import chromium_path
from tests.penalties.test_proposals_support import START, closed_case, world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_r13_live_recommendation_updates_in_the_browser(live_server, client):
    playwright = pytest.importorskip("playwright.sync_api")
    with clock.travel(START):
        w = world()
        case = closed_case(w)
        client.force_login(w.a)
        session = client.cookies["sessionid"].value
        url = live_server.url + reverse("penalties:proposal", kwargs={"case_id": case.pk})
        errors: list[str] = []
        with playwright.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium_path())
            try:
                context = browser.new_context()
                context.add_cookies(
                    [{"name": "sessionid", "value": session, "url": live_server.url}]
                )
                page = context.new_page()
                page.on("console", lambda m: m.type == "error" and errors.append(m.text))
                page.goto(url)
                rec = page.locator("#recommendation .recommendation")
                assert rec.get_attribute("data-outcome") == "fine"
                page.check("#id_minor")
                page.select_option("#id_harm", "small")
                page.wait_for_selector('#recommendation [data-outcome="warning"]', timeout=10000)
                text = page.inner_text("#recommendation")
                assert "警告" in text and "《行政处罚法》第三十三条第一款" in text
                # Choosing a fine shows the departure before submit.
                page.check('input[name="penalty_types"][value="fine"]')
                page.fill("#id_fine", "5000")
                page.locator("#id_fine").dispatch_event("change")
                page.wait_for_selector('#recommendation [data-check="departure"]', timeout=10000)
                assert "须在下方填写偏离理由后方可提交" in page.inner_text("#recommendation")
            finally:
                browser.close()
        assert not [e for e in errors if "Content Security Policy" in e]

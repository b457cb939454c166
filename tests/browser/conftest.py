"""Playwright fixtures for the browser journeys: one headless Chromium per session, a
fresh context and page per test (Chinese locale, desktop or phone viewport), helpers to
log in through the login form, to check that nothing overflows horizontally, and to
write screenshots into docs/screenshots/ when SCREENSHOTS=1 (`make screenshots`).

The server is pytest-django's `live_server`, a thread of the test process: moving
`core.clock` in the test moves the rules' clock of the server too.

Every page collects its console errors; a Content-Security-Policy violation fails the
test (the app runs under a strict CSP with no inline scripts or styles).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import _required, chromium_path

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT_DIR = ROOT / "docs" / "screenshots"
DESKTOP = {"width": 1280, "height": 860}
PHONE = {"width": 375, "height": 740}
TIMEOUT_MS = 20_000
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--lang=zh-CN",  # date inputs show 年/月/日 like a Chinese desktop
]


def screenshots_on() -> bool:
    return os.environ.get("SCREENSHOTS", "").lower() in {"1", "true", "yes", "on"}


@pytest.fixture(scope="package")
def browser() -> Iterator[object]:
    """One Chromium for the browser tests, closed when they are done.

    Playwright's sync API keeps an asyncio loop running in the test thread while it is
    open, which makes Django refuse ORM calls from that thread; the tests' own ORM calls
    (building data, checking results) are plain synchronous code, so the check is off
    while the browser is open — and only then (package scope: the rest of the suite runs
    with the loop gone and the check on).
    """
    path = chromium_path()
    if path is None:
        pytest.skip("needs Chromium (/usr/bin/chromium)")
    try:
        from playwright import sync_api
    except ImportError:  # pragma: no cover - the dev dependencies include it
        if _required("REQUIRE_BROWSER"):
            pytest.fail("needs the playwright package but REQUIRE_BROWSER is set", pytrace=False)
        pytest.skip("needs the playwright package")
    sync_api.expect.set_options(timeout=TIMEOUT_MS)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_api.sync_playwright() as p:
            chromium = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)
            try:
                yield chromium
            finally:
                chromium.close()


class Session:
    """One browser context (one logged-in person) and its page."""

    def __init__(self, browser, base_url: str, *, viewport: dict, name: str) -> None:
        self.base_url = base_url
        self.name = name
        self.context = browser.new_context(
            viewport=viewport,
            locale="zh-CN",
            timezone_id="Asia/Shanghai",
            accept_downloads=True,
        )
        self.context.set_default_timeout(TIMEOUT_MS)
        self.page = self.context.new_page()
        self.console_errors: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        self.page.on("pageerror", lambda exc: self.console_errors.append(f"pageerror: {exc}"))

    def url(self, path: str) -> str:
        return self.base_url + path

    def goto(self, path: str):
        return self.page.goto(self.url(path))

    def login(self, username: str, password: str) -> None:
        """Through the login form, as a person would; lands on the workspace."""
        from playwright.sync_api import expect

        page = self.page
        page.goto(self.url("/login/"))
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(password)
        page.get_by_role("button", name="登录").click()
        expect(page).to_have_url(self.url("/"))
        expect(page.get_by_role("heading", name="工作台")).to_be_visible()

    def csp_violations(self) -> list[str]:
        """CSP refusals and uncaught script errors seen on this session's pages."""
        return [
            e
            for e in self.console_errors
            if "Content Security Policy" in e or e.startswith("pageerror:")
        ]

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def open_session(browser, live_server) -> Iterator:
    """Factory: `open_session(name, phone=False)` → a new Session (closed after the test)."""
    sessions: list[Session] = []

    def make(name: str = "user", *, phone: bool = False) -> Session:
        session = Session(browser, live_server.url, viewport=PHONE if phone else DESKTOP, name=name)
        sessions.append(session)
        return session

    yield make
    violations = [(s.name, v) for s in sessions for v in s.csp_violations()]
    for session in sessions:
        session.close()
    assert not violations, f"CSP violations or script errors: {violations}"


def shot(page, name: str, *, full_page: bool = False) -> None:
    """Write docs/screenshots/<name>.png when SCREENSHOTS=1 (fixed viewport, PNG)."""
    if not screenshots_on():
        return
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT_DIR / f"{name}.png"), type="png", full_page=full_page)


def assert_no_horizontal_overflow(page) -> None:
    """Nothing wider than the window: no sideways scrolling on a phone."""
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    if widths[0] > widths[1]:
        culprits = page.evaluate(
            """() => Array.from(document.querySelectorAll('body *'))
                 .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1)
                 .filter(el => !Array.from(el.children).some(
                     c => c.getBoundingClientRect().right > window.innerWidth + 1))
                 .slice(0, 5)
                 .map(el => el.tagName + '.' + el.className + ' "'
                      + (el.textContent || '').trim().slice(0, 40) + '" '
                      + Math.round(el.getBoundingClientRect().right))"""
        )
        raise AssertionError(
            f"{page.url}: scrollWidth {widths[0]} > innerWidth {widths[1]}; widest: {culprits}"
        )


def case_id_from(url: str) -> int:
    match = re.search(r"/cases/(\d+)/", url)
    assert match, url
    return int(match.group(1))

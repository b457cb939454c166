"""The OpenAPI schema and the documentation page: the schema validates without warnings,
the page loads its assets from this server only (drf-spectacular-sidecar under /static/),
has no inline script or style (our strict CSP), and renders in headless Chromium."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from tests.conftest import chromium_path

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def test_schema_validates_without_warnings():
    out = StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out, stderr=out)
    schema = out.getvalue()
    assert schema.startswith("openapi: 3") and "/api/cases/{id}/actions/request-filing/" in schema


@pytest.mark.django_db
def test_schema_is_served_and_public():
    r = Client().get("/api/schema/?format=json")
    assert r.status_code == 200
    schema = r.json()
    assert schema["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    op = schema["paths"]["/api/cases/"]["get"]
    assert op["responses"]["404"]["content"]["application/problem+json"]
    assert "x-spec-enum-id" not in r.content.decode()


class _Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.inline_scripts = 0
        self.styles = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "style" in a:
            self.styles += 1
        if tag == "style":
            self.styles += 1
        if tag == "script":
            if a.get("src"):
                self.urls.append(a["src"])
            else:
                self.inline_scripts += 1
        if tag == "link" and a.get("href"):
            self.urls.append(a["href"])


@pytest.mark.django_db
def test_docs_page_uses_local_assets_only_and_no_inline_code():
    r = Client().get("/api/docs/")
    assert r.status_code == 200
    html = r.content.decode()
    parser = _Assets()
    parser.feed(html)
    assert parser.inline_scripts == 0 and parser.styles == 0
    assert parser.urls, html
    for url in parser.urls:
        assert url.startswith("/static/") or url.startswith("/api/docs/?"), url
    assert any(
        "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in u for u in parser.urls
    )
    csp = r["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    script = Client().get("/api/docs/?script=")
    assert script.status_code == 200 and script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()
    assert re.search(r'"?/api/schema/', script.content.decode())


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_docs_page_renders_in_chromium_under_the_csp(live_server):
    from playwright.sync_api import sync_playwright

    errors: list[str] = []
    foreign: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.on(
                "console",
                lambda m: errors.append(m.text) if m.type == "error" else None,
            )
            page.on(
                "request",
                lambda req: (
                    foreign.append(req.url)
                    if not req.url.startswith(live_server.url) and not req.url.startswith("data:")
                    else None
                ),
            )
            page.goto(f"{live_server.url}/api/docs/", wait_until="networkidle")
            page.wait_for_selector(".swagger-ui .info .title", timeout=15000)
            title = page.inner_text(".swagger-ui .info .title")
            page.wait_for_selector(".opblock-tag", timeout=15000)
            tags = page.locator(".opblock-tag").count()
        finally:
            browser.close()
    assert "enforcement API" in title
    assert tags >= 5
    assert foreign == []
    csp = [e for e in errors if "Content Security Policy" in e and "script" in e]
    assert csp == [], csp

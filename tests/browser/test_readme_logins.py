"""The README's demo logins work, as a newcomer would use them (no browser needed).

After `manage.py load_demo`, every account listed in README.md between
`<!-- demo-logins:begin -->` and `<!-- demo-logins:end -->` — a markdown table
`| username | role | agency | first page |`, the password stated in the same block in
backticks — logs in through the login form, and the page it lands on answers 200 and
shows the text of the "first page" column.
"""

from __future__ import annotations

import html
import io
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]
BEGIN, END = "<!-- demo-logins:begin -->", "<!-- demo-logins:end -->"
COLUMNS = ("username", "role", "agency", "first page")


@dataclass(frozen=True)
class Login:
    username: str
    role: str
    agency: str
    first_page: str


def _cell(text: str) -> str:
    """A table cell as plain text (markdown code/bold marks and escapes removed)."""
    text = text.strip().replace("\\|", "|")
    return re.sub(r"[`*]", "", text).strip()


def demo_block(readme: str) -> str:
    if BEGIN not in readme or END not in readme:
        return ""
    return readme.split(BEGIN, 1)[1].split(END, 1)[0]


def parse_logins(block: str) -> tuple[str | None, list[Login]]:
    """(password, rows) from the README block; rows empty when there is no table."""
    password = None
    match = re.search(r"(?:password|密码)[^`]{0,40}`([^`\n]+)`", block, re.IGNORECASE)
    if match:
        password = match.group(1)
    rows: list[Login] = []
    header: list[str] | None = None
    for line in block.splitlines():
        line = line.strip()
        if not line.startswith("|"):
            continue
        cells = [_cell(c) for c in line.strip("|").split("|")]
        if header is None:
            header = [c.lower() for c in cells]
            continue
        if all(re.fullmatch(r":?-{3,}:?", c) for c in cells if c):
            continue
        if not all(column in header for column in COLUMNS):
            break
        values = dict(zip(header, cells, strict=False))
        rows.append(Login(*(values.get(column, "") for column in COLUMNS)))
    return password, rows


def visible_text(content: bytes) -> str:
    body = content.decode("utf-8")
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S | re.I)
    body = re.sub(r"<[^>]+>", " ", body)
    return " ".join(html.unescape(body).split())


def test_parse_logins_reads_the_documented_format():
    block = """
All demo accounts use the password `demo-Pass-2026`.

| username | role | agency | first page |
| --- | --- | --- | --- |
| `zhangwei` | 执法人员 | 滨江市市场监督管理局 | 工作台 · 我的案件 |
| `system_admin` | 系统管理员 | — | 工作台 |
"""
    password, rows = parse_logins(block)
    assert password == "demo-Pass-2026"
    assert rows == [
        Login("zhangwei", "执法人员", "滨江市市场监督管理局", "工作台 · 我的案件"),
        Login("system_admin", "系统管理员", "—", "工作台"),
    ]


@pytest.mark.django_db
def test_readme_demo_logins_work_and_land_on_the_documented_first_page():
    readme = (ROOT / "README.md").read_text("utf-8")
    password, rows = parse_logins(demo_block(readme))
    if not rows:
        pytest.skip(
            "README.md has no demo logins table yet between the demo-logins markers "
            "(expected: | username | role | agency | first page |)"
        )
    assert password, "the demo-logins block must state the password in backticks"
    call_command("load_demo", stdout=io.StringIO())
    problems = []
    for row in rows:
        client = Client()
        response = client.post(
            "/login/", {"username": row.username, "password": password}, follow=True
        )
        if response.status_code != 200 or not response.wsgi_request.user.is_authenticated:
            problems.append(f"{row.username}: login failed ({response.status_code})")
            continue
        home = client.get("/", follow=True)
        text = visible_text(home.content)
        if home.status_code != 200:
            problems.append(f"{row.username}: home page answered {home.status_code}")
        elif row.first_page and row.first_page not in text:
            problems.append(f"{row.username}: home page does not show {row.first_page!r}")
    assert not problems, "\n".join(problems)

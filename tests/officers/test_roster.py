"""Roster (花名册) import/export as .xlsx: row-by-row errors, all or nothing."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from audit.models import AuditEvent
from officers.models import Officer
from officers.services.roster import COLUMNS, export_roster, import_roster
from tests.factories import DomainFactory
from tests.officers.factories import agency_admin, valid_id

pytestmark = pytest.mark.django_db
HEADER = [str(label) for _k, label in COLUMNS]


def _xlsx(rows, header=HEADER) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "roster.xlsx"
    return buffer


def _row(username, name, id_number="", domains="食品安全", status="在岗", new="否", email=""):
    return [
        username,
        name,
        id_number,
        "执法一科",
        "食品经营监督检查",
        domains,
        status,
        new,
        "",
        "0571-1234",
        email,
    ]


@pytest.fixture
def admin():
    DomainFactory()
    DomainFactory(code="advertising", name="广告监管")
    return agency_admin()


def test_import_creates_officers(admin):
    result = import_roster(
        admin.agency,
        _xlsx(
            [
                _row("sunli", "孙丽", valid_id()),
                _row("zhougang", "周刚", domains="食品安全、advertising", new="是"),
            ]
        ),
        by=admin.user,
    )
    assert result.ok and result.created == 2
    zhou = Officer.objects.get(user__username="zhougang")
    assert zhou.is_new_staff and {d.code for d in zhou.domains.all()} == {
        "food-safety",
        "advertising",
    }
    assert AuditEvent.objects.filter(action="officers.roster.imported").count() == 1
    assert AuditEvent.objects.filter(action="officers.officer.created").count() == 2


def test_import_with_one_bad_row_saves_nothing_and_reports_the_row(admin):
    before = Officer.objects.count()
    events = AuditEvent.objects.count()
    result = import_roster(
        admin.agency,
        _xlsx(
            [
                _row("sunli", "孙丽", valid_id()),
                _row("zhougang", "周刚", "110105194912310021"),  # bad checksum: row 3
                _row("wuyue", "", domains="天文"),  # row 4: no name, unknown domain
                _row("sunli", "孙丽2"),  # row 5: duplicate
            ]
        ),
        by=admin.user,
    )
    assert not result.ok
    messages = [m for _n, m in result.errors]
    assert any(m.startswith("第 3 行") and "校验码" in m for m in messages)
    assert any(m.startswith("第 4 行") and "姓名不能为空" in m for m in messages)
    assert any(m.startswith("第 4 行") and "天文" in m for m in messages)
    assert any(m.startswith("第 5 行") and "重复" in m for m in messages)
    assert not any(m.startswith("第 2 行") for m in messages)
    assert Officer.objects.count() == before
    assert AuditEvent.objects.count() == events


def test_import_refuses_username_of_another_agency(admin):
    other = agency_admin()
    result = import_roster(admin.agency, _xlsx([_row(other.user.username, "冒名")]), by=admin.user)
    assert not result.ok and "已被其他机关" in result.errors[0][1]


def test_import_refuses_status_change_and_bad_header(admin):
    import_roster(admin.agency, _xlsx([_row("sunli", "孙丽")]), by=admin.user)
    result = import_roster(
        admin.agency, _xlsx([_row("sunli", "孙丽", status="调离执法岗位")]), by=admin.user
    )
    assert not result.ok and "状态变更" in result.errors[0][1]
    result = import_roster(admin.agency, _xlsx([_row("x", "y")], header=["姓名"]), by=admin.user)
    assert not result.ok and "表头" in result.errors[0][1]


def test_import_not_a_spreadsheet(admin):
    result = import_roster(admin.agency, io.BytesIO(b"not a zip"), by=admin.user)
    assert not result.ok and "无法读取" in result.errors[0][1]


def test_export_then_import_round_trip_keeps_masked_id(admin):
    import_roster(
        admin.agency,
        _xlsx([_row("sunli", "孙丽", valid_id(), email="sl@example.cn")]),
        by=admin.user,
    )
    content = export_roster(admin.agency, by=admin.user)
    sheet = load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADER
    sunli = next(r for r in rows if r[0] == "sunli")
    assert sunli[2] == "110***********002X"
    # edit the post and import the exported file back
    book = load_workbook(io.BytesIO(content))
    for row in book.active.iter_rows(min_row=2):
        if row[0].value == "sunli":
            row[3].value = "执法二科"
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    result = import_roster(admin.agency, buffer, by=admin.user)
    assert result.ok, result.errors
    officer = Officer.objects.get(user__username="sunli")
    assert officer.post == "执法二科" and officer.id_number == valid_id()
    assert AuditEvent.objects.filter(action="officers.roster.exported").count() == 1


def test_import_page_shows_row_errors(client, admin):
    client.force_login(admin.user)
    upload = SimpleUploadedFile(
        "roster.xlsx", _xlsx([_row("ok1", "甲"), _row("", "乙")]).getvalue()
    )
    response = client.post(reverse("officers:roster_import"), {"file": upload})
    body = response.content.decode()
    assert response.status_code == 400
    assert "第 3 行：用户名不能为空" in body
    assert not Officer.objects.filter(user__username="ok1").exists()


def test_import_page_rejects_other_file_types(client, admin):
    client.force_login(admin.user)
    upload = SimpleUploadedFile("roster.csv", b"a,b")
    response = client.post(reverse("officers:roster_import"), {"file": upload})
    assert response.status_code == 200 and ".xlsx" in response.content.decode()

"""Benchmark spreadsheets: export → import round trip, row-level refusals that save
nothing (R-17, R-19), and uploads that are not .xlsx files."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from audit.models import AuditEvent
from core import clock
from penalties import xlsx
from penalties.models import BenchmarkTier, BenchmarkVersion, ConditionFlag, PenaltyType, Tier
from penalties.selectors import benchmark_in_force
from tests.factories import AgencyFactory
from tests.penalties.factories import (
    BenchmarkTierFactory,
    admin_of,
    fixed_statute,
    goods_value_statute,
    published_version,
)

pytestmark = pytest.mark.django_db
D = Decimal
HEADER = [h for _k, h in xlsx.COLUMNS]


@pytest.fixture
def agency():
    return AgencyFactory()


@pytest.fixture
def admin(agency):
    return admin_of(agency)


def upload(data: bytes, name: str = "基准.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=xlsx.CONTENT_TYPE)


def workbook(rows: list[list]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = xlsx.SHEET_TITLE
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def row(
    code, tier, lo=None, hi=None, types="罚款", mlo=None, mhi=None, flags="", conditions="条件"
):
    return [code, "", tier, conditions, flags, "", "", types, lo, hi, mlo, mhi, None, None]


def tiers_of(version) -> list[tuple]:
    return sorted(
        (
            t.tier,
            t.conditions,
            tuple(t.flags),
            tuple(t.flags_any),
            tuple(t.flags_none),
            tuple(t.penalty_types),
            t.fine_min,
            t.fine_max,
            t.multiple_min,
            t.multiple_max,
        )
        for t in version.tiers.all()
    )


def test_r17_round_trip_export_then_import_gives_the_same_tiers(agency, admin):
    fixed = fixed_statute()
    goods = goods_value_statute()
    v1 = published_version(
        agency=agency, violation=fixed.violation, effective_from=date(2025, 1, 1)
    )
    BenchmarkTierFactory(
        version=v1,
        tier=Tier.NO_PENALTY,
        penalty_types=[],
        conditions="首违、及时改正",
        flags=["first_offence", "minor", "promptly_corrected"],
        flags_any=["no_harm", "harm_small"],
        flags_none=["aggravating"],
    )
    BenchmarkTierFactory(
        version=v1,
        tier=Tier.MITIGATED,
        penalty_types=["warning", "fine"],
        fine_min=D(1000),
        fine_max=D(5000),
        flags=["mitigating"],
    )
    v2 = published_version(
        agency=agency, violation=goods.violation, effective_from=date(2025, 1, 1), tiers={}
    )
    for tier, (mlo, mhi, lo, hi) in {
        Tier.LIGHTER: ("10", "13", "50000", "65000"),
        Tier.ORDINARY: ("13", "17", "65000", "85000"),
        Tier.HEAVIER: ("17", "20", "85000", "100000"),
    }.items():
        BenchmarkTierFactory(
            version=v2,
            tier=tier,
            penalty_types=["fine", "confiscate_gains"],
            multiple_min=D(mlo),
            multiple_max=D(mhi),
            fine_min=D(lo),
            fine_max=D(hi),
        )
    data = xlsx.export_workbook(agency, on=clock.today(), by=admin)
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    assert [c.value for c in sheet[1]] == HEADER
    assert sheet.max_row == 1 + 5 + 3

    result = xlsx.import_workbook(agency=agency, upload=upload(data), by=admin, on=clock.today())
    assert result.ok, [str(e) for e in result.errors]
    drafts = {v.violation_id: v for v in BenchmarkVersion.objects.filter(status="draft")}
    assert set(drafts) == {fixed.violation_id, goods.violation_id}
    assert tiers_of(drafts[fixed.violation_id]) == tiers_of(v1)
    assert tiers_of(drafts[goods.violation_id]) == tiers_of(v2)
    # published tables are untouched; the import only opens drafts
    assert benchmark_in_force(agency, fixed.violation.code, clock.today()).pk == v1.pk
    assert AuditEvent.objects.filter(action="penalties.benchmark.imported").count() == 1
    assert AuditEvent.objects.filter(action="penalties.benchmark.exported").count() == 1


def test_r19_file_with_one_bad_row_saves_nothing_and_names_the_row(agency, admin):
    a, b = fixed_statute(), fixed_statute()
    data = workbook(
        [
            row(a.violation.code, "从轻", 5000, 18500),
            row(a.violation.code, "一般", 18500, 36500),
            row(a.violation.code, "从重", 36500, 50000),
            row(b.violation.code, "从轻", 5000, 18500),
            row(b.violation.code, "从重", 36500, 60000),
        ]
    )
    result = xlsx.import_workbook(agency=agency, upload=upload(data), by=admin, on=clock.today())
    assert [str(e) for e in result.errors] == [
        "第 6 行：R-19: 从重档罚款上限 60000 元超过法定最高额 50000 元"
    ]
    assert not BenchmarkVersion.objects.exists()
    assert not BenchmarkTier.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="penalties.benchmark").exists()


def test_r17_row_level_errors_each_with_row_and_reason(agency, admin):
    a = fixed_statute()
    data = workbook(
        [
            row("NO-SUCH-CODE", "一般", 1, 2),
            row(a.violation.code, "从轻", 3000, 18500),
            row(a.violation.code, "一般", "一万", 36500),
            row(a.violation.code, "特别从重", 1, 2),
            row(a.violation.code, "从重", 30000, 50000, types="罚款；拘役"),
        ]
    )
    result = xlsx.import_workbook(agency=agency, upload=upload(data), by=admin, on=clock.today())
    assert [str(e) for e in result.errors] == [
        "第 2 行：违法行为代码“NO-SUCH-CODE”不存在",
        "第 3 行：R-17: 从轻档罚款下限 3000 元低于法定最低额 5000 元",
        "第 4 行：罚款下限（元）“一万”不是有效的数字",
        "第 5 行：裁量档次“特别从重”无法识别",
        "第 6 行：处罚种类“拘役”无法识别",
    ]
    assert not BenchmarkVersion.objects.exists()


def test_r17_overlapping_tiers_named_on_the_later_row(agency, admin):
    a = fixed_statute()
    data = workbook(
        [
            row(a.violation.code, "从轻", 5000, 20000),
            row(a.violation.code, "一般", 15000, 36500),
            row(a.violation.code, "从重", 36500, 50000),
        ]
    )
    result = xlsx.import_workbook(agency=agency, upload=upload(data), by=admin, on=clock.today())
    assert [str(e) for e in result.errors] == [
        "第 3 行：R-17: 从轻档与一般档的罚款幅度重叠（从轻档 5000–20000 元，一般档 15000–36500 元）"
    ]
    assert not BenchmarkVersion.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.7 not a spreadsheet", "该文件不是有效的 Excel 工作簿（.xlsx）"),
        (b"PK\x03\x04broken zip", "该文件不是有效的 Excel 工作簿（.xlsx）"),
        (b"", "文件为空"),
    ],
)
def test_non_xlsx_upload_rejected(agency, admin, data, message):
    with pytest.raises(xlsx.UploadRejected) as exc:
        xlsx.import_workbook(agency=agency, upload=upload(data), by=admin, on=clock.today())
    assert exc.value.message == message


def test_zip_without_content_types_rejected(agency, admin):

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(xlsx.UploadRejected) as exc:
        xlsx.import_workbook(
            agency=agency, upload=upload(buffer.getvalue()), by=admin, on=clock.today()
        )
    assert exc.value.message == "该文件不是有效的 Excel 工作簿（.xlsx）"


def test_oversized_upload_rejected(agency, admin):
    big = upload(b"PK" + b"0" * (xlsx.MAX_UPLOAD_BYTES + 10))
    with pytest.raises(xlsx.UploadRejected) as exc:
        xlsx.import_workbook(agency=agency, upload=big, by=admin, on=clock.today())
    assert exc.value.message.startswith("文件过大")


def test_wrong_header_rejected(agency, admin):
    wb = Workbook()
    wb.active.append(["代码", "档次"])
    buffer = io.BytesIO()
    wb.save(buffer)
    with pytest.raises(xlsx.UploadRejected) as exc:
        xlsx.import_workbook(
            agency=agency, upload=upload(buffer.getvalue()), by=admin, on=clock.today()
        )
    assert exc.value.message.startswith("表头与模板不符")


def test_list_labels_never_contain_the_separators():
    for member in [*ConditionFlag, *PenaltyType]:
        assert not xlsx._SEPARATORS.search(str(member.label)), member

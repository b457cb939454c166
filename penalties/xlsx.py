"""Spreadsheet (.xlsx) export and import of an agency's benchmark tables (R-17).

One row per tier. The import checks every row before anything is written and reports
each problem with its row number and reason (unknown violation code, bad number, a range
outside the statutory range, overlapping tiers, a tier above the maximum); one bad row
means nothing is saved. A valid import opens (or reuses) one draft version per violation
with exactly the imported tiers; publishing stays a separate, deliberate step.

Uploads are checked before openpyxl sees them: size limit, and a real .xlsx is a zip
holding `[Content_Types].xml` and `xl/workbook.xml`; anything else is refused with a
translated message, never a 500.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import prefetch_related_objects
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font

from audit.services import record
from officers.models import Agency
from penalties.models import (
    ConditionFlag,
    PenaltyType,
    Tier,
    ViolationType,
)
from penalties.selectors import benchmark_overview, sorted_tiers
from penalties.services import benchmarks as services
from penalties.services.tier_checks import TierSpec, check_table

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 40 * 1024 * 1024
MAX_ROWS = 3000
MAX_TEXT = 2000
SHEET_TITLE = "裁量基准"
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# (key, header). The header texts are the template: an import checks them.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("code", "违法行为代码"),
    ("name", "违法行为名称"),
    ("tier", "裁量档次"),
    ("conditions", "适用条件"),
    ("flags", "须同时具备"),
    ("flags_any", "具备其一即可"),
    ("flags_none", "不得具备"),
    ("penalty_types", "处罚种类"),
    ("fine_min", "罚款下限（元）"),
    ("fine_max", "罚款上限（元）"),
    ("multiple_min", "倍数下限"),
    ("multiple_max", "倍数上限"),
    ("amount_below", "基数低于（元）"),
    ("amount_at_least", "基数不低于（元）"),
)
KEYS = [k for k, _h in COLUMNS]
AMOUNT_KEYS = ("fine_min", "fine_max", "amount_below", "amount_at_least")
MULTIPLE_KEYS = ("multiple_min", "multiple_max")
# Labels themselves contain "、" (阻碍、拒绝执法人员…), so lists are split on semicolons,
# commas and line breaks only.
_SEPARATORS = re.compile(r"[;；,，\n]+")
LIST_SEPARATOR = "；"
_AMOUNT_LIMIT = Decimal("999999999999.99")
_MULTIPLE_LIMIT = Decimal("999999.99")


class UploadRejected(Exception):
    """The file is not a usable .xlsx; `message` is translated."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class RowError:
    row: int | None
    message: str

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        return _("第 %(row)s 行：%(message)s") % {"row": self.row, "message": self.message}


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    versions: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


# --- Export -----------------------------------------------------------------------------


def _labels(codes: list[str], choices) -> str:
    return LIST_SEPARATOR.join(str(choices(c).label) for c in codes)


def _number(value: Decimal | None) -> Decimal | int | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else value


def export_workbook(agency: Agency, *, on: date, drafts: bool = False, by=None) -> bytes:
    """The agency's tables in force on `on` (or its open drafts) as an .xlsx file."""
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_TITLE
    ws.append([h for _k, h in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    exported = []
    rows = [(row, row.draft if drafts else row.in_force) for row in benchmark_overview(agency, on)]
    prefetch_related_objects([v for _r, v in rows if v is not None], "tiers")
    for row, version in rows:
        if version is None:
            continue
        exported.append(f"{row.violation.code} {version.label}")
        for tier in sorted_tiers(version):
            ws.append(
                [
                    row.violation.code,
                    row.violation.name,
                    str(Tier(tier.tier).label),
                    tier.conditions,
                    _labels(tier.flags, ConditionFlag),
                    _labels(tier.flags_any, ConditionFlag),
                    _labels(tier.flags_none, ConditionFlag),
                    _labels(tier.penalty_types, PenaltyType),
                    *[_number(getattr(tier, k)) for k in KEYS[8:]],
                ]
            )
    for col, width in zip(
        "ABCDEFGHIJKLMN", (14, 30, 10, 40, 24, 24, 20, 24, 14, 14, 10, 10, 14, 14), strict=True
    ):
        ws.column_dimensions[col].width = width
    for cells in ws.iter_rows(min_row=2):
        cells[3].alignment = Alignment(wrap_text=True, vertical="top")
    _legend(wb)
    buffer = io.BytesIO()
    wb.save(buffer)
    record(
        "penalties.benchmark.exported",
        agency,
        by=by,
        data={"on": on.isoformat(), "drafts": drafts, "versions": exported},
    )
    return buffer.getvalue()


def _legend(wb: Workbook) -> None:
    """A second sheet listing the values the import understands."""
    ws = wb.create_sheet(_("填写说明"))
    ws.append([_("栏目"), _("可填写的值")])
    ws.append([_("裁量档次"), LIST_SEPARATOR.join(str(t.label) for t in Tier)])
    ws.append([_("处罚种类"), LIST_SEPARATOR.join(str(t.label) for t in PenaltyType)])
    ws.append([_("条件标识"), LIST_SEPARATOR.join(str(f.label) for f in ConditionFlag)])
    ws.append([_("多个值"), _("用分号“；”分隔")])
    ws.append(
        [_("数额"), _("罚款以元为单位；倍数按违法所得、货值金额或广告费用计算；不适用的留空")]
    )
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 120


# --- Upload check -----------------------------------------------------------------------


def read_upload(upload) -> bytes:
    """The bytes of an uploaded .xlsx, or UploadRejected with the reason."""
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise UploadRejected(
            _("文件过大（%(size)s KB），上限为 %(limit)s KB")
            % {"size": size // 1024, "limit": MAX_UPLOAD_BYTES // 1024}
        )
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadRejected(
            _("文件过大，上限为 %(limit)s KB") % {"limit": MAX_UPLOAD_BYTES // 1024}
        )
    if not data:
        raise UploadRejected(_("文件为空"))
    check_xlsx_bytes(data)
    return data


def check_xlsx_bytes(data: bytes) -> None:
    """A .xlsx is a zip with `[Content_Types].xml` and a workbook part, and not a zip bomb."""
    not_xlsx = _("该文件不是有效的 Excel 工作簿（.xlsx）")
    if not data.startswith(b"PK"):
        raise UploadRejected(not_xlsx)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            names = {i.filename for i in infos}
            total = sum(i.file_size for i in infos)
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise UploadRejected(not_xlsx) from None
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise UploadRejected(not_xlsx)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise UploadRejected(_("工作簿解压后过大，请拆分后导入"))


# --- Import -----------------------------------------------------------------------------


def _lookup(choices) -> dict[str, str]:
    table: dict[str, str] = {}
    for member in choices:
        table[member.value.lower()] = member.value
        table[str(member.label)] = member.value
    return table


def _tier_lookup() -> dict[str, str]:
    table = _lookup(Tier)
    for member in Tier:  # 减轻处罚 / 从轻处罚 / 一般处罚 / 从重处罚
        table[f"{member.label}处罚"] = member.value
    table["不予行政处罚"] = Tier.NO_PENALTY
    return table


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _decimal(value: Any, *, header: str, limit: Decimal) -> Decimal | None:
    """A cell as a Decimal with at most two places; ValueError with the reason."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError(_("%(col)s“%(value)s”不是有效的数字") % {"col": header, "value": value})
    try:
        if isinstance(value, float):
            number = Decimal(repr(value))
        elif isinstance(value, int | Decimal):
            number = Decimal(value)
        else:
            cleaned = str(value).strip().replace(",", "").replace("，", "")
            number = Decimal(cleaned.removesuffix("元").removesuffix("倍").strip())
    except (InvalidOperation, ValueError):
        raise ValueError(
            _("%(col)s“%(value)s”不是有效的数字") % {"col": header, "value": _text(value)[:40]}
        ) from None
    if not number.is_finite():
        raise ValueError(
            _("%(col)s“%(value)s”不是有效的数字") % {"col": header, "value": _text(value)[:40]}
        )
    if number < 0:
        raise ValueError(_("%(col)s不得为负数") % {"col": header})
    if number > limit:
        raise ValueError(_("%(col)s“%(value)s”过大") % {"col": header, "value": _text(value)[:40]})
    if number != number.quantize(Decimal("0.01")):
        raise ValueError(_("%(col)s最多保留两位小数") % {"col": header})
    return number.quantize(Decimal("0.01"))


def _codes(value: Any, table: dict[str, str], header: str) -> list[str]:
    out: list[str] = []
    for part in _SEPARATORS.split(_text(value)):
        part = part.strip()
        if not part:
            continue
        code = table.get(part) or table.get(part.lower())
        if code is None:
            raise ValueError(_("%(col)s“%(value)s”无法识别") % {"col": header, "value": part[:40]})
        if code not in out:
            out.append(code)
    return out


@dataclass
class ParsedRow:
    row: int
    code: str
    spec: TierSpec


def parse_rows(data: bytes) -> tuple[list[ParsedRow], list[RowError]]:
    """Read the first sheet; every row-level problem is collected, none is fatal."""
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on a damaged file
        raise UploadRejected(_("无法读取该工作簿，请使用导出的模板")) from None
    try:
        ws = wb[SHEET_TITLE] if SHEET_TITLE in wb.sheetnames else wb.worksheets[0]
        rows = ws.iter_rows(values_only=True)
        header = next(rows, None)
        expected = [h for _k, h in COLUMNS]
        got = [_text(c) for c in (header or ())][: len(expected)]
        if got != expected:
            raise UploadRejected(
                _("表头与模板不符：第一行应为“%(columns)s”") % {"columns": "、".join(expected)}
            )
        tiers, types, flags = _tier_lookup(), _lookup(PenaltyType), _lookup(ConditionFlag)
        parsed: list[ParsedRow] = []
        errors: list[RowError] = []
        headers = dict(COLUMNS)
        for number, values in enumerate(rows, start=2):
            cells = dict(zip(KEYS, list(values or ()) + [None] * len(KEYS), strict=False))
            if all(_text(v) == "" for v in cells.values()):
                continue
            if len(parsed) + len(errors) >= MAX_ROWS:
                raise UploadRejected(_("行数过多（上限 %(n)s 行），请拆分后导入") % {"n": MAX_ROWS})
            row_errors: list[str] = []
            texts = {k: _text(cells[k]) for k in ("code", "tier", "conditions")}
            if any("\x00" in t for t in texts.values()):
                errors.append(RowError(number, _("含有不允许的空字符")))
                continue
            if not texts["code"]:
                row_errors.append(_("缺少违法行为代码"))
            tier = tiers.get(texts["tier"]) or tiers.get(texts["tier"].lower())
            if tier is None:
                row_errors.append(_("裁量档次“%(value)s”无法识别") % {"value": texts["tier"][:40]})
            if len(texts["conditions"]) > MAX_TEXT:
                row_errors.append(_("适用条件过长（上限 %(n)s 字）") % {"n": MAX_TEXT})
            values_out: dict[str, Any] = {}
            for key, table in (
                ("flags", flags),
                ("flags_any", flags),
                ("flags_none", flags),
                ("penalty_types", types),
            ):
                try:
                    values_out[key] = _codes(cells[key], table, headers[key])
                except ValueError as exc:
                    row_errors.append(str(exc))
            for key in (*AMOUNT_KEYS, *MULTIPLE_KEYS):
                limit = _MULTIPLE_LIMIT if key in MULTIPLE_KEYS else _AMOUNT_LIMIT
                try:
                    values_out[key] = _decimal(cells[key], header=headers[key], limit=limit)
                except ValueError as exc:
                    row_errors.append(str(exc))
            if row_errors:
                errors.extend(RowError(number, m) for m in row_errors)
                continue
            parsed.append(
                ParsedRow(
                    row=number,
                    code=texts["code"],
                    spec=TierSpec(
                        tier=tier, conditions=texts["conditions"], row=number, **values_out
                    ),
                )
            )
        return parsed, errors
    finally:
        wb.close()


def validate_rows(
    agency: Agency, parsed: list[ParsedRow], *, on: date
) -> tuple[dict[ViolationType, list[TierSpec]], list[RowError]]:
    """Group rows by violation and check each table against the statute in force on `on`."""
    errors: list[RowError] = []
    codes = {p.code for p in parsed}
    violations = {
        v.code: v for v in ViolationType.objects.filter(code__in=codes).select_related("domain")
    }
    domain_ids = set(agency.domains.values_list("pk", flat=True))
    grouped: dict[str, list[TierSpec]] = {}
    for p in parsed:
        vt = violations.get(p.code)
        if vt is None:
            errors.append(
                RowError(p.row, _("违法行为代码“%(code)s”不存在") % {"code": p.code[:40]})
            )
            continue
        if domain_ids and vt.domain_id not in domain_ids:
            errors.append(
                RowError(
                    p.row,
                    _("违法行为 %(code)s 属于“%(domain)s”领域，不在本机关的执法领域内")
                    % {"code": vt.code, "domain": vt.domain.name},
                )
            )
            continue
        grouped.setdefault(vt.code, []).append(p.spec)
    tables: dict[ViolationType, list[TierSpec]] = {}
    for code, specs in grouped.items():
        vt = violations[code]
        statute = vt.version_on(on)
        if statute is None:
            errors.extend(
                RowError(
                    s.row,
                    _("违法行为 %(code)s 在 %(day)s 没有有效的法律依据")
                    % {"code": code, "day": on.isoformat()},
                )
                for s in specs
            )
            continue
        problems = check_table(statute, specs)
        errors.extend(RowError(p.row, str(p)) for p in problems)
        tables[vt] = specs
    errors.sort(key=lambda e: e.row or 0)
    return tables, errors


def import_workbook(*, agency: Agency, upload, by, on: date) -> ImportResult:
    """Check an uploaded workbook and, if every row is valid, write one draft per
    violation. UploadRejected for a file that is not a usable .xlsx."""
    data = read_upload(upload)
    parsed, errors = parse_rows(data)
    tables, table_errors = validate_rows(agency, parsed, on=on)
    errors = sorted([*errors, *table_errors], key=lambda e: e.row or 0)
    if not parsed and not errors:
        errors = [RowError(None, _("工作簿中没有数据行"))]
    if errors:
        return ImportResult(errors=errors)
    name = str(getattr(upload, "name", ""))[:200]
    versions = services.import_tables(agency=agency, tables=tables, by=by, filename=name)
    return ImportResult(versions=versions)

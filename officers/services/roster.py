"""Officer roster (花名册) import and export as .xlsx.

Import validates every row first and reports each problem with its row number; when any
row is bad nothing is saved (one transaction). Export writes the same columns, with ID
numbers masked; a masked number in an imported row means "keep the stored number", so an
exported roster can be edited and imported back.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook

from audit.services import record
from core.errors import DomainError
from core.roles import Role
from officers.idnumber import mask, validate_id_number
from officers.models import Agency, EnforcementDomain, Officer
from officers.services._common import authorise, validation_message
from officers.services.staff import create_officer, update_officer

User = get_user_model()

COLUMNS = [
    ("username", gettext_lazy("用户名")),
    ("name", gettext_lazy("姓名")),
    ("id_number", gettext_lazy("身份证号")),
    ("post", gettext_lazy("岗位")),
    ("duties", gettext_lazy("岗位职责")),
    ("domains", gettext_lazy("执法领域")),
    ("status", gettext_lazy("状态")),
    ("is_new_staff", gettext_lazy("新进人员")),
    ("legal_qualification", gettext_lazy("法律职业资格证书编号")),
    ("phone", gettext_lazy("电话")),
    ("email", gettext_lazy("邮箱")),
]
MAX_ROWS = 2000
USERNAME_RE = re.compile(r"^[\w.@+-]{1,150}$")
YES = {"是", "y", "yes", "true", "1"}
NO = {"否", "n", "no", "false", "0", ""}


@dataclass
class RosterResult:
    created: int = 0
    updated: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class _Abort(Exception):
    """Raised inside the transaction to roll every row back."""


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _headers() -> list[str]:
    return [str(label) for _key, label in COLUMNS]


def _domain_lookup() -> dict[str, EnforcementDomain]:
    lookup: dict[str, EnforcementDomain] = {}
    for domain in EnforcementDomain.objects.all():
        lookup[domain.code.lower()] = domain
        lookup[domain.name] = domain
    return lookup


def _status_lookup() -> dict[str, str]:
    out = {str(label): value for value, label in Officer.Status.choices}
    out.update({value: value for value in Officer.Status.values})
    return out


def _parse_row(
    number: int,
    raw: dict[str, str],
    *,
    agency: Agency,
    existing: dict[str, Officer],
    taken: set[str],
    domains: dict[str, EnforcementDomain],
    statuses: dict[str, str],
) -> tuple[dict[str, Any], list[str]]:
    """One row → (values for the service, problems)."""
    problems: list[str] = []
    values: dict[str, Any] = {}
    for key, text in raw.items():
        if "\x00" in text:
            problems.append(_("“%(c)s”含有非法字符") % {"c": dict(COLUMNS)[key]})
            raw[key] = text.replace("\x00", "")
    username = raw["username"]
    if not username:
        problems.append(_("用户名不能为空"))
    elif not USERNAME_RE.match(username):
        problems.append(_("用户名“%(u)s”只能包含字母、数字和 @/./+/-/_") % {"u": username})
    officer = existing.get(username.lower())
    if username and officer is None and username.lower() in taken:
        problems.append(_("用户名“%(u)s”已被其他机关或账号使用") % {"u": username})
    values["username"] = username
    if not raw["name"]:
        problems.append(_("姓名不能为空"))
    elif len(raw["name"]) > 50:
        problems.append(_("姓名过长"))
    values["name"] = raw["name"]
    id_text = raw["id_number"].upper()
    if "*" in id_text:
        if officer is None or mask(officer.id_number) != id_text:
            problems.append(_("身份证号“%(v)s”是脱敏号码，且与已登记的号码不符") % {"v": id_text})
        else:
            values["id_number"] = officer.id_number
    elif id_text:
        try:
            values["id_number"] = validate_id_number(id_text)
        except ValidationError as exc:
            problems.append(validation_message(exc))
    else:
        values["id_number"] = officer.id_number if officer else ""
    values["post"] = raw["post"][:100]
    values["duties"] = raw["duties"]
    chosen = []
    for part in [p.strip() for p in re.split(r"[、,，;；\s]+", raw["domains"]) if p.strip()]:
        domain = domains.get(part) or domains.get(part.lower())
        if domain is None:
            problems.append(_("未知的执法领域“%(d)s”") % {"d": part})
        else:
            chosen.append(domain)
    values["domains"] = chosen
    status = statuses.get(raw["status"]) if raw["status"] else None
    if raw["status"] and status is None:
        problems.append(_("未知的状态“%(s)s”") % {"s": raw["status"]})
    current = officer.status if officer else Officer.Status.ON_POST
    if status is not None and status != current:
        problems.append(_("状态变更须在人员档案中办理，不能通过导入修改"))
    flag = raw["is_new_staff"].lower()
    if flag not in YES | NO:
        problems.append(_("“新进人员”应填写“是”或“否”"))
    values["is_new_staff"] = flag in YES
    if officer is not None and officer.is_new_staff and not values["is_new_staff"]:
        problems.append(_("R-60：新进人员须考试合格并取得执法证后自动转正，不能通过导入取消"))
    values["legal_qualification"] = raw["legal_qualification"][:50]
    values["phone"] = raw["phone"][:30]
    if raw["email"]:
        try:
            validate_email(raw["email"])
        except ValidationError:
            problems.append(_("邮箱“%(e)s”格式不正确") % {"e": raw["email"]})
    values["email"] = raw["email"]
    values["_officer"] = officer
    return values, [_("第 %(n)s 行：%(p)s") % {"n": number, "p": p} for p in problems]


def read_rows(upload: BinaryIO) -> tuple[list[tuple[int, dict[str, str]]], list[tuple[int, str]]]:
    """The data rows with their spreadsheet row numbers, or a file-level problem."""
    try:
        book = load_workbook(upload, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds (BadZipFile, KeyError, …) on a bad file
        return [], [(0, _("无法读取文件，请上传由本系统导出的 .xlsx 花名册。"))]
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [_text(v) for v in next(rows, ())]
    expected = _headers()
    if header[: len(expected)] != expected:
        return [], [(1, _("第 1 行：表头应为 %(h)s") % {"h": "、".join(expected)})]
    out = []
    for number, row in enumerate(rows, start=2):
        cells = [_text(v) for v in row][: len(COLUMNS)]
        if not any(cells):
            continue
        cells += [""] * (len(COLUMNS) - len(cells))
        out.append((number, {key: cells[i] for i, (key, _label) in enumerate(COLUMNS)}))
        if len(out) > MAX_ROWS:
            return [], [(number, _("一次最多导入 %(n)s 行。") % {"n": MAX_ROWS})]
    book.close()
    if not out:
        return [], [(2, _("文件中没有人员数据。"))]
    return out, []


def import_roster(agency: Agency, upload: BinaryIO, *, by: Any) -> RosterResult:
    """Create or update the agency's officers from a roster; all rows or none."""
    authorise(by, agency, Role.AGENCY_ADMIN)
    result = RosterResult()
    rows, problems = read_rows(upload)
    if problems:
        result.errors = problems
        return result
    existing = {
        o.user.username.lower(): o
        for o in Officer.objects.filter(agency=agency).select_related("user")
    }
    usernames = {raw["username"].lower() for _n, raw in rows if raw["username"]}
    taken = set(
        User.objects.annotate(lower_name=Lower("username"))
        .filter(lower_name__in=usernames)
        .values_list("lower_name", flat=True)
    )
    domains, statuses = _domain_lookup(), _status_lookup()
    parsed: list[tuple[int, dict[str, Any]]] = []
    seen: dict[str, int] = {}
    for number, raw in rows:
        values, row_problems = _parse_row(
            number,
            raw,
            agency=agency,
            existing=existing,
            taken=taken,
            domains=domains,
            statuses=statuses,
        )
        key = values["username"].lower()
        if key and key in seen:
            row_problems.append(
                _("第 %(n)s 行：用户名“%(u)s”与第 %(m)s 行重复")
                % {"n": number, "u": values["username"], "m": seen[key]}
            )
        seen.setdefault(key, number)
        result.errors += [(number, p) for p in row_problems]
        parsed.append((number, values))
    if result.errors:
        return result
    try:
        with transaction.atomic():
            for number, values in parsed:
                officer = values.pop("_officer")
                try:
                    if officer is None:
                        create_officer(agency, by=by, **values)
                        result.created += 1
                    else:
                        values.pop("username")
                        email = values.pop("email")
                        domains_ = values.pop("domains")
                        changes = {k: v for k, v in values.items() if getattr(officer, k) != v}
                        update_officer(officer, by=by, email=email, domains=domains_, **changes)
                        result.updated += 1
                except DomainError as exc:
                    result.errors.append(
                        (number, _("第 %(n)s 行：%(p)s") % {"n": number, "p": exc})
                    )
            if result.errors:
                raise _Abort
            record(
                "officers.roster.imported",
                agency,
                by=by,
                data={"created": result.created, "updated": result.updated, "rows": len(parsed)},
            )
    except _Abort:
        result.created = result.updated = 0
    return result


def export_roster(agency: Agency, *, by: Any) -> bytes:
    """The agency's roster as .xlsx (ID numbers masked); the export is audited."""
    authorise(by, agency, Role.AGENCY_ADMIN)
    book = Workbook()
    sheet = book.active
    sheet.title = str(_("执法人员花名册"))
    sheet.append(_headers())
    officers = (
        Officer.objects.filter(agency=agency)
        .select_related("user")
        .prefetch_related("domains")
        .order_by("name", "pk")
    )
    count = 0
    for officer in officers:
        sheet.append(
            [
                officer.user.username,
                officer.name,
                mask(officer.id_number),
                officer.post,
                officer.duties,
                "、".join(d.name for d in officer.domains.all()),
                str(officer.get_status_display()),
                "是" if officer.is_new_staff else "否",
                officer.legal_qualification,
                officer.phone,
                officer.user.email,
            ]
        )
        count += 1
    for column, width in zip(
        "ABCDEFGHIJK", (14, 10, 22, 16, 24, 30, 12, 10, 22, 16, 24), strict=True
    ):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    record("officers.roster.exported", agency, by=by, data={"rows": count})
    return buffer.getvalue()

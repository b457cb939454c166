"""Officers (执法人员): accounts, profiles, roles, status, and the audited ID number view."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import record, snapshot
from core import clock
from core.errors import DomainError, InvalidTransition, PermissionDenied, RuleViolation
from core.roles import (
    ADMIN_TRIAD,
    Role,
    check_role_combination,
    ensure_groups,
    has_role,
    role_codes,
)
from officers.idnumber import mask, validate_id_number
from officers.models import Agency, EnforcementDomain, Exam, Officer
from officers.selectors import officer_of
from officers.services._common import authorise, clean_text, full_clean_or_raise, validation_message

User = get_user_model()

PROFILE_FIELDS = (
    "name",
    "post",
    "duties",
    "phone",
    "legal_qualification",
    "id_number",
    "is_new_staff",
)
# Roles an agency admin hands out inside the agency; the three administrator roles are
# the security administrator's (三权分立).
STAFF_ROLES = (
    Role.OFFICER,
    Role.SUPERVISOR,
    Role.LEGAL_REVIEWER,
    Role.LEGAL_OFFICE,
    Role.AGENCY_ADMIN,
)


def _audit_profile(officer: Officer) -> dict[str, Any]:
    data = snapshot(officer, PROFILE_FIELDS)
    data["id_number"] = mask(officer.id_number)  # never the full number in the trail
    data["domains"] = sorted(officer.domains.values_list("code", flat=True))
    return data


def _check_password(password: str, user: Any) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise DomainError(validation_message(exc)) from None


def _normalise_id(value: str) -> str:
    value = clean_text(value, _("身份证号"))
    if not value:
        return ""
    try:
        return validate_id_number(value)
    except ValidationError as exc:
        raise DomainError(validation_message(exc)) from None


@transaction.atomic
def create_officer(
    agency: Agency,
    *,
    by: Any,
    username: str,
    name: str,
    email: str = "",
    password: str = "",
    id_number: str = "",
    post: str = "",
    duties: str = "",
    phone: str = "",
    domains: Iterable[EnforcementDomain] = (),
    is_new_staff: bool = False,
    legal_qualification: str = "",
    roles: Iterable[str] = (Role.OFFICER,),
) -> Officer:
    """Create the user account and the officer profile together.

    Without a password the account cannot log in until an administrator sets one.
    """
    authorise(by, agency, Role.AGENCY_ADMIN)
    username = clean_text(username, _("用户名"))
    if not username:
        raise DomainError(_("请填写用户名。"))
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(_("用户名“%(u)s”已被使用。") % {"u": username})
    roles = [str(r) for r in roles]
    bad = [r for r in roles if r not in {str(s) for s in STAFF_ROLES}]
    if bad:
        raise DomainError(_("机关管理员不能授予该角色：%(r)s") % {"r": "、".join(bad)})
    user = User(
        username=username,
        first_name=clean_text(name, _("姓名")),
        email=clean_text(email, _("邮箱")),
    )
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as exc:
        raise DomainError(validation_message(exc, user)) from None
    if password:
        _check_password(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    officer = Officer(
        user=user,
        agency=agency,
        name=clean_text(name, _("姓名")),
        post=clean_text(post, _("岗位")),
        duties=clean_text(duties, _("岗位职责")),
        phone=clean_text(phone, _("电话")),
        id_number=_normalise_id(id_number),
        is_new_staff=is_new_staff,
        legal_qualification=clean_text(legal_qualification, _("法律职业资格证书编号")),
        status=Officer.Status.ON_POST,
        status_since=clock.today(),
    )
    full_clean_or_raise(officer, exclude=["user"])
    officer.save()
    officer.domains.set(list(domains))
    if Role.LEGAL_REVIEWER in roles and not officer.legal_qualification:
        # legal reviewers hold the legal professional qualification.
        raise RuleViolation("R-28", _("法制审核人员须具备法律职业资格，请填写证书编号。"))
    groups = ensure_groups()
    user.groups.add(*[groups[r] for r in roles])
    record(
        "officers.officer.created",
        officer,
        by=by,
        after={**_audit_profile(officer), "username": username, "roles": sorted(roles)},
    )
    return officer


@transaction.atomic
def update_officer(
    officer: Officer,
    *,
    by: Any,
    domains: Iterable[EnforcementDomain] | None = None,
    email: str | None = None,
    password: str = "",
    is_active: bool | None = None,
    **values: Any,
) -> Officer:
    """Edit the profile (post, duties, domains, ID number, …) and, optionally, the account."""
    authorise(by, officer.agency_id, Role.AGENCY_ADMIN)
    officer = Officer.objects.select_for_update().select_related("user").get(pk=officer.pk)
    unknown = set(values) - set(PROFILE_FIELDS)
    if unknown:
        raise DomainError(_("未知字段：%(f)s") % {"f": "、".join(sorted(unknown))})
    if values.get("is_new_staff") is False and officer.is_new_staff:
        # new staff are cleared by passing the exam and holding a certificate.
        raise RuleViolation(
            "R-60", _("新进人员须考试合格并取得执法证后自动转为正式执法人员，不能手工取消。")
        )
    before = _audit_profile(officer)
    for key, value in values.items():
        if key == "id_number":
            value = _normalise_id(value)
        elif isinstance(value, str):
            value = clean_text(value, key)
        setattr(officer, key, value)
    full_clean_or_raise(officer, exclude=["user"])
    officer.save(update_fields=list(values))
    if domains is not None:
        officer.domains.set(list(domains))
    if has_role(officer.user, Role.LEGAL_REVIEWER) and not officer.legal_qualification:
        raise RuleViolation("R-28", _("法制审核人员须具备法律职业资格，请填写证书编号。"))
    user = officer.user
    account: dict[str, Any] = {}
    user_fields: list[str] = []
    if "name" in values and user.first_name != officer.name:
        user.first_name = officer.name
        user_fields.append("first_name")
    if email is not None and clean_text(email, _("邮箱")) != user.email:
        user.email = clean_text(email, _("邮箱"))
        user_fields.append("email")
        account["email"] = user.email
    if is_active is not None and is_active != user.is_active:
        user.is_active = is_active
        user_fields.append("is_active")
        account["is_active"] = is_active
    if password:
        _check_password(password, user)
        user.set_password(password)
        user_fields.append("password")
        account["password"] = "reset"
    if user_fields:
        try:
            user.full_clean(exclude=["password"])
        except ValidationError as exc:
            raise DomainError(validation_message(exc, user)) from None
        user.save(update_fields=user_fields)
    after = _audit_profile(officer)
    changed = [k for k in after if before[k] != after[k]]
    if changed or account:
        record(
            "officers.officer.updated",
            officer,
            by=by,
            before={k: before[k] for k in changed},
            after={**{k: after[k] for k in changed}, **account},
        )
    return officer


def _latest_exam_passed(officer: Officer) -> bool:
    latest = Exam.objects.filter(officer=officer).order_by("-taken_on", "-pk").first()
    return bool(latest and latest.passed)


@transaction.atomic
def change_status(officer: Officer, *, by: Any, status: str, reason: str) -> Officer:
    """A decision on the officer's post: return to post, suspend, transfer out.

    Transfer out of enforcement posts after a second failed exam (R-60) and the handling
    of a suspension (R-62) are the agency head's decisions, recorded here.
    """
    authorise(by, officer.agency_id, Role.AGENCY_ADMIN, Role.SUPERVISOR)
    officer = Officer.objects.select_for_update().get(pk=officer.pk)
    reason = clean_text(reason, _("原因"))
    if status not in Officer.Status.values:
        raise DomainError(_("无效的状态。"))
    if not reason:
        raise DomainError(_("请填写状态变更的原因或决定文号。"))
    if status == officer.status:
        raise InvalidTransition(
            _("该人员已处于“%(s)s”状态。") % {"s": officer.get_status_display()}
        )
    if (
        status == Officer.Status.ON_POST
        and officer.status == Officer.Status.OFF_POST_STUDY
        and not _latest_exam_passed(officer)
    ):
        # off-post study ends with a passed exam.
        raise RuleViolation("R-60", _("%(n)s离岗学习后须考试合格方可返岗。") % {"n": officer.name})
    before = snapshot(officer, ["status", "status_since", "status_reason", "flagged_for_transfer"])
    officer.status = status
    officer.status_since = clock.today()
    officer.status_reason = reason[:255]
    fields = ["status", "status_since", "status_reason"]
    if status == Officer.Status.TRANSFERRED and officer.flagged_for_transfer:
        officer.flagged_for_transfer = False  # the head has decided
        fields.append("flagged_for_transfer")
    officer.save(update_fields=fields)
    record(
        "officers.officer.status_changed",
        officer,
        by=by,
        before=before,
        after=snapshot(
            officer, ["status", "status_since", "status_reason", "flagged_for_transfer"]
        ),
    )
    return officer


@transaction.atomic
def clear_review_flag(officer: Officer, *, by: Any, reason: str) -> Officer:
    """The faults flag (R-62) was handled at review."""
    authorise(by, officer.agency_id, Role.AGENCY_ADMIN, Role.LEGAL_OFFICE)
    officer = Officer.objects.select_for_update().get(pk=officer.pk)
    reason = clean_text(reason, _("原因"))
    if not reason:
        raise DomainError(_("请填写处理结果。"))
    if not officer.flagged_for_review:
        raise InvalidTransition(_("该人员没有待处理的过错标记。"))
    officer.flagged_for_review = False
    officer.save(update_fields=["flagged_for_review"])
    record(
        "officers.officer.review_flag_cleared",
        officer,
        by=by,
        before={"flagged_for_review": True},
        after={"flagged_for_review": False},
        data={"reason": reason},
    )
    return officer


@transaction.atomic
def reveal_id_number(officer: Officer, *, by: Any) -> str:
    """The full ID number, for the agency admin or the officer themself; the reading is
    an audit event (a sensitive read)."""
    me = officer_of(by) if by is not None else None
    if by is not None and not (me is not None and me.pk == officer.pk):
        authorise(by, officer.agency_id, Role.AGENCY_ADMIN)
    record(
        "officers.officer.id_number_viewed",
        officer,
        by=by,
        data={"masked": mask(officer.id_number)},
    )
    return officer.id_number


def _may_grant(by: Any, user: Any, role: str) -> None:
    if by is None:
        return
    if role in ADMIN_TRIAD:
        if not has_role(by, Role.SECURITY_ADMIN):
            raise PermissionDenied(_("系统管理员、安全管理员、审计管理员角色由安全管理员授予。"))
        return
    if has_role(by, Role.SECURITY_ADMIN):
        return
    target = Officer.objects.filter(user_id=user.pk).first()
    if target is None:
        raise PermissionDenied(_("该账号没有执法人员档案，不能授予机关内角色。"))
    authorise(by, target.agency_id, Role.AGENCY_ADMIN)


@transaction.atomic
def assign_role(user: Any, role: str, *, by: Any) -> None:
    """Give a role; two of the three administrator roles are refused (三权分立)."""
    role = str(role)
    if role not in Role.values:
        raise DomainError(_("无效的角色。"))
    _may_grant(by, user, role)
    current = set(role_codes(user))
    if role in current:
        return
    try:
        check_role_combination(current | {role})
    except ValidationError as exc:
        raise DomainError(validation_message(exc)) from None
    target = Officer.objects.filter(user_id=user.pk).first()
    if role == Role.LEGAL_REVIEWER and not (target and target.legal_qualification):
        raise RuleViolation("R-28", _("法制审核人员须具备法律职业资格，请先登记证书编号。"))
    user.groups.add(ensure_groups()[role])
    user._role_codes = None
    record(
        "officers.role.assigned",
        user,
        by=by,
        agency_id=target.agency_id if target else None,
        before={"roles": sorted(current)},
        after={"roles": sorted(current | {role})},
    )


@transaction.atomic
def remove_role(user: Any, role: str, *, by: Any) -> None:
    role = str(role)
    if role not in Role.values:
        raise DomainError(_("无效的角色。"))
    _may_grant(by, user, role)
    current = set(role_codes(user))
    if role not in current:
        return
    user.groups.remove(ensure_groups()[role])
    user._role_codes = None
    target = Officer.objects.filter(user_id=user.pk).first()
    record(
        "officers.role.removed",
        user,
        by=by,
        agency_id=target.agency_id if target else None,
        before={"roles": sorted(current)},
        after={"roles": sorted(current - {role})},
    )

"""Certificates (执法证): issue, annual review, suspend, revoke, restore, expire.

Each state change is one function that locks the row, checks the transition, saves, and
writes both a CertificateEvent (the certificate's own history, shown on the officer file)
and an audit event, in one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import record, snapshot
from core import clock
from core.errors import DomainError, InvalidTransition
from core.roles import Role
from officers.models import Certificate, CertificateEvent, EnforcementDomain, Exam, Officer
from officers.services._common import (
    actor_label,
    add_years,
    authorise,
    clean_text,
    full_clean_or_raise,
)

CERT_FIELDS = ("number", "issuer", "issued_on", "expires_on", "review_due_on", "state")
S = Certificate.State


def _event(
    cert: Certificate,
    *,
    kind: str,
    from_state: str,
    by: Any,
    reason: str = "",
    actor_name: str | None = None,
) -> None:
    CertificateEvent.objects.create(
        certificate=cert,
        at=clock.now(),
        from_state=from_state,
        to_state=cert.state,
        kind=kind,
        reason=reason,
        by_name=actor_label(by, actor_name),
    )


def _locked(cert: Certificate) -> Certificate:
    return Certificate.objects.select_for_update().select_related("officer").get(pk=cert.pk)


def _require(cert: Certificate, allowed: Iterable[str], action: str) -> None:
    if cert.state not in allowed:
        raise InvalidTransition(
            _("执法证 %(n)s 当前状态为“%(s)s”，不能%(a)s。")
            % {"n": cert.number, "s": cert.get_state_display(), "a": action}
        )


def maybe_clear_new_staff(officer: Officer, *, by: Any, actor_name: str | None = None) -> bool:
    """R-60: new staff become assignable once they passed the exam AND hold a valid
    certificate, whichever comes second. Called inside the caller's transaction."""
    officer = Officer.objects.select_for_update().get(pk=officer.pk)
    if not officer.is_new_staff:
        return False
    today = clock.today()
    has_pass = Exam.objects.filter(officer=officer, passed=True).exists()
    has_cert = Certificate.objects.filter(
        officer=officer,
        state=S.VALID,
        issued_on__lte=today,
        expires_on__gte=today,
        review_due_on__gte=today,
    ).exists()
    if not (has_pass and has_cert):
        return False
    officer.is_new_staff = False
    officer.save(update_fields=["is_new_staff"])
    record(
        "officers.officer.cleared",
        officer,
        by=by,
        actor_name=actor_name,
        before={"is_new_staff": True},
        after={"is_new_staff": False},
        data={"rule": "R-60"},
    )
    return True


@transaction.atomic
def issue_certificate(
    officer: Officer,
    *,
    by: Any,
    number: str,
    issuer: str,
    domains: Iterable[EnforcementDomain],
    issued_on: date,
    expires_on: date,
    review_due_on: date | None = None,
) -> Certificate:
    """Record a newly issued certificate. The first annual review falls due a year after
    issue unless another date is given."""
    authorise(by, officer.agency_id, Role.AGENCY_ADMIN)
    domains = list(domains)
    if not domains:
        raise DomainError(_("请至少选择一个执法领域。"))
    if expires_on < issued_on:
        raise DomainError(_("有效期至不得早于发证日期。"))
    review_due_on = review_due_on or min(add_years(issued_on, 1), expires_on)
    if review_due_on < issued_on:
        raise DomainError(_("年审截止日不得早于发证日期。"))
    cert = Certificate(
        officer=officer,
        number=clean_text(number, _("证件编号")).upper(),
        issuer=clean_text(issuer, _("发证机关")),
        issued_on=issued_on,
        expires_on=expires_on,
        review_due_on=review_due_on,
        state=S.VALID,
    )
    full_clean_or_raise(cert)
    cert.save()
    cert.domains.set(domains)
    _event(cert, kind="issued", from_state="", by=by)
    record(
        "officers.certificate.issued",
        cert,
        by=by,
        after={**snapshot(cert, CERT_FIELDS), "domains": sorted(d.code for d in domains)},
    )
    maybe_clear_new_staff(officer, by=by)
    return cert


@transaction.atomic
def review_certificate(
    cert: Certificate, *, by: Any, passed: bool = True, note: str = ""
) -> Certificate:
    """Annual review (年审). Passed: the due date moves one year on (and a certificate that
    was suspended for a missed review is valid again). Failed: suspended (R-61)."""
    cert = _locked(cert)
    authorise(by, cert.officer.agency_id, Role.AGENCY_ADMIN)
    _require(cert, (S.VALID, S.SUSPENDED), _("年审"))
    today = clock.today()
    if cert.expires_on < today:
        raise InvalidTransition(_("执法证 %(n)s 已过有效期，应换发新证。") % {"n": cert.number})
    note = clean_text(note, _("说明"))
    before = snapshot(cert, CERT_FIELDS)
    from_state = cert.state
    if passed:
        if cert.state == S.SUSPENDED and not _suspended_for_review(cert):
            raise InvalidTransition(
                _("执法证 %(n)s 因其他原因暂扣，年审不能恢复，请先处理暂扣事由。")
                % {"n": cert.number}
            )
        due = add_years(cert.review_due_on, 1)
        if due < today:
            due = add_years(today, 1)
        cert.review_due_on = due
        cert.state = S.VALID
        kind, action = "reviewed", "officers.certificate.reviewed"
    else:
        _require(cert, (S.VALID,), _("记录年审不合格"))
        cert.state = S.SUSPENDED
        kind, action = "review_failed", "officers.certificate.suspended"
    cert.save(update_fields=["review_due_on", "state"])
    _event(cert, kind=kind, from_state=from_state, by=by, reason=note)
    record(
        action,
        cert,
        by=by,
        before=before,
        after=snapshot(cert, CERT_FIELDS),
        data={"note": note, "passed": passed},
    )
    return cert


def _suspended_for_review(cert: Certificate) -> bool:
    """Was the last suspension for a missed or failed annual review? (Uses prefetched
    events when the page loaded them.)"""
    events = [e for e in cert.events.all() if e.to_state == S.SUSPENDED]
    last = max(events, key=lambda e: (e.at, e.pk), default=None)
    return bool(last and last.kind in ("review_missed", "review_failed"))


@transaction.atomic
def suspend_certificate(
    cert: Certificate,
    *,
    by: Any,
    reason: str,
    kind: str = "suspended",
    actor_name: str | None = None,
) -> Certificate:
    cert = _locked(cert)
    authorise(by, cert.officer.agency_id, Role.AGENCY_ADMIN)
    reason = clean_text(reason, _("原因"))
    if not reason:
        raise DomainError(_("请填写暂扣原因。"))
    _require(cert, (S.VALID,), _("暂扣"))
    before = snapshot(cert, CERT_FIELDS)
    cert.state = S.SUSPENDED
    cert.save(update_fields=["state"])
    _event(cert, kind=kind, from_state=S.VALID, by=by, reason=reason, actor_name=actor_name)
    record(
        "officers.certificate.suspended",
        cert,
        by=by,
        actor_name=actor_name,
        before=before,
        after=snapshot(cert, CERT_FIELDS),
        data={"reason": reason, "kind": kind},
    )
    return cert


@transaction.atomic
def revoke_certificate(cert: Certificate, *, by: Any, reason: str) -> Certificate:
    cert = _locked(cert)
    authorise(by, cert.officer.agency_id, Role.AGENCY_ADMIN)
    reason = clean_text(reason, _("原因"))
    if not reason:
        raise DomainError(_("请填写吊销原因。"))
    _require(cert, (S.VALID, S.SUSPENDED), _("吊销"))
    before = snapshot(cert, CERT_FIELDS)
    from_state = cert.state
    cert.state = S.REVOKED
    cert.save(update_fields=["state"])
    _event(cert, kind="revoked", from_state=from_state, by=by, reason=reason)
    record(
        "officers.certificate.revoked",
        cert,
        by=by,
        before=before,
        after=snapshot(cert, CERT_FIELDS),
        data={"reason": reason},
    )
    return cert


@transaction.atomic
def restore_certificate(cert: Certificate, *, by: Any, reason: str) -> Certificate:
    """Lift a suspension. A certificate whose annual review is overdue is restored by the
    review itself, not here (R-61)."""
    cert = _locked(cert)
    authorise(by, cert.officer.agency_id, Role.AGENCY_ADMIN)
    reason = clean_text(reason, _("原因"))
    if not reason:
        raise DomainError(_("请填写恢复原因。"))
    _require(cert, (S.SUSPENDED,), _("恢复"))
    today = clock.today()
    if cert.expires_on < today:
        raise InvalidTransition(_("执法证 %(n)s 已过有效期，不能恢复。") % {"n": cert.number})
    if cert.review_due_on < today:
        raise InvalidTransition(
            _("R-61：执法证 %(n)s 未在 %(d)s 前完成年审，须通过年审恢复。")
            % {"n": cert.number, "d": cert.review_due_on.isoformat()}
        )
    before = snapshot(cert, CERT_FIELDS)
    cert.state = S.VALID
    cert.save(update_fields=["state"])
    _event(cert, kind="restored", from_state=S.SUSPENDED, by=by, reason=reason)
    record(
        "officers.certificate.restored",
        cert,
        by=by,
        before=before,
        after=snapshot(cert, CERT_FIELDS),
        data={"reason": reason},
    )
    return cert


@transaction.atomic
def expire_certificate(
    cert: Certificate, *, by: Any, actor_name: str | None = None
) -> Certificate | None:
    """Past its expiry date → expired. Returns None when there was nothing to do (so the
    daily task can run twice)."""
    cert = _locked(cert)
    authorise(by, cert.officer.agency_id, Role.AGENCY_ADMIN)
    if cert.state not in (S.VALID, S.SUSPENDED) or cert.expires_on >= clock.today():
        return None
    before = snapshot(cert, CERT_FIELDS)
    from_state = cert.state
    cert.state = S.EXPIRED
    cert.save(update_fields=["state"])
    reason = _("有效期至 %(d)s 届满") % {"d": cert.expires_on.isoformat()}
    _event(cert, kind="expired", from_state=from_state, by=by, reason=reason, actor_name=actor_name)
    record(
        "officers.certificate.expired",
        cert,
        by=by,
        actor_name=actor_name,
        before=before,
        after=snapshot(cert, CERT_FIELDS),
        data={"reason": reason},
    )
    return cert


@transaction.atomic
def suspend_for_missed_review(
    cert: Certificate, *, by: Any = None, actor_name: str | None = None
) -> Certificate | None:
    """R-61: a valid certificate whose review due date has passed becomes suspended."""
    cert = _locked(cert)
    if cert.state != S.VALID or cert.review_due_on >= clock.today():
        return None
    reason = _("R-61：未在 %(d)s 前完成年审") % {"d": cert.review_due_on.isoformat()}
    return suspend_certificate(
        cert, by=by, reason=reason, kind="review_missed", actor_name=actor_name
    )


def action_refusals(cert: Certificate, *, on: date | None = None) -> dict[str, str | None]:
    """For the UI: each certificate action → None when available, or why not. The
    services check the same conditions (and raise) when the action is taken."""
    on = on or clock.today()
    state_label = cert.get_state_display()
    wrong_state = _("当前状态为“%(s)s”") % {"s": state_label}
    expired = cert.expires_on < on
    out: dict[str, str | None] = {}
    if cert.state not in (S.VALID, S.SUSPENDED):
        out["review"] = wrong_state
    elif expired:
        out["review"] = _("已过有效期，应换发新证")
    elif cert.state == S.SUSPENDED and not _suspended_for_review(cert):
        out["review"] = _("因其他原因暂扣，须先处理暂扣事由")
    else:
        out["review"] = None
    out["suspend"] = None if cert.state == S.VALID else wrong_state
    out["revoke"] = None if cert.state in (S.VALID, S.SUSPENDED) else wrong_state
    if cert.state != S.SUSPENDED:
        out["restore"] = wrong_state
    elif expired:
        out["restore"] = _("已过有效期")
    elif cert.review_due_on < on:
        out["restore"] = _("R-61：未在 %(d)s 前完成年审，须通过年审恢复") % {
            "d": cert.review_due_on.isoformat()
        }
    else:
        out["restore"] = None
    return out

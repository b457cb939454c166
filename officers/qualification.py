"""The one qualification check: may this officer act in this domain on this date?

R-01 (Art 42): two officers on post, each with a valid, unexpired, annually reviewed
certificate covering the domain. R-60: new staff and officers off post for study cannot
act. R-61: a certificate past its review due date does not count. R-62: suspended
officers cannot act.

`may_act` reads `officer.certificates.all()` and `cert.domains.all()`, so a list that
prefetches them (`with_qualification_data`) asks no query per row.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import clock
from core.errors import RuleViolation, Verdict
from officers.models import Certificate, EnforcementDomain, Officer

_STATUS_REASON = {
    Officer.Status.OFF_POST_STUDY: ("R-60", gettext_lazy("离岗培训中，不得从事执法活动")),
    Officer.Status.SUSPENDED: ("R-62", gettext_lazy("已被暂停执法资格")),
    Officer.Status.TRANSFERRED: ("R-60", gettext_lazy("已调离执法岗位")),
}


def with_qualification_data(officers: QuerySet[Officer]) -> QuerySet[Officer]:
    """Prefetch what may_act reads, so checking a whole list costs two extra queries."""
    return officers.prefetch_related(
        Prefetch("certificates", queryset=Certificate.objects.prefetch_related("domains"))
    )


def _domain_id(domain: EnforcementDomain | int | None) -> int | None:
    if domain is None:
        return None
    return domain if isinstance(domain, int) else domain.pk


def _certificate_problem(
    cert: Certificate, domain_id: int | None, on: date
) -> tuple[str, str] | None:
    """(rule, reason) why this certificate does not qualify its holder, or None."""
    # the certificate must be valid (not suspended, revoked or expired).
    if cert.state != Certificate.State.VALID:
        return "R-01", _("执法证 %(n)s 状态为“%(s)s”") % {
            "n": cert.number,
            "s": cert.get_state_display(),
        }
    if on < cert.issued_on:
        return "R-01", _("执法证 %(n)s 于 %(d)s 才发证") % {"n": cert.number, "d": cert.issued_on}
    # unexpired (the expiry day itself still counts).
    if on > cert.expires_on:
        return "R-01", _("执法证 %(n)s 已于 %(d)s 过期") % {"n": cert.number, "d": cert.expires_on}
    # the annual review must not be overdue.
    if on > cert.review_due_on:
        return "R-61", _("执法证 %(n)s 未在 %(d)s 前完成年审") % {
            "n": cert.number,
            "d": cert.review_due_on,
        }
    # the certificate covers the case's enforcement domain.
    if domain_id is not None and domain_id not in {d.pk for d in cert.domains.all()}:
        return "R-01", _("执法证 %(n)s 不涵盖该执法领域") % {"n": cert.number}
    return None


def may_act(
    officer: Officer, domain: EnforcementDomain | int | None = None, *, on: date | None = None
) -> Verdict:
    """Yes, or no with the rule and the reason. `domain=None` checks any domain."""
    on = on or clock.today()
    name = officer.name
    if officer.status in _STATUS_REASON:
        rule, reason = _STATUS_REASON[officer.status]
        # off-post study, suspension, transfer.
        return Verdict.refuse(rule, _("%(name)s%(reason)s") % {"name": name, "reason": reason})
    if officer.is_new_staff:
        # new staff cannot act until examined and certified.
        return Verdict.refuse(
            "R-60", _("%(name)s为新进人员，考试合格并取得执法证前不得执法") % {"name": name}
        )
    certificates = list(officer.certificates.all())
    if not certificates:
        # a certificate (执法证) is required.
        return Verdict.refuse("R-01", _("%(name)s未持有执法证") % {"name": name})
    domain_id = _domain_id(domain)
    problems = []
    for cert in certificates:
        problem = _certificate_problem(cert, domain_id, on)
        if problem is None:
            return Verdict()
        problems.append(problem)
    rules = {rule for rule, _reason in problems}
    rule = "R-61" if rules == {"R-61"} else "R-01"
    why = "；".join(reason for _rule, reason in problems)
    return Verdict.refuse(rule, _("%(name)s：%(why)s") % {"name": name, "why": why})


def valid_certificate(
    officer: Officer, domain: EnforcementDomain | int | None = None, *, on: date | None = None
) -> Certificate | None:
    """The certificate that qualifies the officer (for R-02: shown on records and documents)."""
    on = on or clock.today()
    domain_id = _domain_id(domain)
    for cert in officer.certificates.all():
        if _certificate_problem(cert, domain_id, on) is None:
            return cert
    return None


def two_qualified(
    officers: Iterable[Officer], domain: EnforcementDomain | int | None, *, on: date | None = None
) -> Verdict:
    """R-01: at least two participating officers, every one of them qualified."""
    officers = list(officers)
    verdict = Verdict()
    if len({o.pk for o in officers}) < 2:
        # at least two participating officers.
        verdict += Verdict.refuse("R-01", _("执法活动须由两名以上执法人员参与"))
    for officer in officers:
        verdict += may_act(officer, domain, on=on)
    return verdict


__all__ = [
    "RuleViolation",
    "may_act",
    "two_qualified",
    "valid_certificate",
    "with_qualification_data",
]

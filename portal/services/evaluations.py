"""Party evaluations (当事人评议, R-65).

Every served document carries a QR code to `/public/evaluate/<token>/`. The party rates
the enforcement (courtesy, lawfulness of the procedure, clarity of the explanation of
rights, 1–5 each) and may comment; one evaluation per document. The evaluation keeps the
document, its case and the officers assigned to the case, for the case-by-case assessment
(R-63), and is recorded in the audit trail as the public's act.
"""

from __future__ import annotations

import re

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from audit import services as audit
from cases.models import CaseOfficer
from core import clock
from core.errors import DomainError, RuleViolation
from documents.models import Document
from portal.models import Evaluation
from portal.services.common import PUBLIC_ACTOR, clean_text

TOKEN_RE = re.compile(r"^[A-Za-z0-9_\-]{16,64}$")
MAX_COMMENT = 2000


def evaluable_document(token: str) -> Document | None:
    """The issued, served-kind document with this token; None for anything else (404)."""
    if not TOKEN_RE.match(token or ""):
        return None
    doc = (
        Document.objects.select_related("agency")
        .filter(evaluation_token=token, status=Document.Status.ISSUED)
        .first()
    )
    if doc is None or not doc.is_served_kind:  # served documents carry the code
        return None
    return doc


def already_evaluated(document: Document) -> bool:
    return Evaluation.objects.filter(document_id=document.pk).exists()


def _rating(value, label: str) -> int:
    try:
        n = int(value)
    except (TypeError, ValueError):
        n = 0
    if not 1 <= n <= 5:
        raise DomainError(_("%(label)s请在 1 至 5 分之间评分") % {"label": label})
    return n


def _case_officers(case_id: int | None) -> list[int]:
    if case_id is None:
        return []
    rows = list(CaseOfficer.objects.filter(case_id=case_id).values_list("officer_id", "active"))
    active = [oid for oid, is_active in rows if is_active]
    return list(dict.fromkeys(active or [oid for oid, _a in rows]))


def _refused() -> RuleViolation:
    return RuleViolation("R-65", _("该文书已提交过评议，每份文书只能评议一次。感谢您的参与！"))


def submit_evaluation(
    document: Document,
    *,
    courtesy,
    lawfulness,
    rights_explained,
    comment: str = "",
) -> Evaluation:
    """R-65: record the party's evaluation of this document, once."""
    scores = {
        "courtesy": _rating(courtesy, _("文明执法")),
        "lawfulness": _rating(lawfulness, _("程序合法")),
        "rights_explained": _rating(rights_explained, _("权利告知")),
    }
    comment = clean_text(comment, label=_("意见建议"))
    if len(comment) > MAX_COMMENT:
        raise DomainError(_("意见建议不得超过 %(n)s 字") % {"n": MAX_COMMENT})
    try:
        with transaction.atomic():
            doc = Document.objects.select_for_update().get(pk=document.pk)
            if already_evaluated(doc):
                raise _refused()  # one evaluation per document
            evaluation = Evaluation.objects.create(
                document=doc,
                agency_id=doc.agency_id,
                case_id=doc.case_id,
                comment=comment,
                submitted_on=clock.today(),
                submitted_at=clock.now(),
                **scores,
            )
            officer_ids = _case_officers(doc.case_id)
            if officer_ids:
                evaluation.officers.set(officer_ids)
            audit.record(
                "portal.evaluation.submitted",
                evaluation,
                by=None,
                actor_name=PUBLIC_ACTOR,
                data={"document": doc.number, **scores, "officers": officer_ids},
            )
    except IntegrityError as exc:  # a concurrent submission won the unique constraint
        raise _refused() from exc
    return evaluation

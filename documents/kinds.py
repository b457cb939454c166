"""The registry of standard enforcement documents (规范执法文书).

Each kind says how it is numbered (the 文书 word between the agency prefix and the year:
`滨市监罚〔2026〕17号`), which template prints it, whether it is served on the party (and so
carries the evaluation QR code, R-65, and lists officers with their certificates, R-02), and
which keys of the data dict the stage must supply. Missing keys are refused when the
document is issued, so that a half-filled document never gets a number (R-37).

Keys may be dotted (`party.name`) to reach into nested dicts. The data dict is the stage's
business; the keys listed in `optional` are what the template prints when present.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _

# Keys every kind understands (the base template prints them when present).
COMMON_OPTIONAL: tuple[str, ...] = (
    "party.kind",  # "person" | "org"
    "party.id_label",  # e.g. 统一社会信用代码 / 身份证号码
    "party.id_number",
    "party.address",
    "party.legal_representative",
    "party.phone",
    "case_number",
    "case_cause",
    "officers",  # [{"name", "certificate_number"}]
    "amounts",  # [{"label", "value"}] printed in figures and capitals
    "document_date",  # defaults to the issue date
    "contact",  # {"name", "phone", "address"} of the agency's contact
)


class Kind(models.TextChoices):
    FILING_APPROVAL = "filing_approval", _("立案审批表")
    INSPECTION_RECORD = "inspection_record", _("现场检查笔录")
    INQUIRY_RECORD = "inquiry_record", _("询问笔录")
    PRESERVATION_NOTICE = "preservation_notice", _("先行登记保存通知书")
    PENALTY_NOTICE = "penalty_notice", _("行政处罚告知书")
    HEARING_NOTICE = "hearing_notice", _("听证告知书")
    HEARING_SUMMONS = "hearing_summons", _("听证通知书")
    HEARING_RECORD = "hearing_record", _("听证笔录")
    LEGAL_REVIEW = "legal_review", _("法制审核意见书")
    COLLECTIVE_DISCUSSION = "collective_discussion", _("集体讨论记录")
    PENALTY_DECISION = "penalty_decision", _("行政处罚决定书")
    SUMMARY_DECISION = "summary_decision", _("当场行政处罚决定书")
    NO_PENALTY_DECISION = "no_penalty_decision", _("不予行政处罚决定书")
    SERVICE_RECEIPT = "service_receipt", _("送达回证")
    DEMAND_NOTICE = "demand_notice", _("催告书")
    CLOSING_APPROVAL = "closing_approval", _("结案审批表")


@dataclass(frozen=True)
class DocumentKind:
    code: str
    title: str
    number_word: str
    served: bool
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    # records (笔录) and served documents list officers with certificate numbers.
    lists_officers: bool = False
    # The rule a missing key breaks, when the content is prescribed by law.
    content_rule: str = ""
    # Numbers may be handed out in advance (pre-numbered on-the-spot forms, R-20).
    reservable: bool = False
    internal: bool = field(default=False)

    @property
    def template(self) -> str:
        return f"documents/print/{self.code}.html"


def _k(
    code: Kind,
    word: str,
    *,
    served: bool,
    required: Iterable[str],
    optional: Iterable[str] = (),
    **kw,
) -> DocumentKind:
    return DocumentKind(
        code=code.value,
        title=code.label,
        number_word=word,
        served=served,
        required=tuple(required),
        optional=tuple(optional),
        **kw,
    )


_PENALTY_LIST = "penalties"  # [{"type_label", "amount"?, "description"?}]

KINDS: dict[str, DocumentKind] = {
    k.code: k
    for k in (
        _k(
            Kind.FILING_APPROVAL,
            "立",
            served=False,
            internal=True,
            required=("party.name", "case_cause", "case_source", "facts"),
            optional=(
                "amount_involved",
                "legal_basis",
                "handler_opinion",
                "approval_opinion",
                "approver",
                "approved_on",
            ),
        ),
        _k(
            Kind.INSPECTION_RECORD,
            "检",
            served=False,
            lists_officers=True,
            required=("party.name", "officers", "inspected_at", "place", "findings"),
            optional=("present_person", "goods_value", "measures", "signature_note"),
        ),
        _k(
            Kind.INQUIRY_RECORD,
            "询",
            served=False,
            lists_officers=True,
            required=("party.name", "officers", "inquired_at", "place", "interviewee.name", "qa"),
            optional=(
                "interviewee.id_number",
                "interviewee.relation",
                "interviewee.phone",
                "amount_involved",
                "signature_note",
            ),
        ),
        _k(
            Kind.PRESERVATION_NOTICE,
            "保",
            served=True,
            lists_officers=True,
            required=(
                "party.name",
                "party.address",
                "officers",
                "facts",
                "legal_basis",
                "items",
                "storage_place",
                "period_end",
                "remedies",
            ),
            optional=("items_value",),
        ),
        _k(
            Kind.PENALTY_NOTICE,
            "告",
            served=True,
            lists_officers=True,
            required=(
                "party.name",
                "party.address",
                "officers",
                "facts",
                "evidence",
                "legal_basis",
                _PENALTY_LIST,
                "statement_deadline",
                "rights",
            ),
            optional=("discretion_tier", "hearing_offered", "hearing_request_deadline"),
        ),
        _k(
            Kind.HEARING_NOTICE,
            "听告",
            served=True,
            lists_officers=True,
            required=(
                "party.name",
                "party.address",
                "officers",
                "facts",
                "legal_basis",
                _PENALTY_LIST,
                "hearing_request_deadline",
                "rights",
            ),
        ),
        _k(
            Kind.HEARING_SUMMONS,
            "听通",
            served=True,
            lists_officers=True,
            required=(
                "party.name",
                "party.address",
                "officers",
                "hearing_at",
                "hearing_place",
                "presiding_officer",
                "rights",
            ),
            optional=(_PENALTY_LIST, "hearing_officers", "recorder", "public_hearing"),
        ),
        _k(
            Kind.HEARING_RECORD,
            "听笔",
            served=False,
            lists_officers=True,
            required=(
                "party.name",
                "officers",
                "hearing_at",
                "hearing_place",
                "presiding_officer",
                "recorder",
                "proceedings",
            ),
            optional=(_PENALTY_LIST, "participants", "signature_note"),
        ),
        _k(
            Kind.LEGAL_REVIEW,
            "审",
            served=False,
            internal=True,
            required=(
                "party.name",
                "case_cause",
                "reviewer.name",
                "checks",
                "conclusion",
                "opinion",
            ),
            optional=(_PENALTY_LIST, "reviewer.qualification", "reviewed_on"),
        ),
        _k(
            Kind.COLLECTIVE_DISCUSSION,
            "议",
            served=False,
            internal=True,
            required=(
                "party.name",
                "case_cause",
                "held_at",
                "place",
                "chair",
                "attendees",
                "recorder",
                "discussion",
                "conclusion",
            ),
            optional=(_PENALTY_LIST,),
        ),
        _k(
            Kind.PENALTY_DECISION,
            "罚",
            served=True,
            lists_officers=True,
            content_rule="R-36",
            required=(
                "party.name",
                "party.address",
                "officers",
                "facts",
                "evidence",
                "legal_basis",
                "discretion_tier",
                _PENALTY_LIST,
                "performance",
                "remedies",
            ),
            optional=("statement_summary", "hearing_summary", "reasons"),
        ),
        _k(
            Kind.SUMMARY_DECISION,
            "当罚",
            served=True,
            lists_officers=True,
            content_rule="R-36",
            reservable=True,
            required=(
                "party.name",
                "officers",
                "acted_at",
                "place",
                "facts",
                "legal_basis",
                _PENALTY_LIST,
                "performance",
                "remedies",
            ),
            optional=("statement_summary", "signature_note"),
        ),
        _k(
            Kind.NO_PENALTY_DECISION,
            "不罚",
            served=True,
            lists_officers=True,
            content_rule="R-36",
            required=(
                "party.name",
                "party.address",
                "officers",
                "facts",
                "evidence",
                "legal_basis",
                "reasons",
                "remedies",
            ),
            optional=("education",),
        ),
        _k(
            Kind.SERVICE_RECEIPT,
            "送",
            served=False,
            lists_officers=True,
            required=("party.name", "officers", "served_documents", "place"),
            optional=("method_label", "recipient_note", "witness"),
        ),
        _k(
            Kind.DEMAND_NOTICE,
            "催",
            served=True,
            lists_officers=True,
            required=(
                "party.name",
                "party.address",
                "officers",
                "decision_number",
                "decision_date",
                "amount_due",
                "deadline",
                "rights",
                "consequences",
            ),
            optional=("surcharge",),
        ),
        _k(
            Kind.CLOSING_APPROVAL,
            "结",
            served=False,
            internal=True,
            required=("party.name", "case_cause", "outcome", "execution", "summary"),
            optional=(_PENALTY_LIST, "approval_opinion", "approver", "approved_on"),
        ),
    )
}


def get(code: str) -> DocumentKind:
    """The kind registered under `code`; KeyError for an unknown code."""
    return KINDS[code]


def missing_keys(kind: DocumentKind, data: dict) -> list[str]:
    """The required keys that are absent or empty in `data` (dotted keys reach in)."""
    missing = []
    for key in kind.required:
        value: object = data
        for part in key.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if value is None or (isinstance(value, str | list | dict | tuple) and not value):
            missing.append(key)
    return missing

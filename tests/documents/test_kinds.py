"""The registry of 16 standard documents and the checks on the data a stage hands over."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template.loader import get_template

from audit.models import AuditEvent
from core.errors import DomainError, RuleViolation
from documents import kinds, samples
from documents.models import Document, NumberCounter
from tests.documents.factories import issue, officer_user
from tests.factories import AgencyFactory

EXPECTED_WORDS = {
    "filing_approval": "立",
    "inspection_record": "检",
    "inquiry_record": "询",
    "preservation_notice": "保",
    "penalty_notice": "告",
    "hearing_notice": "听告",
    "hearing_summons": "听通",
    "hearing_record": "听笔",
    "legal_review": "审",
    "collective_discussion": "议",
    "penalty_decision": "罚",
    "summary_decision": "当罚",
    "no_penalty_decision": "不罚",
    "service_receipt": "送",
    "demand_notice": "催",
    "closing_approval": "结",
}


def test_sixteen_kinds_with_distinct_number_words():
    assert {code: k.number_word for code, k in kinds.KINDS.items()} == EXPECTED_WORDS
    assert len(set(EXPECTED_WORDS.values())) == 16


@pytest.mark.parametrize("code", sorted(kinds.KINDS))
def test_every_kind_has_a_template_and_a_complete_sample(code):
    kind = kinds.get(code)
    get_template(kind.template)
    assert kinds.missing_keys(kind, samples.sample_data(code)) == []


def test_r02_served_documents_and_records_list_officers():
    """R-02: every served document and every 笔录 lists officers with certificates."""
    for code in ("inspection_record", "inquiry_record", "hearing_record"):
        assert kinds.get(code).lists_officers
    for kind in kinds.KINDS.values():
        if kind.served:
            assert kind.lists_officers, kind.code
            assert "officers" in kind.required, kind.code


@pytest.mark.django_db
def test_missing_keys_are_listed_and_nothing_is_numbered():
    user = officer_user()
    data = samples.sample_data("penalty_notice")
    del data["facts"]
    data["party"].pop("address")
    with pytest.raises(DomainError) as exc:
        issue("penalty_notice", by=user, data=data)
    assert str(exc.value) == "行政处罚告知书缺少必填内容：party.address、facts"
    assert not Document.objects.exists()
    assert not NumberCounter.objects.exists()
    assert not AuditEvent.objects.filter(action="documents.document.issued").exists()


@pytest.mark.django_db
def test_r36_decision_without_remedies_is_refused():
    """R-36: a decision states remedies, performance and the discretion tier applied."""
    data = samples.sample_data("penalty_decision")
    data["remedies"] = ""
    del data["discretion_tier"]
    with pytest.raises(RuleViolation) as exc:
        issue("penalty_decision", data=data)
    assert exc.value.rule == "R-36"
    assert str(exc.value) == "R-36: 行政处罚决定书缺少必填内容：discretion_tier、remedies"
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_r02_officer_without_certificate_number_is_refused():
    """R-02: names and certificate numbers of the participating officers are printed."""
    data = samples.sample_data("inquiry_record")
    data["officers"] = [{"name": "李明", "certificate_number": "37020019001"}, {"name": "张华"}]
    with pytest.raises(RuleViolation) as exc:
        issue("inquiry_record", data=data)
    assert str(exc.value) == "R-02: 询问笔录须列明执法人员姓名及执法证号：张华缺少执法证号"
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_bad_amount_and_nul_and_unknown_kind_are_refused():
    data = samples.sample_data("penalty_decision")
    data["penalties"][1]["amount"] = "五千"
    with pytest.raises(DomainError, match=r"金额格式不正确：penalties\[1\]\.amount"):
        issue("penalty_decision", data=data)
    data = samples.sample_data("penalty_decision")
    data["facts"] = "含有\x00空字符"
    with pytest.raises(DomainError, match="空字符"):
        issue("penalty_decision", data=data)
    with pytest.raises(DomainError, match="未知的文书种类"):
        issue("no_such_kind", data={})
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_snapshot_is_what_json_gives_back():
    doc = issue("penalty_decision")
    doc.refresh_from_db()
    assert doc.data["penalties"][1] == {"type_label": "罚款", "amount": "5000"}
    assert doc.data["party"]["name"] == samples.SAMPLE_PARTY_NAME
    assert Decimal(doc.data["penalties"][2]["amount"]) == Decimal("1250.50")


@pytest.mark.django_db
def test_r03_documents_go_out_in_an_enforcement_bodys_name():
    """R-03: an entrusted organisation issues in the delegating agency's name; a
    non-enforcement body issues nothing."""
    from officers.models import Agency

    entrusted = AgencyFactory(kind=Agency.Kind.ENTRUSTED, name="滨海市某街道综合执法队")
    with pytest.raises(RuleViolation) as exc:
        issue("penalty_decision", by=officer_user(entrusted))
    assert (
        str(exc.value)
        == "R-03: 滨海市某街道综合执法队为受委托组织，须以委托机关的名义制作执法文书。"
    )
    inactive = AgencyFactory(is_active=False)
    with pytest.raises(RuleViolation, match="不是有效的执法主体"):
        issue("penalty_decision", by=officer_user(inactive))
    assert not Document.objects.exists() and not NumberCounter.objects.exists()

"""Publicity of decisions (R-39): masked text, deadline, nothing before service, warnings
not published by default, withdrawal of a revoked or changed decision within 3 WD."""

from __future__ import annotations

from datetime import date

import pytest

from cases.models import Party
from core import clock, workdays
from core.errors import RuleViolation
from core.roles import Role
from officers.models import AgencySettings
from penalties import discretion as d
from penalties.models import Decision, Publication
from penalties.services import decisions, publicity
from tests.cases.factories import organisation
from tests.factories import OfficerFactory
from tests.penalties.decision_support import AFTER_PERIOD, decided, dworld, reload, served

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def dw():
    with clock.travel(AFTER_PERIOD):
        return dworld()


@pytest.fixture
def office(dw):
    return OfficerFactory(agency=dw.agency, user__roles=[Role.LEGAL_OFFICE]).user


def test_r39_masking_of_personal_data():
    text = "张三（身份证号110101199003071234，电话13800001234）在测试市人民路2号经营小吃店。"
    masked = publicity.mask_text(text, names=["张三"], addresses=["测试市人民路2号"])
    assert masked == "张某（身份证号1101**********1234，电话138****1234）在测试市***经营小吃店。"
    assert publicity.mask_name("欧阳修文") == "欧阳某"
    assert publicity.mask_name("李") == "李某"
    assert publicity.mask_address("浙江省杭州市西湖区文三路1号") == "浙江省杭州市西湖区***"
    assert publicity.mask_text("联系电话 0571-88886666") == "联系电话 0571-********"


def test_r39_decision_queued_with_masked_text_and_deadline(dw):
    case, decision = decided(dw)
    pub = decision.publication
    assert pub.status == Publication.Status.WAITING_SERVICE
    assert pub.due_on == workdays.add_workdays(AFTER_PERIOD, 7)
    assert "张三" not in pub.masked_text and "张某" in pub.masked_text
    assert "当事人：张某" in pub.masked_text
    assert "人民路2号" not in pub.masked_text
    assert decision.document.number in pub.masked_text
    assert "罚款人民币6000.00元" in pub.masked_text


def test_r39_deadline_follows_the_agency_setting(dw):
    AgencySettings.objects.filter(agency=dw.agency).update(publication_deadline_wd=3)
    case, decision = decided(dw)
    assert decision.publication.due_on == workdays.add_workdays(AFTER_PERIOD, 3)


def test_r39_nothing_published_before_service(dw, office):
    case, decision = decided(dw)
    pub = decision.publication
    assert publicity.publish_verdict(pub, office).reasons == [
        "R-39: 处罚决定书尚未送达当事人，不得公示"
    ]
    with clock.travel(AFTER_PERIOD), pytest.raises(RuleViolation) as exc:
        publicity.publish(pub, by=office)
    assert str(exc.value) == "R-39: 处罚决定书尚未送达当事人，不得公示"
    assert reload(pub).status == Publication.Status.WAITING_SERVICE
    assert reload(pub).published_at is None


def test_r39_published_after_service_by_the_legal_office(dw, office):
    case, decision = served(dw)
    pub = reload(decision.publication)
    assert pub.status == Publication.Status.PENDING
    assert list(publicity.publication_queue(office)) == [pub]
    assert list(publicity.publication_queue(dw.a)) == []
    assert publicity.publish_verdict(pub, dw.a).reasons == [
        "R-39: 处罚决定公示须由本机关法制机构办理"
    ]
    with clock.travel(AFTER_PERIOD):
        # An edited text is masked again: a name cannot slip back in.
        pub = publicity.publish(pub, by=office, masked_text="当事人张三的违法事实……")
    assert pub.status == Publication.Status.PUBLISHED
    assert pub.masked_text == "当事人张某的违法事实……"
    assert pub.published_by == office


def test_r39_warnings_not_published_unless_the_agency_publishes_them(dw):
    warning = d.Proposal.of(d.PenaltyType.WARNING)
    case, decision = decided(dw, penalty=warning)
    assert not Publication.objects.filter(decision=decision).exists()
    AgencySettings.objects.filter(agency=dw.agency).update(publish_warnings=True)
    dw2 = dw
    case2, decision2 = decided(dw2, penalty=warning, party=organisation(dw.a))
    assert Publication.objects.filter(decision=decision2).exists()


def test_r39_organisation_keeps_its_name_but_not_its_representative(dw):
    party = organisation(dw.a, name="测试食品有限公司")
    assert Party.objects.get(pk=party.pk).legal_representative == "李四"
    case, decision = decided(dw, party=party)
    text = decision.publication.masked_text
    assert "当事人：测试食品有限公司" in text
    assert "法定代表人（负责人）：李某" in text


def test_r39_revoked_decision_withdrawn_within_3_wd_with_reasons(dw, office):
    case, decision = served(dw)
    with clock.travel(AFTER_PERIOD):
        publicity.publish(decision.publication, by=office)
    day = date(2026, 9, 14)
    with clock.travel(day):
        decisions.revoke_or_change(
            decision, by=office, status=Decision.Status.REVOKED, reasons="行政复议决定撤销"
        )
    pub = reload(decision.publication)
    assert pub.status == Publication.Status.WITHDRAWAL_PENDING
    assert pub.withdraw_due_on == workdays.add_workdays(day, 3)
    assert pub.reasons == "行政复议决定撤销"
    assert list(publicity.publication_queue(office)) == [pub]
    with clock.travel(pub.withdraw_due_on):
        assert not publicity.overdue(pub)
        pub = publicity.withdraw(pub, by=office)
    assert pub.status == Publication.Status.WITHDRAWN
    assert pub.withdrawn_at is not None
    assert reload(decision).status == Decision.Status.REVOKED


def test_r39_changed_decision_not_yet_published_is_not_published(dw, office):
    case, decision = decided(dw)
    with clock.travel(AFTER_PERIOD):
        decisions.revoke_or_change(
            decision, by=dw.supervisor, status=Decision.Status.CHANGED, reasons="依法变更"
        )
    pub = reload(decision.publication)
    assert pub.status == Publication.Status.CANCELLED
    assert publicity.publish_verdict(pub, office).reasons[0] == (
        "R-39: 处罚决定已被撤销或变更，不得公示"
    )


def test_r39_overdue_publication_flagged(dw):
    case, decision = served(dw)
    pub = reload(decision.publication)
    assert not publicity.overdue(pub, on=pub.due_on)
    assert publicity.overdue(pub, on=date.fromordinal(pub.due_on.toordinal() + 1))

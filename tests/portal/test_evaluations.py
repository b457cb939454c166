"""R-65 party evaluations through the QR code on served documents."""

from __future__ import annotations

from datetime import date

import pytest

from audit.models import AuditEvent
from core import clock
from documents.models import Document
from portal.models import Evaluation
from tests.portal.factories import (
    ID_NUMBER,
    AgencyFactory,
    assign,
    case,
    document,
    officer,
)

pytestmark = pytest.mark.django_db

GOOD = {"courtesy": "5", "lawfulness": "4", "rights_explained": "3", "comment": "态度很好"}


@pytest.fixture
def served():
    with clock.travel(date(2026, 9, 1)):
        agency = AgencyFactory()
        a, b, gone = officer(agency), officer(agency), officer(agency)
        c = case(agency)
        assign(c, a, by=a.user)
        assign(c, b, by=a.user)
        assign(c, gone, by=a.user, active=False)
        doc = document(agency, case_id=c.pk)
        yield doc, c, [a, b]


def _url(doc: Document) -> str:
    return f"/public/evaluate/{doc.evaluation_token}/"


def test_r65_page_shows_document_without_personal_data(client, served):
    doc, _c, officers = served
    resp = client.get(_url(doc))
    html = resp.content.decode()
    assert resp.status_code == 200
    assert doc.number in html and doc.agency_name in html and "行政处罚决定书" in html
    assert "张三" not in html and ID_NUMBER not in html
    for o in officers:
        assert o.name not in html


def test_r65_evaluation_recorded_with_case_and_officers_and_audited(client, served):
    doc, c, officers = served
    resp = client.post(_url(doc), GOOD)
    assert resp.status_code == 302
    ev = Evaluation.objects.get(document=doc)
    assert (ev.courtesy, ev.lawfulness, ev.rights_explained) == (5, 4, 3)
    assert ev.case_id == c.pk and ev.agency_id == doc.agency_id
    assert sorted(ev.officers.values_list("pk", flat=True)) == sorted(o.pk for o in officers)
    event = AuditEvent.objects.get(action="portal.evaluation.submitted")
    assert event.actor_name == "public" and event.actor_id is None
    assert event.case_id == c.pk
    assert "已提交" in client.get(_url(doc)).content.decode()


def test_r65_one_evaluation_per_token_second_is_refused_kindly(client, served):
    doc, _c, _o = served
    client.post(_url(doc), GOOD)
    resp = client.post(_url(doc), {**GOOD, "courtesy": "1"}, follow=True)
    assert resp.status_code == 200
    assert "每份文书只能评议一次" in resp.content.decode()
    assert Evaluation.objects.filter(document=doc).count() == 1
    assert Evaluation.objects.get(document=doc).courtesy == 5


def test_r65_service_refuses_a_second_evaluation_with_the_rule(served):
    from core.errors import RuleViolation
    from portal.services.evaluations import submit_evaluation

    doc, _c, _o = served
    submit_evaluation(doc, courtesy=5, lawfulness=5, rights_explained=5)
    with pytest.raises(RuleViolation) as exc:
        submit_evaluation(doc, courtesy=1, lawfulness=1, rights_explained=1)
    assert str(exc.value).startswith("R-65: 该文书已提交过评议")


def test_r65_unknown_void_or_unserved_kind_token_is_404(client, served):
    doc, _c, _o = served
    assert client.get("/public/evaluate/not-a-real-token-at-all-xyz/").status_code == 404
    assert client.get("/public/evaluate/%00/").status_code == 404
    assert client.post("/public/evaluate/unknown-token-0123456789/", GOOD).status_code == 404
    void = document(doc.agency, status=Document.Status.VOID)
    assert client.get(_url(void)).status_code == 404
    internal = document(doc.agency, kind="filing_approval")  # not served on the party
    assert client.get(_url(internal)).status_code == 404


@pytest.mark.parametrize(
    "bad, message",
    [
        ({"courtesy": "9"}, "选择一个有效的选项"),
        ({"courtesy": ""}, "请为文明执法评分"),
        ({"lawfulness": "abc"}, "选择一个有效的选项"),
        ({"comment": "坏\x00字符"}, "空字符"),
        ({"comment": "长" * 2001}, "2000"),
    ],
)
def test_r65_bad_input_translated_errors_nothing_saved(client, served, bad, message):
    doc, _c, _o = served
    resp = client.post(_url(doc), {**GOOD, **bad})
    assert resp.status_code == 200
    assert message in resp.content.decode()
    assert not Evaluation.objects.exists()


def test_r65_evaluation_submissions_are_rate_limited(client, settings, served):
    doc, _c, _o = served
    settings.PORTAL_RATE_LIMITS = {"evaluation_submit": (1, 3600)}
    client.post(_url(doc), {**GOOD, "courtesy": "x"})  # the one allowed attempt, invalid
    resp = client.post(_url(doc), GOOD)
    assert resp.status_code == 429
    assert not Evaluation.objects.exists()

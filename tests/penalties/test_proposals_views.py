"""Proposal pages: the live recommendation (htmx partial), the form path of R-13, the
stored snapshot, the departure page, 404 for other agencies."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cases.states import State
from core import clock
from penalties.models import Proposal
from penalties.services import proposals as svc
from tests.penalties.test_proposals_support import (
    FIRST_MINOR,
    ORDINARY,
    START,
    closed_case,
    fine,
    propose,
    reload,
    warning,
    world,
)

R13_ARTICLE = "《行政处罚法》第三十三条第一款"


@pytest.fixture(autouse=True)
def _today():
    with clock.travel(START):
        yield


@pytest.fixture
def w(db, _today):
    return world()


def _form(facts: dict, *, types=(), fine_amount="", reasons="") -> dict:
    data = {k: ("on" if v is True else v) for k, v in facts.items() if v is not False}
    data["penalty_types"] = list(types)
    data["fine"] = fine_amount
    data["departure_reasons"] = reasons
    return data


def _url(name: str, case, **kw) -> str:
    return reverse(f"penalties:{name}", kwargs={"case_id": case.pk, **kw})


def test_r13_live_partial_shows_warning_and_article(w, client):
    case = closed_case(w)
    client.force_login(w.a)
    resp = client.post(_url("proposal_preview", case), _form(FIRST_MINOR))
    assert resp.status_code == 200
    html = resp.content.decode()
    assert 'data-outcome="warning"' in html
    assert "警告" in html and R13_ARTICLE in html and "R-13" in html
    # With a fine chosen, the same partial says it is a departure that needs reasons.
    resp = client.post(
        _url("proposal_preview", case), _form(FIRST_MINOR, types=["fine"], fine_amount="5000")
    )
    html = resp.content.decode()
    assert 'data-check="departure"' in html
    assert "须在下方填写偏离理由后方可提交" in html
    assert not Proposal.objects.filter(case=case).exists()


def test_live_partial_changes_with_the_facts(w, client):
    case = closed_case(w)
    client.force_login(w.a)
    html = client.post(_url("proposal_preview", case), _form(ORDINARY)).content.decode()
    assert 'data-outcome="fine"' in html
    html = client.post(
        _url("proposal_preview", case), _form({**ORDINARY, "fault_disproved": True})
    ).content.decode()
    assert 'data-outcome="no_penalty"' in html and "R-14" in html


def test_live_partial_r19_refusal_shown_before_submit(w, client):
    case = closed_case(w)
    client.force_login(w.a)
    html = client.post(
        _url("proposal_preview", case), _form(ORDINARY, types=["fine"], fine_amount="60000")
    ).content.decode()
    assert 'data-check="refused"' in html and "R-19" in html


def test_page_uses_htmx_on_change_without_inline_script(w, client):
    case = closed_case(w)
    client.force_login(w.a)
    resp = client.get(_url("proposal", case))
    assert resp.status_code == 200
    html = resp.content.decode()
    assert f'hx-post="{_url("proposal_preview", case)}"' in html
    assert 'hx-trigger="change"' in html
    assert "<script>" not in html and " style=" not in html
    assert "初次违法（R-13，系统计算）" in html and "36 周岁" in html


def test_r13_form_path_refuses_fine_without_reasons_and_changes_nothing(w, client):
    case = closed_case(w)
    client.force_login(w.a)
    resp = client.post(
        _url("proposal", case), _form(FIRST_MINOR, types=["fine"], fine_amount="5000")
    )
    assert resp.status_code == 200
    html = resp.content.decode()
    assert "R-13: 初次违法、情节轻微、社会危害性较小，应当适用警告而非罚款" in html
    assert "未填写偏离理由，不能提交" in html
    assert not Proposal.objects.filter(case=case).exists()
    assert reload(case).state == State.INVESTIGATION_CLOSED


def test_r13_form_path_with_reasons_is_pending_then_approved_by_head(w, client):
    case = closed_case(w)
    client.force_login(w.a)
    resp = client.post(
        _url("proposal", case),
        _form(FIRST_MINOR, types=["fine"], fine_amount="5000", reasons="当事人拒不改正"),
    )
    p = Proposal.objects.get(case=case)
    assert resp.status_code == 302 and resp.url == _url("proposal_detail", case, version=1)
    assert p.status == Proposal.Status.DEPARTURE_PENDING
    html = client.get(resp.url).content.decode()
    assert "R-13: 第1版拟处罚对初次违法" in html
    # The proposer cannot approve; the page says why and the POST changes nothing.
    resp = client.post(
        _url("proposal_departure", case, version=1),
        {"decision": "approve", "via": "head", "reasons": "同意"},
    )
    assert "您不是本机关负责人" in resp.content.decode()
    assert Proposal.objects.get(pk=p.pk).status == Proposal.Status.DEPARTURE_PENDING
    client.force_login(w.supervisor)
    resp = client.post(
        _url("proposal_departure", case, version=1),
        {"decision": "approve", "via": "head", "reasons": "同意"},
    )
    assert resp.status_code == 302
    assert Proposal.objects.get(pk=p.pk).status == Proposal.Status.DEPARTURE_APPROVED
    assert svc.proposal_ready(case).ok


def test_form_path_warning_accepted(w, client):
    case = closed_case(w)
    client.force_login(w.a)
    resp = client.post(_url("proposal", case), _form(FIRST_MINOR, types=["warning"]))
    assert resp.status_code == 302
    assert Proposal.objects.get(case=case).status == Proposal.Status.ACCEPTED
    assert reload(case).state == State.PROPOSED


def test_bad_input_is_an_error_not_a_500(w, client):
    case = closed_case(w)
    client.force_login(w.a)
    for data in (
        {"harm": "catastrophic"},
        _form(ORDINARY, types=["fine"], fine_amount="NaN"),
        _form(ORDINARY, types=["nonsense"]),
        _form(ORDINARY, types=["fine"], fine_amount="-5"),
        _form(ORDINARY, types=["fine"], fine_amount="20000", reasons="x\x00y"),
    ):
        assert client.post(_url("proposal", case), data).status_code == 200
        assert client.post(_url("proposal_preview", case), data).status_code == 200
    assert not Proposal.objects.filter(case=case).exists()


def test_snapshot_shown_equals_what_was_stored(w, client):
    case = closed_case(w)
    p = propose(case, w.a, facts=FIRST_MINOR, penalty=warning())
    client.force_login(w.legal)
    html = client.get(_url("proposal_detail", case, version=p.version)).content.decode()
    for hit in p.recommendation["hits"]:
        assert hit["message"] in html and hit["article"] in html
    # The stored text is shown even if the engine's wording changes later.
    snap = dict(p.recommendation)
    snap["hits"] = [dict(snap["hits"][0], message="存档时的说明文字")] + snap["hits"][1:]
    Proposal.objects.filter(pk=p.pk).update(recommendation=snap)
    html = client.get(_url("proposal_detail", case, version=p.version)).content.decode()
    assert "存档时的说明文字" in html


def test_other_agency_gets_404_everywhere(w, client):
    case = closed_case(w)
    p = propose(case, w.a, penalty=fine(45000), reasons="情节恶劣")
    for user in (w.outsider, w.outsider_supervisor):
        client.force_login(user)
        assert client.get(_url("proposal", case)).status_code == 404
        assert client.post(_url("proposal", case), _form(ORDINARY)).status_code == 404
        assert client.post(_url("proposal_preview", case), _form(ORDINARY)).status_code == 404
        assert client.get(_url("proposal_detail", case, version=1)).status_code == 404
        assert client.get(_url("proposal_departure", case, version=1)).status_code == 404
        assert (
            client.post(
                _url("proposal_departure", case, version=1),
                {"decision": "approve", "via": "head", "reasons": "同意"},
            ).status_code
            == 404
        )
        assert client.post(_url("proposal_withdraw", case), {"reasons": "x"}).status_code == 404
    assert Proposal.objects.get(pk=p.pk).status == Proposal.Status.DEPARTURE_PENDING
    client.force_login(w.a)
    assert client.get(_url("proposal_detail", case, version=99)).status_code == 404
    assert client.get(f"/penalties/cases/{2**64}/proposal/").status_code == 404


def test_unassigned_officer_sees_page_but_cannot_propose(w, client):
    case = closed_case(w)
    client.force_login(w.c)
    html = client.get(_url("proposal", case)).content.decode()
    assert "只有本案承办人员可以提出拟处罚意见" in html and "disabled" in html
    resp = client.post(_url("proposal", case), _form(FIRST_MINOR, types=["warning"]))
    assert resp.status_code == 200
    assert not Proposal.objects.filter(case=case).exists()


def test_case_page_shows_the_proposal_card(w, client):
    case = closed_case(w)
    propose(case, w.a, facts=FIRST_MINOR, penalty=fine(5000), reasons="理由")
    client.force_login(w.supervisor)
    html = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert _url("proposal", case) in html
    assert _url("proposal_departure", case, version=1) in html


def test_departure_queue_lists_pending_for_supervisors_only(w, client):
    case = closed_case(w)
    propose(case, w.a, penalty=fine(45000), reasons="情节恶劣")
    client.force_login(w.supervisor)
    html = client.get(reverse("penalties:departure_queue")).content.decode()
    assert case.display_number in html
    client.force_login(w.outsider_supervisor)
    assert (
        case.display_number not in client.get(reverse("penalties:departure_queue")).content.decode()
    )
    client.force_login(w.a)
    assert client.get(reverse("penalties:departure_queue")).status_code == 404


def test_withdraw_via_page(w, client):
    case = closed_case(w)
    propose(case, w.a, penalty=fine(20000))
    client.force_login(w.a)
    resp = client.post(_url("proposal_withdraw", case), {"reasons": "补充调查"})
    assert resp.status_code == 302
    assert reload(case).state == State.INVESTIGATION_CLOSED

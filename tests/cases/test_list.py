"""The case list: filters, search, sort, keyset pagination, a constant number of
queries per page, and bad input that never becomes a 500."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.urls import reverse

from cases import selectors
from cases.models import Case, CaseOfficer, CaseParty
from cases.states import State
from core import clock
from tests.cases.factories import filed, person

pytestmark = pytest.mark.django_db


def bulk_cases(w, n: int, **kw) -> list[Case]:
    """Many cases at once (bypassing the services: this is about reading)."""
    party = person(w.a, name="批量当事人")
    rows = [
        Case(
            agency=w.agency,
            domain=w.domain,
            source="complaint",
            title=f"案件{i}",
            state=State.INVESTIGATING,
            number=f"X立〔2026〕{i + 1}号",
            number_year=2025,
            number_seq=i + 1,
            acting_agency=w.agency,
            registered_on=date(2026, 1, 1),
            verification_due_on=date(2026, 1, 22),
            filed_on=date(2026, 1, 1) + timedelta(days=i % 200),
            decision_due_on=date(2026, 4, 1) + timedelta(days=i % 200),
            party_name=f"当事人{i:04d}",
            primary_party=party,
            lead_officer=w.a.officer,
            violation_code="FOOD-001",
            **kw,
        )
        for i in range(n)
    ]
    cases = Case.objects.bulk_create(rows)
    CaseParty.objects.bulk_create([CaseParty(case=c, party=party) for c in cases])
    CaseOfficer.objects.bulk_create(
        [
            CaseOfficer(
                case=c,
                officer=w.a.officer,
                is_lead=True,
                assigned_on=date(2026, 1, 1),
                assigned_by=w.supervisor,
            )
            for c in cases
        ]
    )
    return cases


def _rows(client, **params) -> list[str]:
    r = client.get(reverse("cases:case_list"), params)
    assert r.status_code == 200
    return [c.display_number for c in r.context["page"].rows]


def test_constant_number_of_queries_whatever_the_page_size(client, w):
    bulk_cases(w, 120)
    client.force_login(w.supervisor)
    counts = {}
    for size in (20, 100):
        client.get(reverse("cases:case_list"), {"size": size})  # warm caches (session, calendar)
        sql: list[str] = []

        def count(execute, query, params, many, context, sql=sql):
            sql.append(query)
            return execute(query, params, many, context)

        # request_started resets connection.queries, so count with an execute wrapper.
        with connection.execute_wrapper(count):
            r = client.get(reverse("cases:case_list"), {"size": size})
        assert len(r.context["page"].rows) == size
        counts[size] = len(sql)
    assert counts[20] == counts[100] and 0 < counts[20] <= 8, counts
    assert not any("COUNT(" in q.upper() for q in sql)


def test_keyset_pagination_walks_every_row_once(w):
    bulk_cases(w, 45)
    qs = Case.objects.visible_to(w.supervisor)
    for sort in selectors.SORTS:
        seen, after = [], None
        while True:
            page = selectors.case_page(qs, sort=sort, after=after, page_size=10)
            seen += [c.pk for c in page.rows]
            if not page.next_cursor:
                break
            after = page.next_cursor
        assert len(seen) == len(set(seen)) == 45, sort


def test_keyset_pagination_with_nulls(w):
    bulk_cases(w, 5)
    for i in range(4):
        filed(w, place=f"地点{i}")
    Case.objects.filter(pk__in=Case.objects.order_by("-pk").values("pk")[:2]).update(
        decision_due_on=None
    )
    qs = Case.objects.visible_to(w.supervisor)
    for sort in ("due", "-filed", "filed"):
        seen, after = [], None
        while True:
            page = selectors.case_page(qs, sort=sort, after=after, page_size=2)
            seen += [c.pk for c in page.rows]
            if not page.next_cursor:
                break
            after = page.next_cursor
        assert sorted(seen) == sorted(qs.values_list("pk", flat=True)), sort


def test_filters_and_search(client, w):
    cases = bulk_cases(w, 30)
    one = filed(w, place="特别地点")
    Case.objects.filter(pk=cases[0].pk).update(is_overdue=True)
    client.force_login(w.supervisor)
    assert _rows(client, q="当事人0007") == ["X立〔2026〕8号"]
    assert _rows(client, q="X立〔2026〕12号") == ["X立〔2026〕12号"]
    assert _rows(client, overdue="on") == ["X立〔2026〕1号"]
    assert _rows(client, state="filed") == [one.number]
    assert _rows(client, party=one.primary_party_id) == [one.number]
    assert len(_rows(client, officer=w.a.officer.pk, size=100)) == 31
    assert _rows(client, officer=w.c.officer.pk) == []
    assert len(_rows(client, filed_from="2026-01-01", filed_to="2026-01-05")) == 5
    assert _rows(client, violation="NONE") == []
    assert _rows(client, sort="party")[:2] == [
        one.number,
        "X立〔2026〕1号",
    ]  # 张 < 当 in code order
    assert _rows(client, sort="id")[0] == "X立〔2026〕1号"


@pytest.mark.parametrize(
    "params",
    [
        {"state": "nonsense"},
        {"filed_from": "2026-13-45"},
        {"officer": "abc"},
        {"party": "-1"},
        {"size": "100000"},
        {"after": "!!!not-base64"},
        {"after": "eA"},
        {"q": "x\x00y"},
        {"sort": "DROP TABLE"},
        {"filed_from": "2026-02-01", "filed_to": "2026-01-01"},
    ],
)
def test_bad_query_strings_are_explained_not_500(client, w, params):
    bulk_cases(w, 3)
    client.force_login(w.supervisor)
    r = client.get(reverse("cases:case_list"), params)
    assert r.status_code == 200
    msgs = [str(m) for m in r.context["messages"]]
    assert msgs and msgs[0] in ("筛选条件有误，已显示全部结果", "分页参数无效，已回到第一页")


def test_nul_bytes_in_forms_are_refused_with_a_message(client, w):
    case = filed(w)
    client.force_login(w.a)
    r = client.post(
        reverse("cases:case_edit", args=[case.pk]),
        {"version": case.version, "title": "标题\x00", "place": "x"},
    )
    assert r.status_code == 200 and r.context["form"].errors
    assert Case.objects.get(pk=case.pk).title == "销售过期食品"
    r = client.post(
        reverse("cases:party_create"),
        {"kind": "person", "name": "a\x00", "id_type": "passport", "id_number": "E1"},
    )
    assert r.status_code == 200 and "name" in r.context["form"].errors


def test_lead_form_creates_a_lead(client, w):
    client.force_login(w.a)
    party = person(w.a)
    r = client.post(
        reverse("cases:lead_create"),
        {
            "domain": w.domain.pk,
            "source": "complaint",
            "title": "举报线索",
            "place": "某地",
            "party": party.pk,
            "act_date": "2026-08-20",
            "discovered_on": "2026-08-30",
            "violation_code": "",
        },
    )
    assert r.status_code == 302
    case = Case.objects.get(title="举报线索")
    assert case.state == State.LEAD and case.registered_on == clock.today()
    r = client.post(
        reverse("cases:lead_create"),
        {"domain": w.domain.pk, "source": "complaint", "title": "x", "act_date": "2099-01-01"},
    )
    assert r.status_code == 200 and "违法行为发生日期不得晚于今天" in r.content.decode()


def test_stale_edit_is_refused_not_lost(client, w):
    case = filed(w)
    client.force_login(w.a)
    url = reverse("cases:case_edit", args=[case.pk])
    v = case.version
    assert client.post(url, {"version": v, "title": "甲的修改", "place": "p"}).status_code == 302
    r = client.post(url, {"version": v, "title": "乙的修改", "place": "p"})
    assert r.status_code == 200 and "案件已被他人修改" in r.content.decode()
    assert Case.objects.get(pk=case.pk).title == "甲的修改"


def test_workspace_panel_shows_my_cases_and_leads(client, w):
    case = filed(w)
    client.force_login(w.a)
    page = client.get("/").content.decode()
    assert case.number in page and "开始调查" in page and "作出处罚决定期限" in page

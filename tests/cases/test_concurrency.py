"""Concurrency on PostgreSQL (real transactions, threads): case numbers stay unique and
gap-free under concurrent filing, and two officers changing the same case never lose
an update (row lock + optimistic version)."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.db import connections

from cases import services
from cases.models import Case, Evidence
from core import clock
from core.errors import DomainError
from tests.cases.factories import filed, lead, make_world

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_together(*fns):
    """Run each function in its own thread (own connection), released at once."""
    barrier = threading.Barrier(len(fns))
    results: list = [None] * len(fns)

    def worker(i, fn):
        try:
            barrier.wait()
            results[i] = fn()
        except Exception as exc:  # noqa: BLE001 - reported to the test
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, fn)) for i, fn in enumerate(fns)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


@pytest.fixture
def tw():
    with clock.travel(date(2026, 9, 1)):
        world = make_world()
    return world


def test_two_filings_at_once_get_distinct_consecutive_numbers(tw):
    offset = clock.offset()
    cases = []
    with clock.travel(date(2026, 9, 1)):
        for i in range(4):
            case = lead(tw, place=f"地点{i}")
            services.request_filing(case, by=tw.a, reasons="拟立案")
            cases.append(case)
        offset = clock.offset()

    def file(case):
        def go():
            clock.set_offset(offset)
            return services.decide_filing(case, by=tw.supervisor, approve=True).number

        return go

    results = run_together(*(file(c) for c in cases))
    assert not [r for r in results if isinstance(r, Exception)], results
    prefix = tw.agency.doc_prefix
    assert sorted(results, key=lambda n: int(n.split("〕")[1][:-1])) == [
        f"{prefix}立〔2026〕{i}号" for i in range(1, 5)
    ]
    assert sorted(
        Case.objects.filter(pk__in=[c.pk for c in cases]).values_list("number_seq", flat=True)
    ) == [1, 2, 3, 4]


def test_two_officers_editing_the_same_case_do_not_lose_an_update(tw):
    with clock.travel(date(2026, 9, 1)):
        case = filed(tw)
    version = Case.objects.get(pk=case.pk).version

    def edit(user, title):
        def go():
            return services.update_case(case, by=user, expected_version=version, title=title).title

        return go

    results = run_together(edit(tw.a, "甲的修改"), edit(tw.b, "乙的修改"))
    wins = [r for r in results if isinstance(r, str)]
    losses = [r for r in results if isinstance(r, DomainError)]
    assert len(wins) == 1 and len(losses) == 1, results
    assert "案件已被他人修改" in str(losses[0])
    final = Case.objects.get(pk=case.pk)
    assert final.title == wins[0] and final.version == version + 1


def test_concurrent_evidence_gets_distinct_numbers(tw):
    with clock.travel(date(2026, 9, 1)):
        case = services.start_investigation(filed(tw), by=tw.a)
        offset = clock.offset()

    def add(user, title):
        def go():
            clock.set_offset(offset)
            return services.add_evidence(
                case,
                by=user,
                type="documentary",
                title=title,
                collected_on=clock.today(),
                collectors=[tw.a.officer, tw.b.officer],
                method="复印",
                source="当事人",
            ).seq

        return go

    results = run_together(add(tw.a, "甲"), add(tw.b, "乙"), add(tw.a, "丙"))
    assert sorted(results) == [1, 2, 3], results
    assert Evidence.objects.filter(case=case).count() == 3

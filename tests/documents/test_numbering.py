"""R-37: numbers unique per agency, kind and year; gap-free; never reused; also when many
are issued at once (PostgreSQL, threads)."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.db import connection, transaction

from audit.models import AuditEvent
from core import clock
from core.errors import DomainError, RuleViolation
from documents import kinds, numbering, samples, services
from documents.models import Document, NumberCounter
from tests.documents.factories import issue, officer_user
from tests.factories import AgencyFactory


@pytest.fixture
def agency(db):
    return AgencyFactory(doc_prefix="滨市监")


@pytest.fixture
def officer(agency):
    return officer_user(agency)


@pytest.mark.django_db
def test_r37_number_format_and_consecutive_sequence(agency, officer):
    """R-37: 滨市监罚〔2026〕1号, 2号, 3号 … per agency, kind and year."""
    with clock.travel(date(2026, 11, 20)):
        numbers = [issue("penalty_decision", by=officer).number for _ in range(3)]
        notice = issue("penalty_notice", by=officer)
        hearing = issue("hearing_summons", by=officer)
    assert numbers == ["滨市监罚〔2026〕1号", "滨市监罚〔2026〕2号", "滨市监罚〔2026〕3号"]
    assert notice.number == "滨市监告〔2026〕1号"
    assert hearing.number == "滨市监听通〔2026〕1号"
    assert (
        NumberCounter.objects.get(agency=agency, kind="penalty_decision", year=2026).last_seq == 3
    )


@pytest.mark.django_db
def test_r37_counters_are_per_agency_and_per_year(agency, officer):
    other = officer_user(AgencyFactory(doc_prefix="海市监"))
    with clock.travel(date(2026, 12, 31)):
        a1 = issue("penalty_decision", by=officer)
        b1 = issue("penalty_decision", by=other)
        a2 = issue("penalty_decision", by=officer)
    with clock.travel(date(2027, 1, 1)):
        a3 = issue("penalty_decision", by=officer)
    assert [a1.number, a2.number] == ["滨市监罚〔2026〕1号", "滨市监罚〔2026〕2号"]
    assert b1.number == "海市监罚〔2026〕1号"
    assert (a3.number, a3.year, a3.seq) == ("滨市监罚〔2027〕1号", 2027, 1)


@pytest.mark.django_db
def test_r37_failed_issue_leaves_no_gap(agency, officer, monkeypatch):
    """R-37: a number is taken in the issuing transaction; a failure later in it rolls the
    counter back, so the next document gets the same number and the sequence has no gap."""
    issue("penalty_decision", by=officer)
    from documents import services as svc

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(svc.DocumentVersion.objects, "create", broken)
    with pytest.raises(RuntimeError):
        issue("penalty_decision", by=officer)
    monkeypatch.undo()
    data = samples.sample_data("penalty_decision")
    del data["remedies"]
    with pytest.raises(RuleViolation):
        issue("penalty_decision", by=officer, data=data)
    doc = issue("penalty_decision", by=officer)
    assert doc.seq == 2
    seqs = list(
        Document.objects.filter(kind="penalty_decision")
        .order_by("seq")
        .values_list("seq", flat=True)
    )
    assert seqs == [1, 2]


@pytest.mark.django_db
def test_r37_voided_number_is_kept_and_never_reused(agency, officer):
    first = issue("penalty_decision", by=officer)
    services.void_document(first, "当事人名称错误", by=officer)
    second = issue("penalty_decision", by=officer)
    first.refresh_from_db()
    assert first.status == Document.Status.VOID and first.number.endswith(f"〔{first.year}〕1号")
    assert first.void_reason == "当事人名称错误"
    assert second.seq == 2
    event = AuditEvent.objects.get(action="documents.document.voided")
    assert event.before == {"status": "issued", "void_reason": ""}
    assert event.after == {"status": "void", "void_reason": "当事人名称错误"}
    with pytest.raises(RuleViolation, match="文书已作废"):
        services.void_document(first, "再次作废", by=officer)
    with pytest.raises(DomainError, match="请填写作废原因"):
        services.void_document(second, "   ", by=officer)


@pytest.mark.django_db
def test_r37_reserved_numbers_for_on_the_spot_decisions(agency, officer):
    """R-37/R-20: numbers handed out in advance are used once, or voided when spoiled."""
    reserved = services.reserve_numbers(agency, "summary_decision", 3, by=officer)
    assert [d.seq for d in reserved] == [1, 2, 3]
    assert all(d.status == Document.Status.RESERVED and d.case_id is None for d in reserved)
    assert reserved[0].number == f"滨市监当罚〔{reserved[0].year}〕1号"

    doc = issue("summary_decision", by=officer, case_id=42, reserved_number=reserved[1].number)
    assert doc.pk == reserved[1].pk and doc.status == Document.Status.ISSUED and doc.case_id == 42
    assert doc.versions.count() == 1
    with pytest.raises(RuleViolation, match="已使用或已作废"):
        issue("summary_decision", by=officer, reserved_number=reserved[1].number)
    with pytest.raises(RuleViolation, match="没有预留"):
        issue("summary_decision", by=officer, reserved_number="滨市监当罚〔2026〕99号")
    services.void_document(reserved[0], "空白文书污损", by=officer)
    nxt = issue("summary_decision", by=officer)
    assert nxt.seq == 4  # 1 void, 2 used, 3 still reserved: none reused
    with pytest.raises(DomainError, match="不能预留编号"):
        services.reserve_numbers(agency, "penalty_decision", 2, by=officer)
    with pytest.raises(DomainError, match="预留数量"):
        services.reserve_numbers(agency, "summary_decision", 0, by=officer)


@pytest.mark.django_db
def test_r37_reserved_number_of_another_agency_cannot_be_used(agency, officer):
    reserved = services.reserve_numbers(agency, "summary_decision", 1, by=officer)
    stranger = officer_user(AgencyFactory())
    with pytest.raises(RuleViolation, match="没有预留"):
        issue("summary_decision", by=stranger, reserved_number=reserved[0].number)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_r37_twenty_concurrent_issues_get_twenty_consecutive_numbers(monkeypatch):
    """R-37: 20 threads issue at once on PostgreSQL: numbers 1–20, no duplicate, no gap."""
    monkeypatch.setattr(services, "_schedule_render", lambda version_id: None)
    agency = AgencyFactory(doc_prefix="并市监")
    users = [officer_user(agency) for _ in range(4)]
    barrier = threading.Barrier(20)
    numbers: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def worker(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            doc = services.issue_document(
                agency=agency,
                case_id=i,
                kind="penalty_decision",
                data=samples.sample_data("penalty_decision"),
                by=users[i % 4],
            )
            with lock:
                numbers.append(doc.number)
        except BaseException as exc:  # noqa: BLE001 - reported below
            with lock:
                errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    year = clock.today().year
    assert sorted(numbers) == sorted(f"并市监罚〔{year}〕{n}号" for n in range(1, 21))
    assert len(set(numbers)) == 20
    seqs = sorted(Document.objects.filter(agency=agency).values_list("seq", flat=True))
    assert seqs == list(range(1, 21))
    assert AuditEvent.objects.filter(action="documents.document.issued").count() == 20


@pytest.mark.django_db(transaction=True)
def test_take_numbers_only_inside_the_issuing_transaction(agency):
    """R-37: a number taken outside the transaction that writes its document could be lost."""
    kind = kinds.get("penalty_decision")
    with pytest.raises(RuntimeError):
        numbering.take_numbers(agency, kind, 2026)
    with transaction.atomic():
        assert numbering.take_numbers(agency, kind, 2026, 2) == [1, 2]
        assert numbering.take_numbers(agency, kind, 2026) == [3]

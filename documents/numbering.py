"""Document numbers (R-37): per agency, kind and year, gap-free and never reused.

The counter row for (agency, kind, year) is locked with SELECT … FOR UPDATE for the rest of
the caller's transaction, and the Document that uses the number is written in the same
transaction: the number and its document commit together or not at all, so a failed issue
leaves no gap, and concurrent issuers queue on the row instead of taking the same number.
"""

from __future__ import annotations

from django.db import transaction

from documents.kinds import DocumentKind
from documents.models import NumberCounter
from officers.models import Agency


def format_number(agency: Agency, kind: DocumentKind, year: int, seq: int) -> str:
    """`滨市监罚〔2026〕17号`."""
    return f"{agency.doc_prefix}{kind.number_word}〔{year}〕{seq}号"


def _locked_counter(agency: Agency, kind: DocumentKind, year: int) -> NumberCounter:
    """The counter row, locked; created first when this is the year's first number.

    Two first issuers may both try to create the row: ON CONFLICT DO NOTHING makes the
    second wait for the first's commit and then lock the row the first created.
    """
    qs = NumberCounter.objects.select_for_update()
    try:
        return qs.get(agency=agency, kind=kind.code, year=year)
    except NumberCounter.DoesNotExist:
        NumberCounter.objects.bulk_create(
            [NumberCounter(agency=agency, kind=kind.code, year=year, last_seq=0)],
            ignore_conflicts=True,
        )
        return qs.get(agency=agency, kind=kind.code, year=year)


def take_numbers(agency: Agency, kind: DocumentKind, year: int, count: int = 1) -> list[int]:
    """The next `count` sequence numbers; must run inside the transaction that writes the
    documents using them (R-37)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("take_numbers must run inside the issuing transaction")
    counter = _locked_counter(agency, kind, year)
    first = counter.last_seq + 1
    counter.last_seq += count
    counter.save(update_fields=["last_seq"])
    return list(range(first, first + count))

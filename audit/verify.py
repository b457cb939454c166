"""Recompute the audit chain and name the first event that does not fit.

Streams the events in sequence order with a bounded-memory iterator (a server-side cursor
on PostgreSQL), so that millions of rows cost one pass and constant memory. For each event
it checks, in this order:

1. the sequence has no gap (a missing number means a deleted row)   -> kind `deleted`
2. `prev_hash` equals the previous event's hash (rows moved/swapped) -> kind `reordered`
3. the hash recomputed from the stored row equals the stored hash    -> kind `edited`

and at the end that the chain head (the row every write locks) names the last event: a
head ahead of the last event means the tail was deleted (`head_mismatch`), an event past
the head means rows were appended behind the writers' back (`beyond_head`).

The head is read *before* the pass and only events up to it are checked, so concurrent
writers (which insert an event and move the head in one transaction) cause no false alarm.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Max
from django.utils.translation import gettext as _

from audit import chain
from audit.models import AuditEvent, ChainHead

# Column names as `values()` returns them; `actor_id` is the FK's column.
_COLUMNS = (*chain.HASHED_FIELDS, "hash")

EDITED = "edited"
DELETED = "deleted"
REORDERED = "reordered"
HEAD_MISMATCH = "head_mismatch"
BEYOND_HEAD = "beyond_head"
TRUNCATED = "truncated"
CHANGED = "changed_since_checkpoint"

ProgressCallback = Callable[[int, int], None]


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    first_bad_seq: int | None = None
    reason: str = ""
    kind: str = ""
    last_seq: int = 0

    def summary(self) -> str:
        if self.ok:
            return f"OK: {self.checked} events"
        return _("第 %(seq)s 号事件异常：%(reason)s") % {
            "seq": self.first_bad_seq,
            "reason": self.reason,
        }


def _bad(kind: str, seq: int | None, checked: int, message: str, last: int) -> VerifyResult:
    return VerifyResult(
        ok=False,
        checked=checked,
        first_bad_seq=seq,
        reason=f"{kind}: {message}",
        kind=kind,
        last_seq=last,
    )


def _walk(
    start: int,
    end: int,
    prev_hash: str,
    *,
    progress: ProgressCallback | None,
    chunk_size: int,
) -> tuple[VerifyResult | None, int, str]:
    """Check events `start`..`end` in order, trusting `prev_hash` as the link before
    `start`. Returns (the first failure or None, events checked, hash of the last good
    event). A missing tail (fewer events than `end`) is left to the caller."""
    expected = start
    checked = 0
    rows = (
        AuditEvent.objects.filter(seq__gte=start, seq__lte=end)
        .order_by("seq")
        .values(*_COLUMNS)
        .iterator(chunk_size=chunk_size)
    )
    for row in rows:
        seq = row["seq"]
        if seq != expected:
            message = _("第 %(seq)d 号事件缺失（已被删除），下一条为第 %(next)d 号。") % {
                "seq": expected,
                "next": seq,
            }
            return _bad(DELETED, expected, checked, message, expected - 1), checked, prev_hash
        if row["prev_hash"] != prev_hash:
            message = _("前一哈希与第 %(prev)d 号事件的哈希不衔接（事件被移动或调换）。") % {
                "prev": seq - 1
            }
            return _bad(REORDERED, seq, checked, message, expected - 1), checked, prev_hash
        if chain.event_hash(row["prev_hash"], row) != row["hash"]:
            message = _("按存储内容重新计算的哈希与记录的哈希不符（内容被修改）。")
            return _bad(EDITED, seq, checked, message, expected - 1), checked, prev_hash
        prev_hash = row["hash"]
        expected += 1
        checked += 1
        if progress is not None and checked % chunk_size == 0:
            progress(checked, seq)
    if progress is not None:
        progress(checked, expected - 1)
    return None, checked, prev_hash


def _link_before(start: int) -> str | None:
    """The hash an event `start` must link to (None: event `start - 1` is missing)."""
    if start == 1:
        return chain.GENESIS_HASH
    return AuditEvent.objects.filter(seq=start - 1).values_list("hash", flat=True).first()


def verify_chain(
    *,
    start_seq: int | None = None,
    progress: ProgressCallback | None = None,
    chunk_size: int = 2000,
) -> VerifyResult:
    """Check the chain from `start_seq` (default 1) to the current head.

    With `start_seq`, the hash of event `start_seq - 1` is trusted as the starting link
    (for incremental checks after a verified run). `progress(checked, seq)` is called after
    every `chunk_size` events and once at the end.
    """
    start = 1 if start_seq is None else int(start_seq)
    if start < 1:
        raise ValueError("start_seq must be >= 1")

    head = ChainHead.objects.filter(pk=1).values("seq", "hash").first()
    if head is None:
        first = AuditEvent.objects.order_by("seq").values_list("seq", flat=True).first()
        if first is None:
            return VerifyResult(ok=True, checked=0)
        return _bad(HEAD_MISMATCH, first, 0, _("审计链头记录缺失，无法确认链尾是否完整。"), 0)
    if start > head["seq"]:
        return VerifyResult(ok=True, checked=0, last_seq=head["seq"])

    prev_hash = _link_before(start)
    if prev_hash is None:
        return _bad(
            DELETED,
            start - 1,
            0,
            _("第 %(seq)d 号事件缺失（已被删除）。") % {"seq": start - 1},
            0,
        )

    failure, checked, prev_hash = _walk(
        start, head["seq"], prev_hash, progress=progress, chunk_size=chunk_size
    )
    if failure is not None:
        return failure
    last = start + checked - 1
    if last != head["seq"]:
        message = _("链头为第 %(head)d 号，但最后一条事件为第 %(last)d 号（尾部事件被删除）。") % {
            "head": head["seq"],
            "last": last,
        }
        return _bad(HEAD_MISMATCH, last + 1, checked, message, last)
    if prev_hash != head["hash"]:
        message = _("链头哈希与第 %(last)d 号事件的哈希不符。") % {"last": last}
        return _bad(HEAD_MISMATCH, last, checked, message, last)

    # Events past the head: read the highest number first, then the head again, so that a
    # write committing in between (event and head move together) cannot look like one.
    highest = AuditEvent.objects.aggregate(m=Max("seq"))["m"] or 0
    now_head = ChainHead.objects.filter(pk=1).values_list("seq", flat=True).first() or 0
    if highest > now_head:
        message = _("存在链头（第 %(head)d 号）之后的事件，非经正常写入产生。") % {"head": now_head}
        return _bad(BEYOND_HEAD, now_head + 1, checked, message, last)
    return VerifyResult(ok=True, checked=checked, last_seq=last)


def verify_prefix(
    end_seq: int,
    expected_hash: str,
    *,
    progress: ProgressCallback | None = None,
    chunk_size: int = 2000,
) -> VerifyResult:
    """Prove that events 1..`end_seq` are exactly those a signed checkpoint saw: every
    link and hash recomputed from the rows, and the hash of event `end_seq` equal to the
    checkpoint's head hash. A consistent rewrite of the chain (every hash recomputed after
    an edit) passes `verify_chain` but not this check (kind `changed_since_checkpoint`).
    Events missing at the end (`truncated`) and a chain head behind the checkpoint or
    disagreeing with it (`head_mismatch`) are named too."""
    end = int(end_seq)
    if end < 0:
        raise ValueError("end_seq must be >= 0")
    if end == 0:
        if expected_hash != chain.GENESIS_HASH:
            return _bad(CHANGED, 0, 0, _("检查点的链头哈希与空链不符。"), 0)
        return VerifyResult(ok=True, checked=0, last_seq=0)
    failure, checked, last_hash = _walk(
        1, end, chain.GENESIS_HASH, progress=progress, chunk_size=chunk_size
    )
    if failure is not None:
        return failure
    if checked != end:
        message = _(
            "检查点签名时共有 %(end)d 条事件，现仅存 %(have)d 条（第 %(from)d 号起的尾部事件被删除）。"
        ) % {"end": end, "have": checked, "from": checked + 1}
        return _bad(TRUNCATED, checked + 1, checked, message, checked)
    if last_hash != expected_hash:
        message = _(
            "第 %(seq)d 号事件的哈希与签名检查点不符：检查点之后，该序号及之前的事件被改写。"
        ) % {"seq": end}
        return _bad(CHANGED, end, checked, message, end)
    head = ChainHead.objects.filter(pk=1).values("seq", "hash").first()
    if head is None or head["seq"] < end:
        message = _("链头（第 %(head)s 号）落后于签名检查点（第 %(end)d 号）：链头被改动。") % {
            "head": head["seq"] if head else "—",
            "end": end,
        }
        return _bad(HEAD_MISMATCH, end, checked, message, end)
    if head["seq"] == end and head["hash"] != expected_hash:
        message = _("链头哈希与签名检查点不符：链头被改动。")
        return _bad(HEAD_MISMATCH, end, checked, message, end)
    return VerifyResult(ok=True, checked=checked, last_seq=end)

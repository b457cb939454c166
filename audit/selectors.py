"""Reads of the audit trail: a case's full-process record (全过程记录) and the explorer's
filtered, keyset-paginated list.

Keyset pagination on `seq` (never OFFSET, never COUNT(*)): the table grows without end and
every filter has an index ending in `seq`, so a page costs the same on the millionth
event as on the first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import QuerySet

from audit.expressions import ActionApp, ActionObject
from audit.models import AuditEvent
from core.clock import start_of_day
from core.roles import Role, role_codes

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200

# Which agencies' events a user may read. Audit knows nothing of agencies; the app that
# does (officers) registers a resolver in its AppConfig.ready(): user -> agency ids.
AgencyResolver = Callable[[object], Iterable[int]]
_agency_resolver: AgencyResolver | None = None


def register_agency_resolver(resolver: AgencyResolver) -> AgencyResolver:
    global _agency_resolver
    _agency_resolver = resolver
    return resolver


def can_browse(user) -> bool:
    """The explorer is for the legal office (法制监督) and the audit administrator."""
    return bool(role_codes(user) & {Role.LEGAL_OFFICE.value, Role.AUDIT_ADMIN.value})


def visible_events(user) -> QuerySet[AuditEvent]:
    """Events `user` may read: the audit administrator all of them; the legal office those
    of its own agencies (none until an agency resolver is registered: fail closed)."""
    codes = role_codes(user)
    qs = AuditEvent.objects.all()
    if Role.AUDIT_ADMIN.value in codes:
        return qs
    if Role.LEGAL_OFFICE.value in codes:
        return qs.filter(agency_id__in=user_agency_ids(user))
    return qs.none()


def user_agency_ids(user) -> list[int]:
    """The agencies the resolver gives for `user` (empty without a resolver)."""
    if _agency_resolver is None:
        return []
    return sorted(set(_agency_resolver(user)))


def agency_scoped(user) -> bool:
    """Whether `visible_events` narrows to the user's agencies (shown on the page)."""
    return Role.AUDIT_ADMIN.value not in role_codes(user)


def events_for_case(
    case_id: int, *, qs: QuerySet[AuditEvent] | None = None
) -> QuerySet[AuditEvent]:
    """Every event of one case, oldest first: the case's full-process record."""
    base = AuditEvent.objects.all() if qs is None else qs
    return base.filter(case_id=case_id).order_by("seq")


@dataclass(frozen=True)
class EventPage:
    events: list[AuditEvent]
    has_newer: bool
    has_older: bool

    @property
    def newest_seq(self) -> int | None:
        return self.events[0].seq if self.events else None

    @property
    def oldest_seq(self) -> int | None:
        return self.events[-1].seq if self.events else None


def _seq_window(start, end) -> tuple[int, int] | None:
    """The seq range of events stamped in [start, end), from two index probes on
    (at, seq). Exact because `at` never decreases along `seq` (record() stamps under the
    chain-head lock and never before the previous event), and it turns a time range into
    a range of the sequence index, which a page walks backwards from its newest end, even
    when the range lies years back."""
    first = AuditEvent.objects.all()
    last = AuditEvent.objects.all()
    if start is not None:
        first = first.filter(at__gte=start)
    if end is not None:
        last = last.filter(at__lt=end)
    lo = first.order_by("at", "seq").values_list("seq", flat=True).first()
    hi = last.order_by("-at", "-seq").values_list("seq", flat=True).first()
    if lo is None or hi is None or lo > hi:
        return None
    return lo, hi


def filter_action(qs: QuerySet[AuditEvent], prefix: str) -> QuerySet[AuditEvent]:
    """Events whose action code is `prefix` or starts with `prefix.`. The app (`cases`)
    and object (`cases.case`) levels compare indexed expressions (audit.expressions); a
    full code (`cases.case.filed`: codes are `app.object.verb`) is an equality on the
    (action, seq) index. (`action LIKE 'x.%'` could not be walked in seq order.)"""
    prefix = prefix.strip().rstrip(".")
    depth = prefix.count(".") + 1
    if depth == 1:
        return qs.alias(_action_app=ActionApp("action")).filter(_action_app=prefix)
    if depth == 2:
        return qs.alias(_action_obj=ActionObject("action")).filter(_action_obj=prefix)
    return qs.filter(action=prefix)


def apply_filters(
    qs: QuerySet[AuditEvent] | None = None,
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    actor: str | None = None,
    role: str | None = None,
    agency_id: int | None = None,
    action_prefix: str | None = None,
    case_id: int | None = None,
    object_type: str | None = None,
    object_id: str | None = None,
) -> QuerySet[AuditEvent]:
    """Apply the explorer's filters. Dates are local (Asia/Shanghai) days, both inclusive.
    Every filter is an equality on an index that ends in `seq` (or, for dates, a seq
    range), so any combination pages by walking one index backwards."""
    qs = AuditEvent.objects.all() if qs is None else qs
    if date_from or date_to:
        start = start_of_day(date_from) if date_from else None
        end = start_of_day(date_to + timedelta(days=1)) if date_to else None
        window = _seq_window(start, end)
        if window is None:
            return qs.none()
        qs = qs.filter(seq__gte=window[0], seq__lte=window[1])
        if start is not None:
            qs = qs.filter(at__gte=start)
        if end is not None:
            qs = qs.filter(at__lt=end)
    if actor:
        qs = qs.filter(actor_name=actor)
    if role:
        qs = qs.filter(role=role)
    if agency_id is not None:
        qs = qs.filter(agency_id=agency_id)
    if action_prefix:
        qs = filter_action(qs, action_prefix)
    if case_id is not None:
        qs = qs.filter(case_id=case_id)
    if object_type:
        qs = qs.filter(object_type=object_type)
        if object_id:
            qs = qs.filter(object_id=object_id)
    return qs


def page_events(
    qs: QuerySet[AuditEvent],
    *,
    after_seq: int | None = None,
    before_seq: int | None = None,
    page_size: int = DEFAULT_PAGE_SIZE,
) -> EventPage:
    """One page, newest first. `before_seq` pages to older events, `after_seq` to newer
    ones; neither gives the newest page. Costs at most three indexed queries."""
    size = max(1, min(int(page_size), MAX_PAGE_SIZE))
    if after_seq is not None:
        rows = list(qs.filter(seq__gt=after_seq).order_by("seq")[: size + 1])
        has_newer = len(rows) > size
        events = rows[:size][::-1]
        has_older = bool(events) and qs.filter(seq__lt=events[-1].seq).exists()
        if not events:
            has_older = qs.filter(seq__lte=after_seq).exists()
        return EventPage(events, has_newer=has_newer, has_older=has_older)
    if before_seq is not None:
        qs_page = qs.filter(seq__lt=before_seq)
    else:
        qs_page = qs
    rows = list(qs_page.order_by("-seq")[: size + 1])
    has_older = len(rows) > size
    events = rows[:size]
    if before_seq is None:
        has_newer = False
    elif events:
        has_newer = qs.filter(seq__gt=events[0].seq).exists()
    else:
        has_newer = qs.filter(seq__gte=before_seq).exists()
    return EventPage(events, has_newer=has_newer, has_older=has_older)


def filter_events(
    qs: QuerySet[AuditEvent] | None = None,
    *,
    after_seq: int | None = None,
    before_seq: int | None = None,
    page_size: int = DEFAULT_PAGE_SIZE,
    **filters,
) -> EventPage:
    """Filtered (see `apply_filters`) and keyset-paginated (see `page_events`) events,
    newest first, e.g. `filter_events(visible_events(user), case_id=7, before_seq=120)`."""
    return page_events(
        apply_filters(qs, **filters),
        after_seq=after_seq,
        before_seq=before_seq,
        page_size=page_size,
    )

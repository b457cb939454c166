"""Benchmark: the audit explorer with 10,000,000 events on PostgreSQL.

Builds (once) a separate bench database and fills `audit_auditevent` with one
`INSERT … SELECT … FROM generate_series` per million rows: a year of events, ~200 actors in
eight roles, 20 agencies, a million cases, the registered action codes with a skewed
distribution (some codes are very rare — the hard case for an ORDER BY seq LIMIT page).
The hashes are valid-looking SHA-256 values linked prev→next, but NOT the real chain
hashes of the rows (computing those takes Python time per row): `verify_audit` fails on
this database by design; the explorer's timings do not depend on it. During the load the
append-only triggers are disabled (as the PostgreSQL superuser, which this bench connects
as) and the secondary indexes are dropped; both are restored afterwards, then ANALYZE.

Then it times filtered pages (p50/p95 over N requests per filter, each request with other
parameter values: another case, actor, prefix, week, page) through the selector
(`audit.selectors.filter_events`) and through the view (`audit:event_list`, with the Django
test client: middleware, session, template), and prints the number of SQL queries per page.

    .venv/bin/python bench/bench_audit.py [--n 100] [--events 10000000] [--rebuild]
        [--database-url postgres://postgres@127.0.0.1:5432/enf_bench_audit]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/enf_bench_audit"
BATCH = 1_000_000


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--n", type=int, default=100, help="requests per scenario (default 100)")
    p.add_argument("--events", type=int, default=10_000_000, help="events (default 10,000,000)")
    p.add_argument("--rebuild", action="store_true", help="drop and rebuild the generated events")
    p.add_argument(
        "--database-url", default=os.environ.get("BENCH_AUDIT_DATABASE_URL", DEFAULT_URL)
    )
    return p.parse_args()


ARGS = parse_args()
if not ARGS.database_url.startswith("postgres"):
    sys.exit("bench_audit needs PostgreSQL (--database-url postgres://…)")
os.environ["DATABASE_URL"] = ARGS.database_url
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "enforcement.settings")
os.environ.setdefault("ENFORCEMENT_TESTING", "1")  # no SECRET_KEY needed; MD5 password hasher


def ensure_database(url: str) -> None:
    import psycopg2
    from psycopg2 import sql

    name = url.rsplit("/", 1)[1].split("?")[0]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    conn = psycopg2.connect(admin)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cur.fetchone():
            cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"created database {name}")
    conn.close()


ensure_database(ARGS.database_url)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from audit import actions, selectors  # noqa: E402
from audit.models import AuditEvent, ChainHead  # noqa: E402
from core.roles import Role, ensure_groups  # noqa: E402

ROLES = [r.value for r in Role]
ACTORS = 200
AGENCIES = 20
CASES = 1_000_000
DAYS = 365
TRIGGERS = {
    "audit_auditevent": [
        "audit_event_no_update_delete",
        "audit_event_no_truncate",
        "audit_event_note_transaction",
    ],
    "audit_eventtransaction": [
        "audit_eventtransaction_no_update_delete",
        "audit_eventtransaction_no_truncate",
    ],
}


class QueryCounter:
    """Counts the SQL statements of one request (request_started resets queries_log)."""

    def __init__(self) -> None:
        self.sql: list[str] = []

    def __call__(self, execute, sql, params, many, context):
        self.sql.append(sql)
        return execute(sql, params, many, context)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def fixtures():
    """An audit administrator (sees every agency) and a legal-office user of agency 1."""
    from django.contrib.auth import get_user_model

    from officers.models import Agency, AgencySettings, Officer

    User = get_user_model()
    groups = ensure_groups()
    admin, _ = User.objects.get_or_create(username="bench_audit_admin")
    admin.groups.add(groups[Role.AUDIT_ADMIN])
    agency, _ = Agency.objects.get_or_create(
        name="审计基准市市场监督管理局",
        defaults={"credit_code": "AUDITBENCH000001", "doc_prefix": "审基", "short_name": "审基"},
    )
    AgencySettings.objects.get_or_create(agency=agency)
    legal, _ = User.objects.get_or_create(username="bench_audit_legal")
    legal.groups.add(groups[Role.LEGAL_OFFICE])
    Officer.objects.get_or_create(user=legal, defaults={"agency": agency, "name": "法制员"})
    return admin, legal, agency


def _toggle_triggers(cur, enable: bool) -> None:
    for table, names in TRIGGERS.items():
        for name in names:
            verb = "ENABLE ALWAYS" if enable else "DISABLE"
            cur.execute(f"ALTER TABLE {table} {verb} TRIGGER {name}")


def build(n: int, agency_id: int, *, rebuild: bool) -> None:
    existing = AuditEvent.objects.count()
    if existing >= n and not rebuild:
        print(f"bench database already holds {existing:,} events (use --rebuild to regenerate)")
        return
    codes = list(actions.registered())
    t0 = time.perf_counter()
    # One transaction: a failed load leaves the table, its indexes and triggers as they were.
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("SET maintenance_work_mem = '1GB'")
        cur.execute("SET max_parallel_maintenance_workers = 2")
        _toggle_triggers(cur, enable=False)
        try:
            cur.execute("TRUNCATE audit_auditevent, audit_eventtransaction")
            # Secondary indexes (not those backing constraints) are dropped for the load
            # and rebuilt after: building an index once beats maintaining it per row.
            cur.execute(
                """
                SELECT i.indexname, i.indexdef FROM pg_indexes i
                WHERE i.tablename = 'audit_auditevent' AND NOT EXISTS (
                    SELECT 1 FROM pg_constraint c
                    WHERE c.conindid = (quote_ident(i.indexname))::regclass)
                """
            )
            indexes = cur.fetchall()
            for name, _definition in indexes:
                cur.execute(f'DROP INDEX IF EXISTS "{name}"')
            start = time.perf_counter()
            for lo in range(1, n + 1, BATCH):
                hi = min(n, lo + BATCH - 1)
                cur.execute(
                    """
                    INSERT INTO audit_auditevent (
                        seq, at, actor_id, actor_name, role, ip, request_id, action,
                        object_type, object_id, object_repr, case_id, agency_id,
                        before, after, data, prev_hash, hash
                    )
                    SELECT
                        g,
                        now() - make_interval(days => %(days)s)
                            + make_interval(secs => g * (%(days)s * 86400.0 / %(n)s)),
                        100000 + a,
                        'user' || a,
                        (%(roles)s::text[])[1 + a %% 8],
                        ('10.' || (a %% 200) || '.' || (g %% 250) || '.1')::inet,
                        substr(md5(g::text), 1, 32),
                        act,
                        split_part(act, '.', 1) || '.' || split_part(act, '.', 2),
                        (g %% 100000)::text,
                        '对象' || (g %% 100000),
                        CASE WHEN act LIKE 'cases.%%' OR act LIKE 'penalties.%%'
                             OR act LIKE 'documents.%%' THEN c END,
                        CASE WHEN act LIKE 'cases.%%' OR act LIKE 'penalties.%%'
                             OR act LIKE 'documents.%%' THEN 1 + c %% %(agencies)s
                             ELSE 1 + a %% %(agencies)s END,
                        NULL,
                        NULL,
                        jsonb_build_object('n', g),
                        CASE WHEN g = 1 THEN repeat('0', 64)
                             ELSE encode(sha256((g - 1)::text::bytea), 'hex') END,
                        encode(sha256(g::text::bytea), 'hex')
                    FROM (
                        SELECT g,
                               (g * 7919) %% %(actors)s AS a,
                               1 + (g * 104729) %% %(cases)s AS c,
                               (%(codes)s::text[])[
                                   1 + floor(%(ncodes)s * power(((g * 2654435761) %% 1000003)
                                       / 1000003.0, 3))::int
                               ] AS act
                        FROM generate_series(%(lo)s::bigint, %(hi)s::bigint) AS g
                    ) s
                    """,
                    {
                        "lo": lo,
                        "hi": hi,
                        "n": n,
                        "days": DAYS,
                        "roles": ROLES,
                        "codes": codes,
                        "ncodes": len(codes),
                        "actors": ACTORS,
                        "cases": CASES,
                        "agencies": AGENCIES,
                    },
                )
                print(f"  inserted {hi:,} events ({time.perf_counter() - start:.0f} s)", flush=True)
            t1 = time.perf_counter()
            for name, definition in indexes:
                started = time.perf_counter()
                cur.execute(definition)
                print(f"  index {name}: {time.perf_counter() - started:.0f} s", flush=True)
            t2 = time.perf_counter()
            cur.execute("ANALYZE audit_auditevent")
            cur.execute(
                "UPDATE audit_chainhead SET seq = %s, hash = encode(sha256(%s::text::bytea), 'hex'),"
                " at = now() WHERE id = 1",
                [n, n],
            )
        finally:
            _toggle_triggers(cur, enable=True)
    print(
        f"built {n:,} events in {time.perf_counter() - t0:.0f} s: insert {t1 - t0:.0f} s, "
        f"indexes {t2 - t1:.0f} s, analyze {time.perf_counter() - t2:.0f} s "
        "(hashes valid-looking and linked, not the real chain: verify_audit fails here)"
    )


def time_selector(qs_for, scenario_params: list[dict]) -> dict:
    samples, queries = [], []
    for params in scenario_params:
        counter = QueryCounter()
        t = time.perf_counter()
        with connection.execute_wrapper(counter):
            page = selectors.filter_events(qs_for(), **params)
            _ = [e.seq for e in page.events]
        samples.append((time.perf_counter() - t) * 1000)
        queries.append(len(counter.sql))
    return {
        "p50": statistics.median(samples),
        "p95": percentile(samples, 0.95),
        "queries": max(queries),
        "rows": len(page.events),
    }


def time_view(client: Client, query_list: list[dict]) -> dict:
    url = reverse("audit:event_list")
    samples, queries = [], []
    for params in query_list:
        counter = QueryCounter()
        t = time.perf_counter()
        with connection.execute_wrapper(counter):
            response = client.get(url, params)
        samples.append((time.perf_counter() - t) * 1000)
        assert response.status_code == 200, response.status_code
        assert response.context["page"] is not None, params
        queries.append(len(counter.sql))
    return {
        "p50": statistics.median(samples),
        "p95": percentile(samples, 0.95),
        "queries": max(queries),
        "rows": len(response.context["rows"]),
    }


def scenarios(n: int, total: int) -> list[tuple[str, list[dict], list[dict]]]:
    """(label, selector kwargs per request, view GET params per request)."""
    rnd = random.Random(20261127)
    codes = list(actions.registered())
    prefixes = sorted(
        {c.split(".")[0] for c in codes} | {".".join(c.split(".")[:2]) for c in codes}
    )
    today = date.today()
    out = []

    def both(label, make):
        sel, view = zip(*(make() for _ in range(n)), strict=True)
        out.append((label, list(sel), list(view)))

    both("unfiltered, newest page", lambda: ({}, {}))
    both(
        "unfiltered, deep page (keyset)",
        lambda: (lambda s: ({"before_seq": s}, {"before": s}))(rnd.randint(100, total)),
    )
    both(
        "by case",
        lambda: (lambda c: ({"case_id": c}, {"case": c}))(rnd.randint(1, 1_000_000)),
    )
    both(
        "by actor",
        lambda: (lambda a: ({"actor": a}, {"actor": a}))(f"user{rnd.randrange(ACTORS)}"),
    )
    both(
        "by role",
        lambda: (lambda r: ({"role": r}, {"role": r}))(rnd.choice(ROLES)),
    )
    both(
        "by agency",
        lambda: (lambda a: ({"agency_id": a}, {"agency": a}))(rnd.randint(1, AGENCIES)),
    )
    both(
        "by action prefix (app or app.object)",
        lambda: (lambda p: ({"action_prefix": p}, {"action": p}))(rnd.choice(prefixes)),
    )
    both(
        "by action code (incl. rare codes)",
        lambda: (lambda p: ({"action_prefix": p}, {"action": p}))(rnd.choice(codes)),
    )
    both(
        "by object (type + id)",
        lambda: (
            lambda t, i: ({"object_type": t, "object_id": i}, {"object_type": t, "object_id": i})
        )(".".join(rnd.choice(codes).split(".")[:2]), str(rnd.randrange(100000))),
    )

    def week():
        start = today - timedelta(days=rnd.randint(7, DAYS))
        end = start + timedelta(days=6)
        return (
            {"date_from": start, "date_to": end},
            {"date_from": start.isoformat(), "date_to": end.isoformat()},
        )

    both("by date range (a random week of the year)", week)

    def combo():
        start = today - timedelta(days=rnd.randint(30, DAYS))
        end = start + timedelta(days=29)
        p = rnd.choice(prefixes)
        return (
            {"date_from": start, "date_to": end, "action_prefix": p},
            {"date_from": start.isoformat(), "date_to": end.isoformat(), "action": p},
        )

    both("date range (30 days) + action prefix", combo)
    return out


def main() -> None:
    from django.test.utils import setup_test_environment

    setup_test_environment()  # response.context for the row count and the page check
    call_command("migrate", verbosity=0)
    with transaction.atomic():
        admin, legal, agency = fixtures()
    build(ARGS.events, agency.pk, rebuild=ARGS.rebuild)
    head = ChainHead.objects.get(pk=1)
    print(f"events in database: {head.seq:,} (chain head)")
    print(f"load average before: {os.getloadavg()[0]:.2f} (2 cores, shared machine)")
    client = Client()
    client.force_login(admin)
    lclient = Client()
    lclient.force_login(legal)
    header = (
        f"{'scenario':44} {'sel p50':>8} {'sel p95':>8} {'q':>2} "
        f"{'view p50':>8} {'view p95':>8} {'q':>2} {'rows':>4}"
    )
    print(f"audit administrator (all agencies), {ARGS.n} requests per scenario, ms:")
    print(header)

    def qs_admin():
        return selectors.visible_events(admin)

    for label, sel, view in scenarios(ARGS.n, head.seq):
        s = time_selector(qs_admin, sel)
        v = time_view(client, view)
        print(
            f"{label:44} {s['p50']:8.1f} {s['p95']:8.1f} {s['queries']:2d} "
            f"{v['p50']:8.1f} {v['p95']:8.1f} {v['queries']:2d} {v['rows']:4d}"
        )

    def qs_legal():
        return selectors.visible_events(legal)

    rnd = random.Random(7)
    print(f"legal office (scoped to agency {agency.pk}), ms:")
    print(header)
    legal_cases = [
        rnd.randint(0, 1_000_000 // AGENCIES) * AGENCIES + agency.pk - 1 for _ in range(ARGS.n)
    ]
    for label, sel, view in [
        ("unfiltered, newest page", [{}] * ARGS.n, [{}] * ARGS.n),
        (
            "by case of the agency",
            [{"case_id": c} for c in legal_cases],
            [{"case": c} for c in legal_cases],
        ),
    ]:
        s = time_selector(qs_legal, sel)
        v = time_view(lclient, view)
        print(
            f"{label:44} {s['p50']:8.1f} {s['p95']:8.1f} {s['queries']:2d} "
            f"{v['p50']:8.1f} {v['p95']:8.1f} {v['queries']:2d} {v['rows']:4d}"
        )
    print(
        f"load average after: {os.getloadavg()[0]:.2f}. q = SQL queries per page (max); view "
        "queries include session, user, roles and the verification card."
    )


if __name__ == "__main__":
    main()

"""Benchmark: the case list page with 1,000,000 cases on PostgreSQL.

Builds (once) a separate bench database with two agencies of 500,000 cases each, generated
by one `INSERT … SELECT … FROM generate_series` (secondary indexes dropped during the load
and rebuilt after, then ANALYZE), and times `cases:case_list` for a supervisor through the
Django test client (every middleware, session, template): p50/p95 over N requests per
scenario, plus the number of SQL queries per page.

    .venv/bin/python bench/bench_case_list.py [--n 200] [--cases 1000000] [--rebuild]
        [--database-url postgres://postgres@127.0.0.1:5432/enf_bench]

The bench database is created if missing and is never the development or test database.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import unquote

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/enf_bench"


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--n", type=int, default=200, help="requests per scenario (default 200)")
    p.add_argument(
        "--cases", type=int, default=1_000_000, help="cases to build (default 1,000,000)"
    )
    p.add_argument("--rebuild", action="store_true", help="drop and rebuild the generated cases")
    p.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    return p.parse_args()


ARGS = parse_args()
if not ARGS.database_url.startswith("postgres"):
    sys.exit("bench_case_list needs PostgreSQL (--database-url postgres://…)")
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

from datetime import date  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from cases.models import Case, Party  # noqa: E402
from cases.validators import make_resident_id  # noqa: E402
from core.roles import Role, ensure_groups  # noqa: E402
from officers.models import Agency, AgencySettings, Certificate, EnforcementDomain, Officer  # noqa: E402

STATES = [
    "lead", "filing_review", "filed", "investigating", "investigation_closed", "proposed",
    "notified", "approval", "decided", "served", "executing", "closed", "closed", "closed",
]  # fmt: skip


class QueryCounter:
    """Counts the SQL statements of one request (request_started resets queries_log, so
    CaptureQueriesContext cannot be used around a test-client request)."""

    def __init__(self) -> None:
        self.sql: list[str] = []
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        self.sql.append(sql)
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - start


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def fixtures():
    """Two agencies, a supervisor and an officer each, one party (idempotent)."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    groups = ensure_groups()
    domain, _ = EnforcementDomain.objects.get_or_create(
        code="food-safety", defaults={"name": "食品安全"}
    )
    agencies = []
    for i, (name, prefix) in enumerate(
        [("基准市市场监督管理局", "基市监"), ("对照市市场监督管理局", "对市监")]
    ):
        agency, _ = Agency.objects.get_or_create(
            name=name,
            defaults={"credit_code": f"BENCH{i:013d}", "doc_prefix": prefix, "short_name": prefix},
        )
        AgencySettings.objects.get_or_create(agency=agency)
        agencies.append(agency)
    officers = []
    for agency, (uname, role) in zip(
        agencies * 2,
        [
            ("bench_sup", Role.SUPERVISOR),
            ("bench_sup2", Role.SUPERVISOR),
            ("bench_off", Role.OFFICER),
            ("bench_off2", Role.OFFICER),
        ],
        strict=True,
    ):
        user, _ = User.objects.get_or_create(username=uname)
        user.groups.add(groups[role])
        officer, _ = Officer.objects.get_or_create(
            user=user, defaults={"agency": agency, "name": uname}
        )
        Certificate.objects.get_or_create(
            number=f"ZF-{uname}",
            defaults=dict(
                officer=officer,
                issuer="基准市人民政府",
                issued_on=date(2024, 1, 1),
                expires_on=date(2030, 1, 1),
                review_due_on=date(2030, 1, 1),
            ),
        )
        officers.append(officer)
    party, _ = Party.objects.get_or_create(
        id_type="resident_id",
        id_number=make_resident_id("11010119800101001"),
        defaults={"kind": "person", "name": "基准当事人"},
    )
    return agencies, officers, domain, party


def build(n: int, agencies, officers, domain, party, *, rebuild: bool) -> None:
    existing = Case.objects.count()
    if existing >= n and not rebuild:
        print(f"bench database already holds {existing:,} cases (use --rebuild to regenerate)")
        return
    t0 = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute("TRUNCATE cases_case CASCADE")
        # Secondary indexes (not those backing constraints) are dropped during the load
        # and rebuilt afterwards: building an index once is much faster than maintaining it.
        cur.execute(
            """
            SELECT i.indexname, i.indexdef FROM pg_indexes i
            WHERE i.tablename = 'cases_case' AND NOT EXISTS (
                SELECT 1 FROM pg_constraint c WHERE c.conindid = (quote_ident(i.indexname))::regclass)
            """
        )
        indexes = cur.fetchall()
        for name, _definition in indexes:
            cur.execute(f'DROP INDEX IF EXISTS "{name}"')
        states = "ARRAY[" + ",".join(f"'{s}'" for s in STATES) + "]"
        a1, a2 = agencies
        sup1, _sup2, off1, off2 = officers
        cur.execute(
            f"""
            INSERT INTO cases_case (
                agency_id, acting_agency_id, domain_id, violation_code, violation_name, title, facts,
                place, act_date, is_continuing, discovered_on, safety_related, is_major, procedure,
                state, state_changed_at, version, number, number_year, number_seq, source,
                source_detail, referring_body, registered_on, verification_due_on,
                verification_extended, verification_result, not_filed_reasons, filed_on,
                decision_due_on, is_overdue, lead_officer_id, primary_party_id, party_name, created_at
            )
            SELECT
                ag, ag, %(domain)s, 'FOOD-' || lpad(((i / 2) %% 40)::text, 3, '0'), '', '案件' || i, '',
                '基准市人民路' || (i %% 500) || '号', d - 20, false, d - 2, (i %% 50 = 0), (i %% 70 = 0),
                'general', st, now(), 0,
                CASE WHEN st IN ('lead', 'filing_review') THEN '' ELSE pre || '立〔' || extract(year from d)::int || '〕' || i || '号' END,
                CASE WHEN st IN ('lead', 'filing_review') THEN NULL ELSE extract(year from d)::int END,
                CASE WHEN st IN ('lead', 'filing_review') THEN NULL ELSE i END,
                'complaint', '', '', d - 5, d + 16, false, '', '',
                CASE WHEN st IN ('lead', 'filing_review') THEN NULL ELSE d END,
                CASE WHEN st IN ('lead', 'filing_review') THEN NULL ELSE d + 90 END,
                ((i / 2) %% 97 = 0), off, %(party)s, '当事人' || ((i / 2) %% 50000), now()
            FROM (
                SELECT i,
                       CASE WHEN i %% 2 = 0 THEN %(a1)s ELSE %(a2)s END AS ag,
                       CASE WHEN i %% 2 = 0 THEN %(p1)s ELSE %(p2)s END AS pre,
                       CASE WHEN i %% 2 = 0 THEN %(o1)s ELSE %(o2)s END AS off,
                       date '2022-01-01' + (i %% 1400) AS d,
                       ({states})[1 + (i / 2) %% {len(STATES)}] AS st
                FROM generate_series(1, %(n)s) AS i
            ) g
            """,
            {
                "domain": domain.pk,
                "party": party.pk,
                "a1": a1.pk,
                "a2": a2.pk,
                "p1": a1.doc_prefix,
                "p2": a2.doc_prefix,
                "o1": off1.pk,
                "o2": off2.pk,
                "n": n,
            },
        )
        t1 = time.perf_counter()
        for _name, definition in indexes:
            cur.execute(definition)
        t2 = time.perf_counter()
        cur.execute("ANALYZE cases_case")
    del sup1
    print(
        f"built {n:,} cases: insert {t1 - t0:.1f} s, indexes {t2 - t1:.1f} s, analyze {time.perf_counter() - t2:.1f} s"
    )


def time_page(client: Client, params: dict, n: int) -> dict:
    url = reverse("cases:case_list")
    client.get(url, params)  # warm-up
    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        r = client.get(url, params)
    sql_ms = []
    for _ in range(min(n, 50)):
        timer = QueryCounter()
        with connection.execute_wrapper(timer):
            client.get(url, params)
        sql_ms.append(timer.seconds * 1000)
    assert r.status_code == 200, r.status_code
    html = r.content.decode()
    rows = html.count('<td><a href="/cases/')
    found = re.search(r'[?&]after=([^"&]+)', html)
    samples = []
    for _ in range(n):
        t = time.perf_counter()
        resp = client.get(url, params)
        samples.append((time.perf_counter() - t) * 1000)
        assert resp.status_code == 200
    return {
        "p50": statistics.median(samples),
        "p95": percentile(samples, 0.95),
        "queries": len(counter.sql),
        "sql_p50": statistics.median(sql_ms),
        "count_queries": sum("COUNT(" in q.upper() for q in counter.sql),
        "rows": rows,
        "next": unquote(found.group(1)) if found else None,
    }


def main() -> None:
    call_command("migrate", verbosity=0)
    with transaction.atomic():
        agencies, officers, domain, party = fixtures()
    build(ARGS.cases, agencies, officers, domain, party, rebuild=ARGS.rebuild)
    total = Case.objects.count()
    sup = officers[0].user
    client = Client()
    client.force_login(sup)
    visible = Case.objects.visible_to(sup)
    print(
        f"cases in database: {total:,}; visible to the supervisor: ~{total // 2:,} (agency {agencies[0].name})"
    )
    print(f"load average before: {os.getloadavg()[0]:.2f} (2 cores)")
    print(
        f"{'scenario':40} {'p50 ms':>7} {'p95 ms':>7} {'SQL ms':>7} {'queries':>7} {'COUNT':>5} {'rows':>5}"
    )
    first = time_page(client, {}, ARGS.n)
    scenarios = [
        ("first page (50, newest first)", {}),
        ("page size 200", {"size": 200}),
        ("next page (keyset cursor)", {"after": first["next"]}),
        ("filter state=investigating", {"state": "investigating"}),
        ("filter overdue", {"overdue": "on"}),
        ("sort by decision deadline", {"sort": "due"}),
        ("search party name '当事人4242'", {"q": "当事人4242"}),
        ("search case number '〕778号'", {"q": "〕778号"}),
        (
            "filter violation + filed dates",
            {"violation": "FOOD-007", "filed_from": "2024-01-01", "filed_to": "2024-06-30"},
        ),
    ]
    del visible
    for label, params in scenarios:
        res = first if not params else time_page(client, params, ARGS.n)
        print(
            f"{label:40} {res['p50']:7.1f} {res['p95']:7.1f} {res['sql_p50']:7.1f} {res['queries']:7d} "
            f"{res['count_queries']:5d} {res['rows']:5d}"
        )
    print(
        f"load average after: {os.getloadavg()[0]:.2f}; SQL ms = time inside the database driver per page (p50)"
    )


if __name__ == "__main__":
    main()

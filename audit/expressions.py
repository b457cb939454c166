"""Database expressions of the audit explorer's action-prefix filter.

Action codes are namespaced (`cases.case.filed`). The explorer filters by an app
(`cases`) or an object (`cases.case`); a `LIKE 'cases.%'` range cannot be walked in `seq`
order, so at ten million events a rare prefix either scans the whole sequence index or
sorts every match. Instead, the first one and the first two parts of the code are
indexed as expressions, each followed by `seq` (migration 0004), and the filter compares
the same expressions: an equality on an index that ends in `seq`, like every other
filter of the explorer.

The SQL text of the expression must be identical in the index and in the query for
PostgreSQL to use the index, hence fixed templates without parameters. SQLite gets an
equivalent built from `substr`/`instr` (it has no `split_part`).
"""

from __future__ import annotations

from django.db.models import CharField, Func


class ActionApp(Func):
    """`cases` of `cases.case.filed`."""

    template = "split_part(%(expressions)s, '.', 1)"
    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            template="substr(%(expressions)s, 1, instr(%(expressions)s || '.', '.') - 1)",
            **extra_context,
        )


class ActionObject(Func):
    """`cases.case` of `cases.case.filed` (codes have at least two parts)."""

    template = "(split_part(%(expressions)s, '.', 1) || '.' || split_part(%(expressions)s, '.', 2))"
    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            template=(
                "substr(%(expressions)s, 1, instr(%(expressions)s || '.', '.')"
                " + instr(substr(%(expressions)s || '..', instr(%(expressions)s || '.', '.') + 1),"
                " '.') - 1)"
            ),
            **extra_context,
        )

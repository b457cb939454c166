"""PostgreSQL only: trigram indexes so that the case list's search (number or party name,
`icontains` → `UPPER(col::text) LIKE UPPER('%…%')`) stays fast with a million cases.

Creating the pg_trgm extension needs the privilege to do so; without it the search still
works, only without these indexes (a warning is printed)."""

from django.db import migrations, transaction

INDEXES = {
    "cases_case_number_trgm": "number",
    "cases_case_party_name_trgm": "party_name",
}


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except Exception as exc:  # noqa: BLE001 - optional speed-up
        print(f"\n  cases: pg_trgm not available ({exc}); search runs without trigram indexes")
        return
    for name, column in INDEXES.items():
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS {name} ON cases_case USING gin (UPPER("{column}"::text) gin_trgm_ops)'
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("cases", "0004_overdue_index")]

    operations = [migrations.RunPython(forwards, backwards)]

"""Create the role groups of DESIGN.md (core.roles.Role)."""

from django.db import migrations

ROLES = [
    "officer",
    "supervisor",
    "legal_reviewer",
    "legal_office",
    "agency_admin",
    "system_admin",
    "security_admin",
    "audit_admin",
]


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]

"""Make the audit log append-only in the database itself, and create the chain head."""

from django.db import migrations

from aqyl.core import audit_triggers
from aqyl.core.audit_chain import GENESIS_HASH


def add_triggers(apps, schema_editor):
    audit_triggers.install(schema_editor.connection)


def drop_triggers(apps, schema_editor):
    audit_triggers.remove(schema_editor.connection)


def create_head(apps, schema_editor):
    apps.get_model("core", "AuditChainHead").objects.get_or_create(
        pk=1, defaults={"last_seq": 0, "last_hash": GENESIS_HASH}
    )


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [
        migrations.RunPython(add_triggers, drop_triggers),
        migrations.RunPython(create_head, migrations.RunPython.noop),
    ]

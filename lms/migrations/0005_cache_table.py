"""The database cache's table (settings.CACHES, "lms_cache") is made by migrating.

Without it, `manage.py migrate` alone left every command that touches the cache (the demo
load, page-cache refresh on publish, rate limits) failing on "no such table: lms_cache".
`createcachetable` skips tables that exist and caches that are not database caches (Redis
in production), so this is idempotent and harmless there; reversing leaves the table, which
holds nothing that must outlive it.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("lms", "0004_bangla_menu_and_footer")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]

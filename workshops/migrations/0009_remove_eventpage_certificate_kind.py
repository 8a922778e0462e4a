"""Which certificate an event gives is kept by the certificates app (its EventCertificate,
filled from this column by its migration 0004, which runs before this one)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("workshops", "0008_history_and_queue"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="eventpage",
            name="certificate_kind",
        ),
    ]

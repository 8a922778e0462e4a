"""Attendance marks carry their session's batch, so reports count them per batch from one
index. Existing marks take it from their session; on PostgreSQL a foreign key on
(session, batch) keeps the two in step."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery

FOREIGN_KEY = "attendance_batch_is_sessions"


def fill_batch(apps, schema_editor):
    Attendance = apps.get_model("workshops", "Attendance")
    Session = apps.get_model("workshops", "Session")
    Attendance.objects.filter(batch=None).update(
        batch=Subquery(Session.objects.filter(pk=OuterRef("session")).values("batch")[:1])
    )


def add_foreign_key(apps, schema_editor):
    # SQLite cannot add a constraint to an existing table; there only Session.clean and
    # Session.save keep the rule (queryset update() gets past them).
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"ALTER TABLE workshops_attendance ADD CONSTRAINT {FOREIGN_KEY} "
        "FOREIGN KEY (session_id, batch_id) REFERENCES workshops_session (id, batch_id) "
        "DEFERRABLE INITIALLY DEFERRED"
    )


def drop_foreign_key(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"ALTER TABLE workshops_attendance DROP CONSTRAINT IF EXISTS {FOREIGN_KEY}"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("workshops", "0006_rank_name_bn"),
    ]

    operations = [
        migrations.AddField(
            model_name="attendance",
            name="batch",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="attendance_marks",
                to="workshops.batch",
                verbose_name="batch",
            ),
        ),
        migrations.RunPython(fill_batch, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="attendance",
            name="batch",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="attendance_marks",
                to="workshops.batch",
                verbose_name="batch",
            ),
        ),
        migrations.AddIndex(
            model_name="attendance",
            index=models.Index(
                condition=models.Q(status__in=["present", "late"]),
                fields=["batch", "participant"],
                name="attendance_attended_per_batch",
            ),
        ),
        migrations.AddConstraint(
            model_name="session",
            constraint=models.UniqueConstraint(fields=("id", "batch"), name="session_in_one_batch"),
        ),
        migrations.RunPython(add_foreign_key, drop_foreign_key),
    ]

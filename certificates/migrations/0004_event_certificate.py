"""Which certificate an event gives moves from workshops' EventPage.certificate_kind to
certificates' EventCertificate (a child of the event page), keeping every event's value.

Runs before workshops removes the column (run_before), so workshops' migrations need not
know about certificates.
"""

import django.db.models.deletion
import modelcluster.fields
from django.db import migrations, models


def copy_from_event_pages(apps, schema_editor):
    EventPage = apps.get_model("workshops", "EventPage")
    EventCertificate = apps.get_model("certificates", "EventCertificate")
    EventCertificate.objects.bulk_create(
        EventCertificate(page_id=page_id, kind=kind)
        for page_id, kind in EventPage.objects.values_list("pk", "certificate_kind")
    )


def copy_back_to_event_pages(apps, schema_editor):
    EventPage = apps.get_model("workshops", "EventPage")
    EventCertificate = apps.get_model("certificates", "EventCertificate")
    for page_id, kind in EventCertificate.objects.values_list("page_id", "kind"):
        EventPage.objects.filter(pk=page_id).update(certificate_kind=kind)


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0003_credentials"),
        ("workshops", "0007_attendance_batch"),
    ]
    run_before = [("workshops", "0009_remove_eventpage_certificate_kind")]

    operations = [
        migrations.CreateModel(
            name="EventCertificate",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("", "No certificate"),
                            ("attendance", "Attendance"),
                            ("completion", "Completion"),
                            ("trainer", "Trainer"),
                        ],
                        default="attendance",
                        max_length=20,
                        verbose_name="certificate",
                    ),
                ),
                (
                    "page",
                    modelcluster.fields.ParentalKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="certificate_given",
                        to="workshops.eventpage",
                        verbose_name="event",
                    ),
                ),
            ],
            options={
                "verbose_name": "certificate of the event",
                "verbose_name_plural": "certificates of the events",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("page",), name="event_certificate_one_per_event"
                    )
                ],
            },
        ),
        migrations.RunPython(copy_from_event_pages, copy_back_to_event_pages),
    ]

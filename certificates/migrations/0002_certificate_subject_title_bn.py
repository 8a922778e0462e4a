from django.db import migrations, models


def fill_bangla_titles(apps, schema_editor):
    """Certificates issued before the field existed get the title of their event's or
    course's live Bangla page, where there is one (as issuing now would capture it)."""
    Certificate = apps.get_model("certificates", "Certificate")
    Page = apps.get_model("wagtailcore", "Page")
    subject_ids = set(Certificate.objects.values_list("event_id", flat=True))
    subject_ids |= set(Certificate.objects.values_list("course_id", flat=True))
    subject_ids.discard(None)
    keys = dict(Page.objects.filter(pk__in=subject_ids).values_list("pk", "translation_key"))
    titles = dict(
        Page.objects.filter(
            translation_key__in=keys.values(), locale__language_code="bn", live=True
        ).values_list("translation_key", "title")
    )
    for page_id, key in keys.items():
        if key in titles:
            Certificate.objects.filter(
                models.Q(event_id=page_id) | models.Q(course_id=page_id), subject_title_bn=""
            ).update(subject_title_bn=titles[key])


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0001_initial"),
        ("wagtailcore", "0094_alter_page_locale"),
    ]

    operations = [
        migrations.AddField(
            model_name="certificate",
            name="subject_title_bn",
            field=models.CharField(blank=True, max_length=255, verbose_name="for (Bangla)"),
        ),
        migrations.RunPython(fill_bangla_titles, migrations.RunPython.noop, elidable=True),
    ]

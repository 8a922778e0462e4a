from django.conf import settings
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """A certificate's history shares lms.history.HistoryEntry: `by` and `at` become
    `changed_by` and `changed_at`, as in the nominations' and attendance's histories."""

    dependencies = [
        ("certificates", "0005_course_page"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField(model_name="certificateevent", old_name="at", new_name="changed_at"),
        migrations.RenameField(model_name="certificateevent", old_name="by", new_name="changed_by"),
        migrations.AlterModelOptions(
            name='certificateevent',
            options={'ordering': ['changed_at', 'pk'], 'verbose_name': 'certificate history entry', 'verbose_name_plural': 'certificate history'},
        ),
        migrations.AlterField(
            model_name='certificateevent',
            name='changed_at',
            field=models.DateTimeField(auto_now_add=True, verbose_name='changed at'),
        ),
        migrations.AlterField(
            model_name='certificateevent',
            name='changed_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='changed by'),
        ),
        migrations.AlterField(
            model_name='certificateevent',
            name='reason',
            field=models.CharField(blank=True, max_length=255, verbose_name='reason'),
        ),
    ]

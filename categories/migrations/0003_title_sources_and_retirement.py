"""Where each title comes from (published, written by the project team and awaiting review, reviewed
or corrected by staff), who checked them and when, and when a code left the shipped list (retired).

Existing rows start as written by the project team, awaiting review; 0004 loads the shipped files,
which say which titles were published."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('categories', '0002_category_content_type'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='category',
            name='retired_at',
            field=models.DateTimeField(blank=True, help_text='When the shipped list stopped having this code. A retired code stays where it is used, and cannot be chosen again.', null=True, verbose_name='retired on'),
        ),
        migrations.AddField(
            model_name='category',
            name='title_en_source',
            field=models.CharField(choices=[('published', 'published source'), ('awaiting_review', 'written by the project team, awaiting review'), ('reviewed', 'reviewed by staff'), ('corrected', 'corrected by staff')], default='awaiting_review', max_length=20, verbose_name='source of the English title'),
        ),
        migrations.AddField(
            model_name='category',
            name='title_zh_source',
            field=models.CharField(choices=[('published', 'published source'), ('awaiting_review', 'written by the project team, awaiting review'), ('reviewed', 'reviewed by staff'), ('corrected', 'corrected by staff')], default='awaiting_review', max_length=20, verbose_name='source of the Chinese title'),
        ),
        migrations.AddField(
            model_name='category',
            name='titles_checked_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='titles checked on'),
        ),
        migrations.AddField(
            model_name='category',
            name='titles_checked_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='titles checked by'),
        ),
        migrations.AddConstraint(
            model_name='category',
            constraint=models.CheckConstraint(condition=models.Q(('title_en_source__in', ['published', 'awaiting_review', 'reviewed', 'corrected']), ('title_zh_source__in', ['published', 'awaiting_review', 'reviewed', 'corrected'])), name='category_title_sources_known'),
        ),
        migrations.AddConstraint(
            model_name='category',
            constraint=models.CheckConstraint(condition=models.Q(('titles_checked_at__isnull', False), models.Q(('title_en_source__in', ['reviewed', 'corrected']), ('title_zh_source__in', ['reviewed', 'corrected']), _connector='OR', _negated=True), _connector='OR'), name='category_checked_titles_have_a_time'),
        ),
    ]

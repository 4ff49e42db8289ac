"""Descriptions and titles stored before every way in cleaned them (notices.markup.clean_description,
one-line titles in notices.publishing) get their stored form.

Only the rows that may need it are read (a description with "<", "&" or a carriage return; a title
with a line break, a tab, two spaces or a space at either end), by keyset pages of BATCH ids, each
page written in its own transaction with one bulk UPDATE of the rows that changed (their updated_at
moves, so that the API's harvesters fetch them again). The migration is not atomic as a whole: at a
million notices it does not hold one transaction for minutes, and run again after an interruption it
carries on where it stopped (a cleaned row is no longer changed)."""

from django.db import migrations, transaction
from django.db.models import Q
from django.utils import timezone

from notices.markup import clean_description

BATCH = 1000


def candidates(Notice):
    description = Q(description__contains="<") | Q(description__contains="&")
    description |= Q(description__contains="\r")
    title = Q(title__contains="\n") | Q(title__contains="\r") | Q(title__contains="\t")
    title |= Q(title__contains="  ") | Q(title__startswith=" ") | Q(title__endswith=" ")
    return Notice.objects.filter(description | title).order_by("pk")


def clean(apps, schema_editor):
    Notice = apps.get_model("notices", "Notice")
    last = 0
    while True:
        page = list(candidates(Notice).filter(pk__gt=last).only("pk", "title", "description")[:BATCH])
        if not page:
            return
        last = page[-1].pk
        now = timezone.now()
        changed = []
        for notice in page:
            title, description = " ".join(notice.title.split()), clean_description(notice.description)
            if (title, description) != (notice.title, notice.description):
                notice.title, notice.description, notice.updated_at = title, description, now
                changed.append(notice)
        with transaction.atomic():
            Notice.objects.bulk_update(changed, ["title", "description", "updated_at"])


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("notices", "0021_names_refuse_formulas")]

    operations = [migrations.RunPython(clean, migrations.RunPython.noop)]

"""The demo notices of seed_demo: a few hundred realistic notices, some in Chinese, idempotent."""

import pytest
from django.core.management import call_command

from notices.demo import seed_notices
from notices.models import Amendment, Notice, NoticeStatus

pytestmark = pytest.mark.django_db


def test_seed_demo_loads_a_few_hundred_varied_notices_once(settings, capsys):
    settings.DEBUG = True

    call_command("seed_demo")
    out = capsys.readouterr().out

    assert "Demo notices: 300 created." in out
    assert Notice.objects.count() == 300
    assert Notice.objects.filter(title__regex=r"[\u4e00-\u9fff]").count() > 20
    statuses = set(Notice.objects.values_list("status", flat=True))
    assert {NoticeStatus.PUBLISHED, NoticeStatus.AWARDED} <= statuses
    assert Amendment.objects.exists()
    assert all(n.categories.exists() for n in Notice.objects.all()[:20])
    assert seed_notices() == 0, "a second run adds nothing"
    assert Notice.objects.count() == 300

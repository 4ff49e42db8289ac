"""The supplier's workspace in a real browser, in English and in Chinese: from the home page, sign in
and land on it; on to the sustainability assessment its next step names, back by the breadcrumb, then
to a notice they follow. Each page is checked with axe and at phone width."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from notices.alerts.models import Follow
from notices.models import Amendment
from suppliers.models import SupplierStatus
from tests.e2e.walking import sign_in, start, words
from tests.factories import UserFactory
from tests.notices.factories import NoticeFactory, make_alert
from tests.suppliers.factories import SupplierFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_supplier_lands_on_the_workspace_and_walks_from_it(page, live_server, shoot, language):
    say = words(language)
    owner = UserFactory(email=f"chen-{language}@example.cn", language=language)
    SupplierFactory(owner=owner, status=SupplierStatus.APPROVED, submitted_at=timezone.now())
    notice = NoticeFactory(
        title="Solar water pumps for refugee camps",
        deadline=timezone.now() + timedelta(days=3),
    )
    Follow.objects.create(user=owner, notice=notice)
    Amendment.objects.create(notice=notice, number=1, note="Quantities corrected.")
    make_alert(owner, name="Pumps")

    start(page, live_server, language)
    sign_in(page, email=owner.email, language=language)

    page.wait_for_url(re.compile(r"/supplier/$"))
    main = page.get_by_role("main")
    assert main.get_by_role("heading", level=1).inner_text() == say("My workspace")
    assert say("Answer the sustainability assessment") in main.inner_text()
    assert "Quantities corrected." in main.inner_text()
    assert say("Closes this week") in main.inner_text()
    current = page.get_by_role("navigation", name=say("Main menu")).get_by_role(
        "link", name=say("My workspace"), exact=True
    )
    assert current.get_attribute("aria-current") == "page"
    shoot(f"{language}-workspace")

    # The next step leads to the assessment; its breadcrumb leads back.
    main.get_by_role("link", name=say("Open the assessment")).first.click()
    page.wait_for_url(re.compile(r"/supplier/assessment/$"))
    shoot(f"{language}-workspace-assessment")
    main.get_by_role("link", name=say("My workspace"), exact=True).click()
    page.wait_for_url(re.compile(r"/supplier/$"))

    # A notice they follow, with its deadline this week.
    main.get_by_role("link", name=notice.title).first.click()
    page.wait_for_url(re.compile(rf"/notices/{notice.pk}/$"))
    assert say("Stop following") in main.inner_text()

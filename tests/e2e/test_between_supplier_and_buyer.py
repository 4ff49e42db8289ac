"""A company's team and the buyer, in three real browsers, in English and in Chinese, starting at
the home page and clicking: the owner of an approved company invites a colleague as an editor from
the team page; the colleague opens the invitation's link, signs in and accepts it, finds an open
notice by searching, expresses the company's interest with a note and asks a clarification question;
the owner sees the interest in the workspace and follows the notice; program staff find the question
from the publishing area and publish it, reworded, with its answer; both colleagues hear of the
answer by e-mail and read it on the notice's page; once the deadline has passed, staff record the
award to the company, found by its credit code, and it shows in the owner's workspace."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone, translation

from notices.award_models import Award
from notices.forms import AnswerForm, AnswerHow, AwardForm, InterestForm, QuestionForm
from notices.interest_models import Interest, Question, QuestionStatus
from notices.models import Notice
from suppliers.models import Membership, SupplierStatus, TeamRole
from suppliers.team_forms import ROLE_CHOICES, InviteForm
from tests.e2e.steps import new_page, shooter, success
from tests.e2e.walking import (
    click_nav,
    field,
    follow_link_in,
    labelled,
    last_mail_to,
    sign_in,
    start,
    words,
)
from tests.factories import PASSWORD, ProgramStaffFactory, UserFactory
from tests.notices.factories import AgencyFactory, NoticeFactory
from tests.suppliers.factories import SupplierFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = "Rainwater tanks for rural schools"
QUESTION = "Our company Fuzhou Bamboo can deliver in June: may the tanks be 2,000 litres?"
PUBLISHED = "May the tanks hold 2,000 litres?"
ANSWER = "Yes: tanks of 2,000 to 3,000 litres are accepted."


def invite_a_colleague(page, *, email, language, shoot):
    """From the workspace: "Team", the invitation form filled by its labels, "Send the invitation"."""
    say = words(language)
    on = {"language": language}
    page.get_by_role("main").get_by_role("link", name=say("Team"), exact=True).click()
    page.wait_for_url(re.compile(r"/supplier/team/$"))
    shoot(f"{language}-between-team")
    with translation.override(language):
        editor = str(dict(ROLE_CHOICES)[TeamRole.EDITOR.value])
    field(page, InviteForm, "email", **on).fill(email)
    field(page, InviteForm, "role", **on).select_option(label=editor)
    field(page, InviteForm, "language", **on).select_option(language)
    page.get_by_role("main").get_by_role("button", name=say("Send the invitation")).click()
    assert email in success(page)
    invitations = page.get_by_role("region", name=say("Invitations waiting"))
    assert email in invitations.inner_text()


def accept_the_invitation(page, *, email, company, language, shoot):
    """The invitation's link, "Sign in" there, the form, back to the invitation: "Accept"."""
    say = words(language)
    with translation.override(language):
        name = company.display_name
    invitation = last_mail_to(email)
    assert invitation.subject == say(
        "You are invited to join %(company)s on the UN Supplier Portal", company=name
    ), "in the language the owner chose"
    follow_link_in(page, invitation, r"/supplier/team/join/")
    shoot(f"{language}-between-invitation")
    page.get_by_role("main").get_by_role("link", name=say("Sign in"), exact=True).click()
    page.wait_for_url(re.compile(r"/accounts/login/"))
    page.get_by_label(say("Email"), exact=True).fill(email)
    page.get_by_label(say("Password"), exact=True).fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name=say("Sign in"), exact=True).click()
    page.wait_for_url(re.compile(r"/supplier/team/join/[^/]+/$"))
    page.get_by_role("button", name=say("Accept the invitation")).click()
    page.wait_for_url(re.compile(r"/supplier/$"))
    assert say("You are on the team of %(company)s now.", company=name) in success(page)
    shoot(f"{language}-between-colleague-workspace")


def find_the_notice(page, *, notice, language, shoot):
    """Notices in the main menu, a keyword, the notice among the results."""
    say = words(language)
    click_nav(page, say("Notices"))
    search = page.get_by_role("search")
    search.get_by_label(labelled(say("Keywords"))).fill("rainwater")
    search.get_by_role("button", name=say("Search")).click()
    page.wait_for_url(re.compile(r"q=rainwater"))
    results = page.locator("#results")
    results.get_by_role("link", name=TITLE).wait_for()
    shoot(f"{language}-between-search")
    results.get_by_role("link", name=TITLE).click()
    page.wait_for_url(re.compile(rf"/notices/{notice.pk}/$"))
    shoot(f"{language}-between-notice")


def express_interest_and_ask(page, *, notice, language, shoot):
    """On the notice's page: a note, "Express interest"; "Ask a clarification question", the
    question, "Send the question"."""
    say = words(language)
    on = {"language": language}
    interest = page.get_by_role("complementary", name=say("Interest and questions"))
    field(interest, InterestForm, "note", **on).fill("Lots 1 and 3.")
    interest.get_by_role("button", name=say("Express interest")).click()
    assert say("Your interest is recorded, and you follow the notice.") in success(page)
    interest = page.get_by_role("complementary", name=say("Interest and questions"))
    assert say("Your company has expressed interest in this notice.") in interest.inner_text()

    interest.get_by_role("link", name=say("Ask a clarification question")).click()
    page.wait_for_url(re.compile(rf"/notices/{notice.pk}/questions/$"))
    shoot(f"{language}-between-ask")
    field(page, QuestionForm, "text", **on).fill(QUESTION)
    page.get_by_role("main").get_by_role("button", name=say("Send the question")).click()
    assert say("Your question is sent to program staff.") in success(page)
    asked = page.get_by_role("region", name=say("Your questions on this notice"))
    assert QUESTION in asked.inner_text()
    shoot(f"{language}-between-asked")


def staff_publish_the_answer(page, *, notice, language, shoot):
    """Publishing in the main menu, the notice, "Clarification questions": the question reworded,
    the answer, "Send the answer"."""
    say = words(language)
    on = {"language": language}
    click_nav(page, say("Publishing"))
    page.wait_for_url(re.compile(r"/staff/notices/$"))
    page.get_by_role("main").get_by_role("link", name=TITLE).click()
    page.wait_for_url(re.compile(rf"/staff/notices/{notice.pk}/$"))
    page.get_by_role("main").get_by_role("link", name=say("Clarification questions")).click()
    page.wait_for_url(re.compile(rf"/staff/notices/{notice.pk}/questions/$"))
    shoot(f"{language}-between-staff-questions")
    question = page.locator(".question").filter(has_text=QUESTION)
    with translation.override(language):
        publish = str(AnswerHow.PUBLISH.label)
    question.get_by_label(publish).check()
    field(question, AnswerForm, "published_text", **on).fill(PUBLISHED)
    field(question, AnswerForm, "answer", **on).fill(ANSWER)
    question.get_by_role("button", name=say("Send the answer")).click()
    assert say("The answer is sent.") in success(page)
    assert PUBLISHED in page.locator(".question").filter(has_text=QUESTION).inner_text()


def read_the_answer(page, *, email, notice, language, shoot, name):
    """The answer's e-mail, in the reader's language; its link, the notice's page with it."""
    say = words(language)
    message = last_mail_to(email)
    assert message.subject == say("Clarification answered: %(title)s", title=TITLE)
    assert ANSWER in message.body
    assert QUESTION not in message.body, "the asker's own words stay with staff"
    follow_link_in(page, message, rf"/notices/{notice.pk}/")
    answers = page.get_by_role("region", name=say("Clarification questions and answers"))
    assert PUBLISHED in answers.inner_text() and ANSWER in answers.inner_text()
    assert QUESTION not in page.inner_text("main")
    shoot(f"{language}-between-{name}")


def staff_record_the_award(page, *, notice, company, language, shoot):
    """Publishing, the notice, "Record the award": the company by its credit code, the value, the
    date; "Record the award"."""
    say = words(language)
    on = {"language": language}
    click_nav(page, say("Publishing"))
    page.wait_for_url(re.compile(r"/staff/notices/$"))
    page.get_by_role("main").get_by_role("link", name=TITLE).click()
    page.wait_for_url(re.compile(rf"/staff/notices/{notice.pk}/$"))
    page.get_by_role("main").get_by_role("link", name=say("Record the award")).click()
    page.wait_for_url(re.compile(rf"/staff/notices/{notice.pk}/award/$"))
    field(page, AwardForm, "registered_supplier", **on).fill(company.registration_number)
    field(page, AwardForm, "value", **on).fill("48000")
    field(page, AwardForm, "currency", **on).fill("USD")
    field(page, AwardForm, "awarded_on", **on).fill(timezone.localdate().isoformat())
    shoot(f"{language}-between-staff-award")
    page.get_by_role("main").get_by_role("button", name=say("Record the award")).click()
    page.wait_for_url(re.compile(rf"/staff/notices/{notice.pk}/$"))
    assert say("The award is recorded.") in success(page)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_team_and_the_buyer_talk_about_a_notice(page, browser, live_server, shoot, language):
    say = words(language)
    owner = UserFactory(email=f"wang-{language}@example.cn", language=language)
    colleague = UserFactory(email=f"zhao-{language}@example.cn", language=language)
    company = SupplierFactory(
        owner=owner,
        legal_name="Fuzhou Bamboo Co., Ltd.",
        legal_name_local="福州竹业有限公司",
        status=SupplierStatus.APPROVED,
        submitted_at=timezone.now(),
    )
    notice = NoticeFactory(
        agency=AgencyFactory(acronym="UNICEF", name_en="UNICEF", name_zh="联合国儿童基金会"),
        title=TITLE,
        description="Ten tanks of 1,500 litres, delivered and installed.",
        deadline=timezone.now() + timedelta(days=20),
        clarification_deadline=timezone.now() + timedelta(days=10),
    )

    # The owner invites a colleague as an editor from the workspace's team page.
    start(page, live_server, language)
    sign_in(page, email=owner.email, language=language)
    page.wait_for_url(re.compile(r"/supplier/$"))
    shoot(f"{language}-between-owner-workspace")
    invite_a_colleague(page, email=colleague.email, language=language, shoot=shoot)

    # The colleague accepts it from the e-mail, in a browser of their own.
    colleague_page = new_page(browser, language=language)
    colleague_shoot = shooter(colleague_page)
    accept_the_invitation(
        colleague_page,
        email=colleague.email,
        company=company,
        language=language,
        shoot=colleague_shoot,
    )
    assert Membership.objects.get(supplier=company, user=colleague).role == TeamRole.EDITOR

    # The colleague finds the notice, expresses the company's interest, asks a question.
    find_the_notice(colleague_page, notice=notice, language=language, shoot=colleague_shoot)
    express_interest_and_ask(
        colleague_page, notice=notice, language=language, shoot=colleague_shoot
    )
    assert Interest.objects.get(notice=notice).note == "Lots 1 and 3."

    # The owner's workspace lists the company's interest; the owner follows the notice from it.
    click_nav(page, say("My workspace"))
    interests = page.get_by_role("region", name=say("Notices your company is interested in"))
    interests.get_by_role("link", name=TITLE).wait_for()
    shoot(f"{language}-between-owner-interests")
    interests.get_by_role("link", name=TITLE).click()
    page.wait_for_url(re.compile(rf"/notices/{notice.pk}/$"))
    interest = page.get_by_role("complementary", name=say("Interest and questions"))
    assert say("Your company has expressed interest in this notice.") in interest.inner_text()
    assert interest.get_by_role("button", name=say("Express interest")).count() == 0
    page.get_by_role("button", name=say("Follow"), exact=True).click()
    page.get_by_role("button", name=say("Stop following")).wait_for()

    # Staff publish the question, reworded, with its answer.
    staff = ProgramStaffFactory(email=f"staff-{language}@example.org", language=language)
    staff_page = new_page(browser, language=language)
    start(staff_page, live_server, language)
    sign_in(staff_page, email=staff.email, language=language)
    staff_publish_the_answer(
        staff_page, notice=notice, language=language, shoot=shooter(staff_page)
    )
    question = Question.objects.get(notice=notice)
    assert question.status == QuestionStatus.PUBLISHED and question.text == QUESTION

    # Both colleagues hear of it and read it on the notice's page.
    read_the_answer(
        colleague_page,
        email=colleague.email,
        notice=notice,
        language=language,
        shoot=colleague_shoot,
        name="colleague-answer",
    )
    read_the_answer(
        page, email=owner.email, notice=notice, language=language, shoot=shoot, name="owner-answer"
    )

    # The deadline passes; staff record the award to the company, found by its credit code.
    passed = timezone.now() - timedelta(hours=1)
    Notice.objects.filter(pk=notice.pk).update(
        clarification_deadline=passed - timedelta(days=1), deadline=passed
    )
    staff_record_the_award(
        staff_page, notice=notice, company=company, language=language, shoot=shooter(staff_page)
    )
    award = Award.objects.get(notice=notice)
    assert award.supplier_id == company.pk and award.supplier_name == company.legal_name

    # The owner's workspace shows the contract the company won.
    click_nav(page, say("My workspace"))
    won = page.get_by_role("region", name=say("Contracts your company has won"))
    won.get_by_role("link", name=TITLE).wait_for()
    assert "48,000.00" in won.inner_text() or "48000.00" in won.inner_text()
    shoot(f"{language}-between-owner-award")
    colleague_page.context.close()
    staff_page.context.close()

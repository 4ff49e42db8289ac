"""Who may see which notice: the one access helper of the notices app."""

from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.roles import is_program_staff
from notices.models import Amendment, Notice, NoticeStatus
from notices.ocds_enquiries import PUBLISHED_QUESTIONS

PAGE_RELATIONS = [
    "categories",
    "countries",
    "attachments",
    "awards",
    Prefetch(
        "amendments", queryset=Amendment.objects.order_by("-number").prefetch_related("changes")
    ),
    PUBLISHED_QUESTIONS,  # the published clarification questions, `published_answers`
]


def notice_for_page(pk: int) -> Notice:
    """A notice with everything its page shows, in a fixed number of queries."""
    notices = Notice.objects.select_related("agency").prefetch_related(*PAGE_RELATIONS)
    return get_object_or_404(notices, pk=pk)


def with_page_relations(notice: Notice) -> Notice:
    """The notice with everything its page shows (read now, in a fixed number of queries)."""
    prefetch_related_objects([notice], *PAGE_RELATIONS)
    return notice


def visible_notice_or_404(user, pk: int, *, relations: bool = True) -> Notice:
    """Published (open, closed, cancelled, awarded) notices are public; drafts exist only for
    program staff, and are a 404 to everyone else, as if they did not exist. Without `relations`,
    the notice and its agency only (see with_page_relations)."""
    notice = (
        notice_for_page(pk)
        if relations
        else get_object_or_404(Notice.objects.select_related("agency"), pk=pk)
    )
    if notice.status == NoticeStatus.DRAFT and not is_program_staff(user):
        raise Http404
    return notice

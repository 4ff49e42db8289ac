"""Who may see which notice: the one access helper of the notices app."""

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404

from notices.models import Amendment, Notice, NoticeStatus
from portal.roles import is_program_staff


def notice_for_page(pk: int) -> Notice:
    """A notice with everything its page shows, in a fixed number of queries."""
    notices = Notice.objects.select_related("agency").prefetch_related(
        "categories",
        "countries",
        "attachments",
        "awards",
        Prefetch(
            "amendments",
            queryset=Amendment.objects.order_by("-number").prefetch_related("changes"),
        ),
    )
    return get_object_or_404(notices, pk=pk)


def visible_notice_or_404(user, pk: int) -> Notice:
    """Published (open, closed, cancelled, awarded) notices are public; drafts exist only for
    program staff, and are a 404 to everyone else, as if they did not exist."""
    notice = notice_for_page(pk)
    if notice.status == NoticeStatus.DRAFT and not is_program_staff(user):
        raise Http404
    return notice

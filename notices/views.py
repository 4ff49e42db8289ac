"""Public pages of the notices: the list and search, a notice, its documents and calendar file,
following, the RSS feed (feeds.py); the open-data API is in api_views.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.roles import is_program_staff
from categories.unspsc import category_titles, retired_among
from core.downloads import private_download
from notices import caching, calendar, filters, following, interest, questions
from notices.access import visible_notice_or_404, with_page_relations
from notices.documents import CONTENT_TYPES
from notices.models import Attachment, NoticeStatus
from notices.search import COUNT_CAP, FACET_SAMPLE, MAX_PAGES

FOLLOWED_PER_PAGE = 25


def _is_partial(request) -> bool:
    """An htmx request for the results only (a history restore wants the whole page)."""
    return bool(request.htmx) and not request.htmx.history_restore_request


@require_GET
def notice_list(request):
    """The search: its filters and results are one fragment, cached per query (notices.caching);
    an htmx request gets the results alone."""
    partial = _is_partial(request)
    template = "notices/_results.html" if partial else "notices/_search.html"

    def render_fragment() -> str:
        results = filters.search_results(
            request.GET, page=request.GET.get("page"), category_picker=not partial
        )
        context = {
            "results": results,
            "count_cap": COUNT_CAP,
            "max_pages": MAX_PAGES,
            "facet_sample": FACET_SAMPLE,
        }
        return render_to_string(template, context, request=request)

    fragment = caching.cached_fragment(request, template, render_fragment)
    if partial:
        response = HttpResponse(fragment)
    else:
        response = render(request, "notices/list.html", {"search": mark_safe(fragment)})  # noqa: S308  # nosec B308 B703 - rendered by the template engine
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_GET
def notice_detail(request, pk):
    """A notice's page: its body from the cache when it is public (notices.caching), the follow
    panel for this reader."""
    notice = visible_notice_or_404(request.user, pk, relations=False)

    def render_body() -> str:
        context = body_context(with_page_relations(notice))
        return render_to_string("notices/_notice_body.html", context, request=request)

    body = caching.cached_notice_body(notice, render_body) if notice.is_public else render_body()
    context = {
        "notice": notice,
        "body": mark_safe(body),  # noqa: S308  # nosec B308 B703 - rendered by the template engine
        "is_following": following.is_following(notice, user=request.user),
        **dialogue_context(notice, user=request.user),
    }
    return render(request, "notices/detail.html", context)


def dialogue_context(notice, *, user) -> dict:
    """The notice page's panel of interest and questions, for this reader: how many companies are
    interested (and which, when the notice lists them), their company's interest, whether questions are
    taken. Never who else is interested unless listed, never anyone's questions."""
    company = interest.company_of(user)
    count, own = interest.interest_summary(notice, user=user, company=company)
    return {
        "interest_count": count,
        "own_interest": own,
        # A viewer of a company's account reads its interest but does not change it.
        "may_act": company is None or company.may_act,
        "interested_names": interest.public_names(notice),
        "takes_questions": questions.takes_questions(notice),
        # Staff answer questions and see who is interested: the panel offers them neither form.
        "reader_is_staff": is_program_staff(user),
    }


def body_context(notice) -> dict:
    """What the body of a notice's page shows (the staff preview shows the same)."""
    codes = [c.code for c in notice.categories.all()]
    return {
        "notice": notice,
        "category_titles": category_titles(codes),
        "retired_codes": retired_among(codes),
    }


def notice_page_context(request, notice) -> dict:
    """What the notice page shows, for the staff preview (which renders the body itself)."""
    return {
        **body_context(notice),
        "is_following": following.is_following(notice, user=request.user),
    }


@require_GET
def notice_calendar(request, pk):
    notice = visible_notice_or_404(request.user, pk)
    if notice.deadline is None:
        raise Http404
    url = request.build_absolute_uri(notice.get_absolute_url())
    response = HttpResponse(
        calendar.ics_for(notice, url=url, now=timezone.now()),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="notice-{notice.pk}.ics"'
    return response


@require_GET
def document(request, pk, document_pk):
    """A tender document, for whoever may see its notice; a draft's documents are kept by no cache."""
    notice = visible_notice_or_404(request.user, pk, relations=False)
    attachment = get_object_or_404(Attachment, pk=document_pk, notice_id=pk)
    return private_download(
        attachment.file,
        filename=attachment.original_name,
        content_type=CONTENT_TYPES.get(attachment.kind, "application/octet-stream"),
        public=notice.is_public,
    )


@login_required
@require_POST
def follow(request, pk):
    notice = visible_notice_or_404(request.user, pk)
    if notice.status == NoticeStatus.DRAFT:
        raise Http404
    following.follow(notice, user=request.user)
    messages.success(request, _("You follow this notice: you will hear of its amendments."))
    return redirect(notice)


@login_required
@require_POST
def unfollow(request, pk):
    notice = visible_notice_or_404(request.user, pk)
    following.unfollow(notice, user=request.user)
    messages.success(request, _("You no longer follow this notice."))
    return back_or(request, notice)


def back_or(request, default):
    """Back to the page the form names in `next` (the workspace, the list of followed notices)
    when it is on this site; to `default` otherwise."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(default)


@login_required
@require_GET
def followed(request):
    """/notices/following/: every notice the user follows, open ones first, a page at a time."""
    notices = Paginator(following.followed_notices(request.user), FOLLOWED_PER_PAGE)
    context = {"page": notices.get_page(request.GET.get("page"))}
    return render(request, "notices/following.html", context)

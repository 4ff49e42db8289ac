"""RSS of the newest published notices; it honours the list's filter parameters."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from notices.filters import NoticeFilter
from notices.markup import description_text
from notices.search import public_notices
from notices.updates import Update, updates_of

FEED_SIZE = 50


class NoticeFeed(Feed):
    feed_type = Rss201rev2Feed

    def get_object(self, request, *args, **kwargs):
        return request.GET

    def title(self, params):
        return _("UN procurement notices")

    def link(self, params):
        query = params.urlencode()
        return reverse("notices:list") + (f"?{query}" if query else "")

    def description(self, params):
        return _("The newest procurement notices of UN agencies on the UN Supplier Portal.")

    def items(self, params):
        notices = NoticeFilter(params, queryset=public_notices()).qs
        return notices.order_by("-published_at", "-id").prefetch_related("categories")[:FEED_SIZE]

    def item_title(self, notice):
        return f"{notice.title} ({notice.agency.acronym})"

    def item_description(self, notice):
        text = Truncator(description_text(notice.description)).words(60)
        parts = [
            f"{notice.agency.name_en} · {notice.get_notice_type_display()} · {notice.reference}"
        ]
        if notice.deadline:
            deadline = notice.deadline_in_agency_time
            parts.append(
                _("Deadline: %(deadline)s (%(zone)s)")
                % {
                    "deadline": deadline.strftime("%Y-%m-%d %H:%M"),
                    "zone": notice.deadline_time_zone,
                }
            )
        parts.append(text)
        return "\n".join(part for part in parts if part)

    def item_link(self, notice):
        return notice.get_absolute_url()

    def item_pubdate(self, notice):
        return notice.published_at

    def item_updateddate(self, notice):
        return notice.updated_at

    def item_categories(self, notice):
        return [category.code for category in notice.categories.all()]


class NoticeUpdatesFeed(Feed):
    """RSS of one published notice's updates (notices.updates): amendments, published answers,
    the cancellation, the award. For a supplier who follows a tender in a feed reader rather than
    by e-mail."""

    feed_type = Rss201rev2Feed

    def get_object(self, request, pk):
        return get_object_or_404(public_notices(), pk=pk)

    def title(self, notice):
        return _("Updates: %(title)s") % {"title": notice.title}

    def link(self, notice):
        return notice.get_absolute_url()

    def description(self, notice):
        return _(
            "Amendments, answers to clarification questions, cancellation and award of "
            "%(reference)s (%(agency)s)."
        ) % {"reference": notice.reference, "agency": notice.agency.acronym}

    def items(self, notice):
        self.notice = notice
        return updates_of(notice)

    def item_title(self, update: Update):
        return update.title

    def item_description(self, update: Update):
        return update.text

    def item_link(self, update: Update):
        return f"{self.notice.get_absolute_url()}#{update.kind}"

    def item_guid(self, update: Update):
        return f"{self.notice.get_absolute_url()}#{update.key}"

    item_guid_is_permalink = False

    def item_pubdate(self, update: Update):
        return update.at

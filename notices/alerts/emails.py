"""The alert e-mails a supplier receives: one function builds each message from its outbox row.

Every message is multipart (text and HTML), in the recipient's language and time zone, says why the
notice was sent, and carries one-click unsubscription (RFC 8058, see notices.alerts.unsubscribe) for what caused it.
"""

import copy
from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils.html import escape

from accounts.emails import (
    build_message,
    greeting_names,
    message_of,
    render_fragment,
    render_message,
)
from categories.unspsc import categories_around, nearest_listed
from notices.alerts import unsubscribe
from notices.alerts.models import Alert, AlertDelivery, DeliveryKind, Follow

TEMPLATES = {
    DeliveryKind.NEW_NOTICE: "alert_new",
    DeliveryKind.AMENDMENT: "alert_amendment",
    DeliveryKind.CANCELLATION: "alert_cancellation",
    DeliveryKind.REMINDER: "alert_reminder",
}


def categories_for(deliveries: list[AlertDelivery]) -> dict:
    """The categories the deliveries' reasons name, for alert_message (one query for a batch)."""
    return categories_around(
        {d.matched_prefix.ljust(8, "0") for d in deliveries if d.matched_prefix}
    )


def matched_category(delivery: AlertDelivery, categories: dict) -> dict | None:
    """The notice's code that fell under the alert's category, and that category (its title is read
    in the recipient's language, as the e-mail is rendered)."""
    prefix = delivery.matched_prefix
    if not prefix:
        return None
    codes = sorted(c.code for c in delivery.notice.categories.all() if c.code.startswith(prefix))
    return {
        "code": codes[0] if codes else "",
        "prefix": prefix,
        "category": nearest_listed(prefix.ljust(8, "0"), categories),
    }


def list_headers(unsubscribe_url: str) -> dict:
    """RFC 2369 / 8058 headers: one-click unsubscription and the list's identity."""
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return {
        "List-Unsubscribe": f"<{unsubscribe_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": f"UN Supplier Portal alerts <alerts.{host}>",
    }


def unsubscribe_url(delivery: AlertDelivery) -> str:
    return unsubscribe.url_of(unsubscribe.token_for(delivery))


def followed_notices(deliveries: list[AlertDelivery]) -> set[tuple[int, int]]:
    """(user id, notice id) of the deliveries without an alert whose recipient follows the notice
    (one query for a batch)."""
    pairs = {(d.user_id, d.notice_id) for d in deliveries if d.notice_id and not d.alert_id}
    if not pairs:
        return set()
    follows = Follow.objects.filter(
        user_id__in={user for user, _notice in pairs},
        notice_id__in={notice for _user, notice in pairs},
    )
    return set(follows.values_list("user_id", "notice_id")) & pairs


def reason_of(delivery: AlertDelivery, followed: set[tuple[int, int]]) -> str:
    """Why the recipient gets this e-mail, as it says: "alert" (their alert matched the notice; the
    e-mail names it), "follow" (they follow the notice), or "alerted" (an alert of theirs matched
    it, and was deleted since). `followed` comes from followed_notices(the batch)."""
    if delivery.alert_id:
        return "alert"
    if delivery.kind == DeliveryKind.REMINDER or (delivery.user_id, delivery.notice_id) in followed:
        return "follow"
    return "alerted"


def _alert_context(
    delivery: AlertDelivery, *, categories: dict, unsubscribe: str, reason: str
) -> dict:
    notice = delivery.notice
    return {
        "delivery": delivery,
        "reason": reason,
        "notice": notice,
        "notice_url": settings.SITE_URL + notice.get_absolute_url(),
        "matched_category": matched_category(delivery, categories),
        "unsubscribe_url": unsubscribe,
        "alerts_url": settings.SITE_URL + reverse("alerts:list"),
    }


# How the kinds of delivery that other apps write (a supplier's corrective-action reminder) are
# rendered: each app registers its function in its AppConfig.ready, so the pipeline needs no import
# of theirs. The function returns the message; the pipeline adds the unsubscription headers.
RENDERERS: dict[str, Callable] = {}


# The kinds whose e-mails are not a list that one may leave (a message from the contact page to
# program staff): sent as they are rendered, without one-click unsubscription.
UNLISTED: set[str] = set()


def register_renderer(kind: str, render: Callable) -> None:
    """`render(delivery)` builds the e-mail of an outbox row of `kind`."""
    RENDERERS[kind] = render


def register_unlisted_renderer(kind: str, render: Callable) -> None:
    """`render(delivery)` builds the e-mail of an outbox row of `kind`, which carries no
    unsubscription headers: a message to someone whose work it is to read it."""
    RENDERERS[kind] = render
    UNLISTED.add(kind)


def alert_message(delivery: AlertDelivery, *, categories: dict):
    """The e-mail of one delivery; `categories` comes from categories_for(the batch)."""
    if delivery.kind in UNLISTED:
        return RENDERERS[delivery.kind](delivery)
    url = unsubscribe_url(delivery)
    if delivery.kind in RENDERERS:
        message = RENDERERS[delivery.kind](delivery)
        message.extra_headers.update(list_headers(url))
        return message
    reason = reason_of(delivery, followed_notices([delivery]))
    return build_message(
        user=delivery.user,
        template=TEMPLATES[delivery.kind],
        context=_alert_context(delivery, categories=categories, unsubscribe=url, reason=reason),
        headers=list_headers(url),
    )


# Marks (Unicode private-use characters, which neither escaping nor translation touch) that stand
# for what differs between the recipients of one rendering: their name, their alert's name and
# their unsubscribe link.
NAME, ALERT_NAME, UNSUBSCRIBE = "\ue000name\ue000", "\ue000alert\ue000", "\ue000stop\ue000"


class AlertMessages:
    """The e-mails of a batch of deliveries. The recipients of one event who read the same language
    in the same time zone, and whose alerts matched for the same reason, get the same e-mail but for
    their name, their alert's name and their unsubscribe link: it is rendered once, with marks in
    their place, and each recipient's message is the rendering with the marks replaced (escaped
    for the HTML part). A notice changed since (`updated_at`) is rendered anew."""

    def __init__(self, deliveries: list[AlertDelivery]):
        self.categories = categories_for(deliveries)
        self.names = greeting_names({d.user_id: d.user for d in deliveries}.values())
        self.followed = followed_notices(deliveries)
        self.rendered: dict[tuple, tuple[str, str, str]] = {}

    def message(self, delivery: AlertDelivery):
        if delivery.kind in RENDERERS:
            return alert_message(delivery, categories=self.categories)
        user, notice = delivery.user, delivery.notice
        name = self.names.get(user.pk, "")
        reason = reason_of(delivery, self.followed)
        key = (
            delivery.kind,
            delivery.event,
            notice.pk,
            notice.updated_at,
            user.language,
            user.time_zone,
            delivery.matched_prefix,
            delivery.matched_country,
            reason,
            bool(name),
        )
        if key not in self.rendered:
            self.rendered[key] = self._render(delivery, reason=reason, named=bool(name))
        url = unsubscribe_url(delivery)
        alert_name = delivery.alert.name if delivery.alert_id else ""
        merged = []
        for part, escaped in zip(self.rendered[key], (False, False, True), strict=True):
            for mark, value in ((NAME, name), (ALERT_NAME, alert_name)):
                part = part.replace(mark, escape(value) if escaped else value)
            merged.append(part.replace(UNSUBSCRIBE, url))
        return message_of(user, tuple(merged), headers=list_headers(url))

    def _render(self, delivery: AlertDelivery, *, reason: str, named: bool) -> tuple[str, str, str]:
        shared = copy.copy(delivery)
        if delivery.alert_id is not None:
            shared.alert = Alert(name=ALERT_NAME)
        context = _alert_context(
            shared, categories=self.categories, unsubscribe=UNSUBSCRIBE, reason=reason
        )
        return render_message(
            template=TEMPLATES[delivery.kind],
            context={"greeting_name": NAME if named else "", **context},
            language=delivery.user.language,
            time_zone=delivery.user.time_zone,
        )


def digest_items(deliveries: list[AlertDelivery], *, cap: int) -> tuple[dict[str, list], int]:
    """The notices of a digest grouped by the alert that found them (newest first, as the rows
    come), each listed once with what the digest tells of it besides: the numbers of its amendments
    and whether it was cancelled (a change to a notice whose e-mail was still waiting travels in
    the same digest, see dispatch._audience_rows); the notice itself is shown as it is now. At most
    `cap` notices are listed; returns the groups and how many notices the digest has in all."""
    groups: dict[str, list] = {}
    items: dict[int, dict] = {}
    for delivery in deliveries:
        item = items.get(delivery.notice_id)
        if item is None:
            item = items[delivery.notice_id] = {
                "notice": delivery.notice,
                "url": settings.SITE_URL + delivery.notice.get_absolute_url(),
                "amendments": [],
                "cancelled": False,
            }
            if len(items) <= cap:
                groups.setdefault(delivery.alert.name if delivery.alert else "", []).append(item)
        if delivery.kind == DeliveryKind.AMENDMENT:
            item["amendments"].append(delivery.event)
        elif delivery.kind == DeliveryKind.CANCELLATION:
            item["cancelled"] = True
    return groups, len(items)


def digest_message(
    user,
    deliveries: list[AlertDelivery],
    *,
    frequency: str,
    cap: int,
    greeting: str | None = None,
    pieces: dict | None = None,
):
    """One e-mail with the notices of a daily or weekly digest, grouped by alert, newest first
    (`greeting`: the recipient's greeting name, when found for a batch). Each notice's entry is
    rendered once per language and time zone for the digests that share `pieces` (a batch's)."""
    groups, total = digest_items(deliveries, cap=cap)
    pieces = {} if pieces is None else pieces
    for items in groups.values():
        for item in items:
            item["text"], item["html"] = digest_piece(item, user=user, pieces=pieces)
    alerts_url = settings.SITE_URL + reverse("alerts:list")
    unsubscribe_url = unsubscribe.url_of(unsubscribe.digest_token(user, frequency))
    return build_message(
        user=user,
        template="alert_digest",
        context={
            "frequency": frequency,
            "unsubscribe_url": unsubscribe_url,
            "groups": groups,
            "total": total,
            "more": max(total - cap, 0),
            "log_url": settings.SITE_URL + reverse("alerts:log"),
            "alerts_url": alerts_url,
        },
        headers=list_headers(unsubscribe_url),
        greeting=greeting,
    )


def digest_piece(item: dict, *, user, pieces: dict) -> tuple[str, str]:
    """A notice's entry in a digest (text, HTML) for readers of the user's language and time zone,
    taken from `pieces` or rendered into it. The notice as loaded for the batch: a notice changed
    since comes with another `updated_at`, and is rendered anew."""
    notice = item["notice"]
    key = (
        notice.pk,
        notice.updated_at,
        tuple(item["amendments"]),
        item["cancelled"],
        user.language,
        user.time_zone,
    )
    if key not in pieces:
        pieces[key] = render_fragment(
            template="_digest_item",
            context={"item": item},
            language=user.language,
            time_zone=user.time_zone,
        )
    return pieces[key]

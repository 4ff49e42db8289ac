"""The public pages' fragments, cached: the filters and results of /notices/ for a query, and the
body of a notice's page.

Rendering the search (its count, its page, the facets, twenty cards and a form with hundreds of
options) costs far more than the database's part of it, and most readers ask the same few queries
(the default list, a segment, a country). The rendered fragment is the same for every reader of one
language and time zone (it holds no user data and no CSRF token: the form is a GET), so it is
cached under the query, the language, the time zone (and whether it is the reader's own, which the
page calls "your time zone", or the visitors' default) and a version of the notices.

Any save or deletion of a notice through the ORM bumps the version (signals in apps.py), so that a
published, amended or cancelled notice shows at once; the timeout (NOTICES_PAGE_CACHE_SECONDS, 60 s
by default; 0 turns the cache off) bounds what nothing signals: a deadline passing, a bulk load.
When a fragment expires, one reader renders it again while the others are served the expired copy
for that long (no stampede of every worker rendering the same page at once); a changed version is
a new key, never served from an older copy.

With a read replica (core.replica), a fragment read from it is kept apart from one read from the
primary (a reader who just wrote must not get a fragment the replica rendered), and is kept at all
only once the replica has replayed the last change of a notice: the change's commit bumps the
version again and records the primary's log position, which the replica must have reached. A
fragment rendered from a replica still behind is served to its reader but not kept, so that no
reader gets it from the cache once the replica has caught up.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone, translation

from accounts.time_zones import zone_is_readers_own
from core import replica

VERSION_KEY = "notices:version"
POSITION_KEY = "notices:primary-position"
IGNORED_PARAMS = {"_"}  # cache busters some clients add
# An expired fragment is kept this many times its timeout, to serve while one reader re-renders it
# (at most RENDER_LOCK_SECONDS: a renderer that dies lets the next reader take over).
STALE_FACTOR = 5
RENDER_LOCK_SECONDS = 10


def version() -> int:
    value = cache.get(VERSION_KEY)
    if value is None:
        cache.add(VERSION_KEY, 1, None)
        value = cache.get(VERSION_KEY, 1)
    return value


def notices_changed(*, using=None, **kwargs) -> None:
    """Signal receiver: every cached fragment of the search is out of date; with a replica, again
    once the change is committed, and only kept from the replica once it has replayed it."""
    _bump_version()
    if replica.replica_in_use():
        transaction.on_commit(_committed, using=using)


def _bump_version() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not set yet (or evicted): start a new series
        cache.set(VERSION_KEY, 2, None)


def _committed() -> None:
    cache.set(POSITION_KEY, replica.primary_position(), None)
    _bump_version()


def _worth_keeping() -> bool:
    """Whether a fragment rendered now may be kept: always from the primary; from the replica
    once it has replayed the last committed change of a notice."""
    if replica.reads_from() != replica.REPLICA:
        return True
    return replica.replica_has_replayed(cache.get(POSITION_KEY))


def _key(kind: str, *identity) -> str:
    """A key of the notices' current version for what is rendered from `identity`, in the
    reader's language and time zone."""
    zone = (timezone.get_current_timezone_name(), zone_is_readers_own())
    identity = (*identity, translation.get_language(), zone, replica.reads_from())
    digest = hashlib.sha256(repr(identity).encode()).hexdigest()
    return f"notices:{kind}:{version()}:{digest}"


def _through_cache(key: str, render) -> str:
    """The fragment under `key`, rendered once per NOTICES_PAGE_CACHE_SECONDS however many readers
    ask for it at the moment it expires: the first takes a short lock (`cache.add`) and renders,
    the others are served the copy that has just expired, which is kept STALE_FACTOR times longer
    for that. Without such a copy (the first rendering, a changed version) each renders its own."""
    timeout = settings.NOTICES_PAGE_CACHE_SECONDS
    if timeout <= 0:
        return render()
    kept, lock = cache.get(key), f"{key}:renderer"
    if not isinstance(kept, tuple):  # none, or a bare fragment kept before the stale copies
        kept = None
    if kept is not None:
        fresh_until, html = kept
        if time.time() < fresh_until or not cache.add(lock, 1, RENDER_LOCK_SECONDS):
            return html  # fresh, or another reader is rendering it: the copy that just expired
    html = render()
    if _worth_keeping():
        cache.set(key, (time.time() + timeout, html), timeout * STALE_FACTOR)
    if kept is not None:
        cache.delete(lock)
    return html


def fragment_key(request, template: str) -> str:
    params = sorted(
        (name, sorted(request.GET.getlist(name)))
        for name in request.GET
        if name not in IGNORED_PARAMS
    )
    return _key("fragment", template, params)


def cached_fragment(request, template: str, render) -> str:
    """The fragment `render()` returns, from the cache when this query was rendered lately."""
    return _through_cache(fragment_key(request, template), render)


def cached_notice_body(notice, render) -> str:
    """The body of a public notice's page (everything but the follow panel, which is the reader's),
    from the cache when it was rendered lately for this language and time zone. The notice's own
    row is read on every view; its documents, awards, amendments, categories and countries only
    when the body is rendered. Its `updated_at` is in the key, besides the notices' version."""
    return _through_cache(_key("body", notice.pk, notice.updated_at.isoformat()), render)

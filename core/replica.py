"""Reads of the public read-only pages from a streaming read replica, everything else from the
primary (portal/settings/replica.py configures the `replica` database from DATABASE_REPLICA_URL;
unset, none of this runs and every query goes to the primary, as before).

The rules, in the order they are checked:

1. Everything is read from the primary, but in a view marked `reads_from_replica` (the notice list,
   a notice's page, the RSS feed, the open-data API) answering a GET or HEAD, while the replica
   answers (when it does not, the page reads from the primary and a warning is logged).
2. Even there, only the models of the apps in REPLICA_APPS are read from the replica: sessions,
   users, second factors and the like always come from the primary, so that a user who just signed
   in is never taken for a visitor.
3. Every write goes to the primary, and once a request has written, its later reads do too; so do
   reads inside a transaction on the primary.
4. Read your writes: a response to a request that wrote, or to any POST (PUT, PATCH, DELETE),
   carries a signed cookie for READ_YOUR_WRITES_SECONDS; while it lasts the reader's requests read
   from the primary only. A member of staff who publishes a notice, or a supplier who follows one,
   sees it at once; other readers see it once the replica has replayed it.

Celery tasks and management commands never enter a marked view: they read from the primary.
"""

import contextvars
import functools
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db import DatabaseError, connections

logger = logging.getLogger(__name__)

PRIMARY = "default"
REPLICA = "replica"
ROUTER = f"{__name__}.ReplicaRouter"
COOKIE = "portal_primary"
_SALT = f"{__name__}.read-your-writes"
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


@dataclass
class _Request:
    """What the router knows of the request being answered."""

    replica_allowed: bool = False
    wrote: bool = False


_current: contextvars.ContextVar[_Request | None] = contextvars.ContextVar(
    "portal_replica_request", default=None
)


def replica_in_use() -> bool:
    """Whether reads may go to a replica at all (the router is installed)."""
    return ROUTER in settings.DATABASE_ROUTERS


def reads_from() -> str:
    """The database this request's reads of the replica's apps go to now."""
    state = _current.get()
    if state is None or not state.replica_allowed or state.wrote:
        return PRIMARY
    if connections[PRIMARY].in_atomic_block:
        return PRIMARY
    return REPLICA


class ReplicaRouter:
    """Rules 1 to 3 of the module's docstring. Migrations run on the primary only: the replica
    receives their effect by streaming."""

    def db_for_read(self, model, **hints):
        if model._meta.app_label not in settings.REPLICA_APPS:
            return PRIMARY
        return reads_from()

    def db_for_write(self, model, **hints):
        state = _current.get()
        if state is not None:
            state.wrote = True
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same rows on both

    def allow_migrate(self, db, app_label, **hints):
        return db == PRIMARY


def wrote_lately(request) -> bool:
    """Whether the reader's read-your-writes cookie is there and still fresh."""
    try:
        request.get_signed_cookie(COOKIE, salt=_SALT, max_age=settings.READ_YOUR_WRITES_SECONDS)
    except (KeyError, signing.BadSignature):
        return False
    return True


def reads_from_replica(view):
    """Mark a view whose GET and HEAD may read from the replica (rule 1), unless its reader wrote
    lately (rule 4)."""

    @functools.wraps(view)
    def marked(request, *args, **kwargs):
        state = _current.get()
        if state is not None and request.method in ("GET", "HEAD") and replica_in_use():
            state.replica_allowed = not wrote_lately(request) and replica_answers()
        return view(request, *args, **kwargs)

    return marked


def replica_answers() -> bool:
    """Whether the replica can be reached (connected, or its kept connection healthy). When it
    cannot, the page reads from the primary: a replica down slows the pages, never stops them."""
    try:
        with connections[REPLICA].cursor():
            return True
    except DatabaseError as error:
        logger.warning("The read replica does not answer; reading from the primary: %s", error)
        return False


class ReadYourWritesMiddleware:
    """Follows each request's writes for the router, and sets the read-your-writes cookie on the
    response to a request that wrote or was not a safe method (rule 4). Without a replica it
    does nothing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not replica_in_use():
            return self.get_response(request)
        state = _Request()
        token = _current.set(state)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        if state.wrote or request.method not in _SAFE_METHODS:
            response.set_signed_cookie(
                COOKIE,
                "1",
                salt=_SALT,
                max_age=settings.READ_YOUR_WRITES_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response


# --- Where the replica stands -----------------------------------------------------------------------


def primary_position() -> str:
    """The primary's current write-ahead log position: every transaction committed so far lies
    before it."""
    with connections[PRIMARY].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()::text")
        return cursor.fetchone()[0]


def replica_has_replayed(position: str | None) -> bool:
    """Whether the replica has replayed the primary's log up to `position` (None: nothing asked)."""
    if position is None:
        return True
    with connections[REPLICA].cursor() as cursor:
        cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [position])
        return bool(cursor.fetchone()[0])

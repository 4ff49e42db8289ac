"""Alert routes (AlertRoute): the matcher's first lookup, derived from the alerts and their owners.

An alert is routed while it may be sent: it is not paused, and its owner is reachable (active, with
a confirmed primary address that is not suppressed; `reachability.reachable_users`). Its rows say everything the
matcher asks of it, so that the alerts fitting a notice come out of one index range.

The rows follow what they are derived from: `route_users` rewrites a user's rows when one of their
alerts is saved, paused or resumed, and when the user, their addresses or a suppression change
(the receivers of notices.alerts.receivers, for the changes that allauth and the admin make). `rebuild_routes`
rewrites them all, every night, so that a bulk update that went around the signals is not wrong for
long; and the sender asks `reachability.reachable_users` again before it sends (sending.send_claimed).
"""

from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import QuerySet

from notices.alerts.models import (
    Alert,
    AlertAgency,
    AlertCategory,
    AlertCountry,
    AlertKeyword,
    AlertNoticeType,
    AlertRoute,
)
from notices.alerts.reachability import reachable_users

# The route's columns, in the order of the model's fields (and of _route_sql's SELECT).
_ROUTE_FIELDS = [field.name for field in AlertRoute._meta.concrete_fields if not field.primary_key]


def _route_sql(users_sql: str) -> str:
    """INSERT ... SELECT of the routes of the unpaused, undeleted alerts of the users `users_sql`
    selects."""
    q = connection.ops.quote_name
    t = {
        name: q(model._meta.db_table)
        for name, model in {
            "route": AlertRoute,
            "alert": Alert,
            "category": AlertCategory,
            "country": AlertCountry,
            "agency": AlertAgency,
            "type": AlertNoticeType,
            "keyword": AlertKeyword,
        }.items()
    }
    joined = "string_agg" if connection.vendor == "postgresql" else "group_concat"

    def listed(table: str, column: str) -> str:
        # ",CN,KE," (the order does not matter to the matcher); "" when the list is empty.
        return (
            f"COALESCE((SELECT ',' || {joined}(CAST(x.{column} AS TEXT), ',') || ',' "  # noqa: S608  # nosec B608
            f"FROM {t[table]} x WHERE x.alert_id = a.id), '')"
        )

    columns = ", ".join(q(AlertRoute._meta.get_field(name).column) for name in _ROUTE_FIELDS)
    return f"""
        INSERT INTO {t["route"]} ({columns})
        SELECT COALESCE(c.prefix, ''), a.id, a.user_id, a.frequency,
               {listed("country", "country")}, {listed("agency", "agency_id")},
               {listed("type", "notice_type")},
               EXISTS (SELECT 1 FROM {t["keyword"]} k WHERE k.alert_id = a.id),
               a.sme_friendly, a.women_owned_preference
        FROM {t["alert"]} a
        LEFT JOIN {t["category"]} c ON c.alert_id = a.id
        WHERE NOT a.is_paused AND a.deleted_at IS NULL AND a.user_id IN ({users_sql})
        ON CONFLICT DO NOTHING
    """  # noqa: S608  # nosec B608 (names come from the models, values are parameters)


def _write_routes(users: QuerySet) -> int:
    users_sql, params = users.values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(_route_sql(users_sql), params)
        return max(cursor.rowcount, 0)


@transaction.atomic
def route_users(user_ids: Iterable[int]) -> int:
    """Rewrite the routes of these users' alerts from what the alerts and users are now; returns
    the rows written."""
    user_ids = sorted(set(user_ids))
    if not user_ids:
        return 0
    AlertRoute.objects.filter(user_id__in=user_ids).delete()
    return _write_routes(reachable_users().filter(pk__in=user_ids))


@transaction.atomic
def rebuild_routes() -> int:
    """Rewrite every route (one DELETE, one INSERT ... SELECT); returns the rows written."""
    AlertRoute.objects.all().delete()
    return _write_routes(reachable_users())

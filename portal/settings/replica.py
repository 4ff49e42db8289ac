"""A streaming read replica of PostgreSQL for the public read-only pages (core/replica.py): set
DATABASE_REPLICA_URL and the notice list, a notice's page, the RSS feed and the open-data API read
from it; unset, there is no replica and every query goes to DATABASE_URL, as before."""

from portal.settings.environment import env

DATABASE_REPLICA_URL = env.str("DATABASE_REPLICA_URL", default="")
# After a request that wrote (or any POST), the reader's requests read from the primary for this
# many seconds, so that they see their own change: more than the replica's lag at its worst.
READ_YOUR_WRITES_SECONDS = env.int("READ_YOUR_WRITES_SECONDS", default=15)
# The apps whose tables the marked pages read from the replica; everything else (sessions, users,
# second factors) is always read from the primary.
REPLICA_APPS = ["notices", "categories"]
DATABASE_ROUTERS = ["core.replica.ReplicaRouter"] if DATABASE_REPLICA_URL else []


def replica_databases(default: dict) -> dict:
    """The `replica` database, connected as the primary is (options, connection reuse), or none.
    In tests it mirrors `default`: Django creates no test database for it and points it at the
    primary's test database by name, which the replica receives by streaming."""
    if not DATABASE_REPLICA_URL:
        return {}
    replica = env.db_url_config(DATABASE_REPLICA_URL)
    # A replica that does not answer is given up on within seconds (the page then reads from the
    # primary), unless the URL says otherwise (?connect_timeout=...).
    options = {"connect_timeout": 3, **default.get("OPTIONS", {}), **replica.get("OPTIONS", {})}
    return {
        "replica": {
            **replica,
            "OPTIONS": options,
            "CONN_MAX_AGE": default["CONN_MAX_AGE"],
            "CONN_HEALTH_CHECKS": True,
            "ATOMIC_REQUESTS": False,
            "TEST": {"MIRROR": "default"},
        }
    }

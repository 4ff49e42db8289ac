"""Model fields the apps share."""

from django.db import models
from django.db.models import Lookup


class TextArray(models.Field):
    """A list of short codes kept on a row for its indexes: `text[]` on PostgreSQL, where a GIN index
    serves `__overlaps` (any of the given codes, `&&`); an unused text column on SQLite, whose
    queries read the rows the list is derived from instead. Written by database triggers, never by
    the ORM (editable=False, and saving the row recomputes it)."""

    description = "A list of codes (PostgreSQL text[])"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("editable", False)
        kwargs.setdefault("null", True)
        super().__init__(*args, **kwargs)

    def db_type(self, connection):
        return "text[]" if connection.vendor == "postgresql" else "text"


@TextArray.register_lookup
class Overlaps(Lookup):
    """`codes__overlaps=["CN", "KE"]`: the row's list holds at least one of them (PostgreSQL)."""

    lookup_name = "overlaps"

    def get_db_prep_lookup(self, value, connection):
        return "%s", [list(value)]

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} && ({rhs})::text[]", [*lhs_params, *rhs_params]

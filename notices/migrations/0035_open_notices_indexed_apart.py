"""The keyword indexes of open notices alone (`Notice.maybe_open`), on PostgreSQL.

Most searches are of open notices, a few percent of the table: 40,841 of a million notices published
over two years. A common word's posting list in the whole table's GIN index is then twenty times
longer than the open notices need, and building its bitmap was most of a keyword search's time.

- `maybe_open` is set by a trigger on every INSERT and every UPDATE of the status or the deadline (or
  of the flag itself, so that nothing can set it wrong): true when the notice is published and its
  deadline is ahead. A notice only closes by its deadline passing, which writes nothing: until the
  sweep (`search.clear_closed_flags`) clears them, the flag also holds notices that closed since.
  It is never false for an open notice, so a search of open notices may read only flagged ones.
- The search vector and the title and reference trigram indexes get a partial copy `WHERE maybe_open`.
  No B-tree of the flagged deadlines for the sweep: the planner then read every flagged notice in
  deadline order to test its keywords one row at a time (70 ms for `q=equipment&country=KE`, where
  the keyword's bitmap takes a few); the sweep reads the flagged rows through a partial index.
"""

from django.db import migrations, models

FORWARD = r"""
CREATE OR REPLACE FUNCTION notices_notice_maybe_open() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- now() is the transaction's start: a deadline after it may still be ahead, never the reverse.
    NEW.maybe_open := NEW.status = 'published' AND NEW.deadline IS NOT NULL AND NEW.deadline > now();
    RETURN NEW;
END
$$;

CREATE TRIGGER notices_notice_maybe_open
    BEFORE INSERT OR UPDATE OF status, deadline, maybe_open
    ON notices_notice FOR EACH ROW EXECUTE FUNCTION notices_notice_maybe_open();

UPDATE notices_notice SET maybe_open = true WHERE status = 'published' AND deadline > now();

CREATE INDEX notice_open_search_vector_gin ON notices_notice USING gin (search_vector)
    WHERE maybe_open;
CREATE INDEX notice_open_title_trgm ON notices_notice
    USING gin ((upper((title)::text)) gin_trgm_ops) WHERE maybe_open;
CREATE INDEX notice_open_reference_trgm ON notices_notice
    USING gin ((upper((reference)::text)) gin_trgm_ops) WHERE maybe_open;
"""

BACKWARD = r"""
DROP INDEX IF EXISTS notice_open_reference_trgm;
DROP INDEX IF EXISTS notice_open_title_trgm;
DROP INDEX IF EXISTS notice_open_search_vector_gin;
DROP TRIGGER IF EXISTS notices_notice_maybe_open ON notices_notice;
DROP FUNCTION IF EXISTS notices_notice_maybe_open();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("notices", "0034_outbox_waiting_rows_indexed_apart")]

    operations = [
        migrations.AddField(
            model_name="notice",
            name="maybe_open",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.RunPython(forward, backward),
    ]

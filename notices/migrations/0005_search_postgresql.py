"""Full-text and substring search on PostgreSQL (nothing on SQLite, where search is a plain match).

- `search_vector` is maintained by a trigger rather than by the Python code that writes notices: every
  path that writes a row (the ORM, bulk_create, bulk_update, the admin, the importer, a COPY load for the
  benchmarks, a hand-written UPDATE) then keeps it right, and a reader can't forget it. The weights are
  title A, reference and agency B, description C, in the 'english' configuration (stemming: "vehicles"
  finds "vehicle"). Renaming an agency refreshes its notices' vectors.
- pg_trgm indexes on the title and the reference serve Chinese text and partial words (`icontains`,
  which Django writes as UPPER(col::text) LIKE UPPER(...), hence the expression indexes).
"""

from django.db import migrations

FORWARD = r"""
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE OR REPLACE FUNCTION notices_notice_search_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A')
        || setweight(to_tsvector('english', coalesce(NEW.reference, '') || ' ' || coalesce((
            SELECT a.acronym || ' ' || a.name_en || ' ' || a.name_zh
            FROM notices_agency a WHERE a.id = NEW.agency_id), '')), 'B')
        || setweight(to_tsvector('english', coalesce(NEW.description, '')), 'C');
    RETURN NEW;
END
$$;

CREATE TRIGGER notices_notice_search_vector
    BEFORE INSERT OR UPDATE OF title, reference, description, agency_id, search_vector
    ON notices_notice FOR EACH ROW EXECUTE FUNCTION notices_notice_search_vector();

CREATE OR REPLACE FUNCTION notices_agency_renamed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- Setting the column fires the notice trigger above, which recomputes it.
    UPDATE notices_notice SET search_vector = NULL WHERE agency_id = NEW.id;
    RETURN NULL;
END
$$;

CREATE TRIGGER notices_agency_renamed
    AFTER UPDATE OF acronym, name_en, name_zh ON notices_agency FOR EACH ROW
    WHEN (OLD.acronym IS DISTINCT FROM NEW.acronym OR OLD.name_en IS DISTINCT FROM NEW.name_en
          OR OLD.name_zh IS DISTINCT FROM NEW.name_zh)
    EXECUTE FUNCTION notices_agency_renamed();

UPDATE notices_notice SET search_vector = NULL;

CREATE INDEX notice_search_vector_gin ON notices_notice USING gin (search_vector);
CREATE INDEX notice_title_trgm ON notices_notice USING gin ((upper((title)::text)) gin_trgm_ops);
CREATE INDEX notice_reference_trgm ON notices_notice USING gin ((upper((reference)::text)) gin_trgm_ops);
"""

BACKWARD = r"""
DROP INDEX IF EXISTS notice_reference_trgm;
DROP INDEX IF EXISTS notice_title_trgm;
DROP INDEX IF EXISTS notice_search_vector_gin;
DROP TRIGGER IF EXISTS notices_agency_renamed ON notices_agency;
DROP FUNCTION IF EXISTS notices_agency_renamed();
DROP TRIGGER IF EXISTS notices_notice_search_vector ON notices_notice;
DROP FUNCTION IF EXISTS notices_notice_search_vector();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("notices", "0004_notices")]

    operations = [migrations.RunPython(forward, backward)]

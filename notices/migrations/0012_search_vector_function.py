"""The search vector as one SQL function (PostgreSQL only), shared by the trigger and by bulk loads.

The trigger of migrations 0005/0009 computed the vector inline, row by row, with a sub-query for the
agency. Bulk loads (bench/load.py, and any future import of a whole year of notices) want to compute
it set-wise instead: COPY into a staging table, then one INSERT ... SELECT joining the agencies, with
the trigger off. Both paths now call `notices_search_vector(title, reference, agency, description)`,
so that they can't drift apart. The bigrams of Chinese (migration 0009) are computed only for a
text that has Chinese characters: the regular expression behind them was a quarter of the cost of
every English notice's vector. The vector itself is unchanged (title A, reference and agency B,
description C; Chinese also as overlapping bigrams), so nothing is recomputed.
"""

from django.db import migrations

FORWARD = r"""
CREATE OR REPLACE FUNCTION notices_search_vector(
    title text, reference text, agency text, description text
) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT setweight(to_tsvector('english', coalesce(title, '')), 'A')
        || CASE WHEN title ~ '[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]'
                THEN setweight(to_tsvector('simple', notices_cjk_bigrams(title)), 'A')
                ELSE ''::tsvector END
        || setweight(to_tsvector('english', coalesce(reference, '') || ' ' || coalesce(agency, '')), 'B')
        || setweight(to_tsvector('english', coalesce(description, '')), 'C')
        || CASE WHEN description ~ '[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]'
                THEN setweight(to_tsvector('simple', notices_cjk_bigrams(description)), 'C')
                ELSE ''::tsvector END
$$;

CREATE OR REPLACE FUNCTION notices_agency_text(agency_id bigint) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT a.acronym || ' ' || a.name_en || ' ' || a.name_zh FROM notices_agency a WHERE a.id = agency_id
$$;

CREATE OR REPLACE FUNCTION notices_notice_search_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector := notices_search_vector(
        NEW.title, NEW.reference, notices_agency_text(NEW.agency_id), NEW.description
    );
    RETURN NEW;
END
$$;
"""

BACKWARD = r"""
CREATE OR REPLACE FUNCTION notices_notice_search_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A')
        || setweight(to_tsvector('simple', notices_cjk_bigrams(NEW.title)), 'A')
        || setweight(to_tsvector('english', coalesce(NEW.reference, '') || ' ' || coalesce((
            SELECT a.acronym || ' ' || a.name_en || ' ' || a.name_zh
            FROM notices_agency a WHERE a.id = NEW.agency_id), '')), 'B')
        || setweight(to_tsvector('english', coalesce(NEW.description, '')), 'C')
        || setweight(to_tsvector('simple', notices_cjk_bigrams(NEW.description)), 'C');
    RETURN NEW;
END
$$;
DROP FUNCTION IF EXISTS notices_agency_text(bigint);
DROP FUNCTION IF EXISTS notices_search_vector(text, text, text, text);
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("notices", "0011_alert_matching_indexes")]

    operations = [migrations.RunPython(forward, backward)]

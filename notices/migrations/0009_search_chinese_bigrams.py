"""Chinese in the search vector, by overlapping pairs of characters (PostgreSQL only).

Chinese has no spaces between words, so the full-text parser sees a whole run of characters as one
"word" and a search for 医院 (hospital) could not find 为县级医院采购. Every run of CJK characters in the
title (weight A) and the description (weight C) is now also indexed as its overlapping bigrams
(医院 -> 为县 县级 级医 医院 院采 采购), and a Chinese search term becomes the phrase of its bigrams
('医院', or '太阳' <-> '阳能' for 太阳能): one lookup in the same GIN index, for titles and descriptions
alike, however short the term. The trigram indexes stay for partial Latin words and single characters.
"""

from django.db import migrations

FORWARD = r"""
CREATE OR REPLACE FUNCTION notices_cjk_bigrams(input text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(string_agg(substr(run.parts[1], i, 2), ' ' ORDER BY run.n, i), '')
    FROM regexp_matches(coalesce(input, ''), '[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+', 'g')
         WITH ORDINALITY AS run(parts, n),
         generate_series(1, greatest(char_length(run.parts[1]) - 1, 1)) AS i
$$;

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

UPDATE notices_notice SET search_vector = NULL;
"""

BACKWARD = r"""
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

UPDATE notices_notice SET search_vector = NULL;
DROP FUNCTION IF EXISTS notices_cjk_bigrams(text);
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("notices", "0008_notice_published_index")]

    operations = [migrations.RunPython(forward, backward)]

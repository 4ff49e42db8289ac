"""The search's filters and the title's words in its keyword index, on PostgreSQL: one GIN index
finds a keyword, a category, a country, an agency and a type together.

A search with a keyword and filters ANDed one bitmap per index: every entry of each was decoded and
put in a bitmap of its own before the bitmaps were intersected (an agency's 62,000 notices, a
category's 170,000), or the keyword was tested on every row the filters' bitmaps left
(`q=management&agency=UNDP&status=any&category=4111`: 10,313 rows read for 5,092 matches, 68 ms).
A multicolumn GIN index intersects its keys while it reads them, stepping past the entries the
rarest key does not reach, and builds one bitmap of the matches alone (docs/performance.md,
"2026-12-06 (session 4)"). btree_gin gives GIN the agency's key and the type.

A word is also found as a part of the title (notices.keywords): by the title's trigrams, nine long
posting lists for `procurement`, decoded whatever the filters (42 ms of a 55 ms facet). A word
without spaces is a part of the title exactly when it is a part of one of the title's words (split
at spaces): `title_words`, the title's distinct words upper-cased, is kept on the row by a trigger,
and every word ever written is kept in `notices_titleword`, trigram-indexed (a few thousand rows
where the titles are a million). The search looks up the words containing what is typed there,
then the notices holding any of them, in the same index as the filters (12 ms for the same facet).

- `notice_search_gin`: the search vector, the title's words, the category prefixes, the countries,
  the agency and the type; its copy for the notices that may be open (`maybe_open`, migration
  0035). A filter alone is read from it as from its own index before. It replaces the search
  vector's, the prefixes' and the countries' own indexes.
- The title's and the reference's trigram indexes stay, for a phrase (which has spaces) and for the
  staff's search of titles and references.
- `notices_titleword` never forgets a word: one no title holds any more finds no notice.
"""

from django.db import migrations

import core.fields

KEYS = "search_vector, title_words, prefix_codes, country_codes, agency_id, notice_type"

FORWARD = rf"""
CREATE EXTENSION IF NOT EXISTS btree_gin;
CREATE TABLE notices_titleword (word text PRIMARY KEY);
CREATE INDEX notices_titleword_trgm ON notices_titleword USING gin (word gin_trgm_ops);

CREATE OR REPLACE FUNCTION notices_title_words(title text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT ARRAY(
        SELECT DISTINCT word FROM regexp_split_to_table(upper(title), '[ \t\n\r\f\v]+') AS word
        WHERE word <> '' ORDER BY 1)
$$;

CREATE OR REPLACE FUNCTION notices_notice_title_words() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.title_words := notices_title_words(NEW.title);
    INSERT INTO notices_titleword (word) SELECT unnest(NEW.title_words) ON CONFLICT DO NOTHING;
    RETURN NEW;
END
$$;

UPDATE notices_notice SET title_words = notices_title_words(title);
INSERT INTO notices_titleword (word)
    SELECT DISTINCT unnest(title_words) FROM notices_notice ON CONFLICT DO NOTHING;

CREATE TRIGGER notices_notice_title_words
    BEFORE INSERT OR UPDATE OF title, title_words
    ON notices_notice FOR EACH ROW EXECUTE FUNCTION notices_notice_title_words();

CREATE INDEX notice_search_gin ON notices_notice USING gin ({KEYS});
CREATE INDEX notice_open_search_gin ON notices_notice USING gin ({KEYS}) WHERE maybe_open;
DROP INDEX notice_search_vector_gin;
DROP INDEX notice_open_search_vector_gin;
DROP INDEX notice_prefix_codes_gin;
DROP INDEX notice_country_codes_gin;
"""

BACKWARD = """
CREATE INDEX notice_search_vector_gin ON notices_notice USING gin (search_vector);
CREATE INDEX notice_open_search_vector_gin ON notices_notice USING gin (search_vector)
    WHERE maybe_open;
CREATE INDEX notice_country_codes_gin ON notices_notice USING gin (country_codes);
CREATE INDEX notice_prefix_codes_gin ON notices_notice USING gin (prefix_codes);
DROP INDEX notice_search_gin;
DROP INDEX notice_open_search_gin;
DROP TRIGGER notices_notice_title_words ON notices_notice;
DROP FUNCTION notices_notice_title_words();
DROP FUNCTION notices_title_words(text);
DROP TABLE notices_titleword;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("notices", "0041_notices_of_an_agency_newest_first")]

    # btree_gin is created here, on PostgreSQL only, and kept on the way back (as pg_trgm is, migration
    # 0005): Django's BtreeGinExtension asks pg_extension when unapplied, whatever the database.
    operations = [
        migrations.AddField(
            model_name="notice",
            name="title_words",
            field=core.fields.TextArray(editable=False, null=True),
        ),
        migrations.RunPython(forward, backward),
    ]

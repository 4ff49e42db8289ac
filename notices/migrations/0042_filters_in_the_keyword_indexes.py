"""The search's filters in its keyword indexes, on PostgreSQL: one GIN index finds a keyword, a
category, a country, an agency and a type together.

A search with a keyword and filters ANDed one bitmap per index: every entry of each was decoded and
put in a bitmap of its own before the bitmaps were intersected (an agency's 62,000 notices, a
category's 170,000), or the keyword was tested on every row the filters' bitmaps left
(`q=management&agency=UNDP&status=any&category=4111`: 10,313 rows read for 5,092 matches, 68 ms).
A multicolumn GIN index intersects its keys while it reads them, stepping past the entries the
rarest key does not reach, and builds one bitmap of the matches alone: the same search, 15 ms in
the index, 5,040 rows read, 39 ms (docs/performance.md, "2026-12-06 (session 4)"). btree_gin gives
GIN the agency's key and the type.

- The search vector, and the title's trigrams, each with the category prefixes, the countries, the
  agency and the type; also their copies for the notices that may be open (`maybe_open`,
  migration 0035). A filter alone is read from either, as from its own index before.
- They replace the search vector's, the title's, the prefixes' and the countries' own indexes. The
  reference's trigrams stay as they are: a word is seldom in a reference.
"""

from django.contrib.postgres.operations import BtreeGinExtension
from django.db import migrations

FILTERS = "prefix_codes, country_codes, agency_id, notice_type"

FORWARD = f"""
CREATE INDEX notice_search_gin ON notices_notice USING gin (search_vector, {FILTERS});
CREATE INDEX notice_open_search_gin ON notices_notice USING gin (search_vector, {FILTERS})
    WHERE maybe_open;
DROP INDEX notice_title_trgm;
CREATE INDEX notice_title_trgm ON notices_notice
    USING gin ((upper((title)::text)) gin_trgm_ops, {FILTERS});
DROP INDEX notice_open_title_trgm;
CREATE INDEX notice_open_title_trgm ON notices_notice
    USING gin ((upper((title)::text)) gin_trgm_ops, {FILTERS}) WHERE maybe_open;
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
DROP INDEX notice_title_trgm;
CREATE INDEX notice_title_trgm ON notices_notice USING gin ((upper((title)::text)) gin_trgm_ops);
DROP INDEX notice_open_title_trgm;
CREATE INDEX notice_open_title_trgm ON notices_notice
    USING gin ((upper((title)::text)) gin_trgm_ops) WHERE maybe_open;
DROP INDEX notice_search_gin;
DROP INDEX notice_open_search_gin;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("notices", "0041_notices_of_an_agency_newest_first")]

    operations = [BtreeGinExtension(), migrations.RunPython(forward, backward)]

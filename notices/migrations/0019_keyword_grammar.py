"""One keyword grammar (notices.keywords) for the search, the alert preview and the matcher.

- Chinese is indexed over the grammar's ranges: kana (U+3040-U+30FF) join the ideographs, so that
  Japanese written in kana is found by a part of a word too.
- Each run is indexed as its overlapping bigrams followed by its last character (医院 -> 医院 院), so
  that a single character is found wherever it stands, the last of a run too, and a phrase of
  bigrams can't run on from one run into the next.
- `notices_keyword_tsquery(term, chinese)` is the full-text query of one term, for the search page
  and the matcher alike: the phrase of its English words, or the phrase of its bigrams.
- The vectors of notices with such characters are recomputed; alerts' kana terms become substring
  terms.
"""

from django.db import migrations

RANGES = r"\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff"  # notices.keywords.CJK_RANGES
OLD_RANGES = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"


def functions(ranges: str, *, last_character: bool) -> str:
    upto = "char_length(run.parts[1])" if last_character else "greatest(char_length(run.parts[1]) - 1, 1)"
    return rf"""
CREATE OR REPLACE FUNCTION notices_cjk_bigrams(input text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(string_agg(substr(run.parts[1], i, 2), ' ' ORDER BY run.n, i), '')
    FROM regexp_matches(coalesce(input, ''), '[{ranges}]+', 'g')
         WITH ORDINALITY AS run(parts, n),
         generate_series(1, {upto}) AS i
$$;

CREATE OR REPLACE FUNCTION notices_search_vector(
    title text, reference text, agency text, description text
) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT setweight(to_tsvector('english', coalesce(title, '')), 'A')
        || CASE WHEN title ~ '[{ranges}]'
                THEN setweight(to_tsvector('simple', notices_cjk_bigrams(title)), 'A')
                ELSE ''::tsvector END
        || setweight(to_tsvector('english', coalesce(reference, '') || ' ' || coalesce(agency, '')), 'B')
        || setweight(to_tsvector('english', coalesce(description, '')), 'C')
        || CASE WHEN description ~ '[{ranges}]'
                THEN setweight(to_tsvector('simple', notices_cjk_bigrams(description)), 'C')
                ELSE ''::tsvector END
$$;
"""


TSQUERY = r"""
CREATE OR REPLACE FUNCTION notices_keyword_tsquery(term text, chinese boolean) RETURNS tsquery
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN NOT chinese THEN phraseto_tsquery('english', term)
        WHEN char_length(term) = 1 THEN to_tsquery('simple', quote_literal(term) || ':*')
        ELSE to_tsquery('simple', (
            SELECT string_agg(quote_literal(substr(term, i, 2)), ' <-> ' ORDER BY i)
            FROM generate_series(1, char_length(term) - 1) AS i))
    END
$$;
"""

RECOMPUTE = r"""
UPDATE notices_notice SET search_vector = NULL
WHERE title ~ '[{ranges}]' OR description ~ '[{ranges}]';
"""

KANA_TERMS = r"""
UPDATE notices_alertkeyword SET as_substring = true
WHERE NOT as_substring AND term ~ '[\u3040-\u30ff\u4dc0-\u4dff]';
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(functions(RANGES, last_character=True))
        schema_editor.execute(TSQUERY)
        schema_editor.execute(RECOMPUTE.format(ranges=RANGES))
        schema_editor.execute(KANA_TERMS)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(functions(OLD_RANGES, last_character=False))
        schema_editor.execute("DROP FUNCTION IF EXISTS notices_keyword_tsquery(text, boolean);")
        schema_editor.execute(RECOMPUTE.format(ranges=RANGES))


class Migration(migrations.Migration):
    dependencies = [("notices", "0018_reminder_opt_out")]

    operations = [migrations.RunPython(forward, backward)]

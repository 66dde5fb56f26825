"""The search text of library pages, every word marked with its language (PostgreSQL).

See ``search.models.PageDocument`` and ``search.backends.postgres``. On PostgreSQL the
table gets its text indexes and the function that puts the language into each word,
and is filled from Wagtail's index entries, so search answers at once after the
upgrade; SQLite keeps the table empty and unused.
"""

import django.contrib.postgres.search
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


TABLE = "site_search_pagedocument"
INDEXES = {
    "site_search_pagedocument_document_gin": "USING gin (document)",
    "site_search_pagedocument_autocomplete_gin": "USING gin (autocomplete)",
}
# Every lexeme of a vector prefixed with a language ('onkentes':3A becomes
# 'hu:onkentes':3A); positions and weights are kept, so ranking works as before.
LANGUAGE_VECTOR = r"""
CREATE OR REPLACE FUNCTION site_search_in_language(vector tsvector, language text)
RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(string_agg(
        chr(39) || replace(replace(language || ':' || lexeme, '\', '\\'), chr(39), chr(39) || chr(39))
        || chr(39)
        || CASE WHEN coalesce(cardinality(positions), 0) = 0 THEN '' ELSE ':' || (
            SELECT string_agg(position::text || weight, ',')
            FROM unnest(positions, weights) AS occurrence(position, weight)
        ) END,
        ' '), '')::tsvector
    FROM unnest(vector)
$$
"""
FILL = f"""
INSERT INTO {TABLE}
    (page_id, locale_id, content_type_id, translation_key, live, document, autocomplete)
SELECT page.id, page.locale_id, page.content_type_id, page.translation_key, page.live,
       site_search_in_language(entry.title || entry.body, locale.language_code),
       site_search_in_language(entry.autocomplete, locale.language_code)
FROM wagtailsearch_indexentry entry
JOIN wagtailcore_page page
  ON page.id::text = entry.object_id AND page.content_type_id = entry.content_type_id
JOIN wagtailcore_locale locale ON locale.id = page.locale_id
JOIN knowledge_knowledgepage item ON item.page_ptr_id = page.id
ON CONFLICT (page_id) DO NOTHING
"""


def create_text_indexes_and_fill(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(LANGUAGE_VECTOR)
    for name, method in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {TABLE} {method}")
    schema_editor.execute(FILL)


def drop_text_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    schema_editor.execute("DROP FUNCTION IF EXISTS site_search_in_language(tsvector, text)")


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('site_search', '0003_title_body_text_index'),
        ('wagtailcore', '0098_apitoken'),
    ]

    operations = [
        migrations.CreateModel(
            name='PageDocument',
            fields=[
                ('page', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='+', serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                ('translation_key', models.UUIDField()),
                ('live', models.BooleanField()),
                ('document', django.contrib.postgres.search.SearchVectorField()),
                ('autocomplete', django.contrib.postgres.search.SearchVectorField()),
                ('content_type', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='contenttypes.contenttype')),
                ('locale', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='wagtailcore.locale')),
            ],
            options={
                'default_permissions': (),
            },
        ),
        migrations.RunPython(create_text_indexes_and_fill, drop_text_indexes),
    ]

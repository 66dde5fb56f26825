"""The search text of library pages with their language as a column (PostgreSQL).

See ``search.models.PageDocument``. On PostgreSQL the table gets its text indexes and
is filled from Wagtail's index entries, so search answers at once after the upgrade;
SQLite keeps the table empty and unused.
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
FILL = f"""
INSERT INTO {TABLE}
    (page_id, locale_id, content_type_id, translation_key, live, document, autocomplete)
SELECT page.id, page.locale_id, page.content_type_id, page.translation_key, page.live,
       entry.title || entry.body, entry.autocomplete
FROM wagtailsearch_indexentry entry
JOIN wagtailcore_page page
  ON page.id::text = entry.object_id AND page.content_type_id = entry.content_type_id
JOIN knowledge_knowledgepage item ON item.page_ptr_id = page.id
ON CONFLICT (page_id) DO NOTHING
"""


def create_text_indexes_and_fill(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, method in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {TABLE} {method}")
    schema_editor.execute(FILL)


def drop_text_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


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

"""What each translation made outside wagtail-localize was last brought up to date with.

Translations that exist already (imported, or edited directly) were never tracked,
so nothing tells what they were made from. They are taken as current when this
migration runs, rather than guessed from timestamps: an import publishes a source
again at the end of a file (a package linked to packages further down), which
would make its translations look older than the source they were made from.
"""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import F
from django.utils import timezone


def record_existing_translations(apps, schema_editor):
    KnowledgePage = apps.get_model("knowledge", "KnowledgePage")
    Page = apps.get_model("wagtailcore", "Page")
    Translation = apps.get_model("wagtail_localize", "Translation")
    TranslationBasis = apps.get_model("knowledge", "TranslationBasis")
    now = timezone.now()
    synced = set(
        Translation.objects.filter(enabled=True).values_list(
            "source__object_id", "target_locale_id"
        )
    )
    translations = KnowledgePage.objects.exclude(
        locale__language_code=F("original_language")
    ).exclude(original_language="")
    for page in translations.iterator():
        if (page.translation_key, page.locale_id) in synced:
            continue
        source = Page.objects.filter(
            translation_key=page.translation_key,
            locale__language_code=page.original_language,
        ).first()
        if source is None:
            continue
        TranslationBasis.objects.create(
            page_id=page.pk,
            source_revision_id=source.live_revision_id or source.latest_revision_id,
            source_published_at=source.last_published_at,
            recorded_at=now,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0004_reader_feedback_and_review_dates"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]

    operations = [
        migrations.CreateModel(
            name="TranslationBasis",
            fields=[
                (
                    "page",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="translation_basis",
                        serialize=False,
                        to="knowledge.knowledgepage",
                        verbose_name="translation",
                    ),
                ),
                (
                    "source_published_at",
                    models.DateTimeField(
                        blank=True, null=True, verbose_name="source published at"
                    ),
                ),
                ("recorded_at", models.DateTimeField(verbose_name="recorded at")),
                (
                    "source_revision",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="wagtailcore.revision",
                        verbose_name="source revision",
                    ),
                ),
            ],
            options={
                "verbose_name": "translation basis",
                "verbose_name_plural": "translation bases",
            },
        ),
        migrations.RunPython(record_existing_translations, migrations.RunPython.noop),
    ]

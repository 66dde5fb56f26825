"""Reader feedback, moderated by editors; every method and package gets a review date.

Editors may view, change (approve or reject) and delete feedback; nobody adds it in
the admin. Methods and packages saved before review dates were required are due a
year after this migration runs.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


import datetime

EDITOR_GROUPS = ["Editor", "Administrator"]
FEEDBACK_PERMISSIONS = ["view_readerfeedback", "change_readerfeedback", "delete_readerfeedback"]


def grant_editors(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("knowledge")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="knowledge", codename__in=FEEDBACK_PERMISSIONS
    )
    for name in EDITOR_GROUPS:
        Group.objects.get_or_create(name=name)[0].permissions.add(*permissions)


def fill_review_dates(apps, schema_editor):
    due = datetime.date.today() + datetime.timedelta(days=365)
    for model_name in ("MethodologyArticle", "ProgrammePackage"):
        model = apps.get_model("knowledge", model_name)
        model.objects.filter(review_date__isnull=True).update(review_date=due)


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0003_glossary_translation_review"),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ReaderFeedback",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[("useful", "Was this useful?"), ("used", "I used this")],
                        max_length=8,
                        verbose_name="kind",
                    ),
                ),
                ("useful", models.BooleanField(blank=True, null=True, verbose_name="useful")),
                (
                    "text",
                    models.CharField(
                        blank=True, max_length=500, verbose_name="what the reader wrote"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "Waiting for review"),
                            ("approved", "Approved"),
                            ("rejected", "Rejected"),
                        ],
                        default="pending",
                        max_length=8,
                        verbose_name="status",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="received")),
                (
                    "moderated_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="moderated"),
                ),
                (
                    "page",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="reader_feedback",
                        to=settings.WAGTAIL_PAGE_MODEL,
                        verbose_name="page",
                    ),
                ),
                (
                    "region",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="knowledge.region",
                        verbose_name="region",
                    ),
                ),
            ],
            options={
                "verbose_name": "reader feedback",
                "verbose_name_plural": "reader feedback",
                "ordering": ["-created_at"],
                "indexes": [
                    models.Index(fields=["status", "kind"], name="knowledge_r_status_8fe3f0_idx")
                ],
            },
        ),
        migrations.RunPython(grant_editors, migrations.RunPython.noop),
        migrations.RunPython(fill_review_dates, migrations.RunPython.noop),
    ]

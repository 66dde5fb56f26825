"""Every block, page type and snippet goes through wagtail-localize in the admin."""

import pytest
import wagtail_factories
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.rich_text import RichText
from wagtail_localize.models import StringTranslation, Translation

from knowledge.blocks import BodyBlock
from knowledge.models import GlossaryTerm, Institution, MethodologyArticle, Region, Theme
from tests.conftest import publish
from tests.factories import (
    CuratedCollectionFactory,
    InstitutionFactory,
    MethodologyArticleFactory,
    ProgrammePackageFactory,
    RegionalBundleFactory,
    RegionFactory,
    ThemeFactory,
)


@pytest.fixture
def editor_client(client, django_user_model):
    """Signed in with the Editor role (not a superuser): translating is the editors' work."""
    editor = django_user_model.objects.create_user("ed", "ed@example.org", "pw")
    editor.groups.add(Group.objects.get(name="Editor"))
    client.force_login(editor)
    return client


def submit(client, url, locale):
    response = client.post(url, {"locales": [locale.pk]})
    assert response.status_code == 302, response.content[:500]


@pytest.mark.django_db
def test_page_with_every_block_is_translated_and_published(
    editor_client, site_tree, locales, django_capture_on_commit_callbacks
):
    related_target = MethodologyArticleFactory(
        parent=site_tree["hu"]["methods"], title="Kapcsolódó módszer"
    )
    article = MethodologyArticleFactory(parent=site_tree["hu"]["methods"], title="Minden blokk")
    article.body = [
        ("heading", {"text": "Blokkcím", "level": "h2"}),
        ("paragraph", RichText("<p>Bekezdés <b>kiemeléssel</b>.</p>")),
        (
            "image",
            {
                "image": wagtail_factories.ImageFactory(),
                "alt_text": "Képleírás",
                "caption": "Képaláírás",
            },
        ),
        ("quote", {"text": "Idézet szövege", "attribution": "Idézett személy"}),
        ("callout", {"title": "Kiemelt doboz", "text": RichText("<p>Doboz szövege</p>")}),
        ("related", {"title": "Kapcsolódó anyagok", "pages": [related_target]}),
    ]
    article.steps = [
        ("step", {"title": "Első lépés", "minutes": 10, "description": RichText("<p>Leírás</p>")})
    ]
    publish(article)
    assert {block.block_type for block in article.body} == set(BodyBlock.base_blocks)

    submit(
        editor_client,
        reverse("wagtail_localize:submit_page_translation", args=[article.pk]),
        locales["sl"],
    )
    job = Translation.objects.get(
        target_locale=locales["sl"], source__object_id=article.translation_key
    )
    segments = list(job.source.stringsegment_set.select_related("string", "context"))
    for segment in segments:
        StringTranslation.objects.create(
            translation_of=segment.string,
            locale=locales["sl"],
            context=segment.context,
            data=f"SL·{segment.string.data}",
        )
    # The translation editor's "Publish in Slovenščina".
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            reverse("wagtailadmin_pages:edit", args=[job.get_target_instance().pk]),
            {"action": "publish"},
            follow=True,
        )
    assert "with missing translations" not in response.content.decode()

    slovenian = MethodologyArticle.objects.get(
        translation_key=article.translation_key, locale=locales["sl"]
    )
    assert slovenian.live
    html = editor_client.get(slovenian.url).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    text = soup.get_text(" ", strip=True)
    for source_text in [
        "Blokkcím",
        "Bekezdés",
        "Képaláírás",
        "Idézet szövege",
        "Idézett személy",
        "Kiemelt doboz",
        "Doboz szövege",
        "Kapcsolódó anyagok",
        "Első lépés",
        "Leírás",
    ]:
        assert f"SL·{source_text}" in text, source_text
    assert soup.select_one(".figure img")["alt"] == "SL·Képleírás"
    assert soup.find("h1").get_text(strip=True) == "SL·Minden blokk"
    assert {path.split(".")[0] for path in (s.context.path for s in segments)} >= {
        "title",
        "body",
        "steps",
    }


PAGE_TYPES = [
    (MethodologyArticleFactory, "methods"),
    (ProgrammePackageFactory, "packages"),
    (RegionalBundleFactory, "packages"),
    (CuratedCollectionFactory, "collections"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("factory", "section"), PAGE_TYPES)
def test_every_library_page_type_can_be_submitted_for_translation(
    editor_client, site_tree, locales, factory, section
):
    page = factory(parent=site_tree["hu"][section])
    url = reverse("wagtail_localize:submit_page_translation", args=[page.pk])
    assert editor_client.get(url).status_code == 200
    submit(editor_client, url, locales["en"])
    translated = page.get_translation(locales["en"])
    assert translated.specific_class is page.specific_class
    assert translated.specific.original_language == "hu"
    assert not translated.specific.machine_translated


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("factory", "model", "fields"),
    [
        (ThemeFactory, Theme, {"name": "Önkéntesség", "slug": "volunteering"}),
        (RegionFactory, Region, {"name": "Tatai járás", "slug": "tata", "level": "district"}),
        (InstitutionFactory, Institution, {"name": "Faluház"}),
        (None, GlossaryTerm, {"term": "közművelődés", "slug": "community-culture"}),
    ],
)
def test_snippets_are_translatable_in_the_admin(editor_client, locales, factory, model, fields):
    obj = factory(**fields) if factory else model.objects.create(locale=locales["hu"], **fields)
    meta = model._meta
    url = reverse(
        "wagtail_localize:submit_snippet_translation",
        args=[meta.app_label, meta.model_name, obj.pk],
    )
    assert editor_client.get(url).status_code == 200
    submit(editor_client, url, locales["sl"])
    translated = model.objects.get(translation_key=obj.translation_key, locale=locales["sl"])
    if "slug" in fields:
        assert translated.slug == fields["slug"]
    listing = editor_client.get(reverse(f"wagtailsnippets_{meta.app_label}_{meta.model_name}:list"))
    assert listing.status_code == 200

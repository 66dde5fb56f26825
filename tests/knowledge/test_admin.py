"""The Wagtail admin works for every library type and the taxonomy snippets."""

import pytest
from django.urls import reverse

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
    user = django_user_model.objects.create_superuser("szerkeszto", "szerkeszto@example.org", "pw")
    client.force_login(user)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("factory", "section"),
    [
        (MethodologyArticleFactory, "methods"),
        (ProgrammePackageFactory, "packages"),
        (RegionalBundleFactory, "packages"),
        (CuratedCollectionFactory, "collections"),
    ],
)
def test_edit_and_add_views_open_for_every_library_type(editor_client, site_tree, factory, section):
    page = factory(parent=site_tree["hu"][section])
    assert editor_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).status_code == 200
    model = page.specific_class
    add_url = reverse(
        "wagtailadmin_pages:add",
        args=[model._meta.app_label, model._meta.model_name, site_tree["hu"][section].pk],
    )
    assert editor_client.get(add_url).status_code == 200


@pytest.mark.django_db
def test_theme_and_region_choices_are_limited_to_the_pages_language(
    editor_client, site_tree, locales
):
    hungarian = ThemeFactory(name="Önkéntesség", slug="volunteering", locale=locales["hu"])
    ThemeFactory(
        name="Prostovoljstvo",
        slug="volunteering",
        locale=locales["sl"],
        translation_key=hungarian.translation_key,
    )
    RegionFactory(name="Podravska", slug="podravska", locale=locales["sl"])
    page = MethodologyArticleFactory(parent=site_tree["hu"]["methods"])
    html = editor_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert "Önkéntesség" in html
    assert "Prostovoljstvo" not in html
    assert "Podravska" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("factory", [ThemeFactory, RegionFactory, InstitutionFactory])
def test_taxonomy_snippets_list_and_edit(editor_client, factory):
    obj = factory()
    meta = obj._meta
    list_url = reverse(f"wagtailsnippets_{meta.app_label}_{meta.model_name}:list")
    edit_url = reverse(f"wagtailsnippets_{meta.app_label}_{meta.model_name}:edit", args=[obj.pk])
    assert editor_client.get(list_url).status_code == 200
    assert editor_client.get(edit_url).status_code == 200

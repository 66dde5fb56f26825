"""Print: a method card and a bundle's offer catalogue, without navigation or restricted items."""

import pytest

from knowledge.models import BundlePackage, KnowledgePage
from tests.conftest import publish
from tests.factories import (
    MethodologyArticleFactory,
    ProgrammePackageFactory,
    RegionalBundleFactory,
)


@pytest.mark.django_db
def test_print_stylesheet_hides_navigation_and_feedback(client):
    from django.contrib.staticfiles import finders

    with open(finders.find("css/site.css"), encoding="utf-8") as stylesheet:
        css = stylesheet.read()
    print_rules = css[css.index("@media print") :]
    for selector in (".site-header", ".main-nav", ".reader-feedback", ".site-footer"):
        assert selector in print_rules


@pytest.mark.django_db
def test_method_card_carries_source_and_licence_for_print(client, site_tree):
    method = MethodologyArticleFactory(
        parent=site_tree["hu"]["methods"],
        steps=[("step", {"title": "Bemutatkozás", "minutes": 15, "description": "<p>Kör.</p>"})],
        materials="Filctoll\nCsomagolópapír",
    )
    html = client.get(method.url).content.decode()
    assert 'class="print-only print-source"' in html
    assert f"http://testserver{method.url}" in html
    assert "CC BY-SA 4.0" in html and "Bemutatkozás" in html and "Csomagolópapír" in html


@pytest.mark.django_db
def test_bundle_catalogue_lists_public_packages_only(client, site_tree):
    section = site_tree["hu"]["packages"]
    bundle = RegionalBundleFactory(parent=section, title="Komlói kínálat")
    public = ProgrammePackageFactory(
        parent=section, title="Erdei tábor", contact="info@example.org"
    )
    hidden = ProgrammePackageFactory(parent=section, title="Rejtettcsomagjelzo")
    hidden.visibility = KnowledgePage.Visibility.MEMBERS
    publish(hidden)
    draft = ProgrammePackageFactory.build(title="Vazlatcsomagjelzo")
    section.add_child(instance=draft)
    draft.unpublish()
    for package in (public, hidden, draft):
        BundlePackage.objects.create(bundle=bundle, package=package)
    html = client.get(bundle.url).content.decode()
    catalogue = html[html.index('class="print-only catalogue"') :]
    assert "Erdei tábor" in catalogue and "info@example.org" in catalogue
    assert "Rejtettcsomagjelzo" not in html and "Vazlatcsomagjelzo" not in html

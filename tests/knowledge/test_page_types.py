"""The page tree allows only the shapes the library is built on."""

import pytest
from wagtail.models import Page

from knowledge.models import (
    CuratedCollection,
    HomePage,
    KnowledgePage,
    LibraryIndexPage,
    MethodologyArticle,
    ProgrammePackage,
    RegionalBundle,
)

LIBRARY_TYPES = [MethodologyArticle, ProgrammePackage, RegionalBundle, CuratedCollection]


def test_home_page_sits_directly_under_the_root():
    assert HomePage.allowed_parent_page_models() == [Page]


def test_library_index_lives_under_a_home_page_and_holds_library_items():
    assert LibraryIndexPage.allowed_parent_page_models() == [HomePage]
    assert set(LibraryIndexPage.allowed_subpage_models()) == set(LIBRARY_TYPES)


@pytest.mark.parametrize("model", LIBRARY_TYPES)
def test_library_items_live_in_a_library_index_and_have_no_children(model):
    assert model.allowed_parent_page_models() == [LibraryIndexPage]
    assert model.allowed_subpage_models() == []
    assert model.is_creatable


@pytest.mark.django_db
@pytest.mark.parametrize("model", LIBRARY_TYPES)
def test_library_items_cannot_be_created_under_the_home_page(model):
    assert not model.can_create_at(HomePage())
    assert model.can_create_at(LibraryIndexPage())


def test_the_shared_base_page_is_not_offered_to_editors():
    assert not KnowledgePage.is_creatable


def test_every_library_type_has_its_own_filter_code():
    codes = {model: model.listing_type for model in LIBRARY_TYPES}
    assert len(set(codes.values())) == len(LIBRARY_TYPES)
    assert KnowledgePage.listing_types["method"] is MethodologyArticle
    assert KnowledgePage.listing_types["package"] is ProgrammePackage

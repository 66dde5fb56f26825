"""What the search backend is asked for: light rows, readable pages only, ranked or not."""

import pytest
from django.contrib.contenttypes.models import ContentType

from knowledge.models import KnowledgePage
from search.backend_queries import Match, matches, matches_by_language

pytestmark = pytest.mark.django_db


def test_a_match_carries_what_facets_and_folding_need(library, locales):
    found = matches(KnowledgePage.objects.live(), "önkéntes", locales["hu"].pk, "hu", 50)
    festival = library["festival"]
    assert (
        Match(
            festival.pk,
            festival.translation_key,
            ContentType.objects.get_for_model(festival).pk,
        )
        in found
    )


def test_unranked_matches_are_the_same_pages(library, locales):
    pages = KnowledgePage.objects.live()
    ranked = matches(pages, "önkéntes", locales["hu"].pk, "hu", 50)
    unranked = matches(pages, "önkéntes", locales["hu"].pk, "hu", 50, ranked=False)
    assert len(ranked) >= 2
    assert set(unranked) == set(ranked)


@pytest.mark.parametrize("ranked", [True, False])
def test_pages_the_reader_may_not_see_are_left_out(library, locales, ranked):
    hidden = library["festival"]
    readable = KnowledgePage.objects.live().exclude(pk=hidden.pk)
    found = matches(readable, "önkéntes", locales["hu"].pk, "hu", 50, ranked=ranked)
    assert found
    assert hidden.pk not in {match.pk for match in found}


def test_at_most_limit_matches(library, locales):
    pages = KnowledgePage.objects.live()
    assert len(matches(pages, "önkéntes", locales["hu"].pk, "hu", 1)) == 1


def test_each_language_is_matched_with_its_own_analysis(library, locales):
    languages_by_id = {locales[code].pk: code for code in ("hu", "sl", "en")}
    found = matches_by_language(
        KnowledgePage.objects.live(), "partner", languages_by_id, 50, ranked_languages={"hu"}
    )
    assert {match.pk for match in found["hu"]} == {library["festival"].pk}
    assert {match.pk for match in found["sl"]} == {library["festival_sl"].pk}
    assert {match.pk for match in found["en"]} == {library["festival_en"].pk}

"""The domain glossary widens search: variants in one language, equivalents across languages.

The glossary is the demo content's (``demo/content.jsonl``), imported as editors
would; each page below uses one wording of a glossary concept and is searched
for with another. Every case first searches without the glossary, so what finds
the page is the glossary and nothing else.
"""

import pytest
from django.core.cache import cache
from django.urls import reverse

from knowledge.models import GlossaryTerm
from search import synonym_table
from search.synonyms import synonyms
from tests.factories import MethodologyArticleFactory, ProgrammePackageFactory


@pytest.fixture
def community_spaces(site_tree):
    """A page in each language about a community space, each in another wording."""
    return {
        "hu": MethodologyArticleFactory(
            parent=site_tree["hu"]["methods"],
            title="Nyitott délutánok a közösségi színtérben",
            summary="Havonta kétszer nyitva tart a falu közösségi színtere: társasjáték, "
            "beszélgetés és közös főzés a lakókkal.",
        ),
        "iksz": ProgrammePackageFactory(
            parent=site_tree["hu"]["packages"],
            title="Iskolai közösségi szolgálat a könyvtárban",
            summary="Középiskolások iskolai közösségi szolgálatként segítenek a könyvtári "
            "olvasóköröknek.",
        ),
        "sl": MethodologyArticleFactory(
            parent=site_tree["sl"]["methods"],
            title="Odprta vrata skupnostnega prostora",
            summary="Dvakrat na mesec skupnostni prostor v vasi odpre vrata za družabne igre, "
            "pogovore in skupno kuhanje.",
        ),
        "en": MethodologyArticleFactory(
            parent=site_tree["en"]["methods"],
            title="A community venue in the old village shop",
            summary="Residents turn the disused village shop into a community venue for "
            "clubs, talks and shared meals.",
        ),
    }


def found(client, language, query, **params):
    response = client.get(f"/{language}/search/", {"q": query, **params})
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "query", "page"),
    [
        # közösségi színtér = közösségi tér (the glossary's Hungarian variant)
        ("hu", "közösségi tér", "hu"),
        ("hu", "kozossegi terekben", "hu"),  # inflected, typed without accents
        # IKSZ = iskolai közösségi szolgálat
        ("hu", "IKSZ", "iksz"),
        # skupnostni prostor = prostor za skupnost
        ("sl", "prostor za skupnost", "sl"),
        # community space = community venue
        ("en", "community space", "en"),
        ("en", "community spaces", "en"),
    ],
)
def test_a_glossary_variant_finds_a_page_using_another_wording(
    client, community_spaces, import_glossary, language, query, page
):
    title = community_spaces[page].title
    assert title not in found(client, language, query)
    import_glossary()
    assert title in found(client, language, query)


@pytest.mark.django_db
def test_with_every_language_a_term_finds_its_equivalents_in_the_others(
    client, community_spaces, import_glossary
):
    import_glossary()
    everywhere = found(client, "hu", "közösségi színtér", lang="all")
    for page in ("hu", "sl", "en"):
        assert community_spaces[page].title in everywhere
    assert community_spaces["iksz"].title not in everywhere
    # In the reader's language only, the other languages' pages stay out.
    hungarian_only = found(client, "hu", "közösségi színtér")
    assert community_spaces["hu"].title in hungarian_only
    assert community_spaces["sl"].title not in hungarian_only
    # The English term finds the Slovenian page, searched in Slovenian.
    assert community_spaces["sl"].title in found(client, "sl", "community space")


@pytest.mark.django_db
def test_a_new_glossary_term_applies_at_once_and_a_deleted_one_stops(client, site_tree, locales):
    museum = MethodologyArticleFactory(
        parent=site_tree["hu"]["methods"],
        title="Mesterségek napja a falumúzeumban",
        summary="A falumúzeum udvarán kovács, fazekas és kosárfonó mutatja be a mesterségét.",
    )
    assert museum.title not in found(client, "hu", "tájház")

    term = GlossaryTerm.objects.create(
        locale=locales["hu"],
        slug="village-museum",
        term="tájház",
        definition="Népi építészeti emlék, amely a falu régi életmódját mutatja be.",
        synonyms="falumúzeum",
    )
    assert museum.title in found(client, "hu", "tájház")
    assert museum.title in found(client, "hu", "tájházban")

    term.delete()
    assert museum.title not in found(client, "hu", "tájház")


@pytest.mark.django_db
def test_a_synonym_an_editor_adds_in_the_admin_applies_to_the_next_search(
    client, django_user_model, community_spaces, locales, import_glossary
):
    import_glossary()
    page = community_spaces["hu"]
    assert page.title not in found(client, "hu", "faluház")

    term = GlossaryTerm.objects.get(slug="community-space", locale=locales["hu"])
    editor = django_user_model.objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(editor)
    response = client.post(
        reverse("wagtailsnippets_knowledge_glossaryterm:edit", args=[term.pk]),
        {
            "term": term.term,
            "slug": term.slug,
            "definition": term.definition,
            "synonyms": "közösségi tér\nfaluház",
        },
    )
    assert response.status_code == 302
    client.logout()
    assert page.title in found(client, "hu", "faluház")


@pytest.mark.django_db
def test_the_table_is_built_once_and_rebuilt_after_a_change(
    import_glossary, django_assert_num_queries
):
    import_glossary()
    with django_assert_num_queries(1):
        synonym_table.current()
    with django_assert_num_queries(0):
        assert synonyms("közösségi tér", "hu") == ["közösségi színtér"]

    # Another process saved a term (with a shared cache it changes the version).
    cache.set(synonym_table.VERSION_KEY, "changed-elsewhere", None)
    with django_assert_num_queries(1):
        synonym_table.current()


@pytest.mark.django_db
def test_glossary_and_base_list_are_merged(import_glossary):
    import_glossary()
    # The base list's önkéntes joins the glossary's önkéntesség and its variants.
    assert synonyms("önkéntesekkel", "hu") == [
        "önkéntesség",
        "önkéntes munka",
        "önkéntes tevékenység",
    ]
    # Across languages: a Slovenian term gives the Hungarian wordings.
    assert synonyms("skupnostnem prostoru", "hu") == ["közösségi színtér", "közösségi tér"]
    # Everyday words of the base list still work.
    assert synonyms("knjižnica", "en") == ["library"]
    # A wording inside a longer query is matched as a whole, longest first.
    assert synonyms("iskolai közösségi szolgálat", "hu") == ["IKSZ", "közösségi szolgálat"]
    # "culture" alone is no synonym of "community culture" (the base list's old group).
    assert synonyms("culture", "hu") == []

"""The benchmark corpus is a valid Wagtail tree that serves and is searchable in three languages.

One scenario, because building the corpus (demo import, items, index) is the costly part.
"""

import pytest
from wagtail.models import Page

from benchmarks.generate_corpus import main
from knowledge.models import KnowledgePage


def generated():
    return KnowledgePage.objects.filter(slug__startswith="item-")


def assert_tree_is_sound():
    assert Page.find_problems() == ([], [], [], [], [])
    for parent in {page.get_parent() for page in generated()}:
        parent.refresh_from_db()
        assert parent.numchild == parent.get_children().count()


@pytest.mark.django_db
def test_corpus_builds_serves_searches_and_grows(client, capsys):
    main(["--items", "40", "--seed", "7"])
    assert "corpus: " in capsys.readouterr().out
    assert_tree_is_sound()

    assert generated().count() >= 40
    assert set(generated().values_list("locale__language_code", flat=True)) == {"hu", "sl", "en"}
    translated = generated().filter(locale__language_code="sl").first()
    assert translated.get_translation(translated.get_default_locale()).slug == translated.slug

    page = generated().filter(locale__language_code="hu").first().specific
    assert client.get(page.url).status_code == 200
    response = client.get("/hu/search/", {"q": page.title.split()[1]})
    assert page.title in response.content.decode()

    before = generated().count()
    main(["--items", "10", "--seed", "8", "--demo", ""])
    assert generated().count() >= before + 10
    assert_tree_is_sound()

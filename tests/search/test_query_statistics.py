"""Query statistics: anonymous counts per normalised query and language, for editors."""

import pytest
from django.contrib.auth.models import Group

from search.models import QueryStatistic, normalise_query


def test_queries_are_normalised():
    assert normalise_query("  Közösségi   FESZTIVÁL!! ") == "kozossegi fesztival"
    assert normalise_query("?!") == ""


@pytest.mark.django_db
def test_searches_are_counted_per_query_and_language(client, library):
    client.get("/hu/search/", {"q": "Önkéntes"})
    client.get("/hu/search/", {"q": "önkéntes "})
    client.get("/en/search/", {"q": "önkéntes"})
    client.get("/hu/search/", {"q": "zebracsíkos"})
    rows = {
        (row.query, row.language): (row.searches, row.zero_results)
        for row in QueryStatistic.objects.all()
    }
    assert rows == {
        ("onkentes", "hu"): (2, 0),
        ("onkentes", "en"): (1, 0),  # found through the synonyms (volunteers)
        ("zebracsikos", "hu"): (1, 1),
    }


@pytest.mark.django_db
def test_only_what_readers_type_is_counted(client, library):
    client.get("/hu/search/", {"q": "önkéntes", "theme": "volunteering"})  # a facet click
    client.get("/hu/search/", {"q": ""})
    client.get("/hu/search/", {"q": "x" * 500})  # refused with 400
    assert not QueryStatistic.objects.exists()


@pytest.mark.django_db
def test_no_personal_data_is_stored(client, library, django_user_model):
    client.force_login(django_user_model.objects.create_user("reader", "r@example.org", "pw"))
    client.get("/hu/search/", {"q": "önkéntes"}, REMOTE_ADDR="203.0.113.9")
    fields = {field.name for field in QueryStatistic._meta.get_fields()}
    assert fields == {"id", "query", "language", "searches", "zero_results", "last_searched"}
    row = QueryStatistic.objects.values().get()
    assert "203.0.113.9" not in str(row) and "reader" not in str(row)


@pytest.mark.django_db
def test_editors_read_the_report_and_others_may_not(client, django_user_model):
    QueryStatistic.objects.create(query="onkentes", language="hu", searches=5)
    QueryStatistic.objects.create(query="zebracsikos", language="hu", searches=2, zero_results=2)
    QueryStatistic.objects.create(query="volunteer", language="en", searches=9)
    editor = django_user_model.objects.create_user("editor", "e@example.org", "pw")
    editor.groups.add(Group.objects.get(name="Editor"))
    client.force_login(editor)

    html = client.get("/admin/reports/search-queries/").content.decode()
    assert html.index("volunteer") < html.index("onkentes") < html.index("zebracsikos")
    zero = client.get("/admin/reports/search-queries/", {"without_results": "true"})
    assert "zebracsikos" in zero.content.decode()
    assert "onkentes" not in zero.content.decode()
    hungarian = client.get("/admin/reports/search-queries/", {"language": "hu"}).content.decode()
    assert "volunteer" not in hungarian
    export = client.get("/admin/reports/search-queries/", {"export": "csv"})
    assert b"zebracsikos,hu,2,2" in b"".join(export.streaming_content)

    member = django_user_model.objects.create_user("member", "m@example.org", "pw")
    member.groups.add(Group.objects.get(name="Mentor"))
    client.force_login(member)
    response = client.get("/admin/reports/search-queries/")
    assert response.status_code in (302, 403)

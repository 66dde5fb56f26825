"""Every change that alters what a page shows purges the cached site at once."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory
from wagtail.models import Locale, PageViewRestriction

from config.page_cache import FetchFromPageCacheMiddleware, UpdatePageCacheMiddleware
from config.site_version import current_version
from groups.models import GroupMembership
from groups.roles import assign_role
from knowledge.machine_translation import approve_translation
from knowledge.models import GlossaryTerm, HomeFeaturedItem, ReaderFeedback
from search.models import PromotedResult
from tests.conftest import publish, translate
from tests.factories import MethodologyArticleFactory, ProgrammePackageFactory
from tests.page_cache.conftest import HIT, MISS, cache_state


def warm(client, url):
    """Read ``url`` until it is served from the cache, and return that answer."""
    client.get(url)
    response = client.get(url)
    assert cache_state(response) == HIT
    return response


def card_titles(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return {node.get_text(strip=True) for node in soup.select(".card-title")}


@pytest.mark.django_db
def test_publishing_purges(client, site_tree, method):
    listing = site_tree["hu"]["methods"].url
    warm(client, method.url)
    warm(client, listing)
    method.title = "Világkávézó, új kiadás"
    publish(method)
    page = client.get(method.url)
    assert cache_state(page) == MISS
    assert "Világkávézó, új kiadás" in page.content.decode()
    assert "Világkávézó, új kiadás" in card_titles(client.get(listing))


@pytest.mark.django_db
def test_saving_a_draft_purges_nothing(client, method):
    before = warm(client, method.url)
    method.title = "Piszkozat címe"
    method.save_revision()
    after = client.get(method.url)
    assert cache_state(after) == HIT
    assert after.content == before.content
    assert "Piszkozat címe" not in after.content.decode()


@pytest.mark.django_db
def test_unpublishing_purges(client, site_tree, method):
    listing = site_tree["hu"]["methods"].url
    warm(client, method.url)
    warm(client, listing)
    method.unpublish()
    assert client.get(method.url).status_code == 404
    assert "Világkávézó" not in card_titles(client.get(listing))
    assert method.url not in client.get("/sitemap.xml").content.decode()


@pytest.mark.django_db
def test_moving_purges(client, site_tree, method):
    old_url = method.url
    warm(client, old_url)
    warm(client, site_tree["hu"]["packages"].url)
    method.move(site_tree["hu"]["packages"], pos="last-child")
    method.refresh_from_db()
    assert method.url != old_url
    old = client.get(old_url)
    assert cache_state(old) is None
    # Wagtail leaves a permanent redirect at the old address.
    assert (old.status_code, old["Location"]) == (301, method.url)
    assert client.get(method.url).status_code == 200
    assert "Világkávézó" in card_titles(client.get(site_tree["hu"]["packages"].url))


@pytest.mark.django_db
def test_deleting_purges(client, site_tree, method):
    url = method.url
    warm(client, url)
    warm(client, site_tree["hu"]["methods"].url)
    method.delete()
    assert client.get(url).status_code == 404
    assert "Világkávézó" not in card_titles(client.get(site_tree["hu"]["methods"].url))


@pytest.mark.django_db
@pytest.mark.parametrize("restriction_type", ["password", "login", "groups"])
def test_a_new_view_restriction_purges(client, site_tree, method, restriction_type):
    warm(client, method.url)
    warm(client, site_tree["hu"]["methods"].url)
    restriction = PageViewRestriction.objects.create(
        page=method, restriction_type=restriction_type, password="titok"
    )
    if restriction_type == "groups":
        restriction.groups.set([Group.objects.create(name="Zárt kör")])
    response = client.get(method.url)
    assert cache_state(response) is None
    assert "Kis asztalok" not in response.content.decode()
    assert "Világkávézó" not in card_titles(client.get(site_tree["hu"]["methods"].url))
    restriction.delete()
    assert "Kis asztalok" in client.get(method.url).content.decode()


@pytest.mark.django_db
def test_making_a_page_members_only_purges(client, method):
    warm(client, method.url)
    method.visibility = method.Visibility.MEMBERS
    publish(method)
    response = client.get(method.url)
    assert response.status_code == 302
    assert "Kis asztalok" not in response.content.decode()


@pytest.mark.django_db
def test_renaming_a_theme_purges(client, site_tree, method, theme):
    warm(client, method.url)
    warm(client, site_tree["hu"]["methods"].url)
    theme.name = "Ünnepek és fesztiválok"
    theme.save()
    assert "Ünnepek és fesztiválok" in client.get(method.url).content.decode()
    assert "Ünnepek és fesztiválok" in client.get(site_tree["hu"]["methods"].url).content.decode()


@pytest.mark.django_db
def test_changing_the_glossary_purges(client, locales):
    term = GlossaryTerm.objects.create(
        term="Szomszédolás",
        slug="neighbouring",
        definition="Első meghatározás.",
        locale=locales["hu"],
    )
    warm(client, "/hu/glossary/")
    term.definition = "Második meghatározás."
    term.save()
    html = client.get("/hu/glossary/").content.decode()
    assert "Második meghatározás." in html
    term.delete()
    assert "Szomszédolás" not in client.get("/hu/glossary/").content.decode()


@pytest.mark.django_db
def test_changing_featured_items_purges(client, site_tree, method):
    home = site_tree["hu"]["home"]
    package = ProgrammePackageFactory(parent=site_tree["hu"]["packages"], title="Tavaszi kínálat")
    home.featured_items = [HomeFeaturedItem(item=method)]
    publish(home)
    warm(client, home.url)
    home.featured_items = [HomeFeaturedItem(item=package)]
    publish(home)
    soup = BeautifulSoup(client.get(home.url).content, "html.parser")
    featured = soup.select_one(".card-grid").get_text()
    assert "Tavaszi kínálat" in featured


@pytest.mark.django_db
def test_moderating_feedback_purges_but_a_new_answer_does_not(client, method):
    warm(client, method.url)
    version = current_version()
    answer = ReaderFeedback.objects.create(page=method, kind="useful", useful=True)
    assert current_version() == version
    assert cache_state(client.get(method.url)) == HIT
    answer.status = ReaderFeedback.Status.APPROVED
    answer.save()
    soup = BeautifulSoup(client.get(method.url).content, "html.parser")
    assert soup.select_one(".feedback-counts").get_text().startswith("1 ")


@pytest.mark.django_db
def test_a_new_group_member_purges_the_group_page(client, groups, make_user):
    group_a, _group_b = groups
    warm(client, group_a.url)
    assign_role(make_user("uj_tag"), group_a, GroupMembership.Role.MEMBER)
    soup = BeautifulSoup(client.get(group_a.url).content, "html.parser")
    assert soup.select_one(".member-count")["data-count"] == "1"


@pytest.mark.django_db
def test_approving_a_machine_translation_purges(client, site_tree, method, editor):
    slovenian = translate(method, "sl", title="Svetovna kavarna", machine_translated=True)
    note = "To je strojni prevod, ki še ni bil pregledan."
    assert note in warm(client, slovenian.url).content.decode()
    approve_translation(slovenian, editor)
    assert note not in client.get(slovenian.url).content.decode()


@pytest.mark.django_db
def test_promoting_a_result_purges_search(client, site_tree, method):
    other = MethodologyArticleFactory(
        parent=site_tree["hu"]["methods"], title="Kávéházi beszélgetés világkávézó nélkül"
    )
    url = "/hu/search/?q=világkávézó"
    warm(client, url)
    PromotedResult.objects.create(
        query="világkávézó", page=other, locale=Locale.objects.get(language_code="hu")
    )
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    assert soup.select(".card-title")[0].get_text(strip=True) == other.title


def render_through_the_cache(url, view):
    """Pass a request for ``url`` through both page-cache middlewares to ``view``."""
    request = RequestFactory().get(url)
    request.LANGUAGE_CODE = "hu"
    return UpdatePageCacheMiddleware(FetchFromPageCacheMiddleware(view))(request)


@pytest.mark.django_db
def test_a_render_that_began_before_a_publish_is_not_served(client, method):
    def view_during_which_an_editor_publishes(request):
        method.title = "Közben kiadva"
        publish(method)
        return HttpResponse("régi változat")

    stored = render_through_the_cache(method.url, view_during_which_an_editor_publishes)
    assert cache_state(stored) == MISS
    response = client.get(method.url)
    assert cache_state(response) == MISS
    assert "Közben kiadva" in response.content.decode()


@pytest.mark.django_db
def test_a_render_between_the_change_and_its_commit_is_not_served(
    client, method, django_capture_on_commit_callbacks
):
    """A reader that saw the new version but, before the commit, the old rows."""
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        method.title = "Véglegesítve"
        publish(method)
        render_through_the_cache(method.url, lambda request: HttpResponse("régi változat"))
    response = client.get(method.url)
    assert "régi változat" not in response.content.decode()
    assert "Véglegesítve" in response.content.decode()

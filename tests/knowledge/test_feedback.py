"""Reader feedback: sent from a cached page, checked, rate limited, moderated, counted."""

import time

import pytest
from django.contrib.auth.models import Group
from django.test import override_settings
from django.urls import reverse

from knowledge.feedback import STAMP_SALT, form_stamp
from knowledge.models import KnowledgePage, ReaderFeedback
from tests.conftest import publish, translate
from tests.factories import (
    MethodologyArticleFactory,
    ProgrammePackageFactory,
    RegionalBundleFactory,
    RegionFactory,
)

ORIGIN = {"HTTP_ORIGIN": "http://testserver"}


def old_stamp(page, seconds=60):
    from django.core import signing

    at = int(time.time()) - seconds
    return signing.Signer(salt=STAMP_SALT).sign_object({"page": page.pk, "at": at})


def send(client, page, headers=ORIGIN, **fields):
    data = {"kind": "useful", "useful": "yes", "stamp": old_stamp(page), "website": ""}
    data.update(fields)
    return client.post(f"/hu/feedback/{page.pk}/", data, **headers)


@pytest.fixture
def method(site_tree):
    return MethodologyArticleFactory(parent=site_tree["hu"]["methods"], title="Világkávézó")


@pytest.mark.django_db
def test_the_page_shows_the_form_without_a_csrf_token_or_cookie(client, method):
    response = client.get(method.url)
    html = response.content.decode()
    assert f'action="/hu/feedback/{method.pk}/"' in html
    assert "csrfmiddlewaretoken" not in html
    assert "csrftoken" not in response.cookies


@pytest.mark.django_db
def test_a_useful_answer_is_stored_pending_and_redirects_back_with_thanks(client, method):
    response = send(client, method)
    assert response.status_code == 302
    assert response["Location"] == f"{method.url}?feedback=thanks#feedback"
    answer = ReaderFeedback.objects.get()
    assert (answer.page_id, answer.kind, answer.useful) == (method.pk, "useful", True)
    assert answer.status == ReaderFeedback.Status.PENDING
    assert "Köszönjük" in client.get(response["Location"]).content.decode()


@pytest.mark.django_db
def test_i_used_this_keeps_text_and_region_and_nothing_about_the_reader(client, method):
    region = RegionFactory(name="Komló")
    send(client, method, kind="used", text="Jól ment a könyvtárban.", region=region.pk)
    answer = ReaderFeedback.objects.get()
    assert (answer.kind, answer.text, answer.region) == ("used", "Jól ment a könyvtárban.", region)
    stored = " ".join(str(value) for value in ReaderFeedback.objects.values().get().values())
    assert "127.0.0.1" not in stored


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "headers", "outcome"),
    [
        ({"website": "http://spam.example"}, ORIGIN, "too-fast"),
        ({"stamp": "forged"}, ORIGIN, "invalid"),
        ({"kind": "used", "text": "Olcsó órák: https://spam.example"}, ORIGIN, "links"),
        ({"kind": "useful", "useful": ""}, ORIGIN, "invalid"),
        ({"kind": "hate"}, ORIGIN, "invalid"),
        ({"kind": "used", "text": "x" * 501}, ORIGIN, "invalid"),
    ],
)
def test_spam_and_bad_input_change_nothing(client, method, fields, headers, outcome):
    response = send(client, method, headers=headers, **fields)
    assert response["Location"] == f"{method.url}?feedback={outcome}#feedback"
    assert not ReaderFeedback.objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert "feedback-message--error" in page


@pytest.mark.django_db
def test_an_answer_sent_right_after_the_page_was_shown_is_refused(client, method):
    response = send(client, method, stamp=form_stamp(method))
    assert response["Location"].endswith("?feedback=too-fast#feedback")
    assert not ReaderFeedback.objects.exists()


@pytest.mark.django_db
def test_a_stamp_from_another_page_is_refused(client, method, site_tree):
    other = MethodologyArticleFactory(parent=site_tree["hu"]["methods"])
    send(client, method, stamp=old_stamp(other))
    assert not ReaderFeedback.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "headers",
    [{}, {"HTTP_ORIGIN": "https://evil.example"}, {"HTTP_REFERER": "http://evil.example/x"}],
)
def test_cross_site_posts_are_forbidden(client, method, headers):
    assert send(client, method, headers=headers).status_code == 403
    assert not ReaderFeedback.objects.exists()


@pytest.mark.django_db
def test_referer_of_this_site_is_enough_without_origin(client, method):
    send(client, method, headers={"HTTP_REFERER": f"http://testserver{method.url}"})
    assert ReaderFeedback.objects.count() == 1


@pytest.mark.django_db
def test_get_is_not_allowed(client, method):
    assert client.get(f"/hu/feedback/{method.pk}/").status_code == 405


@pytest.mark.django_db
@override_settings(FEEDBACK_SUBMISSIONS=2)
def test_rate_limited_per_address_with_a_hashed_key(client, method):
    from django.core.cache import cache

    for _ in range(2):
        send_from(client, method, "10.0.0.1")
    response = send_from(client, method, "10.0.0.1")
    assert response["Location"].endswith("?feedback=limited#feedback")
    assert ReaderFeedback.objects.count() == 2
    assert send_from(client, method, "10.0.0.2")["Location"].endswith("=thanks#feedback")
    keys = list(cache._cache.keys())
    assert keys and not any("10.0.0.1" in key for key in keys)


def send_from(client, page, address):
    data = {"kind": "useful", "useful": "yes", "stamp": old_stamp(page), "website": ""}
    return client.post(f"/hu/feedback/{page.pk}/", data, REMOTE_ADDR=address, **ORIGIN)


@pytest.mark.django_db
def test_packages_take_feedback_but_bundles_and_restricted_pages_do_not(client, site_tree):
    package = ProgrammePackageFactory(parent=site_tree["hu"]["packages"])
    assert send(client, package).status_code == 302
    bundle = RegionalBundleFactory(parent=site_tree["hu"]["packages"])
    assert send(client, bundle).status_code == 404
    hidden = MethodologyArticleFactory(parent=site_tree["hu"]["methods"], title="TITOKMARKER")
    hidden.visibility = KnowledgePage.Visibility.MEMBERS
    publish(hidden)
    assert send(client, hidden).status_code == 404
    assert send(client, package, headers=ORIGIN).status_code == 302
    assert ReaderFeedback.objects.filter(page=hidden).count() == 0


@pytest.mark.django_db
def test_only_approved_answers_count_across_translations(client, method):
    method_sl = translate(method, "sl", title="Svetovna kavarna")
    for page, kind, useful, status in [
        (method, "useful", True, "approved"),
        (method_sl, "useful", True, "approved"),
        (method, "useful", False, "approved"),
        (method, "useful", True, "pending"),
        (method, "used", None, "approved"),
        (method_sl, "used", None, "rejected"),
    ]:
        ReaderFeedback.objects.create(page=page, kind=kind, useful=useful, status=status)
    assert ReaderFeedback.objects.for_work(method).counts() == {
        "found_useful": 2,
        "not_useful": 1,
        "used": 1,
    }
    html = client.get(method.url).content.decode()
    assert "2 olvasó hasznosnak találta" in html


@pytest.mark.django_db
@pytest.mark.usefixtures("page_cache_off")
def test_the_page_with_the_form_keeps_its_query_count(
    client, method, django_assert_max_num_queries
):
    client.get(method.url)
    with django_assert_max_num_queries(30):
        assert client.get(method.url).status_code == 200


@pytest.mark.django_db
def test_editors_approve_and_reject_in_the_admin(client, method, django_user_model):
    editor = django_user_model.objects.create_user("szerk", "szerk@example.org", "pw")
    editor.groups.add(Group.objects.get(name="Editor"))
    client.force_login(editor)
    answer = ReaderFeedback.objects.create(page=method, kind="used", text="TITOKSZÖVEG")
    listing = client.get(reverse("wagtailsnippets_knowledge_readerfeedback:list"))
    assert listing.status_code == 200
    assert "TITOKSZÖVEG" in listing.content.decode()
    edit_url = reverse("wagtailsnippets_knowledge_readerfeedback:edit", args=[answer.pk])
    assert client.get(edit_url).status_code == 200
    response = client.post(edit_url, {"status": "approved"})
    assert response.status_code == 302
    answer.refresh_from_db()
    assert answer.status == "approved" and answer.moderated_at is not None
    assert answer.text == "TITOKSZÖVEG"
    add_url = reverse("wagtailsnippets_knowledge_readerfeedback:add")
    assert client.get(add_url).status_code in (302, 403)


@pytest.mark.django_db
def test_pending_text_never_reaches_the_page(client, method):
    ReaderFeedback.objects.create(page=method, kind="used", text="FÜGGŐMARKER")
    assert "FÜGGŐMARKER" not in client.get(method.url).content.decode()

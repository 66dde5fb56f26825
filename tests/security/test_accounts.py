"""Sign-in cannot be guessed at: lockout, one message for every failure, quiet resets."""

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import PageViewRestriction

ADMIN_LOGIN = "/admin/login/"
FRONT_LOGIN = "/hu/_util/login/"


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user(
        "szerkeszto", "szerkeszto@example.org", "helyes-jelszo-2024", is_staff=True
    )


def sign_in(client, username, password, url=ADMIN_LOGIN, address="203.0.113.7"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


def error_text(response):
    form = response.context["form"]
    return [str(message) for message in form.non_field_errors()]


@pytest.mark.django_db
@pytest.mark.parametrize("url", [ADMIN_LOGIN, FRONT_LOGIN])
def test_unknown_user_and_wrong_password_get_the_same_answer(client, editor, url):
    wrong_password = sign_in(client, "szerkeszto", "rossz", url)
    unknown_user = sign_in(client, "nincs-ilyen", "rossz", url)
    assert wrong_password.status_code == unknown_user.status_code == 200
    assert error_text(wrong_password) == error_text(unknown_user)
    assert error_text(wrong_password)


@pytest.mark.django_db
def test_admin_login_locks_out_after_five_failures(client, editor, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _attempt in range(4):
        assert sign_in(client, "szerkeszto", "rossz").status_code == 200
    locked = sign_in(client, "szerkeszto", "rossz")
    assert locked.status_code == 429
    # Even the right password is refused now, with the translated lockout page.
    refused = sign_in(client, "szerkeszto", "helyes-jelszo-2024")
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session
    client.cookies.clear()
    # Another address may still sign in: one attacker cannot lock an editor out everywhere.
    allowed = sign_in(client, "szerkeszto", "helyes-jelszo-2024", address="198.51.100.9")
    assert allowed.status_code == 302
    assert client.session["_auth_user_id"] == str(editor.pk)


@pytest.mark.django_db
def test_lockout_page_is_translated(client, editor):
    for _attempt in range(6):
        response = client.post(
            FRONT_LOGIN,
            {"username": "szerkeszto", "password": "rossz"},
            REMOTE_ADDR="203.0.113.8",
            HTTP_ACCEPT_LANGUAGE="hu",
        )
    assert response.status_code == 429
    assert "Túl sok bejelentkezési kísérlet" in response.content.decode()


@pytest.mark.django_db
def test_unknown_users_are_locked_out_the_same_way(client, editor):
    """Lockout itself must not tell which user names exist."""
    for name in ("szerkeszto", "nincs-ilyen"):
        statuses = [sign_in(client, name, "rossz").status_code for _ in range(6)]
        assert statuses == [200] * 4 + [429] * 2, name


@pytest.mark.django_db
def test_password_reset_answers_the_same_for_every_address(client, editor):
    url = reverse("wagtailadmin_password_reset")
    known = client.post(url, {"email": "szerkeszto@example.org"})
    unknown = client.post(url, {"email": "senki@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert [message.to for message in mail.outbox] == [["szerkeszto@example.org"]]


@pytest.fixture
def protected_page(site_tree):
    """A section behind a shared password (Wagtail's "password" view restriction)."""
    section = site_tree["hu"]["collections"]
    restriction = PageViewRestriction.objects.create(
        page=section, restriction_type=PageViewRestriction.PASSWORD, password="titkos-2024"
    )
    return section, restriction


def try_page_password(client, section, restriction, password, address="203.0.113.7"):
    url = f"/hu/_util/authenticate_with_password/{restriction.pk}/{section.pk}/"
    return client.post(url, {"password": password, "return_url": section.url}, REMOTE_ADDR=address)


@pytest.mark.django_db
def test_password_protected_pages_are_rate_limited(client, protected_page, settings):
    section, restriction = protected_page
    assert client.get(section.url).status_code == 200  # the password form
    for _attempt in range(settings.PAGE_PASSWORD_ATTEMPTS):
        assert try_page_password(client, section, restriction, "rossz").status_code == 200
    limited = try_page_password(client, section, restriction, "titkos-2024")
    assert limited.status_code == 429
    assert limited["Retry-After"] == str(settings.PAGE_PASSWORD_WINDOW)
    assert "Too many attempts" in limited.content.decode() or "Túl sok" in (
        limited.content.decode()
    )
    # The page is still closed to this reader, and open to another address.
    assert b"titkos" not in client.get(section.url).content
    other = try_page_password(client, section, restriction, "titkos-2024", address="198.51.100.9")
    assert other.status_code == 302


@pytest.mark.django_db
def test_right_page_password_still_works_below_the_limit(client, protected_page):
    section, restriction = protected_page
    try_page_password(client, section, restriction, "rossz")
    response = try_page_password(client, section, restriction, "titkos-2024")
    assert response.status_code == 302
    assert response["Location"] == section.url

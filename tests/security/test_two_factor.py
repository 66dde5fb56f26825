"""Two-factor sign-in: editors enrol from their account page; then every sign-in asks
for a code. Codes are computed here with RFC 6238, independently of the library."""

import base64
import hashlib
import hmac
import struct
import time
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from groups.roles import EDITOR, MENTOR, role_group

PASSWORD = "helyes-jelszo-2024"
ADMIN_LOGIN = "/admin/login/"
FRONT_LOGIN = "/hu/_util/login/"
SETTINGS = "/admin/two-factor/"
VERIFY = "/admin/two-factor/verify/"


def totp(secret, at=None):
    """The six-digit RFC 6238 code (SHA-1, 30 s steps) for ``secret`` at time ``at``."""
    secret = secret.replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


@pytest.fixture
def editor(django_user_model, locales):
    user = django_user_model.objects.create_user("szerkeszto", "sz@example.org", PASSWORD)
    user.groups.add(role_group(EDITOR))
    return user


@pytest.fixture
def mentor(django_user_model, locales):
    user = django_user_model.objects.create_user("mentor", "m@example.org", PASSWORD)
    user.groups.add(role_group(MENTOR))
    return user


def enrol(client, user):
    """Enrols ``user`` through the account page; returns (secret, recovery codes)."""
    client.force_login(user)
    page = client.get(SETTINGS)
    secret = page.context["secret"]
    done = client.post(SETTINGS, {"code": totp(secret)})
    assert done.status_code == 200
    client.logout()
    return secret, done.context["codes"]


def unthrottle(user):
    """Moves the wait after a wrong code into the past, as if time had passed."""
    past = timezone.now() - timedelta(hours=1)
    TOTPDevice.objects.filter(user=user).update(throttling_failure_timestamp=past)


@pytest.mark.django_db
def test_editor_enrols_from_the_account_page(client, editor):
    client.force_login(editor)
    account = client.get("/admin/account/")
    assert SETTINGS in account.content.decode()
    page = client.get(SETTINGS)
    body = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in body  # the QR code, inline
    secret = page.context["secret"]
    assert secret.replace(" ", "") in body.replace(" ", "")
    assert not TOTPDevice.objects.filter(user=editor, confirmed=True).exists()

    wrong = client.post(SETTINGS, {"code": "000000" if totp(secret) != "000000" else "111111"})
    assert wrong.context["form"].errors["code"]
    assert not TOTPDevice.objects.filter(user=editor, confirmed=True).exists()
    unthrottle(editor)

    done = client.post(SETTINGS, {"code": totp(secret)})
    codes = done.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert all(code in done.content.decode() for code in codes)
    assert TOTPDevice.objects.filter(user=editor, confirmed=True).count() == 1
    # Enrolling verified this session: no second question now.
    assert client.get("/admin/").status_code == 200
    # The secret is never shown again.
    again = client.get(SETTINGS).content.decode()
    assert secret.replace(" ", "") not in again.replace(" ", "")


@pytest.mark.django_db
@pytest.mark.parametrize("login_url", [ADMIN_LOGIN, FRONT_LOGIN])
def test_sign_in_asks_for_the_code_before_anything_else(client, editor, login_url):
    secret, _codes = enrol(client, editor)
    signed_in = client.post(login_url, {"username": "szerkeszto", "password": PASSWORD})
    assert signed_in.status_code == 302
    for path in ["/admin/", "/admin/pages/", "/hu/", "/api/v2/pages/"]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.url.startswith(VERIFY), path
    # A POST is held back too, and changes nothing.
    assert client.post("/admin/two-factor/turn-off/", {"code": "x"}).url.startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=editor, confirmed=True).exists()

    # The code from enrolment cannot be replayed.
    replay = client.post(VERIFY, {"code": totp(secret), "next": "/admin/pages/"})
    assert replay.status_code == 200 and replay.context["form"].errors
    unthrottle(editor)
    fresh = client.post(VERIFY, {"code": totp(secret, time.time() + 30), "next": "/admin/pages/"})
    assert fresh.status_code == 302 and fresh.url == "/admin/pages/"
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_wrong_codes_are_throttled(client, editor):
    secret, _codes = enrol(client, editor)
    client.post(ADMIN_LOGIN, {"username": "szerkeszto", "password": PASSWORD})
    client.post(VERIFY, {"code": "12345"})
    # Right after a wrong code even the right one waits.
    throttled = client.post(VERIFY, {"code": totp(secret, time.time() + 30)})
    assert throttled.status_code == 200
    assert client.get("/admin/").status_code == 302


@pytest.mark.django_db
def test_recovery_codes_work_once_each(client, editor):
    _secret, codes = enrol(client, editor)
    client.post(ADMIN_LOGIN, {"username": "szerkeszto", "password": PASSWORD})
    used = client.post(VERIFY, {"code": codes[0], "next": "/admin/"})
    assert used.status_code == 302
    assert StaticToken.objects.filter(device__user=editor).count() == 9
    client.logout()
    client.post(ADMIN_LOGIN, {"username": "szerkeszto", "password": PASSWORD})
    again = client.post(VERIFY, {"code": codes[0]})
    assert again.status_code == 200 and again.context["form"].errors
    assert client.get("/admin/").status_code == 302


@pytest.mark.django_db
def test_new_recovery_codes_replace_the_old_ones(client, editor):
    _secret, codes = enrol(client, editor)
    client.force_login(editor)  # a forced login is a sign-in too: verify it
    client.post(VERIFY, {"code": codes[0]})
    new = client.post("/admin/two-factor/recovery-codes/").context["codes"]
    assert not set(new) & set(codes)
    stored = set(StaticToken.objects.filter(device__user=editor).values_list("token", flat=True))
    assert stored == set(new)


@pytest.mark.django_db
def test_turning_off_needs_a_current_code(client, editor):
    secret, codes = enrol(client, editor)
    client.force_login(editor)
    client.post(VERIFY, {"code": codes[0]})
    refused = client.post("/admin/two-factor/turn-off/", {"code": "000001"})
    assert refused.status_code == 200 and refused.context["form"].errors
    assert TOTPDevice.objects.filter(user=editor).exists()
    unthrottle(editor)
    client.post("/admin/two-factor/turn-off/", {"code": totp(secret, time.time() + 30)})
    assert not TOTPDevice.objects.filter(user=editor).exists()
    assert not StaticToken.objects.filter(device__user=editor).exists()
    client.logout()
    client.post(ADMIN_LOGIN, {"username": "szerkeszto", "password": PASSWORD})
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_mentors_are_not_offered_it_nor_asked(client, mentor):
    client.post(ADMIN_LOGIN, {"username": "mentor", "password": PASSWORD})
    account = client.get("/admin/account/")
    assert account.status_code == 200
    assert SETTINGS not in account.content.decode()
    assert client.get(SETTINGS).status_code in (302, 403)
    assert not TOTPDevice.objects.filter(user=mentor).exists()


@pytest.mark.django_db
def test_verify_page_does_not_redirect_elsewhere(client, editor):
    _secret, codes = enrol(client, editor)
    client.post(ADMIN_LOGIN, {"username": "szerkeszto", "password": PASSWORD})
    response = client.post(VERIFY, {"code": codes[1], "next": "https://evil.example/"})
    assert response.status_code == 302 and response.url == "/admin/"


@pytest.mark.django_db
def test_an_administrator_can_turn_it_off_for_a_locked_out_editor(client, editor):
    enrol(client, editor)
    out = StringIO()
    call_command("turn_off_two_factor", "szerkeszto", stdout=out)
    assert "is off" in out.getvalue()
    assert not TOTPDevice.objects.filter(user=editor).exists()
    assert not StaticToken.objects.filter(device__user=editor).exists()
    client.post(ADMIN_LOGIN, {"username": "szerkeszto", "password": PASSWORD})
    assert client.get("/admin/").status_code == 200
    with pytest.raises(CommandError):
        call_command("turn_off_two_factor", "nincs-ilyen", stdout=StringIO())

"""A session's way to the public, in a real browser: a mentor writes it up on a phone,
an editor approves it in the admin, and anonymous readers find it everywhere it belongs.
"""

import re
import urllib.request
from dataclasses import dataclass

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD, demo_group, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

TITLE = "Csipkeverő délután a tájházban"
MARKER = "csipkeverőkör"
PHONE = {
    "viewport": {"width": 375, "height": 667},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}


@dataclass
class Cast:
    mentor: str
    editor: str
    group_url: str
    method_title: str
    method_url: str


@pytest.fixture
def cast(demo_site, mentor, django_user_model):
    """The mentor of the Hungarian demo group, an editor, and a method the session used."""
    from django.contrib.auth.models import Group
    from wagtail.models import Locale

    from groups.roles import EDITOR
    from knowledge.models import MethodologyArticle

    editor = django_user_model.objects.create_user("szerkeszto", "ed@example.org", PASSWORD)
    editor.groups.add(Group.objects.get(name=EDITOR))
    hungarian = Locale.objects.get(language_code="hu")
    method = MethodologyArticle.objects.live().filter(locale=hungarian).order_by("path").first()
    return Cast(
        mentor=mentor.username,
        editor=editor.username,
        group_url=demo_group("hu").url,
        method_title=method.title,
        method_url=method.url,
    )


def fetch(url):
    with urllib.request.urlopen(url) as response:  # noqa: S310 (the live test server)
        return response.read().decode("utf-8")


def test_a_mentor_writes_up_a_session_on_a_phone_and_an_editor_publishes_it(
    demo_site, cast, browser
):
    # --- the mentor, on a phone ---------------------------------------------------------
    context = browser.new_context(**PHONE)
    phone = context.new_page()
    sign_in(phone, f"{demo_site.url}/hu/_util/login/?next={cast.group_url}", cast.mentor)
    expect(phone).to_have_url(demo_site.url + cast.group_url)
    tools = phone.get_by_role("navigation", name="A csoport mentorainak")
    tools.get_by_role("link", name="Foglalkozás leírása").tap()
    expect(phone).to_have_url(demo_site.url + cast.group_url + "write-up/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Foglalkozás leírása")

    # What the group already knows is filled in.
    expect(phone.get_by_label("Dátum")).not_to_have_value("")
    expect(phone.get_by_label("Alkalom sorszáma")).not_to_have_value("")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    phone.get_by_label("Résztvevők").fill("12")
    phone.get_by_label("Közülük új").fill("3")
    phone.get_by_role("checkbox", name=cast.method_title).check()
    phone.get_by_label("Mit csináltunk").fill(
        f"A {MARKER} tagjai a tájház udvarán mutatták be a mintákat.\n\n"
        "- bemutató\n- közös próbálkozás"
    )
    phone.get_by_label("Tanulságok").fill("A fiatalok a mintagyűjtést vállalták.")
    phone.get_by_text("Cím, eredmények, témák és térségek").tap()
    phone.get_by_label(re.compile(r"^Cím:?$")).fill(TITLE)
    phone.get_by_role("button", name="Mentés és beküldés ellenőrzésre").tap()

    expect(phone).to_have_url(demo_site.url + cast.group_url + "my-write-ups/")
    expect(phone.get_by_role("status")).to_contain_text(TITLE)
    mine = phone.locator(".status-list li", has_text=TITLE)
    expect(mine.locator(".state")).to_have_text("Ellenőrzés alatt")
    expect(mine.locator(".state")).to_have_attribute("data-state", "in-review")
    context.close()

    # Not public yet: anonymous readers see nothing of it.
    assert TITLE not in fetch(demo_site.url + cast.group_url)

    # --- the editor, at a desk --------------------------------------------------------------
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    desk = context.new_page()
    sign_in(desk, f"{demo_site.url}/admin/login/", cast.editor)
    expect(desk).to_have_url(re.compile(r"/admin/$"))
    desk.get_by_role("link", name=TITLE).first.click()
    expect(desk).to_have_url(re.compile(r"/admin/pages/\d+/edit/$"))
    desk.get_by_role("button", name="More actions").click()
    desk.get_by_role("button", name="Approve and Publish", exact=True).click()
    expect(desk.locator(".messages")).to_contain_text(TITLE)
    context.close()

    # --- anonymous readers ------------------------------------------------------------
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    reader = context.new_page()
    reader.goto(demo_site.url + cast.group_url)
    timeline = reader.locator(".timeline")
    timeline.get_by_role("link", name=TITLE).click()
    expect(reader.get_by_role("heading", level=1)).to_have_text(TITLE)
    writeup_url = reader.url
    writeup_path = writeup_url.removeprefix(demo_site.url)
    expect(reader.locator("main")).to_contain_text(MARKER)

    reader.goto(demo_site.url + cast.method_url)
    provenance = reader.locator(".provenance")
    expect(provenance.get_by_role("link", name=TITLE)).to_have_attribute("href", writeup_path)

    reader.goto(f"{demo_site.url}/hu/search/?q={MARKER}")
    expect(reader.locator(".card-title")).to_have_text([TITLE])
    context.close()

    feed = fetch(f"{demo_site.url}/hu/feed/")
    assert f"<title>{TITLE}</title>" in feed
    assert writeup_path in feed
    assert f"<loc>{writeup_url}</loc>" in fetch(f"{demo_site.url}/sitemap.xml")

"""Every groups page renders in every language; rubric, people and sessions as intended."""

import pytest
from bs4 import BeautifulSoup
from django.utils import translation
from django.utils.translation import gettext, ngettext

from tests.conftest import translate
from tests.factories import MethodologyArticleFactory, ProgrammePackageFactory
from tests.groups.factories import WorkshopWriteUpFactory

LANGUAGES = ["hu", "sl", "en"]


def hu(text):
    """``text`` as the Hungarian pages show it (translated when the catalogue is compiled)."""
    with translation.override("hu"):
        return gettext(text)


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def translated(groups, programme):
    """The programme, group A and one write-up in Hungarian, Slovenian and English."""
    group_a, _group_b = groups
    writeup = WorkshopWriteUpFactory(parent=group_a, title="Első műhely", session_number=1)
    pages = {"hu": {"programme": programme, "group": group_a, "writeup": writeup}}
    for code in ("sl", "en"):
        pages[code] = {
            "programme": translate(programme, code, title=f"Program [{code}]"),
            "group": translate(group_a, code, title=f"Skupina [{code}]"),
        }
        pages[code]["writeup"] = translate(writeup, code, title=f"Delavnica [{code}]")
    return pages


@pytest.mark.django_db
@pytest.mark.parametrize("code", LANGUAGES)
@pytest.mark.parametrize("name", ["programme", "group", "writeup"])
def test_groups_pages_render_in_every_language(client, translated, code, name):
    page = translated[code][name]
    response = client.get(page.url)
    assert response.status_code == 200
    soup = soup_of(response)
    assert page.url.startswith(f"/{code}/")
    assert soup.html["lang"] == code
    assert soup.h1.get_text(strip=True) == page.title
    alternates = {link["hreflang"] for link in soup.select('link[rel="alternate"]')}
    assert alternates == {*LANGUAGES, "x-default"}


@pytest.mark.django_db
@pytest.mark.parametrize("code", LANGUAGES)
def test_group_page_lists_its_sessions_in_the_readers_language(client, translated, code):
    soup = soup_of(client.get(translated[code]["group"].url))
    sessions = [link.get_text(strip=True) for link in soup.select(".session-list a")]
    assert sessions == [translated[code]["writeup"].title]


@pytest.mark.django_db
def test_untranslated_session_is_shown_in_its_own_language(client, translated):
    group_hu = translated["hu"]["group"]
    WorkshopWriteUpFactory(parent=group_hu, title="Csak magyarul megírt alkalom")
    soup = soup_of(client.get(translated["sl"]["group"].url))
    fallback = soup.find("span", string="Csak magyarul megírt alkalom")
    assert fallback is not None and fallback["lang"] == "hu"


@pytest.mark.django_db
def test_group_page_shows_its_rubric(client, groups):
    group_a, _group_b = groups
    soup = soup_of(client.get(group_a.url))
    rows = {
        row.th.get_text(strip=True): [cell.get_text(strip=True) for cell in row.find_all("td")]
        for row in soup.select(".rubric-section tbody tr")
    }
    assert len(rows) == 7
    assert rows[hu("Structure and clear expectations")] == [
        hu("Established"),
        "Havi műhelyek, közös szabályokkal.",
    ]
    assert rows[hu("Regular meetings")][0] == hu("Strong")
    assert rows[hu("Mentor training")][0] == hu("Not assessed")


@pytest.mark.django_db
def test_programme_page_compares_the_rubric_across_its_groups(client, programme, groups):
    soup = soup_of(client.get(programme.url))
    table = soup.select_one(".rubric-comparison table")
    headers = [th.get_text(strip=True) for th in table.select("thead th")]
    assert headers == [hu("Practice"), "Közkincs műhely", "Metszéspont Műhely"]
    rows = {
        row.th.get_text(strip=True): [cell.get_text(strip=True) for cell in row.find_all("td")]
        for row in table.select("tbody tr")
    }
    assert rows[hu("Structure and clear expectations")] == [hu("Established"), hu("Not assessed")]
    assert rows[hu("Feedback")] == [hu("Not assessed"), hu("Emerging")]
    assert rows[hu("Regular meetings")] == [hu("Strong"), hu("Not assessed")]
    practices = [
        "Structure and clear expectations",
        "Goals",
        "Matching",
        "Regular meetings",
        "Mentor training",
        "Feedback",
        "Community support",
    ]
    assert [row.th.get_text(strip=True) for row in table.select("tbody tr")] == [
        hu(practice) for practice in practices
    ]


@pytest.mark.django_db
def test_programme_page_lists_only_live_public_groups(client, programme, groups):
    _group_a, group_b = groups
    group_b.unpublish()
    soup = soup_of(client.get(programme.url))
    titles = [node.get_text(strip=True) for node in soup.select(".card-title")]
    assert titles == ["Közkincs műhely"]
    assert "Metszéspont Műhely" not in soup.select_one(".rubric-comparison").get_text()


@pytest.mark.django_db
def test_group_page_shows_a_member_count_and_never_members_names(client, people, groups):
    group_a, _group_b = groups
    html = client.get(group_a.url).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one(".member-count")["data-count"] == "2"
    with translation.override("hu"):
        label = ngettext("%(counter)s member", "%(counter)s members", 2) % {"counter": 2}
    assert soup.select_one(".member-count").get_text(strip=True) == label
    assert "Józsa Kata" in html  # the mentor, who consented to a public profile
    for secret in ("Titkos Tagnév", "tag_egy", "tag_ketto", "mentor_a"):
        assert secret not in html


@pytest.mark.django_db
def test_mentor_without_consent_is_not_named(client, groups, make_user):
    from groups.roles import assign_role

    group_a, _group_b = groups
    assign_role(make_user("csendes", "Csendes Mentor"), group_a, "mentor")
    html = client.get(group_a.url).content.decode()
    assert "Csendes Mentor" not in html
    assert "csendes" not in html


@pytest.mark.django_db
def test_write_up_page_shows_its_session_methods_and_outputs(client, site_tree, groups):
    group_a, _group_b = groups
    method = MethodologyArticleFactory(parent=site_tree["hu"]["methods"], title="Fishbowl-kör")
    package = ProgrammePackageFactory(parent=site_tree["hu"]["packages"], title="Ünnepek műhely")
    writeup = WorkshopWriteUpFactory(
        parent=group_a,
        venue="Kecskeméti Közösségi Ház",
        participants=9,
        new_participants=3,
        insights="<p>A közös ünnep összeköt.</p>",
        next_steps="<p>Partnerek bevonása.</p>",
        methods_used=[method],
        outputs=[package],
    )
    soup = soup_of(client.get(writeup.url))
    facts = soup.select_one(".facts").get_text(" ", strip=True)
    assert "Kecskeméti Közösségi Ház" in facts
    with translation.override("hu"):
        new = ngettext("(of them %(counter)s new)", "(of them %(counter)s new)", 3)
    assert f"9 {new % {'counter': 3}}" in facts
    assert soup.select_one(".facts a")["href"] == group_a.url
    assert "A közös ünnep összeköt." in soup.get_text()
    card_titles = [node.get_text(strip=True) for node in soup.select(".card-title")]
    assert card_titles == ["Fishbowl-kör", "Ünnepek műhely"]
    group_soup = soup_of(client.get(group_a.url))
    produced = [node.get_text(strip=True) for node in group_soup.select(".card-title")]
    assert produced == ["Ünnepek műhely"]


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["hu", "sl"])
def test_group_page_shows_its_latest_sessions_oldest_first(
    client, programme, groups, code, monkeypatch
):
    """A group that has met many times lists only its newest sessions, each in the
    reader's language, however the window of versions read from the database falls."""
    from groups import presentation

    monkeypatch.setattr(presentation, "TIMELINE_SESSIONS", 3)
    monkeypatch.setattr(presentation, "TIMELINE_VERSIONS", 7)  # cuts a work in two
    group_a, _group_b = groups
    translate(programme, "sl", title="Program")
    group_sl = translate(group_a, "sl", title="Skupina")
    titles = {}
    for number in range(1, 7):
        writeup = WorkshopWriteUpFactory(
            parent=group_a, title=f"Alkalom {number}", session_number=number
        )
        translated = translate(writeup, "sl", title=f"Srečanje {number}")
        titles[number] = {"hu": writeup.title, "sl": translated.title}
    group = {"hu": group_a, "sl": group_sl}[code]
    soup = soup_of(client.get(group.url))
    sessions = [link.get_text(strip=True) for link in soup.select(".session-list a")]
    assert sessions == [titles[number][code] for number in (4, 5, 6)]


@pytest.mark.django_db
def test_group_page_lists_only_its_own_sessions(client, programme, groups):
    """A group's sessions are found below the group and its translations, by path:
    its neighbour's are not, nor drafts, nor, for an anonymous reader, restricted ones."""
    group_a, group_b = groups
    translate(programme, "sl", title="Program")
    group_a_sl = translate(group_a, "sl", title="Skupina A")
    WorkshopWriteUpFactory(parent=group_a, title="A csoport alkalma", session_number=1)
    WorkshopWriteUpFactory(parent=group_a_sl, title="Samo v slovenščini", session_number=2)
    WorkshopWriteUpFactory(parent=group_a, title="A csoport piszkozata", live=False)
    WorkshopWriteUpFactory(parent=group_a, title="Csoporton belüli", visibility="group")
    WorkshopWriteUpFactory(parent=group_b, title="B csoport alkalma", session_number=1)
    soup = soup_of(client.get(group_a.url))
    sessions = {link.get_text(strip=True) for link in soup.select(".session-list a")}
    fallbacks = {node.get_text(strip=True) for node in soup.select(".session-list span[lang]")}
    assert "A csoport alkalma" in sessions
    assert "Samo v slovenščini" in sessions | fallbacks
    shown = soup.select_one(".session-list").get_text(" ", strip=True)
    for title in ("A csoport piszkozata", "Csoporton belüli", "B csoport alkalma"):
        assert title not in shown


@pytest.mark.django_db
def test_sessions_below_a_draft_translation_of_the_group_are_not_shown(client, programme, groups):
    """The group's versions are its live ones: what hangs below an unpublished
    translation is not part of the published group yet."""
    group_a, _group_b = groups
    translate(programme, "sl", title="Program")
    group_a_sl = translate(group_a, "sl", title="Skupina A")
    WorkshopWriteUpFactory(parent=group_a_sl, title="Samo v slovenščini", session_number=2)
    assert "Samo v slovenščini" in soup_of(client.get(group_a.url)).get_text()
    group_a_sl.unpublish()
    assert "Samo v slovenščini" not in soup_of(client.get(group_a.url)).get_text()

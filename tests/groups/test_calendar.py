"""iCalendar of upcoming sessions, per group and per programme: valid RFC 5545, nothing private."""

import datetime

import icalendar
import pytest
from django.utils import timezone

from groups.calendar import escape_text, fold
from groups.models import PlannedSession
from tests.groups.factories import MentorGroupFactory, publish


def plan(group, days, topic, venue="Művelődési ház", time=datetime.time(17, 0), minutes=120):
    session = PlannedSession(
        group=group,
        date=timezone.localdate() + datetime.timedelta(days=days),
        start_time=time,
        duration_minutes=minutes,
        venue=venue,
        topic=topic,
    )
    group.planned_sessions.add(session)
    publish(group)
    return group.planned_sessions.get(topic=topic)


def calendar_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    raw = response.content
    return raw, icalendar.Calendar.from_ical(raw)


def events(calendar):
    return list(calendar.walk("VEVENT"))


@pytest.mark.django_db
def test_group_calendar_lists_upcoming_sessions_linking_back(client, groups):
    group_a, _group_b = groups
    plan(group_a, -3, "Elmúlt alkalom")
    plan(group_a, 5, "Önkéntesek toborzása, tavaszi terv; második rész")
    raw, calendar = calendar_of(client, f"{group_a.url}calendar/")
    found = events(calendar)
    assert len(found) == 1
    event = found[0]
    assert str(event["SUMMARY"]).startswith("Önkéntesek toborzása, tavaszi terv; második rész")
    assert str(event["URL"]) == f"http://testserver{group_a.url}"
    assert str(event["LOCATION"]) == "Művelődési ház"
    start = event.decoded("DTSTART")
    local_start = start.astimezone(timezone.get_current_timezone())
    assert local_start.time() == datetime.time(17, 0)
    assert event.decoded("DTEND") - start == datetime.timedelta(minutes=120)
    assert str(event["UID"]).startswith("planned-session-")
    assert "DTSTAMP" in event
    assert calendar["VERSION"] == "2.0" and "PRODID" in calendar


@pytest.mark.django_db
def test_output_is_rfc5545_text(client, groups):
    group_a, _group_b = groups
    plan(group_a, 2, "Hosszú téma " * 12, venue="Kecskemét, Főtér 1.")
    raw, _calendar = calendar_of(client, f"{group_a.url}calendar/")
    assert raw.endswith(b"\r\n")
    lines = raw.split(b"\r\n")[:-1]
    assert b"\n" not in b"".join(lines)
    assert all(len(line) <= 75 for line in lines)
    assert any(line.startswith(b" ") for line in lines)  # the long summary was folded
    assert b"LOCATION:Kecskem\xc3\xa9t\\, F\xc5\x91t\xc3\xa9r 1." in raw


def test_folding_never_splits_a_character():
    line = "SUMMARY:" + "ő" * 80
    folded = fold(line).encode("utf-8").split(b"\r\n")
    assert all(len(part) <= 75 for part in folded)
    assert (
        "".join(
            part.decode("utf-8")[1:] if i else part.decode("utf-8") for i, part in enumerate(folded)
        )
        == line
    )
    assert escape_text("a;b,c\\d\ne") == "a\\;b\\,c\\\\d\\ne"


@pytest.mark.django_db
def test_programme_calendar_covers_its_public_groups(client, programme, groups):
    group_a, group_b = groups
    plan(group_a, 1, "A csoport alkalma")
    plan(group_b, 2, "B csoport alkalma")
    _raw, calendar = calendar_of(client, f"{programme.url}calendar/")
    summaries = [str(event["SUMMARY"]) for event in events(calendar)]
    assert summaries[0].startswith("A csoport alkalma")
    assert summaries[1].startswith("B csoport alkalma")
    urls = {str(event["URL"]) for event in events(calendar)}
    assert urls == {f"http://testserver{group_a.url}", f"http://testserver{group_b.url}"}


@pytest.mark.django_db
def test_restricted_or_draft_groups_stay_out(client, programme, groups, people):
    from wagtail.models import PageViewRestriction

    group_a, group_b = groups
    plan(group_a, 1, "Zártkörű alkalom")
    PageViewRestriction.objects.create(page=group_a, restriction_type=PageViewRestriction.LOGIN)
    draft = MentorGroupFactory(parent=programme, title="Vázlatcsoport")
    plan(draft, 1, "Vázlat alkalom")
    draft.unpublish()
    plan(group_b, 1, "Nyilvános alkalom")
    raw, _calendar = calendar_of(client, f"{programme.url}calendar/")
    assert b"Nyilv" in raw
    assert "Zártkörű".encode() not in raw and "Vázlat".encode() not in raw
    assert client.get(f"{group_a.url}calendar/").status_code in (302, 404)
    client.force_login(people["member_1"])
    assert client.get(f"{group_a.url}calendar/").status_code == 404


@pytest.mark.django_db
def test_a_newer_unpublished_session_is_not_announced(client, groups):
    group_a, _group_b = groups
    plan(group_a, 3, "Közzétett téma")
    session = group_a.planned_sessions.get()
    session.topic = "Még nem közzétett téma"
    group_a.save_revision()
    raw, _calendar = calendar_of(client, f"{group_a.url}calendar/")
    assert "Közzétett téma".encode() in raw
    assert b"nem k" not in raw


@pytest.mark.django_db
def test_group_page_lists_planned_sessions_and_links_the_calendar(client, groups):
    group_a, _group_b = groups
    plan(group_a, 4, "Tervezett téma")
    html = client.get(group_a.url).content.decode()
    assert "Tervezett téma" in html
    assert f'href="{group_a.url}calendar/"' in html

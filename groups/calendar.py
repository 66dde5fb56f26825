"""iCalendar (RFC 5545) feeds of upcoming workshop sessions, per group and per programme.

Events come from ``PlannedSession`` rows of live, public groups only. A group's
child rows in the database are those of its live version (a newer draft keeps its
sessions in the revision), so an unpublished change never reaches a calendar. An
event carries what the group announces (date, time, venue, public topic) and a link
back to the group page; never names, notes or anything from a non-public group.

Times are written in UTC, so the file needs no VTIMEZONE block and every calendar
application places the session at the same instant.
"""

import datetime
import zoneinfo

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify

from groups.models import MentorGroup, PlannedSession
from knowledge.links import absolute_url
from knowledge.public import public_pages

LINE_OCTETS = 75
CRLF = "\r\n"


def upcoming_sessions(groups, today=None):
    """Planned sessions of ``groups`` (a queryset) from today on, earliest first."""
    today = today or timezone.localdate()
    return (
        PlannedSession.objects.filter(group__in=groups, date__gte=today)
        .select_related("group")
        .order_by("date", "start_time", "pk")
    )


def public_groups(within=None):
    """Live, public mentor groups, optionally below one programme page."""
    groups = public_pages(MentorGroup, restrictions_inline=True)
    if within is not None:
        groups = groups.descendant_of(within)
    return groups


def escape_text(value):
    """TEXT values: backslash, semicolon, comma and line breaks escaped (RFC 5545 3.3.11)."""
    return (
        str(value)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line):
    """Split a content line into lines of at most 75 octets, never inside a character."""
    parts, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        limit = (
            LINE_OCTETS if not parts else LINE_OCTETS - 1
        )  # continuation lines start with a space
        if size + width > limit:
            parts.append(current)
            current, size = "", 0
        current += char
        size += width
    parts.append(current)
    return (CRLF + " ").join(parts)


def utc_stamp(moment):
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def session_start(session):
    local = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    return datetime.datetime.combine(session.date, session.start_time, tzinfo=local)


def event_lines(session, request, stamp):
    group = session.group
    start = session_start(session)
    url = absolute_url(group, request)
    host = request.get_host().split(":")[0] if request else "localhost"
    summary = f"{session.topic} – {group.title}"
    description = f"{group.title}\n{url}"
    lines = [
        "BEGIN:VEVENT",
        f"UID:planned-session-{session.pk}@{host}",
        f"DTSTAMP:{stamp}",
        f"DTSTART:{utc_stamp(start)}",
        f"DTEND:{utc_stamp(start + session.duration)}",
        f"SUMMARY:{escape_text(summary)}",
        f"DESCRIPTION:{escape_text(description)}",
        f"URL:{url}",
    ]
    if session.venue:
        lines.append(f"LOCATION:{escape_text(session.venue)}")
    lines.append("END:VEVENT")
    return lines


def render_calendar(name, sessions, request, language):
    """The calendar as RFC 5545 text: CRLF line ends, folded lines, escaped values."""
    stamp = utc_stamp(timezone.now())
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//Kapcsolodasok//Workshop sessions//{language.upper()}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for session in sessions:
        lines.extend(event_lines(session, request, stamp))
    lines.append("END:VCALENDAR")
    return CRLF.join(fold(line) for line in lines) + CRLF


def calendar_response(page, sessions, request):
    """An ``.ics`` download named after ``page``."""
    body = render_calendar(page.title, sessions, request, page.locale.language_code)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    filename = f"{slugify(page.slug) or 'calendar'}.ics"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["X-Robots-Tag"] = "noindex"
    return response

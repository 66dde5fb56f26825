"""Import handlers for ``programme``, ``group`` and ``writeup`` lines.

They follow the library's handlers (``knowledge.import_types``): every field is
checked first and reported by line and field; writing happens in the importer's
single transaction. Pages are placed by what the line names instead of in a
library section: a programme under its language's home page, a group under its
programme, a write-up under its group (both named by key, in the same language).
"""

import datetime
import json

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from groups.models import (
    GroupMembership,
    MentorGroup,
    Practice,
    PracticeState,
    Profile,
    Programme,
    RubricEntry,
    WorkshopWriteUp,
)
from groups.roles import assign_role
from knowledge.import_types import (
    PageHandler,
    TypeHandler,
    add_page,
    exportable_pages,
    known_slugs,
    new_page,
    set_featured,
    store_revision,
)
from knowledge.importer import HANDLERS, LineProblem, register
from knowledge.markdown import (
    markdown_to_rich_text,
    markdown_to_stream,
    rich_text_to_markdown,
    stream_to_markdown,
)
from knowledge.models import KnowledgePage, Region, Theme
from knowledge.site_structure import ascii_slug, home_for

IMPORT_CONSENT = (
    "Named publicly as a mentor of the group, as stated by the programme in its imported data."
)
MAX_NAME_LENGTH = 150


def slugs_in(context, type_name, model, locale_code):
    """Known slugs of a taxonomy in one language, looked up once per run."""
    cache = context.__dict__.setdefault("_groups_slug_cache", {})
    key = (type_name, locale_code)
    if key not in cache:
        cache[key] = known_slugs(context, type_name, model, locale_code)
    return cache[key]


def references(checks, context, name, types):
    """A list of keys, each naming an item of ``types`` in the same language."""
    for key in checks.string_list(name):
        checks.reference(name, key, context, types)


def library_page_types():
    return [
        name
        for name, handler in HANDLERS.items()
        if handler.model is not None and issubclass(handler.model, KnowledgePage)
    ]


class PlacedPageMixin:
    """Creates a page under the parent the line names, then stores a revision.

    An imported page stays where it was first placed: a later line that names
    another parent is an error rather than a silent move. A new write-up waits
    for the import's batch like the library's pages (``PageHandler.add_to_batch``,
    with ``parent_for`` naming its group); this is the path of everything else.
    """

    parent_field = ""

    def parent_for(self, record, context, locale):
        raise NotImplementedError

    def save(self, record, context, existing):
        locale = context.locale(record.locale)
        parent = self.parent_for(record, context, locale)
        page = existing
        if page is None:
            page = new_page(self, record, context)
            add_page(parent, page)
        else:
            if page.get_parent().pk != parent.pk:
                raise LineProblem(
                    self.parent_field,
                    _("this item was imported under another parent; it cannot be moved"),
                )
            self.assign(page, record, context)
        store_revision(page, record.data.get("live", True))
        self.after_save(page, record, context)
        return page, "created" if existing is None else "updated"

    def after_save(self, page, record, context):
        pass


class GroupsPageHandler(PlacedPageMixin, TypeHandler):
    """Programme and group pages: title, summary, Markdown body, ``live``."""

    def check_fields(self, checks, context):
        checks.text("summary", max_length=600)
        checks.text("body")
        checks.boolean("live")
        self.check_page_fields(checks, context)

    def check_page_fields(self, checks, context):
        pass

    def assign(self, page, record, context):
        data = record.data
        page.title = data["title"].strip()
        page.summary = data.get("summary", "")
        page.body = json.dumps(markdown_to_stream(data.get("body", "")))
        self.assign_page_fields(page, record, context)

    def assign_page_fields(self, page, record, context):
        pass

    def exportable(self, include_private):
        return exportable_pages(self.model, include_private)

    def title_of(self, obj):
        return obj.title

    def export_fields(self, page, keys):
        data = {"summary": page.summary, "body": stream_to_markdown(page.body)}
        if not page.live:
            data["live"] = False
        return data


@register
class ProgrammeImport(GroupsPageHandler):
    type_name = "programme"
    model = Programme

    def check_page_fields(self, checks, context):
        for aim in checks.string_list("aims"):
            if not aim.strip():
                checks.fail("aims", _("an aim is empty"))

    def assign_page_fields(self, page, record, context):
        page.aims = "\n".join(aim.strip() for aim in record.data.get("aims", []))

    def export_fields(self, page, keys):
        data = super().export_fields(page, keys)
        data["aims"] = [aim for aim in page.aims.splitlines() if aim.strip()]
        return data

    def parent_for(self, record, context, locale):
        return home_for(locale)


@register
class GroupImport(GroupsPageHandler):
    type_name = "group"
    model = MentorGroup
    parent_field = "programme"

    def check_page_fields(self, checks, context):
        data = checks.data
        locale_code = data.get("locale")
        programme = data.get("programme")
        if programme is None:
            checks.fail("programme", _("missing"))
        else:
            checks.reference("programme", programme, context, ["programme"])
        region = data.get("region")
        if region is not None and region not in slugs_in(context, "region", Region, locale_code):
            checks.fail("region", _("unknown region slug “%(slug)s”") % {"slug": region})
        checks.slugs("themes", slugs_in(context, "theme", Theme, locale_code), _("theme"))
        checks.text("goal")
        checks.text("cadence", max_length=120)
        checks.choice("status", MentorGroup.Status.values)
        for question in checks.string_list("focus_questions"):
            if not question.strip():
                checks.fail("focus_questions", _("a question is empty"))
        for name in checks.string_list("mentors"):
            if not name.strip() or len(name) > MAX_NAME_LENGTH:
                checks.fail(
                    "mentors",
                    _("each name must be 1 to %(max)d characters") % {"max": MAX_NAME_LENGTH},
                )
        self.check_rubric(checks)

    def check_rubric(self, checks):
        rubric = checks.data.get("rubric")
        if rubric is None:
            return
        if not isinstance(rubric, list):
            checks.fail("rubric", _("must be a list"))
            return
        seen = set()
        for number, entry in enumerate(rubric, start=1):
            if not isinstance(entry, dict):
                checks.fail(
                    "rubric",
                    _("entry %(number)d must be an object with practice, state and note")
                    % {"number": number},
                )
                continue
            practice = entry.get("practice")
            if practice not in Practice.values:
                checks.fail(
                    "rubric",
                    _("entry %(number)d: practice must be one of %(choices)s")
                    % {"number": number, "choices": ", ".join(Practice.values)},
                )
            elif practice in seen:
                checks.fail(
                    "rubric",
                    _("entry %(number)d: “%(practice)s” is already in the rubric")
                    % {"number": number, "practice": practice},
                )
            seen.add(practice)
            if entry.get("state", PracticeState.NOT_YET) not in PracticeState.values:
                checks.fail(
                    "rubric",
                    _("entry %(number)d: state must be one of %(choices)s")
                    % {"number": number, "choices": ", ".join(PracticeState.values)},
                )
            if not isinstance(entry.get("note", ""), str):
                checks.fail("rubric", _("entry %(number)d: note must be text") % {"number": number})

    def parent_for(self, record, context, locale):
        return self.resolve(context, record, "programme")

    def assign_page_fields(self, page, record, context):
        data = record.data
        page.region = context.term(Region, page.locale, data.get("region"))
        page.themes = context.terms(Theme, page.locale, data.get("themes", []))
        page.goal = data.get("goal", "")
        page.cadence = data.get("cadence", "")
        page.status = data.get("status", MentorGroup.Status.ACTIVE)
        page.focus_questions = "\n".join(q.strip() for q in data.get("focus_questions", []))
        page.rubric = [
            RubricEntry(
                practice=entry["practice"],
                state=entry.get("state", PracticeState.NOT_YET),
                note=entry.get("note", ""),
            )
            for entry in data.get("rubric", [])
        ]

    def export_fields(self, page, keys):
        data = super().export_fields(page, keys)
        data["programme"] = keys.key_for(page.get_parent())
        if page.region_id:
            data["region"] = page.region.slug
        data["themes"] = sorted(theme.slug for theme in page.themes.all())
        data["goal"] = page.goal
        data["cadence"] = page.cadence
        data["status"] = page.status
        data["focus_questions"] = [q for q in page.focus_questions.splitlines() if q.strip()]
        data["mentors"] = page.public_mentor_names()
        data["rubric"] = [
            {"practice": entry.practice, "state": entry.state, "note": entry.note}
            for entry in page.rubric.all()
        ]
        return data

    def dependencies(self, page):
        return [page.get_parent().specific]

    def after_save(self, page, record, context):
        for name in record.data.get("mentors", []):
            assign_role(mentor_account(name.strip()), page, GroupMembership.Role.MENTOR)


def mentor_account(display_name):
    """The user behind a mentor's public name, created as a sign-in-less account if new.

    The import line states that the mentor agreed to be named publicly; that is
    recorded as the profile's consent. An existing profile without consent is not
    given one by an import: the line fails instead.
    """
    profile = Profile.objects.filter(display_name=display_name).select_related("user").first()
    if profile is not None:
        if not profile.is_public:
            raise LineProblem(
                "mentors",
                _("“%(name)s” has a profile without consent to be named publicly")
                % {"name": display_name},
            )
        return profile.user
    user_model = get_user_model()
    base = f"mentor-{ascii_slug(display_name)}"[:140]
    username, number = base, 1
    while user_model.objects.filter(username=username).exists():
        number += 1
        username = f"{base}-{number}"
    user = user_model(username=username, is_active=False)
    user.set_unusable_password()
    user.save()
    profile = Profile(user=user, display_name=display_name)
    profile.record_consent(IMPORT_CONSENT)
    profile.save()
    return user


@register
class WriteUpImport(PlacedPageMixin, PageHandler):
    type_name = "writeup"
    model = WorkshopWriteUp
    parent_field = "group"
    text_fields = ("what_we_did", "insights", "next_steps")

    def check_page_fields(self, checks, context):
        data = checks.data
        group = data.get("group")
        if group is None:
            checks.fail("group", _("missing"))
        else:
            checks.reference("group", group, context, ["group"])
        if data.get("date") is None:
            checks.fail("date", _("missing"))
        checks.date("date")
        checks.integer("session_number", minimum=1, maximum=999)
        checks.text("venue", max_length=255)
        venue_institution = data.get("venue_institution")
        if venue_institution is not None:
            checks.reference("venue_institution", venue_institution, context, ["institution"])
        checks.integer("participants", minimum=0, maximum=10000)
        checks.integer("new_participants", minimum=0, maximum=10000)
        participants, new = data.get("participants"), data.get("new_participants")
        if (
            isinstance(participants, int)
            and isinstance(new, int)
            and not checks.errors
            and new > participants
        ):
            checks.fail("new_participants", _("cannot be more than participants"))
        references(checks, context, "methods", ["method"])
        references(checks, context, "outputs", library_page_types())
        for name in self.text_fields:
            checks.text(name)

    def parent_for(self, record, context, locale):
        return self.resolve(context, record, "group")

    def assign_page_fields(self, page, record, context):
        data = record.data
        page.date = datetime.date.fromisoformat(data["date"])
        page.session_number = data.get("session_number")
        page.venue = data.get("venue", "")
        page.venue_institution = self.resolve(context, record, "venue_institution")
        page.participants = data.get("participants")
        page.new_participants = data.get("new_participants")
        for name in self.text_fields:
            setattr(page, name, markdown_to_rich_text(data.get(name, "")))
        page.methods_used = [context.get(key) for key in data.get("methods", [])]
        page.outputs = [context.get(key) for key in data.get("outputs", [])]
        if "regions" not in data:
            group = self.resolve(context, record, "group")
            page.regions = [group.region] if group.region_id else []

    def after_save(self, page, record, context):
        set_featured(page, bool(record.data.get("featured", False)))

    def export_fields(self, page, keys):
        data = super().export_fields(page, keys)
        data["group"] = keys.key_for(page.get_parent())
        data["date"] = page.date.isoformat()
        for name in ("session_number", "participants", "new_participants"):
            if getattr(page, name) is not None:
                data[name] = getattr(page, name)
        if page.venue:
            data["venue"] = page.venue
        if page.venue_institution_id:
            data["venue_institution"] = keys.key_for(page.venue_institution)
        for name in self.text_fields:
            data[name] = rich_text_to_markdown(getattr(page, name))
        methods = page.methods_used.all()
        data["methods"] = [keys.key_for(m) for m in methods if keys.is_exported(m.pk)]
        data["outputs"] = [
            keys.key_for(item) for item in page.outputs.all() if keys.is_exported(item.pk)
        ]
        return data

    def dependencies(self, page):
        deps = [page.get_parent().specific]
        deps += [page.venue_institution] if page.venue_institution_id else []
        return deps + list(page.methods_used.all()) + [item.specific for item in page.outputs.all()]

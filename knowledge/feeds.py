"""RSS feeds of what is new in the library, per language and per theme.

``/<lang>/feed/`` lists the newest public, live works for a reader of that language,
as the listings do: in that language when translated, otherwise in their source
language, marked as such in the description ("Not yet translated; shown in the
original: …"). ``/<lang>/feed/<theme-slug>/`` narrows it to a theme and the themes
below it. Theme categories are named in the feed's language; links are absolute.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.translation import gettext as _
from wagtail.models import Locale

from knowledge.links import absolute_url
from knowledge.listing import LibraryFilter, library_items
from knowledge.taxonomy_cache import Term, themes_in

LANGUAGE_NAMES = dict(settings.LANGUAGES)

FEED_LENGTH = 30


@dataclass
class FeedScope:
    """What one feed request covers: a language, optionally a theme."""

    locale: Locale
    theme: Term | None = None

    def theme_slugs(self):
        """The theme and its narrower themes, which a reader of the theme expects too."""
        terms = themes_in(self.locale.pk)
        return [self.theme.slug] + [
            term.slug for term in terms.values() if term.parent_slug == self.theme.slug
        ]


class LibraryFeed(Feed):
    """One feed for one request (see ``library_feed``), so it may keep the request."""

    feed_type = Rss201rev2Feed

    def __init__(self, request):
        self.request = request

    def get_object(self, request, theme=None):
        locale = Locale.get_active()
        scope = FeedScope(locale=locale)
        if theme is not None:
            term = themes_in(locale.pk).get(theme)
            if term is None:
                raise Http404(_("Unknown theme."))
            scope.theme = term
        return scope

    def title(self, scope):
        if scope.theme:
            return _("Kapcsolódások: new in %(theme)s") % {"theme": scope.theme.name}
        return _("Kapcsolódások: new in the library")

    def description(self, scope):
        return _(
            "Methods, programme packages and workshop write-ups from community-culture "
            "mentoring, newest first."
        )

    def link(self, scope):
        return f"/{scope.locale.language_code}/"

    def items(self, scope):
        self.scope = scope
        items = library_items(scope.locale)
        if scope.theme:
            items = LibraryFilter(locale=scope.locale, themes=scope.theme_slugs()).apply(items)
        return list(
            items.select_related("locale")
            .prefetch_related("themes")
            .order_by("-first_published_at", "-pk")[:FEED_LENGTH]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        if item.locale_id == self.scope.locale.pk:
            return item.summary
        note = _("Not yet translated; shown in the original: %(language)s") % {
            "language": LANGUAGE_NAMES.get(item.locale.language_code, item.locale.language_code)
        }
        return f"{note}. {item.summary}" if item.summary else note

    def item_link(self, item):
        return absolute_url(item, self.request)

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        """Theme names in the feed's language, for fallback items too (slugs are shared)."""
        names = themes_in(self.scope.locale.pk)
        return [names[theme.slug].name for theme in item.themes.all() if theme.slug in names]


def library_feed(request, theme=None):
    """The view: the feed of the active language, optionally of one theme."""
    response = LibraryFeed(request)(request, theme=theme)
    response["X-Robots-Tag"] = "noindex"
    return response

"""The skeleton every language needs: a home page and the library's sections.

The Hungarian home is the default site's root; the other languages' homes are its
translations (same ``translation_key``), so Wagtail routes /sl/ and /en/ to them.
"""

from anyascii import anyascii
from django.conf import settings
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page, Site

from knowledge.models import HomePage, LibraryIndexPage

SECTION_ORDER = [
    LibraryIndexPage.Section.METHODS,
    LibraryIndexPage.Section.PACKAGES,
    LibraryIndexPage.Section.COLLECTIONS,
]


def section_title(section):
    """The section's title in the active language."""
    return {
        LibraryIndexPage.Section.METHODS: _("Methods"),
        LibraryIndexPage.Section.PACKAGES: _("Programme packages"),
        LibraryIndexPage.Section.COLLECTIONS: _("Collections"),
    }[section]


def home_introduction():
    """The home page's opening lines in the active language (editors can change them)."""
    text = _(
        "Methods, programme packages and workshop write-ups from regional group-mentoring "
        "programmes in community culture, shared across regions and languages."
    )
    return f"<p>{text}</p>"


def ascii_slug(text):
    return slugify(anyascii(text))[:80] or "page"


def ensure_locales():
    for code, _name in settings.LANGUAGES:
        Locale.objects.get_or_create(language_code=code)


def default_home():
    """The Hungarian home page, made the default site's root if it is not yet."""
    ensure_locales()
    default_locale = Locale.objects.get(language_code=settings.LANGUAGE_CODE)
    home = HomePage.objects.filter(locale=default_locale, depth=2).first()
    if home is None:
        root = Page.get_first_root_node()
        with translation.override(settings.LANGUAGE_CODE):
            home = root.add_child(
                instance=HomePage(
                    title=_("Knowledge from community-culture mentoring"),
                    introduction=home_introduction(),
                    slug="kapcsolodasok",
                    locale=default_locale,
                )
            )
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    elif site.root_page_id != home.pk:
        old_root = site.root_page
        site.root_page = home
        site.site_name = "Kapcsolódások"
        site.save()
        if old_root.specific_class is Page and old_root.depth == 2:
            old_root.delete()
    return home


def home_for(locale):
    source = default_home()
    if source.locale_id == locale.pk:
        return source
    home = source.get_translation_or_none(locale)
    if home is None:
        with translation.override(locale.language_code):
            home = source.copy_for_translation(locale)
            home.title = _("Knowledge from community-culture mentoring")
            home.introduction = home_introduction()
            home.save()
        home.save_revision().publish()
    return home.specific


def section_for(locale, section):
    """The library index of ``section`` in ``locale``, created as a translation if missing."""
    home = home_for(locale)
    existing = LibraryIndexPage.objects.child_of(home).filter(section=section).first()
    if existing is not None:
        return existing
    default_locale = Locale.objects.get(language_code=settings.LANGUAGE_CODE)
    source = None
    if locale != default_locale:
        source = section_for(default_locale, section)
    with translation.override(locale.language_code):
        title = section_title(section)
        index = LibraryIndexPage(
            title=title, slug=ascii_slug(title), section=section, locale=locale, show_in_menus=True
        )
        if source is not None:
            # Made with its own slug from the start, not copied and then renamed: a slug
            # changed in the transaction makes Wagtail add a redirect, when it commits,
            # for every page then below the section (an import's whole library).
            index.translation_key = source.translation_key
            index.introduction = source.introduction
        home.add_child(instance=index)
    index.save_revision().publish()
    return index


def ensure_structure():
    for locale in Locale.objects.all():
        for section in SECTION_ORDER:
            section_for(locale, section)

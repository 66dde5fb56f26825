"""The active language as Wagtail's locales know it, without reading the database.

``Locale.get_active()`` looks the active language up in the locale table on every
call; where only its code is needed (to compare with a page's or snippet's locale,
or to pick one of locales already read), this gives the same code from settings.
"""

from django.utils.translation import get_language
from wagtail.coreutils import get_supported_content_language_variant


def active_language_code():
    """The content language code ``Locale.get_active()`` would look up, or None."""
    try:
        return get_supported_content_language_variant(get_language())
    except LookupError:
        return None

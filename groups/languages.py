"""One version of each work for a reader of one language.

Programme and group pages list pages of every language (a group's write-ups may
not all be translated); a reader sees each work once: in their language when that
version is there, otherwise in the language it was written in.
"""


def _rank(page, locale):
    in_reader_language = page.locale_id == locale.pk
    original = getattr(page, "original_language", "")
    is_source = bool(original) and page.locale.language_code == original
    return (not in_reader_language, not is_source, page.pk)


def one_per_work(pages, locale):
    """``pages`` reduced to one per ``translation_key``, in the order of first appearance."""
    chosen, order = {}, []
    for page in pages:
        key = page.translation_key
        if key not in chosen:
            order.append(key)
            chosen[key] = page
        elif _rank(page, locale) < _rank(chosen[key], locale):
            chosen[key] = page
    return [chosen[key] for key in order]


def children_of_work(model, parent):
    """Live ``model`` pages under ``parent`` or under any of its translations."""
    from django.db.models import Exists, OuterRef
    from django.db.models.functions import Length, Substr
    from wagtail.models import Page

    versions_above = Page.objects.filter(
        translation_key=parent.translation_key,
        path=Substr(OuterRef("path"), 1, Length("path")),
    )
    return (
        model.objects.live()
        .filter(Exists(versions_above), depth=parent.depth + 1)
        .select_related("locale")
    )

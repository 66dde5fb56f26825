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


def children_of_work(model, parent, request):
    """Live ``model`` pages under ``parent`` or under any of its live translations.

    The versions come from the request's site chrome (``knowledge.site_chrome``: the
    query that routed the page read them) and are named by their paths: each is a
    range of the path index whose size PostgreSQL estimates from its statistics, so it
    can choose between reading the parent's children and walking an index in the
    order asked for (the group page's newest sessions). Where ``model`` lives only
    below pages of the parent's type (its ``parent_page_types``), everything of that
    type below the parent is a child, and no depth condition is added: one would make
    the estimate far too low.
    """
    from functools import reduce
    from operator import or_

    from django.db.models import Q

    from knowledge.site_chrome import site_chrome

    paths = {parent.path, *site_chrome(request, parent).version_paths}
    below = reduce(or_, (Q(path__startswith=path) for path in sorted(paths)))
    pages = model.objects.live().filter(below)
    only_below_parents = model.allowed_parent_page_models() == [parent.specific_class]
    if model is parent.specific_class or not only_below_parents:
        pages = pages.filter(depth=parent.depth + 1)
    return pages.select_related("locale")

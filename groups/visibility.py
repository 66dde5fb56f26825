"""Which pages a reader may open, decided by the view restrictions Wagtail serves with.

Group pages list their write-ups per reader: anonymous readers see public ones
only, a signed-in member also members-only ones, the group's own people its
group-only ones. The decision reuses ``PageViewRestriction.accept_request`` so a
listing never shows a page that serving it would refuse, and it fails closed: a
page whose visibility is not public but which carries no restriction is left out.
"""

from wagtail.models import Page, PageViewRestriction

from knowledge.models import KnowledgePage

PUBLIC = KnowledgePage.Visibility.PUBLIC


def _accepts(restriction, request):
    # No group admits an anonymous reader; asking Wagtail would read the groups.
    is_group = restriction.restriction_type == PageViewRestriction.GROUPS
    if is_group and not request.user.is_authenticated:
        return False
    return restriction.accept_request(request)


def _ancestor_paths(pages):
    steplen = Page.steplen
    return {
        page.path[:end] for page in pages for end in range(steplen, len(page.path) + 1, steplen)
    }


def readable_by(request, pages):
    """The live pages of ``pages`` that ``request``'s reader may open, in the same order.

    Pages annotated with ``restricted`` (``knowledge.restrictions.restricted``) that
    are all unrestricted need no look at the restrictions.
    """
    pages = [page for page in pages if page.live]
    if not pages:
        return []
    if all(hasattr(page, "restricted") and not page.restricted for page in pages):
        return [page for page in pages if getattr(page, "visibility", PUBLIC) == PUBLIC]
    restrictions = PageViewRestriction.objects.filter(
        page__path__in=_ancestor_paths(pages)
    ).select_related("page")
    if request.user.is_authenticated:
        restrictions = restrictions.prefetch_related("groups")
    restrictions = list(restrictions)
    verdicts = {restriction.pk: _accepts(restriction, request) for restriction in restrictions}
    readable = []
    for page in pages:
        applying = [r for r in restrictions if page.path.startswith(r.page.path)]
        if getattr(page, "visibility", PUBLIC) != PUBLIC and not applying:
            continue
        if all(verdicts[restriction.pk] for restriction in applying):
            readable.append(page)
    return readable

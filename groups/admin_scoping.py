"""What the page chooser shows to people who are not editors.

Wagtail's page chooser browses and searches the whole tree, with draft titles,
for anyone who may open the admin. A mentor needs it to link library pages and
their own group's pages, not to read another group's drafts or group-only
write-ups. So for everyone but editors and administrators it shows:

- the pages they may explore (their own group's subtree and its ancestors), and
- live pages they could also open on the site (every view restriction above the
  page accepts them), except pages inside a mentor group that carry unpublished
  changes, since the chooser shows a page's draft title.
"""

from django.db.models import Q
from django.http import Http404
from wagtail.models import Page, PageViewRestriction
from wagtail.permissions import policy_registry

from groups.roles import is_editor


def _under_any(paths):
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(path__startswith=path)
    return condition


def chooser_pages(pages, request):
    """``pages`` narrowed to what ``request.user`` may see in the page chooser."""
    from groups.models import MentorGroup

    user = request.user
    if is_editor(user):
        return pages
    explorable = policy_registry.get_by_type(Page).explorable_instances(user)
    refused = [
        restriction.page.path
        for restriction in PageViewRestriction.objects.select_related("page").prefetch_related(
            "groups"
        )
        if not restriction.accept_request(request)
    ]
    group_paths = MentorGroup.objects.values_list("path", flat=True)
    readable_live = (
        Q(live=True)
        & ~_under_any(refused)
        & ~(Q(has_unpublished_changes=True) & _under_any(group_paths))
    )
    visible = Page.objects.filter(Q(pk__in=explorable.values("pk")) | readable_live)
    # A list, not a subquery: the chooser's search runs this filter in the search backend.
    return pages.filter(id__in=list(visible.values_list("id", flat=True)))


def guard_chooser_parent(request, parent_page_id, **kwargs):
    """Browsing the chooser at a page shows that page's title: it must be one the user may see."""
    if not chooser_pages(Page.objects.filter(pk=parent_page_id), request).exists():
        raise Http404

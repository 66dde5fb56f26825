"""What a reader may find: the same rules as serving a page, as one queryset.

Anonymous readers find public, live library items only. A signed-in reader also
finds pages whose view restriction they pass (members-only pages; group pages of
their own groups). Drafts are never found. It fails closed: a page that is not
public but carries no restriction of its own is left out.
"""

import operator
from functools import reduce

from django.db.models import Q
from wagtail.models import PageViewRestriction

from knowledge.listing import visible_pages
from knowledge.models import KnowledgePage


def searchable_pages(user):
    if not user.is_authenticated:
        return visible_pages()
    failing = PageViewRestriction.objects.exclude(restriction_type=PageViewRestriction.LOGIN)
    if not user.is_superuser:
        failing = failing.exclude(
            restriction_type=PageViewRestriction.GROUPS, groups__in=user.groups.all()
        )
    else:
        failing = failing.exclude(restriction_type=PageViewRestriction.GROUPS)
    failing_paths = set(failing.values_list("page__path", flat=True))
    pages = KnowledgePage.objects.live()
    if failing_paths:
        pages = pages.exclude(reduce(operator.or_, (Q(path__startswith=p) for p in failing_paths)))
    restricted_ids = PageViewRestriction.objects.values("page_id")
    return pages.filter(Q(visibility=KnowledgePage.Visibility.PUBLIC) | Q(pk__in=restricted_ids))

"""The public glossary: every term of the reader's language, with its equivalents.

A route (``/<lang>/glossary/``) rather than a page type: the terms are snippets that
editors already manage and translate, so there is nothing for a page to hold, and
every language has exactly one glossary at the same address.
"""

from collections import defaultdict

from django.shortcuts import render
from wagtail.models import Locale

from knowledge.collation import sort_key
from knowledge.models import GlossaryTerm


def glossary(request):
    locale = Locale.get_active()
    terms = sorted(GlossaryTerm.objects.filter(locale=locale), key=lambda t: sort_key(t.term))
    others = defaultdict(list)
    for term in (
        GlossaryTerm.objects.filter(translation_key__in=[t.translation_key for t in terms])
        .exclude(locale=locale)
        .select_related("locale")
        .order_by("locale__language_code")
    ):
        others[term.translation_key].append(term)
    entries = [(term, others[term.translation_key]) for term in terms]
    return render(request, "knowledge/glossary.html", {"entries": entries, "locale": locale})

"""The search page: public, live items in the reader's language."""

import re
from urllib.parse import urlencode

from django.shortcuts import render
from django.utils.translation import gettext as _
from wagtail.models import Locale

from knowledge.listing import paginate, visible_pages

MAX_QUERY_LENGTH = 200
MAX_TERMS = 32
WORD = re.compile(r"\w+")


def search_terms(query):
    """The words of a query; operators and punctuation are not search syntax here."""
    return WORD.findall(query)[:MAX_TERMS]


def search(request):
    query = request.GET.get("q", "").strip()
    context = {"query": query, "page_obj": None}
    if len(query) > MAX_QUERY_LENGTH:
        context["error"] = _("The search text is too long: use at most %(limit)d characters.") % {
            "limit": MAX_QUERY_LENGTH
        }
        return render(request, "search/search.html", context, status=400)
    if "\x00" in query:
        context["error"] = _("The search text contains characters that cannot be searched.")
        return render(request, "search/search.html", context, status=400)
    terms = search_terms(query)
    if query:
        locale = Locale.get_active()
        results = visible_pages().filter(locale=locale)
        results = results.search(" ".join(terms)) if terms else results.none()
        context["page_obj"] = paginate(results, request.GET.get("page"))
        context["base_query"] = urlencode({"q": query})
    response = render(request, "search/search.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response

"""The reader-feedback form: sent from a cached page, checked here, kept for editors.

Method and package pages are the same for every anonymous reader and may be cached,
so the form on them carries no per-reader CSRF token. It posts to its own URL,
which is protected in the way a token would protect it, without one:

- **Cross-site requests are refused**: the browser's ``Origin`` header (or, when a
  browser sends none, the ``Referer``) must name this site. Every browser that
  can send a form across sites sends ``Origin`` with it.
- **Spam is rejected**: a hidden field people leave empty (the honeypot), a signed
  stamp from the page that must be at least ``FEEDBACK_MIN_SECONDS`` old, and at
  most ``FEEDBACK_MAX_LINKS`` links in the text.
- **Rate limit per client address**: ``FEEDBACK_SUBMISSIONS`` answers within
  ``FEEDBACK_WINDOW`` seconds. The address itself is never stored: the cache key is
  a salted HMAC of it (keyed with ``SECRET_KEY``) that expires with the window.

Then the view redirects back to the page with ``?feedback=<outcome>``, a fixed set
of codes the page turns into a translated message; the message is part of the URL,
so a cached page stays correct. Every answer is stored as pending; editors approve
or reject it in the admin (Reader feedback).
"""

import re
import time
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import Http404, HttpResponseForbidden, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt

from config.client_ip import client_ip
from knowledge.models import KnowledgePage, ReaderFeedback, Region
from knowledge.public import public_pages

STAMP_SALT = "knowledge.feedback.stamp"
LINK = re.compile(r"https?://|www\.|\[url", re.IGNORECASE)

# What the page says after a redirect, by the code in ``?feedback=``.
OUTCOMES = {
    "thanks": _("Thank you. An editor will look at your answer before it is counted."),
    "invalid": _("Your answer could not be saved: please check the form and send it again."),
    "links": _("Please leave links out of your note."),
    "too-fast": _("That was quicker than a person could answer. Wait a moment and send it again."),
    "limited": _("You have sent several answers in a short time. Please try again later."),
}


def form_stamp(page):
    """A signed, timed token that ties the form to the page it was shown on."""
    return signing.Signer(salt=STAMP_SALT).sign_object({"page": page.pk, "at": int(time.time())})


class ReaderFeedbackForm(forms.Form):
    kind = forms.ChoiceField(choices=ReaderFeedback.Kind.choices)
    useful = forms.TypedChoiceField(
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        required=False,
        empty_value=None,
    )
    text = forms.CharField(max_length=500, required=False, strip=True)
    region = forms.ModelChoiceField(queryset=Region.objects.none(), required=False)
    # The honeypot: hidden from people, filled in by many robots.
    website = forms.CharField(required=False)
    stamp = forms.CharField()

    def __init__(self, *args, page, **kwargs):
        super().__init__(*args, **kwargs)
        self.page = page
        self.fields["region"].queryset = Region.objects.filter(locale_id=page.locale_id)
        self.outcome = "invalid"

    def clean_stamp(self):
        try:
            stamp = signing.Signer(salt=STAMP_SALT).unsign_object(self.cleaned_data["stamp"])
        except (signing.BadSignature, ValueError):
            raise forms.ValidationError("bad stamp") from None
        if not isinstance(stamp, dict) or stamp.get("page") != self.page.pk:
            raise forms.ValidationError("stamp of another page")
        if time.time() - stamp.get("at", 0) < settings.FEEDBACK_MIN_SECONDS:
            self.outcome = "too-fast"
            raise forms.ValidationError("too fast")
        return stamp

    def clean_website(self):
        if self.cleaned_data["website"]:
            self.outcome = "too-fast"
            raise forms.ValidationError("honeypot")
        return ""

    def clean_text(self):
        text = self.cleaned_data["text"]
        if len(LINK.findall(text)) > settings.FEEDBACK_MAX_LINKS:
            self.outcome = "links"
            raise forms.ValidationError("links")
        return text

    def clean(self):
        data = super().clean()
        if data.get("kind") == ReaderFeedback.Kind.USEFUL and data.get("useful") is None:
            self.add_error("useful", "answer yes or no")
        return data

    def save(self):
        data = self.cleaned_data
        useful_answer = data["kind"] == ReaderFeedback.Kind.USEFUL
        return ReaderFeedback.objects.create(
            page=self.page,
            kind=data["kind"],
            useful=data["useful"] if useful_answer else None,
            text="" if useful_answer else data["text"],
            region=None if useful_answer else data["region"],
        )


def _same_origin(request):
    sent = request.headers.get("Origin") or request.headers.get("Referer")
    if not sent or sent == "null":
        return False
    parts = urlsplit(sent)
    return parts.scheme == request.scheme and parts.netloc == request.get_host()


def _over_limit(request):
    """Count this answer against the client's address; True once past the limit."""
    digest = salted_hmac("knowledge.feedback.rate", client_ip(request)).hexdigest()
    key = f"feedback-rate:{digest}"
    window = settings.FEEDBACK_WINDOW
    if cache.add(key, 1, timeout=window):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        return False
    return count > settings.FEEDBACK_SUBMISSIONS


def _back(page, outcome):
    return redirect(f"{page.url}?feedback={outcome}#feedback")


@csrf_exempt  # Same-origin check and signed stamp instead; see the module docstring.
def submit_feedback(request, page_id):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    page = public_pages(KnowledgePage).filter(pk=page_id).specific().first()
    if page is None or not page.accepts_reader_feedback:
        raise Http404
    if not _same_origin(request):
        return HttpResponseForbidden(_("This form can only be sent from this site."))
    if _over_limit(request):
        return _back(page, "limited")
    form = ReaderFeedbackForm(request.POST, page=page)
    if not form.is_valid():
        return _back(page, form.outcome)
    form.save()
    return _back(page, "thanks")

"""Changes in the groups app that purge the cached site (see ``knowledge.cache_purge``).

Group pages and write-ups are pages and purge as pages do. Besides them, group pages
show rows of this app: the member count and the consenting mentors' names
(memberships, profiles), the practice rubric and the planned sessions. Private
session notes and consent records are never on a public page, so saving them purges
nothing.
"""

from django.apps import apps
from wagtail.models import Page

from config.site_version import purge_when_changed
from groups.models import ConsentRecord, SessionNote

NOT_SHOWN = {SessionNote, ConsentRecord}


def connect():
    shown = [
        model
        for model in apps.get_app_config("mentor_groups").get_models()
        if not issubclass(model, Page) and model not in NOT_SHOWN
    ]
    purge_when_changed(*shown, dispatch_prefix="groups.cache_purge")

"""Machine translation for the translation editor, and the review state it leaves behind.

Two translators plug into wagtail-localize (``WAGTAILLOCALIZE_MACHINE_TRANSLATOR``):

- ``GlossaryDeepLTranslator``: DeepL, with the domain glossary sent as a DeepL
  glossary so that "közművelődés" always becomes the agreed Slovenian term.
- ``OfflineDraftTranslator``: no network. It replaces glossary terms and marks every
  string with ``[sl]`` (the target language), so a draft is recognisable at a glance
  and never mistaken for a finished translation. For development and tests.

Whatever the translator, machine output leaves the translated page marked
``machine_translated`` when wagtail-localize saves it (``mark_machine_output``), and
only an editor's approval (``approve_translation``) clears the mark.
"""

import hashlib
import logging
import re

import requests
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log
from wagtail_localize.machine_translators.base import BaseMachineTranslator
from wagtail_localize.machine_translators.deepl import DeepLTranslator
from wagtail_localize.models import StringSegment, StringTranslation
from wagtail_localize.strings import StringValue

from config.site_version import purge_site_cache
from knowledge.glossary import equivalents
from knowledge.models import KnowledgePage

logger = logging.getLogger(__name__)

APPROVE_ACTION = "knowledge.approve_translation"
GLOSSARY_CACHE_SECONDS = 24 * 60 * 60
TAG = re.compile(r"(<[^>]+>)")


def replace_terms(text, pairs):
    """``text`` with each glossary wording replaced by its equivalent, tags untouched."""
    if not pairs:
        return text
    lookup = {source.casefold(): target for source, target in pairs}
    pattern = re.compile(
        r"(?<!\w)(" + "|".join(re.escape(source) for source, _target in pairs) + r")(?!\w)",
        re.IGNORECASE,
    )
    parts = TAG.split(text)
    for index in range(0, len(parts), 2):  # even parts are text, odd parts are tags
        parts[index] = pattern.sub(lambda match: lookup[match.group(0).casefold()], parts[index])
    return "".join(parts)


class OfflineDraftTranslator(BaseMachineTranslator):
    """A translator that needs no network: glossary terms swapped, the rest left, marked."""

    display_name = _("Offline draft translator")

    def translate(self, source_locale, target_locale, strings):
        pairs = equivalents(source_locale, target_locale)
        marker = f"[{target_locale.language_code}] "
        return {
            string: StringValue(marker + replace_terms(string.data, pairs)) for string in strings
        }

    def can_translate(self, source_locale, target_locale):
        return source_locale.language_code != target_locale.language_code


def deepl_language(code, *, is_target=False):
    """DeepL's code for a language; English as a target must name a variant."""
    code = code.split("-")[0].upper()
    if is_target and code == "EN":
        return "EN-GB"
    return code


class GlossaryDeepLTranslator(DeepLTranslator):
    """DeepL through one ``requests`` session, with the domain glossary for each pair.

    The glossary is created on DeepL once per content (its digest names it and keys
    the cache); when the glossary changes, the next translation creates a new one.
    If DeepL refuses the glossary, the text is still translated, without it.
    """

    display_name = "DeepL"

    def __init__(self, options):
        super().__init__(options)
        self.session = requests.Session()

    @property
    def api_base(self):
        if self.options.get("AUTH_KEY", "").endswith(":fx"):
            return "https://api-free.deepl.com/v2"
        return "https://api.deepl.com/v2"

    def get_api_endpoint(self):
        return f"{self.api_base}/translate"

    @property
    def timeout(self):
        return int(self.options.get("TIMEOUT", 30))

    def glossary_id(self, source_locale, target_locale):
        pairs = [
            (source, target)
            for source, target in equivalents(source_locale, target_locale)
            if "\t" not in source + target and "\n" not in source + target
        ]
        if not pairs:
            return None
        entries = "\n".join(f"{source}\t{target}" for source, target in pairs)
        source_lang = deepl_language(source_locale.language_code)
        target_lang = deepl_language(target_locale.language_code)
        digest = hashlib.sha256(f"{source_lang}>{target_lang}\n{entries}".encode()).hexdigest()
        cache_key = f"deepl-glossary:{digest}"
        glossary_id = cache.get(cache_key)
        if glossary_id:
            return glossary_id
        try:
            response = self.session.post(
                f"{self.api_base}/glossaries",
                json={
                    "name": f"kapcsolodasok {source_lang}-{target_lang} {digest[:12]}",
                    "source_lang": source_lang.lower(),
                    "target_lang": target_lang.lower(),
                    "entries": entries,
                    "entries_format": "tsv",
                },
                headers=self.get_headers(),
                timeout=self.timeout,
            )
            response.raise_for_status()
            glossary_id = response.json()["glossary_id"]
        except (requests.RequestException, KeyError, ValueError) as error:
            logger.warning("DeepL did not accept the glossary; translating without it: %s", error)
            return None
        cache.set(cache_key, glossary_id, GLOSSARY_CACHE_SECONDS)
        return glossary_id

    def get_parameters(self, source_locale, target_locale, strings):
        parameters = {
            "text": [string.data for string in strings],
            "tag_handling": "xml",
            "source_lang": deepl_language(source_locale.language_code),
            "target_lang": deepl_language(target_locale.language_code, is_target=True),
        }
        glossary_id = self.glossary_id(source_locale, target_locale)
        if glossary_id:
            parameters["glossary_id"] = glossary_id
        return parameters

    def translate(self, source_locale, target_locale, strings):
        strings = list(strings)
        response = self.session.post(
            self.get_api_endpoint(),
            json=self.get_parameters(source_locale, target_locale, strings),
            headers=self.get_headers(),
            timeout=self.timeout,
        )
        response.raise_for_status()
        return {
            string: StringValue(result["text"])
            for string, result in zip(strings, response.json()["translations"], strict=True)
        }

    def can_translate(self, source_locale, target_locale):
        return deepl_language(source_locale.language_code) != deepl_language(
            target_locale.language_code
        )


def machine_output_used(source, locale, since=None):
    """Whether the strings of ``source`` in ``locale`` include machine output.

    Only machine strings written after ``since`` (the last approval) count: an
    approved translation stays approved until new machine output comes in.
    """
    used = StringTranslation.objects.filter(
        locale=locale,
        translation_type=StringTranslation.TRANSLATION_TYPE_MACHINE,
        context__object_id=source.object_id,
        translation_of__in=StringSegment.objects.filter(source=source).values("string_id"),
    )
    if since is not None:
        used = used.filter(updated_at__gt=since)
    return used.exists()


def _patch_revisions(page, revisions, values):
    """Write ``values`` into the stored revisions, so publishing one keeps the review state."""
    serialised = {
        "machine_translated": values["machine_translated"],
        "translation_reviewed_by": values["translation_reviewed_by"].pk
        if values["translation_reviewed_by"]
        else None,
        "translation_reviewed_at": values["translation_reviewed_at"].isoformat()
        if values["translation_reviewed_at"]
        else None,
    }
    for revision in {revision for revision in revisions if revision is not None}:
        revision.content.update(serialised)
        revision.save(update_fields=["content"])


def _set_review_state(page, revisions, **values):
    for name, value in values.items():
        setattr(page, name, value)
    KnowledgePage.objects.filter(pk=page.pk).update(**values)
    # A bulk update sends no signal, and the public page shows the review state.
    purge_site_cache()
    _patch_revisions(page, revisions, values)


def mark_machine_output(translation_log):
    """Flag the page that wagtail-localize just saved if machine output went into it.

    Called for each ``TranslationLog`` (one is written per save of a translation,
    before a publish runs on commit); the log's revision is the one that will be
    published, so it is marked too.
    """
    source = translation_log.source
    page = (
        KnowledgePage.objects.filter(
            translation_key=source.object_id, locale=translation_log.locale
        )
        .select_related("latest_revision")
        .first()
    )
    if page is None:
        return False
    if not machine_output_used(source, translation_log.locale, since=page.translation_reviewed_at):
        return False
    _set_review_state(
        page,
        [translation_log.revision, page.latest_revision],
        machine_translated=True,
        translation_reviewed_by=None,
        translation_reviewed_at=None,
    )
    return True


def can_approve(user, page):
    """Editors approve: whoever may publish the page."""
    return page.permissions_for_user(user).can_publish()


@transaction.atomic
def approve_translation(page, user):
    """Record that ``user`` reviewed the machine translation of ``page`` now."""
    page = page.specific
    now = timezone.now()
    _set_review_state(
        page,
        [page.latest_revision, page.live_revision],
        machine_translated=False,
        translation_reviewed_by=user,
        translation_reviewed_at=now,
    )
    log(instance=page, action=APPROVE_ACTION, user=user)
    return page

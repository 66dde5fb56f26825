"""Serializer fields of the groups' pages in the read-only API."""

from django.db.models import Q
from rest_framework.fields import Field

from knowledge.api_fields import response_instances
from knowledge.locales import active_language_code


class VenueNameField(Field):
    """Where a session took place: the host institution in the active language, or the text.

    The same as ``WorkshopWriteUp.venue_name``, with the institutions of every write-up
    of a response (and their translations) read in one query.
    """

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        if not instance.venue_institution_id:
            return instance.venue
        names = self.context.get("venue_names")
        if names is None or instance.venue_institution_id not in names:
            ids = {each.venue_institution_id for each in response_instances(self)}
            ids = {pk for pk in ids | {instance.venue_institution_id} if pk}
            names = self._names(ids)
            self.context["venue_names"] = names
        return names[instance.venue_institution_id]

    def _names(self, ids):
        from knowledge.models import Institution

        keys = Institution.objects.filter(pk__in=ids).values("translation_key")
        language = active_language_code()
        versions = Institution.objects.filter(
            Q(pk__in=ids) | Q(translation_key__in=keys, locale__language_code=language)
        ).select_related("locale")
        versions = list(versions)
        in_language = {
            version.translation_key: version
            for version in versions
            if version.locale.language_code == language
        }
        return {
            version.pk: in_language.get(version.translation_key, version).name
            for version in versions
            if version.pk in ids
        }

    def to_representation(self, value):
        return value

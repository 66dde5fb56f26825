"""Serializer fields for the read-only API that never reveal what is not public.

A public page may point at things that are not: a method adapted from a draft, a
package combined with a members-only one, a listing image in a private collection.
These fields drop such references instead of serialising them, so not even a title
or an id of a restricted item leaves through a public one.

In a listing, what these fields read is read once for every item of the response
(the serializer's root instance), not once per item: the related pages with their
languages, which of them are public, and the keywords.
"""

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from rest_framework.fields import Field


def _public_page_ids(ids):
    from knowledge.public import public_pages

    return set(
        public_pages(restrictions_inline=True).filter(pk__in=ids).values_list("pk", flat=True)
    )


def response_instances(field):
    """Every object the response that ``field`` belongs to serialises."""
    instance = field.root.instance
    if instance is None:
        return []
    if isinstance(instance, QuerySet | list | tuple):
        return list(instance)
    return [instance]


def prepare_related_pages(field):
    """Once per response: the related pages of every ``PublicPagesField`` of the serializer.

    Each field's pages (with their languages) are read for every serialised object at
    once, and which of all of them are public is asked in a single query.
    """
    if field.context.get("related_pages_read"):
        return
    field.context["related_pages_read"] = True
    instances = response_instances(field)
    if not instances:
        return
    fields = [each for each in field.parent.fields.values() if isinstance(each, PublicPagesField)]
    ids = set()
    for each in fields:
        each.prefetch(instances)
        for instance in instances:
            ids.update(each.related_ids(instance))
    known_public_page_ids(field.context, ids)


def known_public_page_ids(context, ids):
    """Which of ``ids`` are public pages, remembered for the whole response."""
    known = context.setdefault("public_page_ids", {})
    unknown = {pk for pk in ids if pk not in known}
    if unknown:
        public = _public_page_ids(unknown)
        known.update({pk: pk in public for pk in unknown})
    return {pk for pk in ids if known[pk]}


class PublicPagesField(Field):
    """Related pages (a page, a many-to-many, or orderables holding one) that are public.

    ``item_attribute`` names the page on each orderable (``package`` on a bundle's
    packages). The output keeps the editors' order.
    """

    def __init__(self, item_attribute=None, many=True, **kwargs):
        self.item_attribute = item_attribute
        self.many = many
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        prepare_related_pages(self)
        return super().get_attribute(instance)

    def _related(self, value):
        if value is None:
            related = []
        elif hasattr(value, "all"):
            related = value.all()
            if isinstance(related, QuerySet) and related._result_cache is None:
                related = related.select_related(self._locale_path())
            related = list(related)
        elif isinstance(value, list | tuple):
            related = list(value)
        else:
            related = [value]
        if self.item_attribute:
            related = [getattr(item, self.item_attribute) for item in related]
        return [page for page in related if page is not None]

    def _locale_path(self):
        """From what the source holds to the language of the page it names."""
        return f"{self.item_attribute}__locale" if self.item_attribute else "locale"

    def prefetch(self, instances):
        """Read this field's related pages, with their languages, for all ``instances``."""
        model = type(instances[0])
        try:
            related_model = model._meta.get_field(self.source).related_model
        except FieldDoesNotExist:
            return
        queryset = related_model._default_manager.select_related(self._locale_path())
        prefetch_related_objects(instances, Prefetch(self.source, queryset=queryset))

    def related_ids(self, instance):
        return {page.pk for page in self._related(getattr(instance, self.source, None))}

    def to_representation(self, value):
        related = self._related(value)
        public_ids = known_public_page_ids(self.context, [page.pk for page in related])
        pages = [
            {"id": page.pk, "title": page.title, "locale": page.locale.language_code}
            for page in related
            if page is not None and page.pk in public_ids
        ]
        if self.many:
            return pages
        return pages[0] if pages else None


class TermsField(Field):
    """Themes or regions as ``{"slug", "name"}``, named in the page's own language."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        if value is None:
            return None
        if hasattr(value, "all"):
            return [{"slug": term.slug, "name": term.name} for term in value.all()]
        return {"slug": value.slug, "name": value.name}


class PublicImageField(Field):
    """An image's id, title and size, or null when its collection is private."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, image):
        from knowledge.public import private_collection_ids

        if image is None:
            return None
        # Shared by every item of one response (DRF's context is the root's).
        if "private_collection_ids" not in self.context:
            self.context["private_collection_ids"] = private_collection_ids()
        if image.collection_id in self.context["private_collection_ids"]:
            return None
        return {
            "id": image.pk,
            "title": image.title,
            "width": image.width,
            "height": image.height,
        }


class KeywordsField(Field):
    """Free keywords as a list of names in alphabetical order (as Wagtail's ``TagsField``)."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        from knowledge.models import KnowledgePageTag

        page = value.instance
        by_page = self.context.get("keywords_by_page")
        if by_page is None or page.pk not in by_page:
            ids = {each.pk for each in response_instances(self)} | {page.pk}
            by_page = {pk: [] for pk in ids}
            rows = (
                KnowledgePageTag.objects.filter(content_object_id__in=ids)
                .order_by("tag__name")
                .values_list("content_object_id", "tag__name")
            )
            for page_id, name in rows:
                by_page[page_id].append(name)
            self.context["keywords_by_page"] = by_page
        return by_page[page.pk]

"""Serializer fields for the read-only API that never reveal what is not public.

A public page may point at things that are not: a method adapted from a draft, a
package combined with a members-only one, a listing image in a private collection.
These fields drop such references instead of serialising them, so not even a title
or an id of a restricted item leaves through a public one.
"""

from rest_framework.fields import Field


def _public_page_ids(ids):
    from knowledge.public import public_pages

    return set(public_pages().filter(pk__in=ids).values_list("pk", flat=True))


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

    def to_representation(self, value):
        if value is None:
            related = []
        elif hasattr(value, "all"):
            related = list(value.all())
        elif isinstance(value, list | tuple):
            related = list(value)
        else:
            related = [value]
        if self.item_attribute:
            related = [getattr(item, self.item_attribute) for item in related]
        public_ids = _public_page_ids([page.pk for page in related if page is not None])
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

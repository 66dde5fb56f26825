"""Images with their renditions, for any number of images in one query.

A page shows many pictures (card pictures, its header picture, images in its body),
each in a few fixed renditions. Wagtail's ``prefetch_renditions`` needs a query for
the images and one for their renditions; here the renditions are read with their
images joined, and each image gets its renditions as Wagtail's own
``prefetched_renditions``, so ``image.get_rendition(spec)`` (and the ``{% image %}``
tag) answer without a query, with Wagtail's own focal-point matching. An image that
has none of the renditions yet (a new upload) is read on its own, and its renditions
are made on first use as usual.
"""

from wagtail.images import get_image_model


def prefetch_renditions(specs, pages=(), images=()):
    """Renditions of ``specs`` for the listing images of ``pages`` and for ``images``.

    Each page's ``listing_image`` is set to its image with the renditions prefetched;
    ``images`` (already read, such as those of image blocks) get theirs in place.
    """
    images = [image for image in images if image is not None]
    known = {image.pk: image for image in images}
    pages = [page for page in pages if getattr(page, "listing_image_id", None)]
    ids = set(known) | {page.listing_image_id for page in pages}
    if not ids:
        return
    image_model = get_image_model()
    renditions = image_model.get_rendition_model().objects.filter(
        image_id__in=ids, filter_spec__in=set(specs)
    )
    found = {}
    for rendition in renditions.select_related("image"):
        image = found.get(rendition.image_id)
        if image is None:
            image = known.get(rendition.image_id, rendition.image)
            image.prefetched_renditions = []
            found[image.pk] = image
        rendition.image = image
        image.prefetched_renditions.append(rendition)
    unread = ids - found.keys() - known.keys()
    if unread:
        known.update(image_model.objects.in_bulk(unread))
    for pk in ids - found.keys():
        if pk in known:
            found[pk] = known[pk]
            found[pk].prefetched_renditions = []
    for image in images:
        if image.pk in found and found[image.pk] is not image:
            image.prefetched_renditions = found[image.pk].prefetched_renditions
    for page in pages:
        if page.listing_image_id in found:
            page.listing_image = found[page.listing_image_id]

"""Private media: a mentor group's collection is readable by the group and the editors only.

Each group's collection carries a ``CollectionViewRestriction`` of type "groups"
(the group's readers, Editor, Administrator), created with the collection.

- Documents are served by Wagtail's serve view (``WAGTAILDOCS_SERVE_METHOD =
  "serve_view"``), which honours collection restrictions: a reader who is not
  allowed is sent to the login page. ``serve_document`` wraps it to say who may
  keep a copy: Wagtail sends no ``Cache-Control``, and a CDN that caches by file
  extension would otherwise hand a private PDF to the next reader.
- Images have no such view in Wagtail: an original and its renditions are plain
  files under ``MEDIA_ROOT``. So every URL under ``MEDIA_URL`` is answered by
  ``serve_media`` here, in every environment: it serves only files that belong
  to an image or a rendition, checks the restrictions of the image's collection,
  and marks private files ``Cache-Control: private`` so no shared cache keeps
  them. Documents' files are never served from ``MEDIA_URL``; nor is anything
  that is not an image, so a stray file cannot leak either.

The production web server must therefore not serve ``MEDIA_ROOT`` itself (see
the README, "Private media").
"""

import mimetypes

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_safe
from wagtail.documents import get_document_model
from wagtail.documents.views.serve import serve as wagtail_serve_document
from wagtail.images import get_image_model
from wagtail.models import BaseViewRestriction, CollectionViewRestriction

from groups.roles import ADMINISTRATOR, EDITOR, role_group

PUBLIC_MAX_AGE = 60 * 60 * 24


def restrict_to_group(access):
    """Make ``access.collection`` readable by its group and the editors only; idempotent."""
    restriction, _created = CollectionViewRestriction.objects.get_or_create(
        collection=access.collection,
        restriction_type=BaseViewRestriction.GROUPS,
    )
    restriction.groups.add(access.members_group, role_group(EDITOR), role_group(ADMINISTRATOR))
    return restriction


def _image_for_file(name):
    """The image whose original or one of whose renditions is stored as ``name``."""
    Image = get_image_model()
    image = Image.objects.filter(file=name).select_related("collection").first()
    if image is not None:
        return image
    Rendition = Image.get_rendition_model()
    rendition = Rendition.objects.filter(file=name).select_related("image__collection").first()
    return rendition.image if rendition is not None else None


@require_safe
def serve_media(request, path):
    """Serve an image file under ``MEDIA_URL`` to a reader its collection accepts."""
    image = _image_for_file(path)
    if image is None or not default_storage.exists(path):
        raise Http404
    restrictions = image.collection.get_view_restrictions()
    for restriction in restrictions:
        if not restriction.accept_request(request):
            if request.user.is_authenticated:
                raise PermissionDenied
            return redirect_to_login(request.get_full_path())
    content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
    response = FileResponse(default_storage.open(path, "rb"), content_type=content_type)
    mark_cacheability(response, private=bool(restrictions))
    response["X-Content-Type-Options"] = "nosniff"
    return response


def mark_cacheability(response, private):
    """Private files stay in the reader's browser; public ones may be kept by any cache."""
    if private:
        patch_cache_control(response, private=True, max_age=0)
        patch_vary_headers(response, ["Cookie"])
    else:
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)


def serve_document(request, document_id, document_filename):
    """Wagtail's document view (it checks the collection), with the caching it leaves out."""
    response = wagtail_serve_document(request, document_id, document_filename)
    if response.status_code == 200:
        document = (
            get_document_model()
            .objects.select_related("collection")
            .only("collection")
            .get(pk=document_id)
        )
        mark_cacheability(response, private=bool(document.collection.get_view_restrictions()))
    return response

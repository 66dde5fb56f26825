"""Uploaded media in an S3-compatible bucket, exactly as private as on disk.

Used as the default storage when ``AWS_STORAGE_BUCKET_NAME`` is set, so several
application instances share one set of images and documents. Group media must stay
private (``groups.media_access``), so:

- Objects are written with the canned ACL ``private`` (or none at all, for buckets
  whose ACLs are disabled, when ``AWS_DEFAULT_ACL`` is set empty); a public ACL
  or a custom domain (whose links cannot be signed) is refused at start-up.
- A file's URL is not the bucket's: ``url()`` answers ``/media/<name>``, as the
  file system storage does, so every image is still served by
  ``groups.media_access.serve_media`` after its collection is checked, and every
  document by Wagtail's serve view after its permissions are. The bucket itself
  is never linked from a page, and needs no public access at all.
- Should anything ask for the bucket's own address (``signed_url``), it gets a
  signed link that expires after five minutes.
- A new upload never replaces another file of the same name: a suffix is added,
  as on disk (django-storages would overwrite by default).
"""

from urllib.parse import urljoin

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage

PUBLIC_ACLS = frozenset({"public-read", "public-read-write", "authenticated-read"})
SIGNED_URL_SECONDS = 300


class PrivateMediaStorage(S3Storage):
    """A private bucket whose files are linked through the application's ``/media/``."""

    def get_default_settings(self):
        return {
            **super().get_default_settings(),
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_auth": True,
            "querystring_expire": SIGNED_URL_SECONDS,
            "custom_domain": None,
        }

    def __init__(self, **options):
        super().__init__(**options)
        if self.default_acl in PUBLIC_ACLS:
            raise ImproperlyConfigured(
                f"AWS_DEFAULT_ACL={self.default_acl!r} would make private group media "
                "readable by anyone; use 'private', or leave it empty for a bucket "
                "without ACLs."
            )
        if self.custom_domain or not self.querystring_auth:
            raise ImproperlyConfigured(
                "Media links must be signed: no custom domain and no unsigned URLs."
            )

    def url(self, name, parameters=None, expire=None, http_method=None):
        """The application's address of the file, where its permissions are checked."""
        return urljoin(settings.MEDIA_URL, filepath_to_uri(name))

    def signed_url(self, name, expire=SIGNED_URL_SECONDS):
        """A short-lived signed address of the object in the bucket itself."""
        return super().url(name, expire=expire)

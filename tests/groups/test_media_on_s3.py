"""Media in an S3 bucket stay as private as on disk (config/media_storage.py).

The bucket is moto's in-process S3. Images and documents of a group's private
collection and of the public root collection are uploaded through the storage the
settings configure for ``AWS_STORAGE_BUCKET_NAME``; then the objects' ACLs, the
links pages carry, and who gets the bytes through the application are checked.
"""

from io import BytesIO
from urllib.parse import parse_qs, urlsplit

import boto3
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.files.storage import default_storage
from django.urls import reverse
from moto import mock_aws
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from config.media_storage import PrivateMediaStorage
from groups.roles import assign_role

Image = get_image_model()
Document = get_document_model()
BUCKET = "kapcsolodasok-media"
REGION = "eu-central-1"
ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"
AUTHENTICATED_USERS = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"


def png(name):
    buffer = BytesIO()
    PILImage.new("RGB", (16, 16), "teal").save(buffer, "PNG")
    return ImageFile(buffer, name=name)


@pytest.fixture
def s3(settings, monkeypatch):
    """An empty bucket in moto's S3, made the default storage as the settings would."""
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": REGION,
    }.items():
        monkeypatch.setenv(name, value)
    with mock_aws():
        client = boto3.client("s3", region_name=REGION)
        client.create_bucket(
            Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION}
        )
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "config.media_storage.PrivateMediaStorage",
                "OPTIONS": {"bucket_name": BUCKET, "region_name": REGION},
            },
        }
        yield client


@pytest.fixture
def uploads(s3, groups, make_user):
    group_a, _group_b = groups
    mentor = make_user("mentor_a")
    assign_role(mentor, group_a, "mentor")
    collections = {
        "private": group_a.access.collection,
        "public": Collection.get_first_root_node(),
    }
    result = {"mentor": mentor}
    for visibility, collection in collections.items():
        image = Image.objects.create(
            title=f"{visibility} kép", file=png("kep.png"), collection=collection
        )
        document = Document.objects.create(
            title=f"{visibility} dokumentum",
            file=ContentFile(b"jegyzet", name="jegyzet.txt"),
            collection=collection,
        )
        result[visibility] = {
            "image": image,
            "rendition": image.get_rendition("fill-8x8"),
            "document": document,
        }
    return result


def object_keys(s3):
    return {item["Key"] for item in s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])}


def grantees(s3, key):
    acl = s3.get_object_acl(Bucket=BUCKET, Key=key)
    return {grant["Grantee"].get("URI") for grant in acl["Grants"]}


@pytest.mark.django_db
def test_uploads_land_in_the_bucket_as_private_objects(s3, uploads):
    keys = object_keys(s3)
    files = [
        uploads[visibility][kind].file.name
        for visibility in ("private", "public")
        for kind in ("image", "rendition", "document")
    ]
    assert set(files) <= keys
    for key in files:
        assert not grantees(s3, key) & {ALL_USERS, AUTHENTICATED_USERS}


@pytest.mark.django_db
def test_a_file_of_the_same_name_never_replaces_another(s3, uploads):
    """Both collections uploaded ``kep.png`` and ``jegyzet.txt``; each kept its own object."""
    assert uploads["private"]["image"].file.name != uploads["public"]["image"].file.name
    assert uploads["private"]["document"].file.name != uploads["public"]["document"].file.name


@pytest.mark.django_db
def test_pages_link_media_through_the_application_not_the_bucket(uploads):
    for visibility in ("private", "public"):
        items = uploads[visibility]
        for url in (items["image"].file.url, items["rendition"].url):
            assert url.startswith("/media/")
            assert BUCKET not in url
        assert items["document"].url.startswith("/documents/")


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["image", "rendition"])
def test_private_images_from_the_bucket_are_checked(client, uploads, kind):
    item = uploads["private"][kind]
    url = item.file.url
    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("wagtailcore_login"))

    client.force_login(uploads["mentor"])
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert "private" in response["Cache-Control"]


@pytest.mark.django_db
def test_private_documents_from_the_bucket_are_checked(client, uploads):
    document = uploads["private"]["document"]
    assert client.get(document.url).status_code == 302
    client.force_login(uploads["mentor"])
    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"jegyzet"


@pytest.mark.django_db
def test_public_images_from_the_bucket_are_served_to_everyone(client, uploads):
    response = client.get(uploads["public"]["rendition"].url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert "public" in response["Cache-Control"]


@pytest.mark.django_db
def test_the_buckets_own_address_is_signed_and_short_lived(uploads):
    name = uploads["private"]["image"].file.name
    query = parse_qs(urlsplit(default_storage.signed_url(name)).query)
    assert query["X-Amz-Expires"] == ["300"]
    assert "X-Amz-Signature" in query


@pytest.mark.parametrize(
    "options",
    [{"default_acl": "public-read"}, {"custom_domain": "media.example.org"}],
)
def test_public_configurations_are_refused(options):
    with pytest.raises(ImproperlyConfigured):
        PrivateMediaStorage(bucket_name=BUCKET, **options)


def test_an_empty_acl_is_allowed_for_buckets_without_acls():
    assert PrivateMediaStorage(bucket_name=BUCKET, default_acl=None).default_acl is None

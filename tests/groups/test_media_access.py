"""A mentor group's images and documents are private to the group and the editors.

Each reader (anonymous, a member of another group, the group's mentor, an editor)
asks for an original image, a rendition and a document, in the group's private
collection and in the public root collection.
"""

from io import BytesIO

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction

from groups.media_access import restrict_to_group
from groups.models import GroupAccess
from groups.roles import ADMINISTRATOR, EDITOR, assign_role, role_group

Image = get_image_model()
Document = get_document_model()
LOGIN = reverse("wagtailcore_login")


def png(name):
    buffer = BytesIO()
    PILImage.new("RGB", (16, 16), "teal").save(buffer, "PNG")
    return ImageFile(buffer, name=name)


@pytest.fixture
def media(groups, make_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    group_a, group_b = groups
    private = group_a.access.collection
    public = Collection.get_first_root_node()
    mentor_a = make_user("mentor_a")
    assign_role(mentor_a, group_a, "mentor")
    member_b = make_user("tag_b")
    assign_role(member_b, group_b, "member")
    editor = make_user("szerkeszto")
    editor.groups.add(role_group(EDITOR))
    urls = {}
    for visibility, collection in (("private", private), ("public", public)):
        image = Image.objects.create(
            title=f"{visibility} kép", file=png(f"{visibility}.png"), collection=collection
        )
        document = Document.objects.create(
            title=f"{visibility} dokumentum",
            file=ContentFile(b"jegyzet", name=f"{visibility}.txt"),
            collection=collection,
        )
        urls[visibility] = {
            "original": image.file.url,
            "rendition": image.get_rendition("fill-8x8").url,
            "document": reverse("wagtaildocs_serve", args=[document.pk, document.filename]),
            "document file": document.file.url,
        }
    return {
        "urls": urls,
        "readers": {"mentor_a": mentor_a, "member_b": member_b, "editor": editor},
        "group_a": group_a,
    }


def login_redirect(response):
    return response.status_code == 302 and response["Location"].startswith(LOGIN)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["original", "rendition", "document"])
@pytest.mark.parametrize("reader", [None, "member_b", "mentor_a", "editor"])
def test_public_media_is_served_to_everyone(client, media, reader, kind):
    if reader:
        client.force_login(media["readers"][reader])
    response = client.get(media["urls"]["public"][kind])
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["original", "rendition", "document"])
def test_anonymous_readers_are_sent_to_login_for_private_media(client, media, kind):
    response = client.get(media["urls"]["private"][kind])
    assert login_redirect(response)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["original", "rendition", "document"])
def test_another_groups_member_cannot_get_private_media(client, media, kind):
    client.force_login(media["readers"]["member_b"])
    response = client.get(media["urls"]["private"][kind])
    assert response.status_code == 403 or login_redirect(response)
    assert b"jegyzet" not in b"".join(getattr(response, "streaming_content", [response.content]))


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["original", "rendition", "document"])
@pytest.mark.parametrize("reader", ["mentor_a", "editor"])
def test_the_group_and_editors_get_private_media(
    client, media, reader, kind, django_assert_max_num_queries
):
    client.force_login(media["readers"][reader])
    with django_assert_max_num_queries(12):
        response = client.get(media["urls"]["private"][kind])
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    if kind == "document":
        assert body == b"jegyzet"
    else:
        assert body.startswith(b"\x89PNG")
    # No shared cache (a CDN caching by extension) may keep a copy for the next reader.
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


@pytest.mark.django_db
@pytest.mark.parametrize("visibility", ["private", "public"])
def test_document_files_are_never_served_from_media(client, media, visibility):
    """Documents go through Wagtail's serve view only, so their privacy has one gate."""
    client.force_login(media["readers"]["editor"])
    assert client.get(media["urls"][visibility]["document file"]).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/media/nincs.png", "/media/../config/settings/base.py", "/media/original_images/"]
)
def test_unknown_media_paths_are_not_found(client, media, path):
    """Not found; the locale middleware may first offer the same path under /hu/."""
    client.force_login(media["readers"]["editor"])
    assert client.get(path, follow=True).status_code == 404


@pytest.mark.django_db
def test_media_answers_only_reads(client, media):
    assert client.post(media["urls"]["public"]["original"]).status_code == 405


@pytest.mark.django_db
def test_a_new_groups_collection_is_private_to_it_and_the_editors(groups):
    access = groups[0].access
    restriction = CollectionViewRestriction.objects.get(collection=access.collection)
    assert restriction.restriction_type == CollectionViewRestriction.GROUPS
    assert set(restriction.groups.all()) == {
        access.members_group,
        role_group(EDITOR),
        role_group(ADMINISTRATOR),
    }
    restrict_to_group(access)
    assert CollectionViewRestriction.objects.filter(collection=access.collection).count() == 1


@pytest.mark.django_db
def test_the_data_migration_restricts_collections_of_existing_groups(groups):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("groups.migrations.0005_private_group_collections")
    CollectionViewRestriction.objects.all().delete()
    migration.restrict_group_collections(apps, None)
    migration.restrict_group_collections(apps, None)
    for access in GroupAccess.objects.all():
        restriction = CollectionViewRestriction.objects.get(collection=access.collection)
        assert access.members_group in restriction.groups.all()
        assert Group.objects.get(name=EDITOR) in restriction.groups.all()

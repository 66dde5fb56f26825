"""A mentor of group A tries every admin URL against group B's pages and media.

Why: a mentor's rights are meant to end at their own group's subtree and collection
(DESIGN.md, "Visibility and roles"). Each crafted request below must be refused
(403, 404, or a redirect to the login or to the admin home with an error) and must
change nothing; each listing must not show B's titles. The last tests check the
other side: the mentor still works in group A, and an editor publishes.
"""

import datetime
from io import BytesIO, StringIO

import pytest
from django.contrib.messages import ERROR, get_messages
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.management import call_command
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Locale,
    Page,
    PageViewRestriction,
    Revision,
    TaskState,
    WorkflowState,
)
from wagtail.test.utils.form_data import nested_form_data, streamfield
from wagtail_localize.models import Translation, TranslationSource

from groups.models import WorkshopWriteUp
from groups.roles import EDITOR, assign_role, role_group
from tests.conftest import translate
from tests.groups.factories import WorkshopWriteUpFactory

Image = get_image_model()
Document = get_document_model()

SECRETS = (
    "TITKOS-B-elo",
    "TITKOS-B-piszkozat",
    "TITKOS-B-uj-valtozat",
    "TITKOS-B-kep",
    "TITKOS-B-dokumentum",
    "TITKOS-B-slovenski",
)


def png(name):
    buffer = BytesIO()
    PILImage.new("RGB", (8, 8), "teal").save(buffer, "PNG")
    return ImageFile(buffer, name=name)


def writeup(parent, title, *, live, owner=None, visibility="group"):
    page = WorkshopWriteUpFactory(
        parent=parent, title=title, live=live, owner=owner, visibility=visibility
    )
    revision = page.save_revision(user=owner)
    if live:
        revision.publish()
    return WorkshopWriteUp.objects.get(pk=page.pk)


@pytest.fixture
def world(groups, make_user, locales, settings, tmp_path):
    """Groups A and B, their write-ups and media, a mentor of A, a mentor of B, an editor."""
    settings.MEDIA_ROOT = tmp_path
    group_a, group_b = groups
    mentor_a = make_user("mentor_a")
    call_command(
        "assign_group_role", "mentor_a", str(group_a.pk), "--role", "mentor", stdout=StringIO()
    )
    mentor_b = make_user("mentor_b")
    assign_role(mentor_b, group_b, "mentor")
    editor = make_user("szerkeszto")
    editor.groups.add(role_group(EDITOR))

    a_live = writeup(group_a, "A élő beszámoló", live=True)
    a_draft = writeup(group_a, "A piszkozat", live=False, owner=mentor_a)
    b_live = writeup(group_b, "TITKOS-B-elo", live=True)
    b_live.title = "TITKOS-B-uj-valtozat"
    b_live.save_revision(user=mentor_b)
    b_draft = writeup(group_b, "TITKOS-B-piszkozat", live=False, owner=mentor_b)
    b_draft.get_workflow().start(b_draft, mentor_b)

    # B's write-up in Slovenian, as a wagtail-localize synced translation.
    translate(group_a.get_parent().specific, "sl", title="Povezave")
    translate(group_b, "sl", title="Presečišče")
    source, _created = TranslationSource.get_or_create_from_instance(b_live)
    translation = Translation.objects.create(
        source=source, target_locale=locales["sl"], enabled=True
    )
    translation.save_target(publish=True)
    b_sl = WorkshopWriteUp.objects.get(translation_key=b_live.translation_key, locale=locales["sl"])
    Page.objects.filter(pk=b_sl.pk).update(title="TITKOS-B-slovenski")

    access_a, access_b = group_a.access, group_b.access
    image_a = Image.objects.create(
        title="A képe", file=png("a.png"), collection=access_a.collection
    )
    image_b = Image.objects.create(
        title="TITKOS-B-kep", file=png("b.png"), collection=access_b.collection
    )
    doc_a = Document.objects.create(
        title="A dokumentuma",
        file=ContentFile(b"A", name="a.txt"),
        collection=access_a.collection,
    )
    doc_b = Document.objects.create(
        title="TITKOS-B-dokumentum",
        file=ContentFile(b"B", name="b.txt"),
        collection=access_b.collection,
    )
    b_draft = WorkshopWriteUp.objects.get(pk=b_draft.pk)
    return {
        "mentor_a": mentor_a,
        "mentor_b": mentor_b,
        "editor": editor,
        "a_group": group_a,
        "b_group": group_b,
        "a_live": a_live,
        "a_draft": a_draft,
        "b_live": WorkshopWriteUp.objects.get(pk=b_live.pk),
        "b_draft": b_draft,
        "b_sl": b_sl,
        "b_first_revision": b_live.revisions.order_by("pk").first(),
        "b_task_state": b_draft.current_workflow_task_state,
        "b_workflow_state": b_draft.current_workflow_state,
        "b_source": source,
        "b_translation": translation,
        "image_a": image_a,
        "image_b": image_b,
        "doc_a": doc_a,
        "doc_b": doc_b,
        "collection_a": access_a.collection,
        "collection_b": access_b.collection,
    }


def snapshot():
    """Everything a refused request must leave as it was."""
    return {
        "pages": sorted(
            Page.objects.values_list(
                "pk",
                "title",
                "slug",
                "live",
                "path",
                "numchild",
                "locked",
                "has_unpublished_changes",
                "latest_revision_id",
                "locale_id",
            )
        ),
        "revisions": Revision.objects.count(),
        "workflows": sorted(WorkflowState.objects.values_list("pk", "status")),
        "tasks": sorted(TaskState.objects.values_list("pk", "status")),
        "page_restrictions": sorted(
            PageViewRestriction.objects.values_list("page_id", "restriction_type")
        ),
        "images": sorted(Image.objects.values_list("pk", "title", "collection_id", "file")),
        "documents": sorted(Document.objects.values_list("pk", "title", "collection_id", "file")),
        "collections": sorted(Collection.objects.values_list("pk", "name", "path")),
        "collection_restrictions": sorted(
            CollectionViewRestriction.objects.values_list("collection_id", "restriction_type")
        ),
        "translations": sorted(Translation.objects.values_list("pk", "enabled")),
        "sources": TranslationSource.objects.count(),
    }


def refused(client, response, hops=3):
    """403, 404, a redirect to the login or to the admin home with an error, or a
    redirect to a page that is itself refused (e.g. revisions index -> history)."""
    if response.status_code in (403, 404):
        return True
    if response.status_code != 302 or hops == 0:
        return False
    location = response["Location"].split("?")[0]
    if location in (reverse("wagtailadmin_login"), reverse("wagtailcore_login")):
        return True
    if location == reverse("wagtailadmin_home"):
        return any(m.level == ERROR for m in get_messages(response.wsgi_request))
    return refused(client, client.get(response["Location"]), hops - 1)


def writeup_form(page, **changes):
    data = {
        "title": page.title,
        "slug": page.slug,
        "summary": page.summary,
        "date": page.date.isoformat(),
        "visibility": page.visibility,
        "body": streamfield([]),
        "keywords": "",
    }
    data.update(changes)
    return nested_form_data(data)


def page_url(name, key, *extra):
    return lambda w: reverse(f"wagtailadmin_pages:{name}", args=[w[key].pk, *extra])


def url(name, *keys):
    return lambda w: reverse(name, args=[w[key].pk for key in keys])


def edit_post(key, **changes):
    return lambda w: writeup_form(w[key], **{"title": "Feltört cím", **changes})


# (id, method, url, data)
CRAFTED = [
    # Editing B's pages
    ("edit get", "get", page_url("edit", "b_live"), None),
    ("edit post", "post", page_url("edit", "b_live"), edit_post("b_live")),
    (
        "edit post publish",
        "post",
        page_url("edit", "b_live"),
        edit_post("b_live", **{"action-publish": "action-publish"}),
    ),
    (
        "edit post submit",
        "post",
        page_url("edit", "b_live"),
        edit_post("b_live", **{"action-submit": "action-submit"}),
    ),
    ("edit draft get", "get", page_url("edit", "b_draft"), None),
    (
        "edit draft cancel workflow",
        "post",
        page_url("edit", "b_draft"),
        edit_post("b_draft", **{"action-cancel-workflow": "action-cancel-workflow"}),
    ),
    ("edit group get", "get", page_url("edit", "b_group"), None),
    ("edit translation get", "get", page_url("edit", "b_sl"), None),
    (
        "edit translation restart",
        "post",
        page_url("edit", "b_sl"),
        lambda w: {"localize-restart-translation": "1"},
    ),
    # Revisions, history, previews
    ("revisions index", "get", page_url("revisions_index", "b_live"), None),
    (
        "revision view",
        "get",
        lambda w: reverse(
            "wagtailadmin_pages:revisions_view",
            args=[w["b_live"].pk, w["b_first_revision"].pk],
        ),
        None,
    ),
    (
        "revision of B through A's page",
        "get",
        lambda w: reverse(
            "wagtailadmin_pages:revisions_view",
            args=[w["a_live"].pk, w["b_first_revision"].pk],
        ),
        None,
    ),
    (
        "revisions compare",
        "get",
        page_url("revisions_compare", "b_live", "earliest", "latest"),
        None,
    ),
    (
        "revisions compare live",
        "get",
        page_url("revisions_compare", "b_live", "live", "latest"),
        None,
    ),
    (
        "revision revert get",
        "get",
        lambda w: reverse(
            "wagtailadmin_pages:revisions_revert",
            args=[w["b_live"].pk, w["b_first_revision"].pk],
        ),
        None,
    ),
    (
        "revision revert post",
        "post",
        lambda w: reverse(
            "wagtailadmin_pages:revisions_revert",
            args=[w["b_live"].pk, w["b_first_revision"].pk],
        ),
        edit_post("b_live", **{"action-publish": "action-publish"}),
    ),
    (
        "revision unschedule post",
        "post",
        lambda w: reverse(
            "wagtailadmin_pages:revisions_unschedule",
            args=[w["b_live"].pk, w["b_first_revision"].pk],
        ),
        lambda w: {},
    ),
    ("history", "get", page_url("history", "b_live"), None),
    ("history results", "get", page_url("history_results", "b_live"), None),
    ("workflow history", "get", page_url("workflow_history", "b_draft"), None),
    (
        "workflow history detail",
        "get",
        lambda w: reverse(
            "wagtailadmin_pages:workflow_history_detail",
            args=[w["b_draft"].pk, w["b_workflow_state"].pk],
        ),
        None,
    ),
    ("preview get", "get", page_url("preview_on_edit", "b_live"), None),
    ("preview post", "post", page_url("preview_on_edit", "b_live"), edit_post("b_live")),
    ("preview draft get", "get", page_url("preview_on_edit", "b_draft"), None),
    ("view draft", "get", page_url("view_draft", "b_draft"), None),
    ("usage", "get", page_url("usage", "b_live"), None),
    # Copy, move, delete, unpublish, add, lock, privacy
    ("copy get", "get", page_url("copy", "b_live"), None),
    (
        "copy post to A",
        "post",
        page_url("copy", "b_draft"),
        lambda w: {
            "new_title": "Másolat",
            "new_slug": "masolat",
            "new_parent_page": w["a_group"].pk,
        },
    ),
    (
        "copy A's page into B",
        "post",
        page_url("copy", "a_draft"),
        lambda w: {
            "new_title": "Másolat",
            "new_slug": "masolat",
            "new_parent_page": w["b_group"].pk,
        },
    ),
    (
        "copy A's page under B's draft",
        "post",
        page_url("copy", "a_draft"),
        lambda w: {
            "new_title": "Másolat",
            "new_slug": "masolat",
            "new_parent_page": w["b_draft"].pk,
        },
    ),
    (
        "copy without a parent",
        "post",
        page_url("copy", "a_draft"),
        lambda w: {"new_title": "Másolat", "new_slug": "masolat", "new_parent_page": "x"},
    ),
    ("move get", "get", page_url("move", "b_live"), None),
    ("move confirm get", "get", url("wagtailadmin_pages:move_confirm", "b_draft", "a_group"), None),
    (
        "move post to A",
        "post",
        url("wagtailadmin_pages:move_confirm", "b_draft", "a_group"),
        lambda w: {},
    ),
    (
        "move A's draft into B",
        "post",
        url("wagtailadmin_pages:move_confirm", "a_draft", "b_group"),
        lambda w: {},
    ),
    ("set position", "post", page_url("set_page_position", "b_live"), lambda w: {"position": 0}),
    ("delete get", "get", page_url("delete", "b_draft"), None),
    ("delete post", "post", page_url("delete", "b_draft"), lambda w: {}),
    ("delete live post", "post", page_url("delete", "b_live"), lambda w: {}),
    ("unpublish get", "get", page_url("unpublish", "b_live"), None),
    ("unpublish post", "post", page_url("unpublish", "b_live"), lambda w: {}),
    ("add subpage get", "get", page_url("add_subpage", "b_group"), None),
    (
        "add get",
        "get",
        lambda w: reverse(
            "wagtailadmin_pages:add", args=["mentor_groups", "workshopwriteup", w["b_group"].pk]
        ),
        None,
    ),
    (
        "add post",
        "post",
        lambda w: reverse(
            "wagtailadmin_pages:add", args=["mentor_groups", "workshopwriteup", w["b_group"].pk]
        ),
        lambda w: writeup_form(w["a_draft"], title="Betolakodó", slug="betolakodo"),
    ),
    (
        "preview on add post",
        "post",
        lambda w: reverse(
            "wagtailadmin_pages:preview_on_add",
            args=["mentor_groups", "workshopwriteup", w["b_group"].pk],
        ),
        lambda w: writeup_form(w["a_draft"], title="Betolakodó", slug="betolakodo"),
    ),
    ("lock", "post", page_url("lock", "b_live"), lambda w: {}),
    ("unlock", "post", page_url("unlock", "b_live"), lambda w: {}),
    ("privacy get", "get", page_url("set_privacy", "b_live"), None),
    (
        "privacy post",
        "post",
        page_url("set_privacy", "b_live"),
        lambda w: {"restriction_type": "none"},
    ),
    ("convert alias post", "post", page_url("convert_alias", "b_sl"), lambda w: {}),
    # Workflow of B's draft
    (
        "workflow approve get",
        "get",
        lambda w: reverse(
            "wagtailadmin_pages:workflow_action",
            args=[w["b_draft"].pk, "approve", w["b_task_state"].pk],
        ),
        None,
    ),
    (
        "workflow approve post",
        "post",
        lambda w: reverse(
            "wagtailadmin_pages:workflow_action",
            args=[w["b_draft"].pk, "approve", w["b_task_state"].pk],
        ),
        lambda w: {"comment": ""},
    ),
    (
        "workflow reject post",
        "post",
        lambda w: reverse(
            "wagtailadmin_pages:workflow_action",
            args=[w["b_draft"].pk, "reject", w["b_task_state"].pk],
        ),
        lambda w: {"comment": ""},
    ),
    (
        "workflow collect data",
        "post",
        lambda w: reverse(
            "wagtailadmin_pages:collect_workflow_action_data",
            args=[w["b_draft"].pk, "approve", w["b_task_state"].pk],
        ),
        lambda w: {"comment": ""},
    ),
    ("workflow cancel confirm", "get", page_url("confirm_workflow_cancellation", "b_draft"), None),
    (
        "workflow preview",
        "get",
        lambda w: reverse(
            "wagtailadmin_pages:workflow_preview",
            args=[w["b_draft"].pk, w["b_task_state"].task_id],
        ),
        None,
    ),
    # wagtail-localize
    ("translate get", "get", url("wagtail_localize:submit_page_translation", "b_live"), None),
    (
        "translate post",
        "post",
        url("wagtail_localize:submit_page_translation", "b_live"),
        lambda w: {"locales": [Locale.objects.get(language_code="en").pk]},
    ),
    (
        "update translations get",
        "get",
        url("wagtail_localize:update_translations", "b_source"),
        None,
    ),
    (
        "update translations post",
        "post",
        url("wagtail_localize:update_translations", "b_source"),
        lambda w: {"publish_translations": "on"},
    ),
    (
        "translation preview",
        "get",
        url("wagtail_localize:preview_translation", "b_translation"),
        None,
    ),
    ("translation po file", "get", url("wagtail_localize:download_pofile", "b_translation"), None),
    (
        "translation stop",
        "post",
        url("wagtail_localize:stop_translation", "b_translation"),
        lambda w: {},
    ),
    ("translation to alias get", "get", url("wagtail_localize:convert_to_alias", "b_sl"), None),
    (
        "translation to alias post",
        "post",
        url("wagtail_localize:convert_to_alias", "b_sl"),
        lambda w: {},
    ),
    # The admin API and bulk actions
    ("api page detail", "get", url("wagtailadmin_api:pages:detail", "b_draft"), None),
    (
        "api publish",
        "post",
        lambda w: reverse("wagtailadmin_api:pages:action", args=[w["b_draft"].pk, "publish"]),
        lambda w: {},
    ),
    (
        "api copy to A",
        "post",
        lambda w: reverse("wagtailadmin_api:pages:action", args=[w["b_draft"].pk, "copy"]),
        lambda w: {"destination_page_id": w["a_group"].pk},
    ),
    (
        "api delete",
        "post",
        lambda w: reverse("wagtailadmin_api:pages:action", args=[w["b_draft"].pk, "delete"]),
        lambda w: {},
    ),
    (
        "bulk delete get",
        "get",
        lambda w: (
            reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])
            + f"?id={w['b_draft'].pk}"
        ),
        None,
    ),
    (
        "bulk delete all of B",
        "get",
        lambda w: (
            reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])
            + f"?id=all&childOf={w['b_group'].pk}"
        ),
        None,
    ),
    (
        "bulk unpublish get",
        "get",
        lambda w: (
            reverse("wagtail_bulk_action", args=["wagtailcore", "page", "unpublish"])
            + f"?id={w['b_live'].pk}&id={w['b_draft'].pk}"
        ),
        None,
    ),
    (
        "bulk move get",
        "get",
        lambda w: (
            reverse("wagtail_bulk_action", args=["wagtailcore", "page", "move"])
            + f"?id={w['b_draft'].pk}"
        ),
        None,
    ),
    (
        "bulk publish post",
        "post",
        lambda w: (
            reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
            + f"?id={w['b_draft'].pk}"
        ),
        lambda w: {},
    ),
    # B's images
    ("image edit get", "get", url("wagtailimages:edit", "image_b"), None),
    (
        "image edit post",
        "post",
        url("wagtailimages:edit", "image_b"),
        lambda w: {"title": "Feltört", "collection": w["collection_a"].pk},
    ),
    ("image delete get", "get", url("wagtailimages:delete", "image_b"), None),
    ("image delete post", "post", url("wagtailimages:delete", "image_b"), lambda w: {}),
    ("image url generator", "get", url("wagtailimages:url_generator", "image_b"), None),
    (
        "image preview",
        "get",
        lambda w: reverse("wagtailimages:preview", args=[w["image_b"].pk, "original"]),
        None,
    ),
    ("image usage", "get", url("wagtailimages:image_usage", "image_b"), None),
    (
        "image edit multiple",
        "post",
        url("wagtailimages:edit_multiple", "image_b"),
        lambda w: {f"image-{w['image_b'].pk}-title": "Feltört"},
    ),
    (
        "image delete multiple",
        "post",
        url("wagtailimages:delete_multiple", "image_b"),
        lambda w: {},
    ),
    ("image chosen", "get", url("wagtailimages_chooser:chosen", "image_b"), None),
    ("image select format", "get", url("wagtailimages_chooser:select_format", "image_b"), None),
    (
        "image bulk delete",
        "post",
        lambda w: (
            reverse("wagtail_bulk_action", args=["wagtailimages", "image", "delete"])
            + f"?id={w['image_b'].pk}"
        ),
        lambda w: {},
    ),
    (
        "image bulk add to collection get",
        "get",
        lambda w: (
            reverse("wagtail_bulk_action", args=["wagtailimages", "image", "add_to_collection"])
            + f"?id={w['image_b'].pk}"
        ),
        None,
    ),
    # B's documents
    ("document edit get", "get", url("wagtaildocs:edit", "doc_b"), None),
    (
        "document edit post",
        "post",
        url("wagtaildocs:edit", "doc_b"),
        lambda w: {"title": "Feltört", "collection": w["collection_a"].pk},
    ),
    ("document delete get", "get", url("wagtaildocs:delete", "doc_b"), None),
    ("document delete post", "post", url("wagtaildocs:delete", "doc_b"), lambda w: {}),
    ("document usage", "get", url("wagtaildocs:document_usage", "doc_b"), None),
    (
        "document edit multiple",
        "post",
        url("wagtaildocs:edit_multiple", "doc_b"),
        lambda w: {f"doc-{w['doc_b'].pk}-title": "Feltört"},
    ),
    ("document delete multiple", "post", url("wagtaildocs:delete_multiple", "doc_b"), lambda w: {}),
    ("document chosen", "get", url("wagtaildocs_chooser:chosen", "doc_b"), None),
    (
        "document bulk delete",
        "post",
        lambda w: (
            reverse("wagtail_bulk_action", args=["wagtaildocs", "document", "delete"])
            + f"?id={w['doc_b'].pk}"
        ),
        lambda w: {},
    ),
    (
        "document bulk add tags get",
        "get",
        lambda w: (
            reverse("wagtail_bulk_action", args=["wagtaildocs", "document", "add_tags"])
            + f"?id={w['doc_b'].pk}"
        ),
        None,
    ),
    # Collections
    ("collections index", "get", lambda w: reverse("wagtailadmin_collections:index"), None),
    (
        "collection add",
        "post",
        lambda w: reverse("wagtailadmin_collections:add"),
        lambda w: {"name": "X", "parent": w["collection_b"].pk},
    ),
    ("collection edit get", "get", url("wagtailadmin_collections:edit", "collection_b"), None),
    (
        "collection edit post",
        "post",
        url("wagtailadmin_collections:edit", "collection_b"),
        lambda w: {"name": "Feltört"},
    ),
    (
        "collection delete post",
        "post",
        url("wagtailadmin_collections:delete", "collection_b"),
        lambda w: {},
    ),
    (
        "collection privacy post",
        "post",
        url("wagtailadmin_collections:set_privacy", "collection_b"),
        lambda w: {"restriction_type": "none"},
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "make_url", "make_data"), [pytest.param(*c[1:], id=c[0]) for c in CRAFTED]
)
def test_mentor_of_a_is_refused_on_group_b(client, world, method, make_url, make_data):
    client.force_login(world["mentor_a"])
    target = make_url(world)
    before = snapshot()
    send = client.get if method == "get" else client.post
    response = send(target) if make_data is None else send(target, make_data(world))
    assert refused(client, response), (response.status_code, response.get("Location"))
    assert snapshot() == before


def page_search(w):
    return reverse("wagtailadmin_pages:search") + "?q=TITKOS"


# (id, url) of admin listings, choosers and searches; none may show B's titles.
LISTINGS = [
    ("explorer root", lambda w: reverse("wagtailadmin_explore_root")),
    (
        "explorer programme",
        lambda w: reverse("wagtailadmin_explore", args=[w["a_group"].get_parent().pk]),
    ),
    ("explorer B", lambda w: reverse("wagtailadmin_explore", args=[w["b_group"].pk])),
    (
        "explorer B results",
        lambda w: reverse("wagtailadmin_explore_results", args=[w["b_group"].pk]),
    ),
    ("explorer B sl", lambda w: reverse("wagtailadmin_explore", args=[w["b_sl"].get_parent().pk])),
    ("page search", page_search),
    ("page search results", lambda w: reverse("wagtailadmin_pages:search_results") + "?q=TITKOS"),
    ("page chooser root", lambda w: reverse("wagtailadmin_choose_page")),
    ("page chooser B", lambda w: reverse("wagtailadmin_choose_page_child", args=[w["b_group"].pk])),
    (
        "page chooser B sl",
        lambda w: reverse("wagtailadmin_choose_page_child", args=[w["b_sl"].get_parent().pk]),
    ),
    (
        "page chooser at B's draft",
        lambda w: reverse("wagtailadmin_choose_page_child", args=[w["b_draft"].pk]),
    ),
    ("page chooser search", lambda w: reverse("wagtailadmin_choose_page_search") + "?q=TITKOS"),
    (
        "api pages",
        lambda w: reverse("wagtailadmin_api:pages:listing") + f"?child_of={w['b_group'].pk}",
    ),
    ("api pages search", lambda w: reverse("wagtailadmin_api:pages:listing") + "?search=TITKOS"),
    ("images index", lambda w: reverse("wagtailimages:index")),
    (
        "images of B",
        lambda w: reverse("wagtailimages:index") + f"?collection_id={w['collection_b'].pk}",
    ),
    ("images search", lambda w: reverse("wagtailimages:index_results") + "?q=TITKOS"),
    ("image chooser", lambda w: reverse("wagtailimages_chooser:choose")),
    (
        "image chooser B",
        lambda w: (
            reverse("wagtailimages_chooser:choose") + f"?collection_id={w['collection_b'].pk}"
        ),
    ),
    (
        "image chooser search",
        lambda w: reverse("wagtailimages_chooser:choose_results") + "?q=TITKOS",
    ),
    ("api images", lambda w: reverse("wagtailadmin_api:images:listing")),
    ("documents index", lambda w: reverse("wagtaildocs:index")),
    (
        "documents of B",
        lambda w: reverse("wagtaildocs:index") + f"?collection_id={w['collection_b'].pk}",
    ),
    ("documents search", lambda w: reverse("wagtaildocs:index_results") + "?q=TITKOS"),
    ("document chooser", lambda w: reverse("wagtaildocs_chooser:choose")),
    (
        "document chooser B",
        lambda w: reverse("wagtaildocs_chooser:choose") + f"?collection_id={w['collection_b'].pk}",
    ),
    (
        "document chooser search",
        lambda w: reverse("wagtaildocs_chooser:choose_results") + "?q=TITKOS",
    ),
    ("api documents", lambda w: reverse("wagtailadmin_api:documents:listing")),
    ("dashboard", lambda w: reverse("wagtailadmin_home")),
    ("workflow dashboard", lambda w: reverse("wagtailadmin_reports:workflow")),
    ("workflow tasks report", lambda w: reverse("wagtailadmin_reports:workflow_tasks")),
    ("locked pages", lambda w: reverse("wagtailadmin_reports:locked_pages")),
    ("site history", lambda w: reverse("wagtailadmin_reports:site_history")),
    ("aging pages", lambda w: reverse("wagtailadmin_reports:aging_pages")),
    ("page types usage", lambda w: reverse("wagtailadmin_reports:page_types_usage")),
    ("translations report", lambda w: reverse("wagtail_localize:translations_report")),
    ("collections", lambda w: reverse("wagtailadmin_collections:index")),
]


@pytest.mark.django_db
@pytest.mark.parametrize("make_url", [pytest.param(c[1], id=c[0]) for c in LISTINGS])
def test_listings_never_show_group_b_to_mentor_of_a(client, world, make_url):
    client.force_login(world["mentor_a"])
    response = client.get(make_url(world), follow=True)
    # The admin API answers 400 "parent page doesn't exist" for a parent it hides.
    assert response.status_code in (200, 400, 403, 404)
    content = response.content.decode()
    leaked = [secret for secret in SECRETS if secret in content]
    assert not leaked


@pytest.mark.django_db
def test_mentor_of_a_still_works_in_group_a_and_an_editor_publishes(client, world):
    """Add a write-up, edit it, submit it for moderation; publishing is the editor's."""
    mentor, group_a = world["mentor_a"], world["a_group"]
    client.force_login(mentor)
    add_url = reverse(
        "wagtailadmin_pages:add", args=["mentor_groups", "workshopwriteup", group_a.pk]
    )
    assert client.get(add_url).status_code == 200
    data = {
        "title": "Tavaszi műhely",
        "slug": "tavaszi-muhely",
        "summary": "Közösségi színtér, önkéntesség.",
        "date": datetime.date(2025, 4, 2).isoformat(),
        "visibility": "public",
        "body": streamfield([]),
        "keywords": "",
    }
    response = client.post(add_url, nested_form_data(data))
    assert response.status_code == 302, response.context["form"].errors
    page = WorkshopWriteUp.objects.get(slug="tavaszi-muhely")
    assert page.get_parent().pk == group_a.pk and not page.live

    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert client.get(edit_url).status_code == 200
    response = client.post(
        edit_url, nested_form_data({**data, "title": "Tavaszi műhely – javítva"})
    )
    assert response.status_code == 302
    response = client.post(
        edit_url,
        nested_form_data(
            {**data, "title": "Tavaszi műhely – javítva", "action-submit": "action-submit"}
        ),
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.current_workflow_state is not None
    assert page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS

    # A mentor may not publish, neither from the editor nor through a bulk action.
    assert not page.permissions_for_user(mentor).can_publish()
    client.post(edit_url, nested_form_data({**data, "action-publish": "action-publish"}))
    client.post(
        reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"]) + f"?id={page.pk}",
        {},
    )
    page.refresh_from_db()
    assert not page.live

    # An editor approves the write-up in the workflow, which publishes it.
    client.force_login(world["editor"])
    task_state = page.current_workflow_task_state
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk]),
        {"comment": ""},
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live
    assert page.title == "Tavaszi műhely – javítva"


@pytest.mark.django_db
def test_mentor_of_a_chooses_own_media_and_library_pages(client, world):
    """The scoping takes nothing from a mentor's own work."""
    client.force_login(world["mentor_a"])
    chooser = client.get(reverse("wagtailimages_chooser:choose")).json()["html"]
    assert "A képe" in chooser
    chooser = client.get(reverse("wagtaildocs_chooser:choose")).json()["html"]
    assert "A dokumentuma" in chooser
    pages = client.get(
        reverse("wagtailadmin_choose_page_child", args=[world["a_group"].pk])
    ).json()["html"]
    assert "A élő beszámoló" in pages and "A piszkozat" in pages
    programme = client.get(
        reverse("wagtailadmin_choose_page_child", args=[world["a_group"].get_parent().pk])
    ).json()["html"]
    assert world["b_group"].title in programme


def _view_names(resolver, namespace=""):
    for pattern in resolver.url_patterns:
        if hasattr(pattern, "url_patterns"):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _view_names(pattern, inner)
        elif pattern.name:
            yield namespace + pattern.name


def test_every_admin_guard_names_an_existing_url():
    """A guard keyed on a URL name that Wagtail renamed would silently guard nothing."""
    from django.urls import get_resolver

    from groups.admin_guards import GUARDS

    assert set(GUARDS) <= set(_view_names(get_resolver()))

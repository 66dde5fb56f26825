"""Refusals that must happen before some Wagtail admin views run at all.

Mentors are treated as possibly hostile to other groups. Almost every admin view
checks page and collection permissions itself; the few below do not, or check
them too late, and each would show a mentor a title, slug or moderation state of
another group's page:

- ``move_confirm`` renders the confirmation (with the page's title) on GET
  without any permission check, and before the ``before_move_page`` hook it
  tells whether the page's slug is taken at the destination;
- ``copy`` re-renders its form with the title of whatever page was posted as the
  new parent, and its ``before_copy_page`` hook is not given that parent;
- ``confirm_workflow_cancellation`` shows a page's moderation state to anyone;
- bulk actions list the titles of the selected objects the user may not act on,
  whatever their ids, on GET, before the ``before_bulk_action`` hook runs;
- the page chooser, browsed at any page, shows that page's title (see
  ``groups.admin_scoping`` for what it lists);
- the page types usage report and wagtail-localize's translations report list
  the titles of every page.

``AdminGuardMiddleware`` runs after URL resolution and before the view, keyed by
URL name, so the guard holds whatever the request method and whatever Wagtail
does next. Everything else is left to Wagtail.
"""

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.http import Http404, QueryDict
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.permissions import policy_registry

from groups.admin_scoping import guard_chooser_parent
from groups.roles import is_editor

MEDIA_ACTIONS = ["add", "change", "delete", "choose"]


def _page(page_id):
    try:
        return Page.objects.get(pk=int(page_id))
    except (Page.DoesNotExist, TypeError, ValueError) as error:
        raise Http404 from error


def guard_move_confirm(request, page_to_move_id, destination_id, **kwargs):
    page = _page(page_to_move_id)
    if not page.permissions_for_user(request.user).can_move_to(_page(destination_id)):
        raise PermissionDenied


def guard_copy(request, page_id, **kwargs):
    """The posted parent must be one the user may copy to; a missing or odd id is not found."""
    if request.method != "POST":
        return
    page = _page(page_id)
    parent = _page(request.POST.get("new_parent_page"))
    if not page.permissions_for_user(request.user).can_copy_to(parent):
        raise PermissionDenied


def guard_workflow_cancellation(request, page_id, **kwargs):
    if not _page(page_id).permissions_for_user(request.user).can_edit():
        raise PermissionDenied


def guard_editors_only(request, **kwargs):
    if not is_editor(request.user):
        raise PermissionDenied


def visible_ids(user, model, ids):
    """Which of ``ids`` the user may see in the admin: pages they may explore,
    images and documents of collections they have a permission on. Other models
    are left to their own bulk actions."""
    if issubclass(model, Page):
        visible = policy_registry.get_by_type(Page).explorable_instances(user)
    elif model in (get_image_model(), get_document_model()):
        policy = policy_registry.get_by_type(model)
        visible = policy.instances_user_has_any_permission_for(user, MEDIA_ACTIONS)
    else:
        return list(ids)
    return [str(pk) for pk in visible.filter(pk__in=ids).values_list("pk", flat=True)]


def guard_bulk_action(request, app_label, model_name, action, **kwargs):
    """Drop the selected ids the user may not see; none left answers 404 in Wagtail's view."""
    action_class = bulk_action_registry.get_bulk_action_class(app_label, model_name, action)
    if action_class is None or request.user.is_superuser:
        return
    model = apps.get_model(app_label, model_name)
    ids = request.GET.getlist("id")
    if "all" in ids:
        try:
            ids = list(
                action_class(request, model).get_all_objects_in_listing_query(
                    request.GET.get("childOf")
                )
            )
        except (Page.DoesNotExist, ValueError) as error:
            raise Http404 from error
    ids = [pk for pk in ids if str(pk).isdigit()]
    query = request.GET.copy()
    query.setlist("id", visible_ids(request.user, model, ids))
    request.GET = QueryDict(query.urlencode())
    request.META["QUERY_STRING"] = request.GET.urlencode()


GUARDS = {
    "wagtailadmin_pages:move_confirm": guard_move_confirm,
    "wagtailadmin_pages:copy": guard_copy,
    "wagtailadmin_pages:confirm_workflow_cancellation": guard_workflow_cancellation,
    "wagtail_bulk_action": guard_bulk_action,
    "wagtailadmin_choose_page_child": guard_chooser_parent,
    "wagtailadmin_reports:page_types_usage": guard_editors_only,
    "wagtailadmin_reports:page_types_usage_results": guard_editors_only,
    "wagtail_localize:translations_report": guard_editors_only,
    "wagtail_localize:translations_report_results": guard_editors_only,
}


class AdminGuardMiddleware:
    """Applies ``GUARDS`` to signed-in users; anonymous ones are left to the admin's login."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        guard = GUARDS.get(match.view_name) if match else None
        if guard is not None and request.user.is_authenticated:
            guard(request, **view_kwargs)
        return None

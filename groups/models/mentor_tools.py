"""The group page's routes for its mentors: the ten-minute write-up and "my write-ups".

Routes on the group's own page (``…/<group>/write-up/``, ``…/<group>/my-write-ups/``)
rather than admin views: a mentor on a phone starts from the group page they know,
in their language, and the form renders in the site's own mobile-first templates.
The views live in ``groups.writeup_form`` and ``groups.writeup_status``.
"""

from django.utils.cache import patch_cache_control
from wagtail.contrib.routable_page.models import RoutablePageMixin, path


class MentorToolsMixin(RoutablePageMixin):
    @path("write-up/", name="write_up")
    def write_up_route(self, request):
        from groups.writeup_form import write_up

        return write_up(request, self)

    @path("my-write-ups/", name="my_write_ups")
    def my_write_ups_route(self, request):
        from groups.writeup_status import my_write_ups

        return my_write_ups(request, self)

    def mentor_tool_urls(self):
        return {
            "write_up": self.url + self.reverse_subpage("write_up"),
            "my_write_ups": self.url + self.reverse_subpage("my_write_ups"),
        }

    def get_context(self, request, *args, **kwargs):
        """Links to the mentors' tools, for the group's mentors only."""
        from groups.mentors import is_mentor_of

        context = super().get_context(request, *args, **kwargs)
        context["mentor_tools"] = None
        if request.user.is_authenticated and is_mentor_of(request.user, self):
            context["mentor_tools"] = self.mentor_tool_urls()
            request.shows_mentor_tools = True
        return context

    def serve(self, request, view=None, args=None, kwargs=None):
        response = super().serve(request, view, args, kwargs)
        if getattr(request, "shows_mentor_tools", False):
            patch_cache_control(response, private=True)
        return response

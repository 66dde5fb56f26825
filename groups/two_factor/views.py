"""Enrolling, signing in with a code, new recovery codes, and turning it off."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_static.models import StaticDevice

from groups.two_factor import devices
from groups.two_factor.forms import CodeForm
from groups.two_factor.session import is_pending, mark_verified


def _safe_next(request):
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return next_url if allowed else reverse("wagtailadmin_home")


@never_cache
@login_required
def verify(request):
    """The second step of signing in."""
    if not is_pending(request):
        return redirect(_safe_next(request))
    user = request.user
    form = CodeForm(request.POST or None, check=lambda code: devices.matching_device(user, code))
    if request.method == "POST" and form.is_valid():
        mark_verified(request, form.result)
        if isinstance(form.result, StaticDevice):
            left = devices.remaining_recovery_codes(user)
            messages.warning(
                request,
                _("You signed in with a recovery code. Recovery codes left: %(count)d.")
                % {"count": left},
            )
        return redirect(_safe_next(request))
    return TemplateResponse(
        request, "groups/two_factor/verify.html", {"form": form, "next": _safe_next(request)}
    )


def _require_editor(user):
    if not devices.may_enrol(user):
        raise PermissionDenied


@never_cache
def settings_page(request):
    """Status and enrolment: the secret and QR code of a new device are shown once."""
    user = request.user
    _require_editor(user)
    if devices.is_enrolled(user):
        context = {
            "enrolled": True,
            "recovery_codes_left": devices.remaining_recovery_codes(user),
            "form": CodeForm(check=lambda code: None),
        }
        return TemplateResponse(request, "groups/two_factor/settings.html", context)

    if request.method == "POST":
        device = devices.pending_enrolment(user)
        if device is None:
            return redirect("two_factor_settings")
        form = CodeForm(request.POST, check=lambda code: _confirm(device, code))
        if form.is_valid():
            mark_verified(request, device)
            messages.success(request, _("Two-factor sign-in is on."))
            return TemplateResponse(
                request, "groups/two_factor/recovery_codes.html", {"codes": form.result}
            )
    else:
        device = devices.start_enrolment(user)
        form = CodeForm(check=lambda code: None)
    context = {
        "enrolled": False,
        "form": form,
        "secret": devices.secret_text(device),
        "qr_code": devices.qr_code_svg(device),
    }
    return TemplateResponse(request, "groups/two_factor/settings.html", context)


def _confirm(device, code):
    return devices.confirm_enrolment(device, devices.normalise(code))


@require_POST
def new_recovery_codes(request):
    _require_editor(request.user)
    if not devices.is_enrolled(request.user):
        return redirect("two_factor_settings")
    codes = devices.issue_recovery_codes(request.user)
    return TemplateResponse(request, "groups/two_factor/recovery_codes.html", {"codes": codes})


@require_POST
def turn_off(request):
    """Needs a current code, so a session left open is not enough to remove the factor."""
    user = request.user
    _require_editor(user)
    form = CodeForm(request.POST, check=lambda code: devices.matching_device(user, code))
    if not form.is_valid():
        context = {
            "enrolled": True,
            "recovery_codes_left": devices.remaining_recovery_codes(user),
            "form": form,
        }
        return TemplateResponse(request, "groups/two_factor/settings.html", context)
    devices.turn_off(user)
    messages.success(request, _("Two-factor sign-in is off."))
    return redirect("two_factor_settings")

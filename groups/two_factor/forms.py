"""The one field every step asks for: a code from the app, or a recovery code."""

from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        help_text=_(
            "The six-digit code from your authenticator app, or one of your recovery codes."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )

    def __init__(self, *args, check, **kwargs):
        """``check(code)`` returns what the code unlocks, or None when it is wrong."""
        super().__init__(*args, **kwargs)
        self.check = check
        self.result = None

    def clean_code(self):
        self.result = self.check(self.cleaned_data["code"])
        if self.result is None:
            raise forms.ValidationError(
                _("This code is not valid. Wait a little and try the newest code."),
                code="invalid",
            )
        return self.cleaned_data["code"]

"""Optional two-factor sign-in (TOTP) for editors and administrators.

Built on django-otp's TOTP and static-token plugins: an editor enrols from their
account page, and every later sign-in asks for a code before the session may be used.
"""

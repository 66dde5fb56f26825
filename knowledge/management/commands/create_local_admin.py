"""python manage.py create_local_admin — a superuser for local development only.

The password is generated once and kept in var/local-admin.txt, so repeated runs
print the same credentials and change nothing.
"""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

USERNAME = "admin"


class Command(BaseCommand):
    help = "Create (once) and print a local superuser; refuses to run with DEBUG off."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("create_local_admin is for local development (DEBUG=True) only.")
        credentials = settings.VAR_DIR / "local-admin.txt"
        user_model = get_user_model()
        user = user_model.objects.filter(username=USERNAME).first()
        if user is not None and credentials.exists():
            password = credentials.read_text().strip()
        else:
            password = secrets.token_urlsafe(12)
            if user is None:
                user = user_model.objects.create_superuser(USERNAME, "admin@localhost", password)
            else:
                user.set_password(password)
                user.save()
            credentials.parent.mkdir(parents=True, exist_ok=True)
            credentials.write_text(password + "\n")
            credentials.chmod(0o600)
        self.stdout.write(
            f"Local admin (development only): http://127.0.0.1:8000/admin/  "
            f"user: {USERNAME}  password: {password}"
        )

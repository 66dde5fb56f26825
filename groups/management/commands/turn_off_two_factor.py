"""python manage.py turn_off_two_factor USERNAME — for an editor who lost phone and codes."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from groups.two_factor.devices import is_enrolled, turn_off


class Command(BaseCommand):
    help = (
        "Turn two-factor sign-in off for a user who lost both the authenticator app and "
        "the recovery codes. Check who is asking first: this removes the second factor."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user is called “{username}”.")
        if not is_enrolled(user):
            self.stdout.write(f"Two-factor sign-in was not on for {username}.")
            return
        turn_off(user)
        self.stdout.write(
            f"Two-factor sign-in is off for {username}; they can turn it on again "
            "from their account page."
        )

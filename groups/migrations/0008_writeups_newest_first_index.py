"""An index of write-ups, newest session first.

The group page shows a group's latest sessions (``groups.presentation``). For a group
with thousands of write-ups PostgreSQL walks this index and keeps the group's rows
until it has enough, instead of reading and sorting every write-up of the group.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("mentor_groups", "0007_editors_translate")]

    operations = [
        migrations.AddIndex(
            model_name="workshopwriteup",
            index=models.Index(fields=["-date", "-session_number"], name="writeups_newest_first"),
        ),
    ]

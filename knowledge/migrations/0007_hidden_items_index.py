"""An index of the library items that are not public (members or group only).

Every query for public pages of any type leaves these out (``knowledge.public``):
``NOT IN`` the items whose visibility is not public. Without an index that reads the
whole library table each time (50 ms at 100,000 items, for the API list among
others); partial, it holds only the few items it names.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0006_menu_pages_index")]

    operations = [
        migrations.AddIndex(
            model_name="knowledgepage",
            index=models.Index(
                condition=models.Q(("visibility", "public"), _negated=True),
                fields=["page_ptr"],
                name="knowledge_hidden_items",
            ),
        ),
    ]

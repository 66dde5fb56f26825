"""Alphabetical order for titles and terms in any of the site's languages."""

import unicodedata


def sort_key(text):
    """Accented letters sort beside their base letter ("Ö" with "O"), case ignored.

    Good enough for Hungarian, Slovenian and English headings without depending on
    the database's or the operating system's collation, which differ between
    SQLite, PostgreSQL and the machines the site runs on.
    """
    folded = unicodedata.normalize("NFKD", text.casefold())
    return ("".join(char for char in folded if not unicodedata.combining(char)), text.casefold())

"""Fixtures of the page-cache tests: a method page, readers, and the groups' fixtures."""

import pytest

from tests.factories import MethodologyArticleFactory, ThemeFactory
from tests.groups.conftest import groups, make_user, people, programme, regions  # noqa: F401

HIT = "hit"
MISS = "miss"


def cache_state(response):
    """``"hit"``, ``"miss"`` (rendered and stored) or ``None`` (not for the shared cache)."""
    return response.get("X-Page-Cache")


@pytest.fixture
def theme(locales):
    return ThemeFactory(slug="festivals", name="Fesztiválok")


@pytest.fixture
def method(site_tree, theme):
    return MethodologyArticleFactory(
        parent=site_tree["hu"]["methods"],
        title="Világkávézó",
        summary="Kis asztalok, körbejáró beszélgetések.",
        themes=[theme],
    )


@pytest.fixture
def reader(make_user):  # noqa: F811
    """A signed-in account with no role in any group."""
    return make_user("olvaso", "Olvasó Olga")


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("szerkeszto", "sz@example.org", "pw")

"""Fixtures of the groups tests: a programme with two groups, and people in them."""

import pytest

from groups.models import GroupMembership, Profile
from groups.roles import assign_role
from tests.factories import RegionFactory
from tests.groups.factories import MentorGroupFactory, ProgrammeFactory


@pytest.fixture
def regions(locales):
    """Two programme regions in Hungarian, with their Slovenian and English names."""
    result = {}
    for slug, names in {
        "kecskemet-area": ("Kecskemét térsége", "Območje Kecskeméta", "Kecskemét area"),
        "heves-county": ("Heves vármegye", "Županija Heves", "Heves county"),
    }.items():
        hungarian = RegionFactory(slug=slug, name=names[0], locale=locales["hu"])
        for code, name in zip(("sl", "en"), names[1:], strict=True):
            RegionFactory(
                slug=slug,
                name=name,
                locale=locales[code],
                translation_key=hungarian.translation_key,
            )
        result[slug] = hungarian
    return result


@pytest.fixture
def programme(site_tree):
    return ProgrammeFactory(
        parent=site_tree["hu"]["home"], title="Kapcsolódások – Csoportos Mentorálás 2.0"
    )


@pytest.fixture
def groups(programme, regions):
    """Group A (Kecskemét area) and group B (Heves county), with part of a rubric each."""
    group_a = MentorGroupFactory(
        parent=programme,
        title="Közkincs műhely",
        region=regions["kecskemet-area"],
        rubric=[
            ("structure", "established", "Havi műhelyek, közös szabályokkal."),
            ("regular-meetings", "strong", "Tíz alkalom egy évben."),
        ],
    )
    group_b = MentorGroupFactory(
        parent=programme,
        title="Metszéspont Műhely",
        region=regions["heves-county"],
        rubric=[("feedback", "emerging", "Visszajelző kör minden alkalom végén.")],
    )
    return group_a, group_b


@pytest.fixture
def make_user(django_user_model):
    def make(username, display_name=None, consent=False, **fields):
        user = django_user_model.objects.create_user(username, f"{username}@example.org", "pw")
        for name, value in fields.items():
            setattr(user, name, value)
        user.save()
        if display_name:
            profile = Profile(user=user, display_name=display_name)
            if consent:
                profile.record_consent("Public mentor profile on the programme's pages.")
            profile.save()
        return user

    return make


@pytest.fixture
def people(groups, make_user):
    """A mentor and two members of group A; a mentor of group B."""
    group_a, group_b = groups
    mentor_a = make_user("mentor_a", "Józsa Kata", consent=True)
    member_1 = make_user("tag_egy", "Titkos Tagnév Egy")
    member_2 = make_user("tag_ketto", "Titkos Tagnév Kettő", consent=True)
    mentor_b = make_user("mentor_b", "Buzás Eszter", consent=True)
    assign_role(mentor_a, group_a, GroupMembership.Role.MENTOR)
    assign_role(member_1, group_a, GroupMembership.Role.MEMBER)
    assign_role(member_2, group_a, GroupMembership.Role.MEMBER)
    assign_role(mentor_b, group_b, GroupMembership.Role.MENTOR)
    return {"mentor_a": mentor_a, "member_1": member_1, "member_2": member_2, "mentor_b": mentor_b}

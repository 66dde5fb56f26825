"""Editors and administrators assign group roles in the admin, with assign_role's effects."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from groups.models import GroupMembership

URL = "/admin/group-roles/"


@pytest.fixture
def editor(make_user):
    user = make_user("szerkeszto")
    user.groups.add(Group.objects.get(name="Editor"))
    return user


@pytest.fixture
def administrator(make_user):
    user = make_user("adminisztrator")
    user.groups.add(Group.objects.get(name="Administrator"))
    return user


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["mentor", "member"])
def test_an_editor_assigns_a_role(client, groups, editor, make_user, role):
    group_a, _group_b = groups
    user = make_user("uj_ember")
    client.force_login(editor)
    response = client.post(URL, {"username": "uj_ember", "group": group_a.pk, "role": role})
    assert response.status_code == 302
    membership = GroupMembership.objects.get(user=user)
    assert (membership.group, membership.role) == (group_a, role)
    access = group_a.access
    assert access.members_group in user.groups.all()
    assert (access.mentors_group in user.groups.all()) is (role == "mentor")
    if role == "mentor":
        assert group_a.permissions_for_user(user).can_add_subpage()


@pytest.mark.django_db
def test_an_administrator_turns_a_mentor_into_a_member(client, groups, people, administrator):
    group_a, _group_b = groups
    mentor = people["mentor_a"]
    client.force_login(administrator)
    client.post(URL, {"username": "mentor_a", "group": group_a.pk, "role": "member"})
    assert GroupMembership.objects.get(user=mentor).role == "member"
    assert group_a.access.mentors_group not in mentor.groups.all()


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["mentor_a", "member_1"])
def test_mentors_and_members_may_not(client, groups, people, make_user, who):
    group_a, _group_b = groups
    outsider = make_user("kivulallo")
    client.force_login(people[who])
    assert client.get(URL).status_code == 403
    response = client.post(URL, {"username": "kivulallo", "group": group_a.pk, "role": "mentor"})
    assert response.status_code == 403
    assert not GroupMembership.objects.filter(user=outsider).exists()


@pytest.mark.django_db
def test_anonymous_is_sent_to_sign_in(client, groups):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"username": "senki", "role": "mentor"}, "username", "Nincs „senki” nevű felhasználó."),
        ({"username": "tag_egy", "role": "főnök"}, "role", "Válasszon: mentor vagy tag."),
        ({"username": "tag_egy", "role": "mentor", "group": "999999"}, "group", None),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(
    client, groups, people, editor, data, field, message
):
    group_a, _group_b = groups
    data = {"group": group_a.pk, **data}
    memberships = set(GroupMembership.objects.values_list("user_id", "group_id", "role"))
    django_groups = {user.pk: set(user.groups.all()) for user in people.values()}
    client.force_login(editor)
    response = client.post(URL, data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    if message:
        assert message in errors[field]
    assert set(GroupMembership.objects.values_list("user_id", "group_id", "role")) == memberships
    for user in people.values():
        assert set(user.groups.all()) == django_groups[user.pk]


@pytest.mark.django_db
def test_the_group_page_action_menu_links_to_it_for_editors(client, groups, editor, people):
    group_a, _group_b = groups
    edit_url = reverse("wagtailadmin_pages:edit", args=[group_a.pk])
    client.force_login(editor)
    html = client.get(edit_url).content.decode()
    assert f"{URL}?group={group_a.pk}" in html
    client.force_login(people["mentor_a"])
    response = client.get(edit_url)
    assert response.status_code == 200
    assert URL not in response.content.decode()


@pytest.mark.django_db
def test_the_group_is_preselected_and_its_people_listed(client, groups, people, editor):
    group_a, _group_b = groups
    client.force_login(editor)
    response = client.get(URL, {"group": group_a.pk})
    assert response.context["form"].initial["group"] == group_a
    html = response.content.decode()
    assert "mentor_a" in html and "tag_egy" in html and "mentor_b" not in html
    assert client.get(URL, {"group": "nem-szam"}).status_code == 200

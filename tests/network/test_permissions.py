import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from network.groups import permissions
from network.groups.membership import ANONYMOUS, memberships_for
from network.models import Group, Membership
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db

SECRET = "/pl/networks/siec/groups/zefir/"


def viewer(user):
    return memberships_for(user)


def test_a_secret_group_is_left_out_of_lists_and_counts_for_outsiders(world):
    for user in [world.outsider, world.member, world.moderator]:
        groups = permissions.filter_groups(viewer(user), Group.objects.filter(parent=world.network))
        assert world.secret not in groups
        assert groups.count() == 2
    assert permissions.filter_groups(ANONYMOUS, Group.objects.all()).count() == 3


def test_a_secret_group_is_listed_to_its_members_and_staff(world):
    for user in [world.director, world.staff]:
        assert world.secret in permissions.filter_groups(viewer(user), Group.objects.all())


def test_the_network_page_shows_the_secret_group_only_to_those_who_may_see_it(client, world):
    client.force_login(world.member)
    assert world.secret.name not in client.get("/pl/networks/siec/").content.decode()
    client.force_login(world.director)
    assert world.secret.name in client.get("/pl/networks/siec/").content.decode()


def test_a_guessed_secret_slug_gets_the_same_404_as_a_missing_group(client, world):
    client.force_login(world.outsider)
    secret = client.get(SECRET)
    missing = client.get("/pl/networks/siec/groups/zzzzz/")
    assert secret.status_code == missing.status_code == 404

    def normalise(response, slug):
        text = re.sub(r'value="[\w-]{64}"', "", response.content.decode())
        return text.replace(slug, "SLUG")

    assert normalise(secret, "zefir") == normalise(missing, "zzzzz")


def test_members_only_groups_show_their_members_to_network_members_only(world):
    assert permissions.can_see_members_of(viewer(world.member), world.members_only)
    assert not permissions.can_see_members_of(viewer(world.outsider), world.members_only)
    assert not permissions.can_see_members_of(ANONYMOUS, world.public_group)
    assert permissions.can_see_members_of(viewer(world.outsider), world.public_group)


def test_network_moderators_moderate_inside_their_network_only(world):
    other = Group.objects.create(
        kind="group",
        parent=Group.objects.create(kind="network", slug="inna", name="Inna"),
        slug="inna-grupa",
        name="Inna grupa",
    )
    moderator = viewer(world.moderator)
    assert permissions.can_moderate_group(moderator, world.public_group)
    assert not permissions.can_moderate_group(moderator, other)
    assert not permissions.can_moderate_group(moderator, world.secret)
    assert not permissions.can_manage_group(moderator, world.public_group)


def test_staff_see_and_manage_everything(world):
    staff = viewer(world.staff)
    assert permissions.can_see_group(staff, world.secret)
    assert permissions.can_manage_group(staff, world.secret)


def test_shares_a_network_is_true_only_for_members_of_a_common_network(world):
    assert permissions.shares_a_network(viewer(world.member), world.moderator.pk)
    assert not permissions.shares_a_network(viewer(world.member), world.director.pk)
    assert not permissions.shares_a_network(viewer(world.outsider), world.member.pk)


def test_memberships_are_computed_once_per_request(client, world):
    client.force_login(world.moderator)
    with CaptureQueriesContext(connection) as queries:
        client.get("/pl/networks/siec/groups/tylko-czlonkowie/manage/")
    # The core's one query: each membership's group, role and the group's parent.
    core = 'SELECT "network_membership"."group_id" AS "group_id", "network_membership"."role"'
    lookups = [query for query in queries.captured_queries if query["sql"].startswith(core)]
    assert len(lookups) == 1


def test_the_network_page_makes_the_same_queries_for_many_members(
    client, world, django_assert_num_queries
):
    client.force_login(world.member)
    client.get("/pl/networks/siec/")
    with CaptureQueriesContext(connection) as few:
        client.get("/pl/networks/siec/")
    for _ in range(15):
        Membership.objects.create(user=UserFactory(), group=world.network)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get("/pl/networks/siec/")


def test_the_managers_notified_of_requests_are_exactly_those_who_may_decide(world):
    from network.groups.services.memberships import managers_of

    for group in [world.network, world.members_only, world.public_group, world.secret]:
        people = {world.outsider, world.member, world.moderator, world.staff, world.director}
        deciders = {user for user in people if permissions.can_manage_group(viewer(user), group)}
        notified = set(managers_of(group))
        # Staff decide everywhere but are not notified of every group's requests.
        assert notified == deciders - {world.staff}

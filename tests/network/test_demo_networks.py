import pytest
from django.core.management import call_command

from network.models import Group, Membership, MembershipEvent, NetworkPage, Visibility

pytestmark = pytest.mark.django_db


def test_seed_demo_makes_both_networks_their_pages_groups_and_memberships(client):
    call_command("seed_demo")
    counts = (Group.objects.count(), Membership.objects.count(), MembershipEvent.objects.count())
    call_command("seed_demo")
    assert (
        Group.objects.count(),
        Membership.objects.count(),
        MembershipEvent.objects.count(),
    ) == counts
    # The Innovation Zones network and its 25 zone groups come from zones.demo.
    assert set(NetworkPage.objects.values_list("slug", flat=True)) == {
        "labib",
        "inicjatywy",
        "strefy-innowacji",
    }
    assert Group.objects.filter(parent__isnull=False).exclude(kind="zone").count() == 6
    board = Group.objects.get(name="INICJaTyWy — zarząd")
    assert board.visibility == Visibility.SECRET
    assert board.requires_mfa
    assert client.get("/pl/networks/labib/").status_code == 200
    page = client.get("/pl/networks/inicjatywy/").content.decode()
    assert "prawo i finanse" in page
    assert "zarząd" not in page.split('<h2 id="groups-title"')[1]

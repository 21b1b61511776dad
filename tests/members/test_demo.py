import pytest

from members.models import Profile, Voivodeship
from members.services.demo import seed_members

pytestmark = pytest.mark.django_db


def test_demo_members_cover_every_voivodeship_and_are_seeded_once():
    members = seed_members("demo-password-123")
    assert len(members) >= 60
    profiles = Profile.objects.filter(user__in=members)
    assert {p.voivodeship for p in profiles} == set(Voivodeship.values)
    assert all(p.library and p.position and p.onboarded_at for p in profiles)
    assert members[0].check_password("demo-password-123")
    assert seed_members("demo-password-123") == members
    assert Profile.objects.count() == len(members)

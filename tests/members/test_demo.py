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


def test_scale_multiplies_the_members_with_complete_profiles_once():
    from members.models import ProfileExpertise, ProfileLanguage
    from members.services.demo import NAMES, seed_bulk_members

    assert seed_bulk_members("demo-password-123", scale=1) == 0
    assert seed_bulk_members("demo-password-123", scale=3) == 2 * len(NAMES)
    assert seed_bulk_members("demo-password-123", scale=3) == 0
    profiles = Profile.objects.all()
    assert profiles.count() == 2 * len(NAMES)
    assert {p.voivodeship for p in profiles} == set(Voivodeship.values)
    assert all(p.library_id and p.position and p.onboarded_at for p in profiles)
    assert len({p.display_name for p in profiles}) > len(NAMES)
    assert ProfileExpertise.objects.values("content_object").distinct().count() == profiles.count()
    assert ProfileLanguage.objects.values("profile").distinct().count() == profiles.count()

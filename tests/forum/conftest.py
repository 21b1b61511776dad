import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache

from tests.forum.factories import CategoryFactory, TopicFactory
from tests.members.factories import UserFactory


@pytest.fixture(autouse=True)
def established_members(settings):
    """Most tests are about established members: test_spam_guard turns the guard back on."""
    settings.FORUM_NEW_ACCOUNT_DAYS = 0
    # Rate-limit counters live in the cache, which outlives a test.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def member(db):
    return UserFactory()


@pytest.fixture
def other(db):
    return UserFactory()


@pytest.fixture
def unverified(db):
    user = UserFactory()
    EmailAddress.objects.filter(user=user).update(verified=False)
    return user


@pytest.fixture
def staff(db):
    return UserFactory(is_staff=True)


@pytest.fixture
def category(db):
    return CategoryFactory()


@pytest.fixture
def topic(category, member):
    return TopicFactory(category=category, author=member)

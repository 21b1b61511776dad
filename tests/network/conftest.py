import pytest

from tests.network.world import build_world


@pytest.fixture
def world(home):
    return build_world(home)

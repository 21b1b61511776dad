import pytest
from allauth.usersessions.models import UserSession
from django.urls import reverse

from members.services.sessions import deactivate_account
from network.core.live import CLOSE_ACCOUNT_CLOSED, CLOSE_SESSION_ENDED
from tests.members.factories import PASSWORD, UserFactory
from tests.members.live import assert_open, close_code, in_thread, log_in, open_socket

pytestmark = pytest.mark.django_db(transaction=True)


async def two_sessions():
    member = await in_thread(UserFactory)()
    here, there = await in_thread(log_in)(member), await in_thread(log_in)(member)
    return member, here, there, await open_socket(here), await open_socket(there)


async def test_ending_other_sessions_closes_their_sockets_and_keeps_this_one():
    member, here, there, here_socket, there_socket = await two_sessions()

    response = await in_thread(here.post)(reverse("usersessions_list"))

    assert response.status_code == 302
    assert await close_code(there_socket) == CLOSE_SESSION_ENDED
    await assert_open(here_socket)
    assert await in_thread(UserSession.objects.filter(user=member).count)() == 1
    # The ended session no longer signs anyone in.
    page = await in_thread(there.get)(reverse("notifications"))
    assert page.status_code == 302
    await here_socket.disconnect()


async def test_logging_out_closes_only_that_sessions_sockets():
    _member, here, _there, here_socket, there_socket = await two_sessions()

    await in_thread(here.post)(reverse("account_logout"))

    assert await close_code(here_socket) == CLOSE_SESSION_ENDED
    await assert_open(there_socket)
    await there_socket.disconnect()


async def test_changing_the_password_ends_the_other_sessions_and_closes_their_sockets():
    member, here, there, _here_socket, there_socket = await two_sessions()
    new_password = "a-new-and-long-passphrase-2026"

    response = await in_thread(here.post)(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": new_password, "password2": new_password},
    )

    assert response.status_code == 302
    assert await close_code(there_socket) == CLOSE_SESSION_ENDED
    assert (await in_thread(here.get)(reverse("notifications"))).status_code == 200
    assert (await in_thread(there.get)(reverse("notifications"))).status_code == 302
    assert await in_thread(UserSession.objects.filter(user=member).count)() == 1


async def test_deactivating_an_account_closes_every_socket_of_the_member():
    member, _here, _there, here_socket, there_socket = await two_sessions()

    await in_thread(deactivate_account)(user=member)

    assert await close_code(here_socket) == CLOSE_ACCOUNT_CLOSED
    assert await close_code(there_socket) == CLOSE_ACCOUNT_CLOSED
    assert not await in_thread(UserSession.objects.filter(user=member).exists)()

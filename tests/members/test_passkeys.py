import pytest

from tests.members.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def open_passkey_page(client, host):
    user = UserFactory()
    client.force_login(user)
    # Adding a passkey asks for the password again first (allauth's reauthentication).
    client.post("/en/accounts/reauthenticate/", {"password": PASSWORD}, HTTP_HOST=host)
    return client.get("/en/accounts/2fa/webauthn/add/", HTTP_HOST=host)


def test_the_passkey_page_explains_that_browsers_refuse_an_ip_address(client):
    response = open_passkey_page(client, "127.0.0.1")
    assert response.status_code == 200
    assert "cannot add a passkey while the site is opened by its IP address" in (
        response.content.decode()
    )


def test_on_a_host_name_the_passkey_page_has_no_such_note(client):
    response = open_passkey_page(client, "localhost")
    assert response.status_code == 200
    assert "mfa_webauthn_add" in response.content.decode()
    assert "IP address" not in response.content.decode()

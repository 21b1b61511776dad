"""The admin gets a Content-Security-Policy of its own; the site keeps its stricter one."""

import re

import pytest

from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db


def _directives(header: str) -> dict[str, list[str]]:
    parts = (part.strip().split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in parts}


@pytest.mark.parametrize("path", ["/admin/", "/admin/login/", "/django-admin/"])
def test_admin_pages_carry_the_admins_policy(client, home, path):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    policy = _directives(client.get(path)["Content-Security-Policy"])
    assert policy["script-src"][0] == "'self'"
    assert all(value.startswith("'nonce-") for value in policy["script-src"][1:])
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]


def test_site_pages_keep_the_sites_policy(client, home):
    policy = _directives(client.get("/pl/")["Content-Security-Policy"])
    assert policy["style-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in policy["script-src"]


def test_the_admins_own_inline_scripts_carry_the_responses_nonce(client, home):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get(f"/admin/pages/{home.pk}/edit/")
    policy = _directives(response["Content-Security-Policy"])
    nonce = policy["script-src"][1].removeprefix("'nonce-").removesuffix("'")
    html = response.content.decode()
    assert "initDateTimeChooser(" in html
    inline = re.findall(r"<script(?![^>]*\ssrc=)[^>]*>", html)
    assert inline
    assert all(f'nonce="{nonce}"' in tag for tag in inline)
    assert "gravatar" not in html

import pytest
from django.urls import reverse

from tests.members.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("admin", ["/admin/", "/django-admin/"])
def test_both_admins_send_visitors_to_the_sites_rate_limited_log_in(client, admin):
    response = client.get(admin, follow=True)
    final_url, _status = response.redirect_chain[-1]
    assert final_url.startswith(reverse("account_login"))
    assert "next=" in final_url


@pytest.mark.parametrize("login", ["/admin/login/", "/django-admin/login/"])
def test_the_admins_own_log_in_forms_do_not_sign_anyone_in(client, login):
    staff = UserFactory(is_staff=True, is_superuser=True)
    response = client.post(login, {"username": staff.email, "password": PASSWORD})
    assert response.status_code in {301, 302}
    assert response.url.startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session


def test_staff_sign_in_through_allauth_and_land_in_the_wagtail_admin(client):
    staff = UserFactory(is_staff=True, is_superuser=True)
    response = client.post(
        reverse("account_login") + "?next=/admin/",
        {"login": staff.email, "password": PASSWORD},
    )
    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200

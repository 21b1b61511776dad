"""Privacy policy and terms: consent at sign-up with the version, and the prompt for a new one."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from members.models import PolicyAcceptance, User
from members.services.accounts import create_member
from members.services.personal_data import export_personal_data
from network.demo.legal import seed_legal_pages
from network.models import LegalPage
from tests.members.factories import UserFactory

STRONG = "Zielona-Biblioteka-42"
HTML = {"HTTP_ACCEPT": "text/html,application/xhtml+xml"}

pytestmark = pytest.mark.django_db


@pytest.fixture
def policies(home):
    seed_legal_pages(home)
    return home


def new_version(kind: str) -> LegalPage:
    page = LegalPage.objects.get(kind=kind)
    page.version += 1
    page.save_revision().publish()
    return page


def accepted(user) -> set:
    return set(PolicyAcceptance.objects.filter(user=user).values_list("kind", "version"))


def test_signing_up_needs_the_consent_and_records_the_versions_accepted(client, policies):
    page = client.get("/pl/accounts/signup/").content.decode()
    assert 'name="accept_policies"' in page
    assert 'href="/pl/legal/terms/"' in page
    assert 'href="/pl/legal/privacy/"' in page

    data = {"email": "ewa@example.org", "password1": STRONG, "password2": STRONG}
    response = client.post("/pl/accounts/signup/", data)
    assert response.status_code == 200
    assert "Zaakceptuj regulamin i politykę prywatności." in response.content.decode()
    assert not User.objects.filter(email="ewa@example.org").exists()

    response = client.post("/pl/accounts/signup/", {**data, "accept_policies": "on"})
    assert response.status_code == 302
    user = User.objects.get(email="ewa@example.org")
    assert accepted(user) == {("terms", 1), ("privacy", 1)}
    assert PolicyAcceptance.objects.filter(user=user).first().accepted_at is not None


def test_without_published_policies_there_is_nothing_to_accept(client, home):
    assert 'name="accept_policies"' not in client.get("/pl/accounts/signup/").content.decode()


def test_operators_accounts_accept_the_versions_in_force(policies):
    user = create_member(email="op@example.org", password=STRONG, name="Ola Op")
    assert accepted(user) == {("terms", 1), ("privacy", 1)}


def test_a_new_version_sends_members_to_accept_it_before_they_go_on(client, policies):
    member = create_member(email="ala@example.org", password=STRONG, name="Ala Ma")
    client.force_login(member)
    assert client.get("/pl/notifications/", **HTML).status_code == 200

    new_version("privacy")

    response = client.get("/pl/notifications/", **HTML)
    assert response.status_code == 302
    assert response.url == "/pl/legal/accept/?next=%2Fpl%2Fnotifications%2F"
    # What they must read, the prompt, and logging out stay open; so do non-page requests.
    policy = LegalPage.objects.get(kind="privacy")
    assert client.get(policy.url, **HTML).status_code == 200
    assert client.get("/pl/legal/privacy/", **HTML).status_code == 302
    assert client.get("/pl/legal/accept/?next=/pl/notifications/", **HTML).status_code == 200
    assert client.get("/healthz", **HTML).status_code == 200
    assert client.get("/pl/notifications/").status_code == 200  # not a page navigation

    response = client.post("/pl/legal/accept/", {"next": "/pl/notifications/"})
    assert response.status_code == 200  # the box is not ticked
    assert accepted(member) == {("terms", 1), ("privacy", 1)}

    response = client.post(
        "/pl/legal/accept/", {"next": "/pl/notifications/", "accept_policies": "on"}
    )
    assert response.status_code == 302
    assert response.url == "/pl/notifications/"
    assert accepted(member) == {("terms", 1), ("privacy", 1), ("privacy", 2)}
    assert client.get("/pl/notifications/", **HTML).status_code == 200


def test_a_member_asked_to_accept_can_still_log_out(client, policies):
    member = UserFactory()  # made before consent existed: nothing accepted
    client.force_login(member)
    assert client.get("/pl/", **HTML).status_code == 302
    assert client.post("/pl/accounts/logout/").status_code == 302
    assert client.get("/pl/", **HTML).status_code == 200


def test_the_prompt_sends_only_to_this_site(client, policies):
    client.force_login(UserFactory())
    response = client.post(
        "/pl/legal/accept/", {"next": "https://evil.example/", "accept_policies": "on"}
    )
    assert response.url == "/"


def test_checking_costs_no_query_on_a_page_view(client, policies):
    member = create_member(email="ala@example.org", password=STRONG, name="Ala Ma")
    client.force_login(member)
    client.get("/pl/notifications/", **HTML)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/pl/notifications/", **HTML).status_code == 200
    tables = " ".join(query["sql"] for query in queries.captured_queries)
    assert "policyacceptance" not in tables
    assert "legalpage" not in tables


def test_the_footer_links_the_policies(client, policies):
    page = client.get("/pl/").content.decode()
    assert 'href="/pl/legal/terms/"' in page
    response = client.get("/pl/legal/terms/")
    assert response.status_code == 302
    assert response.url == LegalPage.objects.get(kind="terms").url
    assert client.get("/pl/legal/nothing/").status_code == 404


def test_the_consents_are_in_the_members_data(policies):
    user = create_member(email="op@example.org", password=STRONG, name="Ola Op")
    data = export_personal_data(user)
    assert {(a["kind"], a["version"]) for a in data["policy_acceptances"]} == {
        ("terms", 1),
        ("privacy", 1),
    }


def test_seeding_the_policies_twice_makes_them_once(policies):
    seed_legal_pages(policies)
    assert LegalPage.objects.count() == 2

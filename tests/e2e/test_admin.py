"""The admin works under its own Content-Security-Policy (settings.ADMIN_CONTENT_SECURITY_POLICY):
a staff member edits and saves a page, and the browser reports no violation."""

from tests.e2e.conftest import log_in


def test_staff_edit_a_page_in_the_admin_under_its_policy(page, live_server_url):
    from network.demo.site import seed_site
    from tests.members.factories import UserFactory

    home = seed_site()
    staff = UserFactory(is_staff=True, is_superuser=True)
    log_in(page, staff, live_server_url)

    response = page.goto("/admin/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-eval" not in policy
    assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]

    page.goto(f"/admin/pages/{home.pk}/edit/")
    page.wait_for_load_state("networkidle")
    # Wagtail's scripts ran: its editor is built, the status panel opens, a draft is saved.
    # (waited for, not read once: on a busy machine the deferred scripts may still be running)
    # Polled with evaluate (run over the DevTools protocol): wait_for_function's string predicate
    # needs eval, which the admin's policy rightly forbids.
    for _ in range(600):  # up to a minute on a loaded machine
        if page.evaluate("typeof window.wagtail") == "object":
            break
        page.wait_for_timeout(100)
    assert page.evaluate("typeof window.wagtail") == "object", page.csp_violations
    page.locator(".Draftail-Editor").first.wait_for()
    page.locator("[data-side-panel-toggle='status']").click()
    page.locator("[data-side-panel='status']").wait_for(state="visible")
    page.locator("#id_title").fill("Sieć Bibliotek (szkic)")
    page.locator("button.action-save").first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator(".messages .success").count() == 1

    page.goto("/django-admin/")
    page.wait_for_load_state("networkidle")
    assert page.csp_violations == []

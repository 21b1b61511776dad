from network.demo.site import seed_site


def test_keyboard_user_skips_to_the_content_and_switches_language(page):
    seed_site()
    page.goto("/")
    assert page.url.endswith("/pl/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Przejdź do treści")
    assert skip.evaluate("element => element === document.activeElement")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    page.get_by_role("button", name="English").click()
    page.wait_for_url("**/en/")
    assert page.get_by_role("link", name="Skip to main content").count() == 1
    assert page.locator("html").get_attribute("lang") == "en"


def test_keyboard_user_filters_programmes_and_keeps_an_untranslated_page_in_another_language(
    page,
):
    from network.demo.content import seed_content
    from network.models import ProgrammePage

    pages = seed_content(seed_site())
    page.goto("/pl/programy/")
    page.get_by_role("link", name="Zakończone").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/pl/programy/?status=finished")
    assert page.get_by_role("link", name="Zakończone").get_attribute("aria-current") == "page"
    assert page.get_by_role("link", name="Program Rozwoju Bibliotek").count() == 1
    assert page.get_by_role("link", name="Sektor 3.0").count() == 0

    pages["programy"].add_child(
        instance=ProgrammePage(title="Tylko po polsku", slug="tylko-po-polsku", summary="Opis.")
    ).save_revision().publish()
    page.goto("/pl/programy/tylko-po-polsku/")
    page.get_by_role("button", name="English").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/en/programy/tylko-po-polsku/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").get_attribute("lang") == "pl"
    assert page.get_by_role("link", name="Skip to main content").count() == 1

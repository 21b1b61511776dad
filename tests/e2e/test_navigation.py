from network.demo import seed_site


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

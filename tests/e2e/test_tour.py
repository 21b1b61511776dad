"""A tour of every page type (issue 16's proof): on a laptop and a phone, light and dark, in
Polish, and a smaller round in English and Ukrainian.

On every page and in both themes: no horizontal scrolling, the header one row high on the
phone, no broken image, every interactive target at least 24 by 24 CSS px (WCAG 2.2's 2.5.8,
with its spacing and inline exceptions). axe-core (WCAG 2.1 A/AA, colour contrast included)
runs once per theme on each page: light on the laptop, dark on the phone. Screenshots go to
var/tour/ so a person can look at them.
"""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from forum.models import Category, Topic
from network.demo.site import seed
from tests.e2e.conftest import assert_accessible, log_in
from tests.e2e.test_accessibility import ANNA, seed_conversation

VIEWPORTS = {"laptop": (1280, 900), "phone": (390, 844)}
# The header's one row: a 40 px control plus padding, never a second line.
ONE_ROW = 72
# (name, path, signed in); paths are filled from the demo data.
VISITOR_PAGES = [
    ("home", "/{lang}/"),
    ("login", "/{lang}/accounts/login/"),
    ("signup", "/{lang}/accounts/signup/"),
    ("programmes", "/{lang}/programy/"),
    ("programme", "/{lang}/programy/sektor-3-0/"),
    ("news", "/{lang}/aktualnosci/"),
    ("article", "/{lang}/aktualnosci/nowe-strefy-innowacji/"),
    ("event", "/{lang}/festiwal-sektor-3-0/"),
    ("campaign", "/{lang}/noc-bibliotek/"),
    ("events", "/{lang}/events/"),
    ("campaigns", "/{lang}/campaigns/"),
    ("zones", "/{lang}/zones/"),
    ("zone", "/{lang}/zones/warszawa/"),
    ("accessibility", "/{lang}/deklaracja-dostepnosci/"),
    ("404", "/{lang}/nie-ma-takiej-strony/"),
]
MEMBER_PAGES = [
    ("start", "/{lang}/"),
    ("networks", "/{lang}/networks/"),
    ("group", "/{lang}/networks/labib/groups/labib-klimat/"),
    ("manage", "/{lang}/networks/labib/groups/labib-innowacje/manage/"),
    ("forum", "/{lang}/forum/"),
    ("category", "/{lang}/forum/c/{category}/"),
    ("topic", "/{lang}/forum/t/{topic}/"),
    ("new-topic", "/{lang}/forum/c/{category}/new/"),
    ("search", "/{lang}/search/?q=biblioteka"),
    ("directory", "/{lang}/members/"),
    ("profile", "/{lang}/members/anna-kowalska/"),
    ("profile-edit", "/{lang}/members/me/edit/"),
    ("notifications", "/{lang}/notifications/"),
    ("notification-settings", "/{lang}/notifications/settings/"),
    ("chat", "/{lang}/chat/"),
    ("room", "/{lang}/chat/{room}/"),
    ("data", "/{lang}/account/data/"),
    ("two-factor", "/{lang}/accounts/2fa/"),
    ("recovery-codes", "/{lang}/accounts/2fa/recovery-codes/"),
]
# The smaller round in the other two languages: a page of each kind of layout.
OTHER_LANGUAGE_PAGES = {"home", "login", "programme", "event", "zone", "404"}
OTHER_LANGUAGE_MEMBER_PAGES = {"start", "topic", "profile-edit", "room", "two-factor"}

# Targets under 24 by 24 px must keep a 24 px circle around them clear of other targets; links
# inside running text are exempt (WCAG 2.5.8's spacing and inline exceptions).
SMALL_TARGETS = """() => {
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary,'
    + ' [role=button], [tabindex]:not([tabindex="-1"])';
  const targets = [...document.querySelectorAll(selector)].filter(element => {
    const box = element.getBoundingClientRect();
    return box.width >= 2 && box.height >= 2 && getComputedStyle(element).visibility !== 'hidden'
      && !element.closest('.visually-hidden');
  });
  const boxes = targets.map(element => element.getBoundingClientRect());
  const failures = [];
  targets.forEach((element, i) => {
    const box = boxes[i];
    if (box.width >= 23.5 && box.height >= 23.5) return;
    if (getComputedStyle(element).display === 'inline') return;
    const x = box.left + box.width / 2, y = box.top + box.height / 2;
    const crowded = boxes.some((other, j) => {
      if (j === i || targets[j].contains(element) || element.contains(targets[j])) return false;
      const dx = Math.max(other.left - x, 0, x - other.right);
      const dy = Math.max(other.top - y, 0, y - other.bottom);
      if (Math.hypot(dx, dy) < 12) return true;
      const small = other.width < 23.5 || other.height < 23.5;
      const ox = other.left + other.width / 2, oy = other.top + other.height / 2;
      return small && Math.hypot(ox - x, oy - y) < 24;
    });
    if (crowded) {
      const label = element.getAttribute('aria-label') || element.textContent || element.name;
      failures.push(`${element.tagName.toLowerCase()} "${(label || '').trim().slice(0, 40)}"`
        + ` ${Math.round(box.width)}x${Math.round(box.height)}`);
    }
  });
  return failures;
}"""


def _check(page, device: str, scheme: str, axe: bool) -> list[str]:
    problems = []
    if not page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"):
        problems.append("scrolls sideways")
    header = page.locator(".site-header").bounding_box()["height"]
    if device == "phone" and header > ONE_ROW:
        problems.append(f"header {header}px high")
    # The site's own images (the zone map's tiles come from a tile server, offline here).
    broken = page.evaluate(
        "[...document.images].filter(i => i.src.startsWith(location.origin)"
        " && i.complete && i.naturalWidth === 0).length"
    )
    if broken:
        problems.append(f"{broken} broken images")
    small = page.evaluate(SMALL_TARGETS)
    if small:
        problems.append("targets under 24 px: " + "; ".join(small))
    if axe:
        try:
            assert_accessible(page)
        except AssertionError as error:
            problems.append(str(error))
    return problems


def _visit(page, pages, lang: str, values: dict, shots, schemes_by_device) -> list[str]:
    failures = []
    for device, schemes in schemes_by_device.items():
        width, height = VIEWPORTS[device]
        page.set_viewport_size({"width": width, "height": height})
        for name, path in pages:
            url = path.format(lang=lang, **values)
            page.goto(url)
            for scheme in schemes:
                page.emulate_media(color_scheme=scheme)
                page.screenshot(path=shots / f"{lang}-{name}-{device}-{scheme}.png", full_page=True)
                # axe once per theme: light on the laptop, dark on the phone.
                axe = (device, scheme) in {("laptop", "light"), ("phone", "dark")}
                for problem in _check(page, device, scheme, axe):
                    failures.append(f"{url} ({device}, {scheme}): {problem}")
    return failures


def _activate_two_factor(user) -> None:
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(user, generate_totp_secret())
    RecoveryCodes.activate(user)


@pytest.mark.parametrize(
    ("lang", "schemes_by_device"),
    [
        ("pl", {"laptop": ["light", "dark"], "phone": ["light", "dark"]}),
        ("en", {"laptop": ["light"], "phone": ["dark"]}),
        ("uk", {"laptop": ["dark"], "phone": ["light"]}),
    ],
)
def test_every_page_type_fits_reads_well_and_passes_axe(
    chromium, live_server_url, transactional_db, lang, schemes_by_device
):
    seed()
    with ThreadPoolExecutor(1) as executor:
        room, _other = executor.submit(seed_conversation).result()
    anna = get_user_model().objects.get(email=ANNA)
    _activate_two_factor(anna)
    values = {
        "room": room,
        "topic": Topic.objects.order_by("pk").first().pk,
        "category": Category.objects.get(slug="noc-bibliotek").slug,
    }
    visitor_pages, member_pages = VISITOR_PAGES, MEMBER_PAGES
    if lang != "pl":
        visitor_pages = [p for p in VISITOR_PAGES if p[0] in OTHER_LANGUAGE_PAGES]
        member_pages = [p for p in MEMBER_PAGES if p[0] in OTHER_LANGUAGE_MEMBER_PAGES]
    shots = settings.VAR_DIR / "tour"
    shots.mkdir(parents=True, exist_ok=True)
    context = chromium.new_context(base_url=live_server_url, locale=f"{lang}-{lang.upper()}")
    page = context.new_page()
    page.csp_violations = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and page.csp_violations.append(message.text)
        ),
    )
    failures = _visit(page, visitor_pages, lang, values, shots, schemes_by_device)
    log_in(page, anna, live_server_url)
    failures += _visit(page, member_pages, lang, values, shots, schemes_by_device)
    context.close()
    assert failures == [], "\n\n".join(failures)

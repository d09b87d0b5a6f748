"""How the portal looks in a real browser (Debian's headless Chromium): a
dropdown shows its arrow; on a 375 px phone the header stays small, its menu
opens without JavaScript and no page is wider than the screen; and the admin
pages a moderator uses have no WCAG 2.1 AA violations (axe-core)."""

from django.core.management import call_command
from django.urls import reverse

from communities.models import Community, Session
from knowledge.models import KnowledgeProduct
from signals.models import Signal
from tests import browser as chromium
from tests.test_accessibility import _axe_violations, _signed_in_context

pytestmark = chromium.MARKS
browser = chromium.browser

PHONE = {"width": 375, "height": 667}
# The header (name, menu button) may take at most this share of a phone's
# screen; it took a third before the menu folded away.
HEADER_SHARE = 0.15


def test_a_dropdown_shows_its_arrow(browser, live_server):
    call_command("load_demo", verbosity=0)
    page = browser.new_page(locale="nl-NL")
    page.goto(live_server.url + reverse("knowledge:product_list"))
    selects = page.locator("main select.utrecht-select--html-select:not([multiple])")
    assert selects.count() > 0
    for index in range(selects.count()):
        style = selects.nth(index).evaluate(
            "(element) => { const s = getComputedStyle(element); return "
            "{image: s.backgroundImage, appearance: s.appearance, "
            "right: parseFloat(s.paddingRight), width: element.clientWidth}; }"
        )
        assert "select-arrow" in style["image"], style
        assert style["appearance"] == "none"
        # Room for the arrow: the chosen text does not run under it.
        assert style["right"] >= 24
    arrow = page.request.get(
        selects.first.evaluate(
            "(element) => getComputedStyle(element).backgroundImage.slice(5, -2)"
        )
    )
    assert arrow.status == 200
    assert arrow.headers["content-type"].startswith("image/svg+xml")


def _phone_pages():
    community = Community.objects.get(slug="cop-inburgering-rijnmond")
    session = Session.objects.filter(community=community).first()
    product = KnowledgeProduct.objects.published().filter(visibility="openbaar").first()
    return [
        reverse("home"),
        reverse("knowledge:product_list"),
        product.get_absolute_url(),
        reverse("communities:community_list"),
        community.get_absolute_url(),
        reverse("communities:theme_list"),
        reverse("communities:session_list"),
        reverse("communities:session_list") + "?wanneer=afgelopen",
        session.get_absolute_url(),
        reverse("signals:signal_list"),
        Signal.objects.first().get_absolute_url(),
        reverse("communities:membership_list", args=[community.slug]),
        reverse("communities:session_create", args=[community.slug]),
        reverse("profile"),
    ]


def _measure(page):
    return page.evaluate(
        "() => ({header: document.querySelector('.portal-header')"
        ".getBoundingClientRect().height, page: document.documentElement.scrollWidth,"
        " screen: window.innerWidth})"
    )


def test_on_a_phone_the_header_is_small_and_no_page_is_wider_than_the_screen(
    browser, live_server
):
    call_command("load_demo", verbosity=0)
    context = _signed_in_context(
        browser, live_server, "trekker@example.org", inject_axe=False
    )
    page = context.new_page()
    page.set_viewport_size(PHONE)
    problems = {}
    for path in _phone_pages():
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        size = _measure(page)
        if size["header"] > HEADER_SHARE * PHONE["height"]:
            problems[path] = f"header {size['header']} px high"
        if size["page"] > size["screen"]:
            problems[path] = f"page {size['page']} px wide"
    assert problems == {}


def test_the_phone_menu_opens_and_closes_without_javascript(browser, live_server):
    call_command("load_demo", verbosity=0)
    context = browser.new_context(
        locale="nl-NL", java_script_enabled=False, viewport=PHONE
    )
    page = context.new_page()
    page.goto(live_server.url + reverse("home"))
    menu_link = page.get_by_role("link", name="Bijeenkomsten", exact=True)
    assert not menu_link.is_visible()
    assert not page.locator("#portal-search-q").is_visible()
    page.get_by_text("Menu", exact=True).click()
    assert menu_link.is_visible()
    assert page.locator("#portal-search-q").is_visible()
    assert _measure(page)["page"] <= PHONE["width"]
    with page.expect_navigation():
        menu_link.click()
    assert page.url.endswith(reverse("communities:session_list"))


def test_the_menu_opens_by_keyboard(browser, live_server):
    call_command("load_demo", verbosity=0)
    page = browser.new_page(locale="nl-NL", viewport=PHONE)
    page.goto(live_server.url + reverse("home"))
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the name of the portal
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Menu"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "portal-search-q"


def test_on_a_wide_screen_the_menu_is_always_open_and_its_button_hidden(
    browser, live_server
):
    call_command("load_demo", verbosity=0)
    page = browser.new_page(locale="nl-NL", viewport={"width": 1280, "height": 800})
    page.goto(live_server.url + reverse("home"))
    assert not page.locator(".portal-menu__toggle").is_visible()
    assert page.get_by_role("link", name="Bijeenkomsten", exact=True).is_visible()
    assert page.locator("#portal-search-q").is_visible()
    # Name and search side by side, the menu bar under them.
    header = _measure(page)["header"]
    assert header < 200


def _admin_pages():
    session = Session.objects.filter(community__slug="cop-inburgering-rijnmond").first()
    signal = Signal.objects.filter(status="nieuw").first()
    product = KnowledgeProduct.objects.filter(revision_of__isnull=True).first()
    pages = [reverse("admin:index")]
    for app, model in [
        ("communities", "session"),
        ("communities", "community"),
        ("communities", "membership"),
        ("communities", "organisation"),
        ("communities", "theme"),
        ("communities", "invitation"),
        ("signals", "signal"),
        ("knowledge", "knowledgeproduct"),
        ("cop_portal", "user"),
    ]:
        pages.append(reverse(f"admin:{app}_{model}_changelist"))
    for app, model in [
        ("communities", "session"),
        ("communities", "community"),
        ("communities", "membership"),
        ("communities", "invitation"),
    ]:
        pages.append(reverse(f"admin:{app}_{model}_add"))
    pages += [
        reverse("admin:communities_session_change", args=[session.pk]),
        reverse("admin:communities_community_change", args=[session.community.pk]),
        reverse("admin:signals_signal_change", args=[signal.pk]),
        reverse("admin:signals_signal_transition", args=[signal.pk, "accept"]),
        reverse("admin:signals_signal_transition", args=[signal.pk, "reject"]),
        reverse("admin:knowledge_knowledgeproduct_change", args=[product.pk]),
    ]
    return pages


def test_admin_pages_a_moderator_uses_have_no_wcag_aa_violations(browser, live_server):
    call_command("load_demo", verbosity=0)
    context = _signed_in_context(browser, live_server, "moderator@example.org")
    page = context.new_page()
    problems = {}
    for path in _admin_pages():
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
        if violations := _axe_violations(page):
            problems[path] = violations
    assert problems == {}, "\n".join(
        f"{path}: {violation}"
        for path, violations in problems.items()
        for violation in violations
    )

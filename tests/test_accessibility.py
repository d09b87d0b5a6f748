"""WCAG 2.1 AA checks in a real browser: axe-core on the demo pages, and the
keyboard path a sighted keyboard user takes first (the skip link)."""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from communities.models import Session
from cop_portal.models import User
from tests import browser as chromium
from tests.conftest import sign_in

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"

pytestmark = chromium.MARKS
browser = chromium.browser

WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _signed_in_context(browser, live_server, email, *, inject_axe=True):
    client = Client()
    sign_in(client, User.objects.get(email=email))
    # Injecting axe-core is an inline script, which our CSP rightly blocks.
    context = browser.new_context(locale="nl-NL", bypass_csp=inject_axe)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return context


def _axe_violations(page):
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async (tags) => await axe.run("
        "document, {runOnly: {type: 'tag', values: tags}})",
        WCAG_AA,
    )
    return [
        f"{violation['id']}: {violation['help']} "
        f"({', '.join(node['target'][0] for node in violation['nodes'][:3])})"
        for violation in result["violations"]
    ]


def _pages():
    session = Session.objects.filter(community__slug="cop-inburgering-rijnmond").first()
    return [
        reverse("home"),
        reverse("communities:community_list"),
        reverse("communities:community_list") + "?region=bestaat-niet",
        reverse("communities:community_detail", args=["cop-inburgering-rijnmond"]),
        reverse("communities:theme_list"),
        reverse("communities:theme_detail", args=["leerbaarheidstoets"]),
        reverse("communities:session_list"),
        session.get_absolute_url(),
        reverse("account_login"),
        reverse("account_signup"),
        reverse("account_reset_password"),
    ]


def test_public_pages_have_no_wcag_aa_violations(browser, live_server):
    call_command("load_demo")
    page = browser.new_page(locale="nl-NL", bypass_csp=True)
    problems = {}
    for path in _pages():
        page.goto(live_server.url + path)
        if violations := _axe_violations(page):
            problems[path] = violations
    assert problems == {}


def test_trekker_pages_have_no_wcag_aa_violations(browser, live_server):
    call_command("load_demo")
    context = _signed_in_context(browser, live_server, "trekker@example.org")
    page = context.new_page()
    session = Session.objects.filter(community__slug="cop-inburgering-rijnmond").first()
    slug = session.community.slug
    paths = [
        session.get_absolute_url(),
        reverse("communities:session_create", args=[slug]),
        reverse("communities:session_update", args=[slug, session.slug]),
        reverse("communities:membership_list", args=[slug]),
        reverse("communities:community_detail", args=[slug]),
        reverse("profile"),
        reverse("profile_delete"),
    ]
    problems = {}
    for path in paths:
        page.goto(live_server.url + path)
        if violations := _axe_violations(page):
            problems[path] = violations
    # A form sent with errors must be just as accessible.
    page.goto(live_server.url + reverse("communities:session_create", args=[slug]))
    page.fill("#id_title", "Toegankelijk?")
    page.fill("#id_date", "2030-05-01")
    page.fill("#id_start_time", "15:00")
    page.fill("#id_end_time", "14:00")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert "De eindtijd moet na de begintijd liggen." in page.content()
    if violations := _axe_violations(page):
        problems["session form with errors"] = violations
    assert problems == {}


def test_first_tab_reaches_the_skip_link_which_moves_focus_to_main(
    browser, live_server
):
    call_command("load_demo")
    page = browser.new_page(locale="nl-NL")
    page.goto(live_server.url + reverse("communities:community_list"))
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Direct naar de inhoud"
    assert page.evaluate("document.activeElement.getBoundingClientRect().top >= 0")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"


def test_session_form_focus_order_follows_the_visual_order_and_enter_submits(
    browser, live_server
):
    call_command("load_demo")
    context = _signed_in_context(browser, live_server, "trekker@example.org")
    page = context.new_page()
    page.goto(
        live_server.url
        + reverse("communities:session_create", args=["cop-inburgering-rijnmond"])
    )
    page.focus("#id_title")
    visited = []
    for _ in range(40):
        element_id = page.evaluate("document.activeElement.id")
        if not visited or visited[-1] != element_id:
            visited.append(element_id)
        page.keyboard.press("Tab")
    expected = ["id_title", "id_date", "id_start_time", "id_end_time", "id_location"]
    assert visited[: len(expected)] == expected
    assert visited.index("id_online_url") < visited.index("id_themes_0")

    page.fill("#id_title", "Via het toetsenbord")
    page.fill("#id_date", "2030-05-01")
    page.fill("#id_start_time", "13:00")
    page.fill("#id_end_time", "15:00")
    page.fill("#id_location", "Stadhuis")
    page.focus("#id_location")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "De bijeenkomst is opgeslagen." in page.content()
    assert Session.objects.filter(title="Via het toetsenbord").exists()


def test_admin_and_site_run_without_console_errors_under_the_csp(browser, live_server):
    call_command("load_demo")
    context = _signed_in_context(
        browser, live_server, "moderator@example.org", inject_axe=False
    )
    page = context.new_page()
    errors = []
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    session = Session.objects.first()
    for path in [
        reverse("home"),
        reverse("admin:index"),
        reverse("admin:communities_session_changelist"),
        reverse("admin:communities_session_change", args=[session.pk]),
        reverse("admin:communities_community_change", args=[session.community.pk]),
    ]:
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
    assert errors == []


def _check_pages(page, live_server, paths):
    problems = {}
    for path in paths:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        if violations := _axe_violations(page):
            problems[path] = violations
    return problems


def test_knowledge_pages_have_no_wcag_aa_violations(browser, live_server):
    from knowledge.models import KnowledgeProduct

    call_command("load_demo")
    products = KnowledgeProduct.objects.published().filter(visibility="openbaar")
    qa = products.filter(kind=KnowledgeProduct.Kind.QA).first()
    page = browser.new_page(locale="nl-NL", bypass_csp=True)
    list_url = reverse("knowledge:product_list")
    problems = _check_pages(
        page,
        live_server,
        [
            list_url,
            list_url + "?q=ontheffing+ziekte",
            list_url + "?q=zzzzqqq",
            products.first().get_absolute_url(),
            qa.get_absolute_url(),
        ],
    )
    expert = _signed_in_context(browser, live_server, "expert@example.org").new_page()
    draft = KnowledgeProduct.objects.filter(status="ter_toetsing").first()
    review_pages = [reverse("knowledge:review_queue")]
    if draft is not None:
        review_pages.append(draft.get_absolute_url())
    problems.update(_check_pages(expert, live_server, review_pages))
    trekker = _signed_in_context(browser, live_server, "trekker@example.org").new_page()
    problems.update(
        _check_pages(
            trekker,
            live_server,
            [reverse("knowledge:workbench"), reverse("knowledge:product_create")],
        )
    )
    assert problems == {}


def test_signal_pages_have_no_wcag_aa_violations(browser, live_server):
    from signals.models import Signal, Status

    call_command("load_demo")
    deelnemer = _signed_in_context(
        browser, live_server, "deelnemer@example.org"
    ).new_page()
    signal = Signal.objects.filter(status=Status.IN_PROGRESS).first()
    problems = _check_pages(
        deelnemer,
        live_server,
        [
            reverse("signals:signal_list"),
            reverse("signals:signal_list") + "?overdue=1",
            reverse("signals:signal_create"),
            signal.get_absolute_url(),
        ],
    )
    moderator = _signed_in_context(
        browser, live_server, "moderator@example.org"
    ).new_page()
    problems.update(
        _check_pages(
            moderator,
            live_server,
            [
                signal.get_absolute_url(),
                reverse("signals:signal_transition", args=[signal.pk, "escalate"]),
                reverse("signals:signal_export"),
            ],
        )
    )
    assert problems == {}


def test_invitation_pages_have_no_wcag_aa_violations(browser, live_server):
    import re

    from django.core import mail

    from communities import services
    from communities.models import Community, Organisation

    call_command("load_demo")
    services.invitation_create(
        actor=User.objects.get(email="trekker@example.org"),
        email="nieuw@example.nl",
        community=Community.objects.get(slug="cop-inburgering-rijnmond"),
        organisation=Organisation.objects.order_by("pk").first(),
    )
    link = re.search(r"/uitnodiging/[^/\s]+/", mail.outbox[-1].body).group(0)
    page = browser.new_page(locale="nl-NL", bypass_csp=True)
    problems = {}
    page.goto(live_server.url + link)
    if violations := _axe_violations(page):
        problems["accept page"] = violations
    # Sent empty: the same page with its errors.
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert page.locator(".utrecht-form-field-error-message").count() > 0
    if violations := _axe_violations(page):
        problems["accept page with errors"] = violations
    page.goto(live_server.url + "/uitnodiging/verzonnen/")
    if violations := _axe_violations(page):
        problems["unusable link"] = violations
    assert problems == {}


def test_work_lists_and_dashboard_have_no_wcag_aa_violations(browser, live_server):
    call_command("load_demo")
    problems = {}
    for email in (
        "trekker@example.org",
        "expert@example.org",
        "ketenpartner@example.org",
    ):
        page = _signed_in_context(browser, live_server, email).new_page()
        for path, violations in _check_pages(page, live_server, ["/"]).items():
            problems[f"{path} as {email}"] = violations
    moderator = _signed_in_context(
        browser, live_server, "moderator@example.org"
    ).new_page()
    dashboard = reverse("dashboard")
    problems.update(
        _check_pages(
            moderator,
            live_server,
            ["/", dashboard + "?start=gisteren&region=bestaat-niet"],
        )
    )
    # The data tables too: every figure's table opened.
    moderator.goto(live_server.url + dashboard)
    assert moderator.locator("svg[role=img]").count() == 7
    moderator.evaluate(
        "document.querySelectorAll('details').forEach(d => d.open = true)"
    )
    if violations := _axe_violations(moderator):
        problems[dashboard] = violations
    assert problems == {}

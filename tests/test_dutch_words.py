"""Everything a Dutch user sees is Dutch, the admin included, and it says "u".

Django 6's Dutch catalogue lacks its newest strings ("- Select an option -",
the admin's "Search %(name)s"...) and allauth's Dutch says "je". The portal's
own catalogue translates those msgids (cop_portal/translation_overrides.py)
and takes precedence. These tests read the pages a moderator, a trekker and a
deelnemer use in the Dutch interface, and every Dutch allauth text."""

import ast
import gettext as gnu_gettext
import re
from html.parser import HTMLParser
from pathlib import Path

import allauth
import django
import pytest
from django.conf import settings
from django.contrib.admin import helpers
from django.urls import reverse
from django.utils import translation

from communities import services as community_services
from cop_portal import translation_overrides
from knowledge import services as knowledge_services
from knowledge.models import Status as ProductStatus
from signals import services as signal_services
from signals import workflow
from tests.conftest import sign_in
from tests.factories import UserFactory
from tests.knowledge.factories import ProductFactory
from tests.signals.factories import ChainPartnerOrganisationFactory, SignalFactory

pytestmark = pytest.mark.django_db

# English that Django, its admin and allauth show when a Dutch translation is
# missing. Whole words or phrases, matched case-sensitively in what a reader
# sees or hears (text, and the title, aria-label, placeholder, alt and button
# values).
ENGLISH = [
    "Select an option",
    "Search",
    "Filter by",
    "Pagination",
    "Save and continue editing",
    "Save and add another",
    "Save as new",
    "Add another",
    "Select all",
    "Clear all filters",
    "Show all",
    "Show counts",
    "Recent actions",
    "My actions",
    "View site",
    "Log out",
    "Logout",
    "Change password",
    "Welcome",
    "History",
    "Delete",
    "Action",
    "Run the selected action",
    "Go",
    "results",
    "selected",
    "Add",
    "Change",
    "Close",
    "Save",
    "Today",
    "Any date",
    "Past 7 days",
    "This month",
    "This year",
    "Unknown",
    "All",
    "Yes",
    "No",
    "entries",
    "Forgotten your",
    "Sign In",
    "Sign in",
    "Sign Out",
    "Password",
    "Email",
    "Remember Me",
    "Forgot",
    "Recovery",
    "Two-Factor",
    "Two-factor",
    "Verify",
]
_ENGLISH = re.compile(r"\b(" + "|".join(re.escape(word) for word in ENGLISH) + r")\b")
# "je", "jouw", "jij" as words: the portal says "u".
_INFORMAL = re.compile(r"\b(je|jou|jouw|jouwe|jij|jezelf)\b", re.IGNORECASE)


class _Readable(HTMLParser):
    """What a reader sees or a screen reader says: text outside scripts and
    styles, and the attributes that carry words."""

    WORD_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self._hidden += 1
        values = dict(attrs)
        self.parts.extend(
            values[name] for name in self.WORD_ATTRIBUTES if values.get(name)
        )
        if tag == "input" and values.get("type") in ("submit", "button", "reset"):
            self.parts.append(values.get("value") or "")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def readable(html: str) -> str:
    parser = _Readable()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def english_in(html: str) -> list[str]:
    text = readable(html)
    return sorted(
        {
            text[max(match.start() - 30, 0) : match.end() + 30]
            for match in _ENGLISH.finditer(text)
        }
    )


# --- the catalogues -----------------------------------------------------------


def _override_msgids() -> list[str]:
    """The msgids cop_portal/translation_overrides.py names (the first
    argument of each gettext_noop and ngettext_lazy)."""
    tree = ast.parse(Path(translation_overrides.__file__).read_text("utf-8"))
    return [
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", "") in ("gettext_noop", "ngettext_lazy")
    ]


def _po_msgids(path: Path) -> set[str]:
    """The msgids of a .po file, with its escapes and line joins undone."""
    msgids, current, inside = set(), [], False
    for line in path.read_text("utf-8").splitlines():
        if line.startswith("msgid "):
            current, inside = [line[len("msgid ") :]], True
        elif inside and line.startswith('"'):
            current.append(line)
        else:
            if inside:
                msgids.add("".join(ast.literal_eval(part) for part in current))
            inside = False
    return msgids


def _package_msgids() -> set[str]:
    sources = [
        Path(django.__file__).parent / "conf/locale/en/LC_MESSAGES/django.po",
        Path(django.__file__).parent / "contrib/admin/locale/en/LC_MESSAGES/django.po",
        Path(django.__file__).parent / "contrib/auth/locale/en/LC_MESSAGES/django.po",
        Path(allauth.__file__).parent / "locale/en/LC_MESSAGES/django.po",
    ]
    return set().union(*(_po_msgids(path) for path in sources))


def test_every_override_is_a_msgid_of_django_or_allauth():
    """An override whose msgid changed upstream would silently stop working."""
    missing = set(_override_msgids()) - _package_msgids()
    assert not missing, missing


def test_every_override_is_translated_in_the_portals_catalogue():
    catalogue = gnu_gettext.GNUTranslations(
        (Path(settings.BASE_DIR) / "locale/nl/LC_MESSAGES/django.mo").open("rb")
    )
    untranslated = [
        msgid
        for msgid in _override_msgids()
        if msgid not in catalogue._catalog and (msgid, 0) not in catalogue._catalog
    ]
    assert not untranslated, untranslated


@pytest.mark.parametrize(
    ("english", "dutch"),
    [
        ("- Select an option -", "- Kies een optie -"),
        ("Search %(name)s", "Zoeken in %(name)s"),
        ("Filter by %(field_name)s", "Filteren op %(field_name)s"),
        ("Pagination %(name)s", "Bladeren door %(name)s"),
        ("Logout", "Afmelden"),
    ],
)
def test_django_6_strings_are_dutch(english, dutch):
    with translation.override("nl"):
        assert translation.gettext(english) == dutch


def test_no_dutch_text_of_allauth_says_je():
    """Every text allauth has, in the Dutch the portal shows: "u", never
    "je", "jouw" or "jij" (its e-mails included: they use the same msgids)."""
    mo = Path(allauth.__file__).parent / "locale/nl/LC_MESSAGES/django.mo"
    keys = gnu_gettext.GNUTranslations(mo.open("rb"))._catalog
    informal = []
    with translation.override("nl"):
        for key in keys:
            if not key:
                continue
            if isinstance(key, tuple):
                msgid, index = key
                shown = translation.ngettext(msgid, msgid, 1 if index == 0 else 2)
            elif "\x04" in key:
                context, msgid = key.split("\x04", 1)
                shown = translation.pgettext(context, msgid)
            else:
                shown = translation.gettext(key)
            if _INFORMAL.search(shown):
                informal.append(shown)
    assert not informal, informal


def test_no_dutch_text_of_the_portal_says_je():
    mo = Path(settings.BASE_DIR) / "locale/nl/LC_MESSAGES/django.mo"
    catalogue = gnu_gettext.GNUTranslations(mo.open("rb"))._catalog
    informal = [text for text in catalogue.values() if _INFORMAL.search(text)]
    assert not informal, informal


# --- the pages ----------------------------------------------------------------


@pytest.fixture
def world(
    community,
    theme,
    session,
    trekker,
    deelnemer,
    moderator,
    django_capture_on_commit_callbacks,
):
    """One of everything the admin lists, made as the portal makes it."""
    expert = UserFactory(is_expert=True)
    szw = ChainPartnerOrganisationFactory(name="Ministerie van SZW", slug="szw")
    with django_capture_on_commit_callbacks(execute=True):
        signal = SignalFactory(community=community, themes=[theme])
        signal_services.signal_accept(actor=moderator, signal=signal)
        signal_services.signal_escalate(
            actor=moderator,
            signal=signal,
            tried="De gemeente belde het energiebedrijf.",
            reason="Het speelt in meer regio's.",
            addressed_to=szw,
        )
        signal_services.signal_respond(
            actor=moderator, signal=signal, answer="Gemeenten mogen namens hen betalen."
        )
        product = ProductFactory(
            community=community, themes=[theme], status=ProductStatus.REVIEW
        )
        product.tags.add("argonaut")
        knowledge_services.product_approve(actor=expert, product=product)
        knowledge_services.product_publish(actor=moderator, product=product)
        community_services.invitation_create(
            actor=moderator,
            email="nieuw@example.org",
            community=community,
            organisation=trekker.organisation,
        )
    return {"signal": signal, "product": product}


def _first(pattern: str, html: str) -> str | None:
    match = re.search(pattern, html, re.DOTALL)
    return match.group(1).replace("&amp;", "&") if match else None


def _admin_pages(client) -> list[str]:
    """Every admin page a moderator reaches from the index: each list, with a
    filter and a search applied where it has them, its add page and the
    change page of its first row."""
    index = reverse("admin:index")
    html = client.get(index).text
    lists = sorted(set(re.findall(r'href="(/beheer/[a-z_]+/[a-z_]+/)"', html)))
    assert len(lists) >= 10, lists
    pages = [index]
    for changelist in lists:
        pages.append(changelist)
        html = client.get(changelist).text
        # The first choice of the first filter (not the "Show counts" link).
        filtered = _first(
            r'id="changelist-filter".*?href="(\?(?![^"]*_facets)[^"]+)"', html
        )
        if filtered:
            pages.append(changelist + filtered)
        if 'id="searchbar"' in html:
            pages.append(changelist + (filtered + "&" if filtered else "?") + "q=de")
        if add := _first(r'href="(/beheer/[a-z_]+/[a-z_]+/add/)"', html):
            pages.append(add)
        if change := _first(r'href="(/beheer/[a-z_]+/[a-z_]+/\d+/change/)"', html):
            pages.append(change)
            pages.append(change.replace("/change/", "/history/"))
    return pages


def test_the_admin_a_moderator_uses_is_dutch(client, world, moderator):
    sign_in(client, moderator)
    found = {}
    for url in _admin_pages(client):
        response = client.get(url)
        assert response.status_code == 200, url
        assert '<html lang="nl"' in response.text, url
        if english := english_in(response.text):
            found[url] = english
    assert not found, "\n".join(f"{url}: {english}" for url, english in found.items())


@pytest.mark.parametrize(
    ("role", "page"),
    [
        ("trekker", "members"),
        ("moderator", "members"),
        ("trekker", "session_form"),
        ("trekker", "product_form"),
        ("deelnemer", "signal_form"),
        ("moderator", "signal"),
        ("moderator", "export"),
        ("moderator", "close"),
        ("moderator", "merge"),
        ("deelnemer", "signals"),
        ("deelnemer", "profile"),
        ("deelnemer", "notifications"),
        ("anonymous", "kennis"),
        ("anonymous", "sessions"),
        ("anonymous", "accessibility"),
    ],
)
def test_the_portal_pages_are_dutch(client_as, world, community, role, page):
    signal = world["signal"]
    url = {
        "members": reverse("communities:membership_list", args=[community.slug]),
        "session_form": reverse("communities:session_create", args=[community.slug]),
        "product_form": reverse("knowledge:product_create"),
        "signal_form": reverse("signals:signal_create"),
        "signal": signal.get_absolute_url(),
        "export": reverse("signals:signal_export"),
        "close": reverse("signals:signal_transition", args=[signal.pk, "close"]),
        "merge": reverse("signals:signal_transition", args=[signal.pk, "merge"]),
        "signals": reverse("signals:signal_list"),
        "profile": reverse("profile"),
        "notifications": reverse("profile_notifications"),
        "kennis": reverse("knowledge:product_list"),
        "sessions": reverse("communities:session_list"),
        "accessibility": reverse("accessibility_statement"),
    }[page]
    response = client_as(role).get(url)
    assert response.status_code in (200, 302), url
    if response.status_code == 302:
        pytest.fail(f"{url} sent {role} to {response['Location']}")
    assert not english_in(response.text), english_in(response.text)


# --- allauth's pages say "u" ------------------------------------------------------


def _informal_in(html: str) -> list[str]:
    text = readable(html)
    return [
        text[max(match.start() - 40, 0) : match.end() + 40]
        for match in _INFORMAL.finditer(text)
    ]


@pytest.mark.parametrize(
    "name",
    [
        "account_login",
        "account_signup",
        "account_reset_password",
        "account_reset_password_done",
    ],
)
def test_allauth_pages_for_visitors_say_u(client, name):
    html = client.get(reverse(name)).text
    assert not _informal_in(html), _informal_in(html)
    assert not english_in(html), english_in(html)


@pytest.mark.parametrize(
    "name",
    [
        "account_email",
        "account_change_password",
        "account_logout",
        "mfa_index",
        "mfa_activate_totp",
        "mfa_generate_recovery_codes",
        "mfa_deactivate_totp",
    ],
)
def test_allauth_pages_for_signed_in_people_say_u(client, moderator, name):
    sign_in(client, moderator)
    response = client.get(reverse(name))
    # Some ask for the password again first: that page is checked then.
    html = (
        response.text
        if response.status_code == 200
        else client.get(response["Location"]).text
    )
    assert not _informal_in(html), _informal_in(html)


def test_allauth_mails_say_u(client, deelnemer, mailoutbox):
    client.post(reverse("account_reset_password"), {"email": deelnemer.email})
    client.post(reverse("account_reset_password"), {"email": "onbekend@example.org"})
    assert len(mailoutbox) == 2
    for mail in mailoutbox:
        assert not _INFORMAL.search(mail.subject + mail.body), mail.body
        assert "u " in mail.body or "uw " in mail.body, mail.body


def test_the_admins_date_picker_texts_are_dutch(client, moderator):
    sign_in(client, moderator)
    script = client.get(reverse("admin:jsi18n")).text
    # The catalogue maps each English text to its Dutch.
    assert '"Today (%(date)s)": "Vandaag (%(date)s)"' in script
    # Django's own Dutch of the admin is still there.
    assert '"January": "januari"' in script


@pytest.mark.parametrize("name", workflow.SIGNAL_TRANSITIONS)
def test_the_admins_transition_forms_are_dutch(client, world, moderator, name):
    sign_in(client, moderator)
    response = client.post(
        reverse("admin:signals_signal_changelist"),
        {
            "action": f"transition_{name}",
            helpers.ACTION_CHECKBOX_NAME: [world["signal"].pk],
        },
    )
    assert response.status_code == 200
    assert not english_in(response.text), english_in(response.text)

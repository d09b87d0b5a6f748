"""Admin rights follow the roles: the admin (/beheer/) is entered through
allauth with a verified address only, and a moderator manages ordinary
accounts but never gains or hands out more than DOMAIN.md gives moderators."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django.core import mail
from django.urls import reverse
from taggit.models import Tag

from cop_portal.models import User
from cop_portal.totp import totp_code
from tests.conftest import sign_in
from tests.factories import PASSWORD, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def _query(url: str) -> dict:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def _unverify(user, *, remove=False):
    addresses = EmailAddress.objects.filter(user=user)
    if remove:
        addresses.delete()
    else:
        addresses.update(verified=False)
    return user


# --- Signing in to the admin ------------------------------------------------


def test_admin_login_redirects_to_allauth_login_keeping_next(client):
    next_url = reverse("admin:signals_signal_changelist")
    response = client.get(reverse("admin:login"), {"next": next_url})
    assert response.status_code == 302
    assert urlsplit(response.url).path == reverse("account_login")
    assert _query(response.url) == {"next": next_url}


def test_anonymous_visitor_of_the_admin_ends_on_allauth_login(client):
    response = client.get(reverse("admin:index"), follow=True)
    final_url = response.redirect_chain[-1][0]
    assert urlsplit(final_url).path == reverse("account_login")
    assert _query(final_url) == {"next": reverse("admin:index")}
    assert response.status_code == 200


def test_admin_login_drops_a_next_to_another_site(client):
    response = client.get(reverse("admin:login"), {"next": "https://evil.example/"})
    assert _query(response.url) == {"next": reverse("admin:index")}


def test_admin_login_does_not_check_posted_credentials(client, moderator):
    response = client.post(
        reverse("admin:login"), {"username": moderator.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert urlsplit(response.url).path == reverse("account_login")
    assert "_auth_user_id" not in client.session


def test_verified_moderator_signs_in_through_allauth_into_the_admin(client, moderator):
    TOTP.activate(moderator, SECRET)
    response = client.post(
        reverse("account_login") + "?next=" + reverse("admin:index"),
        {"login": moderator.email, "password": PASSWORD},
        follow=True,
    )
    # allauth asks for the second factor before the admin.
    assert response.redirect_chain[-1][0] == reverse("mfa_authenticate")
    response = client.post(
        reverse("mfa_authenticate"), {"code": totp_code(SECRET)}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("admin:index")
    assert response.status_code == 200
    assert "CoP-portaal Inburgering – beheer" in response.text


def test_unverified_moderator_is_held_at_allauth_verification(client, moderator):
    _unverify(moderator)
    response = client.post(
        reverse("account_login") + "?next=" + reverse("admin:index"),
        {"login": moderator.email, "password": PASSWORD},
    )
    assert not response.wsgi_request.user.is_authenticated
    assert mail.outbox and mail.outbox[-1].to == [moderator.email]


def test_superuser_from_createsuperuser_verifies_by_mail_then_enters_the_admin(
    client,
):
    # createsuperuser makes no allauth address; the first sign-in asks for one.
    user = User.objects.create_superuser("beheerder@example.org", PASSWORD)
    login = reverse("account_login") + "?next=" + reverse("admin:index")
    credentials = {"login": user.email, "password": PASSWORD}
    response = client.post(login, credentials)
    assert not response.wsgi_request.user.is_authenticated
    link = re.search(r"https?://testserver(\S+)", mail.outbox[-1].body).group(1)
    client.post(link)
    response = client.post(login, credentials)
    assert response.url == reverse("admin:index")
    # A superuser without a second factor is sent to set one up first.
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


@pytest.mark.parametrize(
    "kind", ["moderator", "staff", "superuser", "without_address", "other_address"]
)
def test_unverified_staff_is_not_let_into_the_admin_even_when_logged_in(client, kind):
    if kind == "moderator":
        user = _unverify(UserFactory(is_moderator=True))
    elif kind == "staff":
        user = _unverify(UserFactory(is_staff=True))
    elif kind == "superuser":
        user = _unverify(UserFactory(is_staff=True, is_superuser=True))
    elif kind == "without_address":
        user = _unverify(UserFactory(is_moderator=True), remove=True)
    else:
        # Verified once, then given an address nobody confirmed.
        user = UserFactory(is_moderator=True)
        user.email = "nieuw-adres@example.org"
        user.save()
    sign_in(client, user)
    for url in [
        reverse("admin:index"),
        reverse("admin:cop_portal_user_changelist"),
        reverse("admin:cop_portal_user_change", args=[user.pk]),
    ]:
        response = client.get(url, follow=True)
        assert response.redirect_chain, url
        assert response.redirect_chain[-1][0] == reverse("account_email")
        assert "Bevestig uw e-mailadres" in response.text
        assert "CoP-portaal Inburgering – beheer" not in response.text


def test_signed_in_user_without_admin_access_gets_403_not_a_loop(client, outsider):
    sign_in(client, outsider)
    response = client.get(reverse("admin:index"), follow=True)
    assert response.status_code == 403
    assert "geen toegang tot het beheer" in response.text


def test_verified_moderator_is_let_in(client, moderator):
    sign_in(client, moderator)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert "CoP-portaal Inburgering – beheer" in response.text
    assert "<title>Beheer | CoP-portaal beheer</title>" in response.text


def test_signed_in_moderator_at_admin_login_goes_on_to_next(client, moderator):
    sign_in(client, moderator)
    next_url = reverse("admin:signals_signal_changelist")
    response = client.get(reverse("admin:login"), {"next": next_url})
    assert response.status_code == 302
    assert response.url == next_url


def test_admin_password_change_goes_to_allauth(client, moderator):
    sign_in(client, moderator)
    response = client.get(reverse("admin:password_change"))
    assert response.status_code == 302
    assert response.url == reverse("account_change_password")


# --- What the moderator role grants per app ---------------------------------


@pytest.mark.parametrize(
    ("perm", "granted"),
    [
        ("communities.change_community", True),
        ("knowledge.delete_knowledgeproduct", True),
        ("signals.view_signal", True),
        ("cop_portal.view_user", True),
        ("cop_portal.change_user", True),
        ("cop_portal.add_user", False),
        ("cop_portal.delete_user", False),
        ("account.view_emailaddress", True),
        ("account.add_emailaddress", False),
        ("account.change_emailaddress", False),
        ("account.delete_emailaddress", False),
        ("taggit.view_tag", True),
        ("taggit.change_tag", False),
        ("taggit.delete_tag", False),
        ("auth.change_group", False),
        ("admin.change_logentry", False),
    ],
)
def test_moderator_permissions_per_app(moderator, perm, granted):
    assert moderator.has_perm(perm) is granted


def test_inactive_moderator_has_no_permissions(moderator):
    moderator.is_active = False
    assert not moderator.has_perm("communities.change_community")
    assert not moderator.has_module_perms("communities")


# --- allauth's e-mail addresses: view only for moderators --------------------


@pytest.fixture
def superuser(db):
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def ordinary(db):
    return UserFactory()


def _address(user) -> EmailAddress:
    return EmailAddress.objects.get(user=user)


def test_moderator_sees_email_addresses_read_only(client, moderator, ordinary):
    sign_in(client, moderator)
    changelist = client.get(reverse("admin:account_emailaddress_changelist"))
    assert changelist.status_code == 200
    assert ordinary.email in changelist.text
    page = client.get(
        reverse("admin:account_emailaddress_change", args=[_address(ordinary).pk])
    )
    assert page.status_code == 200
    assert 'name="email"' not in page.text


def test_moderator_cannot_add_an_address_to_someone_elses_account(
    client, moderator, ordinary
):
    sign_in(client, moderator)
    url = reverse("admin:account_emailaddress_add")
    assert client.get(url).status_code == 403
    response = client.post(
        url,
        {
            "user": ordinary.pk,
            "email": "overname@example.org",
            "verified": "on",
            "primary": "on",
        },
    )
    assert response.status_code == 403
    assert not EmailAddress.objects.filter(email="overname@example.org").exists()


def test_moderator_cannot_change_or_delete_an_address(client, moderator, ordinary):
    address = _address(ordinary)
    sign_in(client, moderator)
    response = client.post(
        reverse("admin:account_emailaddress_change", args=[address.pk]),
        {"user": ordinary.pk, "email": "overname@example.org", "verified": "on"},
    )
    assert response.status_code == 403
    delete = reverse("admin:account_emailaddress_delete", args=[address.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    address.refresh_from_db()
    assert address.email == ordinary.email


def test_moderator_cannot_mark_an_address_verified(client, moderator, ordinary):
    address = _address(ordinary)
    address.verified = False
    address.save()
    sign_in(client, moderator)
    changelist = reverse("admin:account_emailaddress_changelist")
    assert "make_verified" not in client.get(changelist).text
    response = client.post(
        changelist,
        {"action": "make_verified", "_selected_action": [address.pk], "index": 0},
    )
    assert response.status_code in (200, 302)
    address.refresh_from_db()
    assert not address.verified


def test_superuser_can_mark_an_address_verified(client, superuser, ordinary):
    address = _address(ordinary)
    address.verified = False
    address.save()
    sign_in(client, superuser)
    client.post(
        reverse("admin:account_emailaddress_changelist"),
        {"action": "make_verified", "_selected_action": [address.pk], "index": 0},
    )
    address.refresh_from_db()
    assert address.verified


# --- taggit: view only for moderators -----------------------------------------


@pytest.fixture
def tags(db):
    return [Tag.objects.create(name="wep"), Tag.objects.create(name="WEP-plaats")]


def test_moderator_sees_tags_but_cannot_change_them(client, moderator, tags):
    sign_in(client, moderator)
    assert client.get(reverse("admin:taggit_tag_changelist")).status_code == 200
    change = reverse("admin:taggit_tag_change", args=[tags[0].pk])
    assert client.get(change).status_code == 200
    response = client.post(change, {"name": "iets anders", "slug": "iets-anders"})
    assert response.status_code == 403
    assert client.get(reverse("admin:taggit_tag_add")).status_code == 403
    tags[0].refresh_from_db()
    assert tags[0].name == "wep"


def test_moderator_cannot_merge_tags(client, moderator, tags):
    sign_in(client, moderator)
    changelist = reverse("admin:taggit_tag_changelist")
    assert "render_tag_form" not in client.get(changelist).text
    client.post(
        changelist,
        {
            "action": "render_tag_form",
            "_selected_action": [tag.pk for tag in tags],
            "index": 0,
        },
    )
    merge = reverse("admin:taggit_tag_merge_tags")
    assert client.get(merge).status_code == 403
    response = client.post(merge, {"new_tag_name": "werkervaringsplek"})
    assert response.status_code == 403
    assert sorted(tag.name for tag in Tag.objects.all()) == [
        "WEP-plaats",
        "wep",
    ]


def test_superuser_merge_page_without_selection_is_a_message_not_a_500(
    client, superuser, tags
):
    sign_in(client, superuser)
    response = client.post(
        reverse("admin:taggit_tag_merge_tags"),
        {"new_tag_name": "werkervaringsplek"},
        follow=True,
    )
    assert response.status_code == 200
    assert "Kies eerst in de lijst de tags" in response.text


def test_superuser_merges_tags(client, superuser, tags):
    sign_in(client, superuser)
    changelist = reverse("admin:taggit_tag_changelist")
    client.post(
        changelist,
        {
            "action": "render_tag_form",
            "_selected_action": [tag.pk for tag in tags],
            "index": 0,
        },
    )
    response = client.post(
        reverse("admin:taggit_tag_merge_tags"), {"new_tag_name": "werkervaringsplek"}
    )
    assert response.status_code == 302
    assert Tag.objects.filter(name="werkervaringsplek").exists()


# --- Accounts: what a moderator may change -----------------------------------

PROTECTED = ["superuser", "staff", "other_moderator", "moderator"]
TARGETS = [*PROTECTED, "ordinary"]


@pytest.fixture
def staff(db):
    """Staff without the moderator role, e.g. a developer given admin access."""
    return UserFactory(is_staff=True)


@pytest.fixture
def other_moderator(db):
    return UserFactory(is_moderator=True)


def _change_url(user) -> str:
    return reverse("admin:cop_portal_user_change", args=[user.pk])


def _password_url(user) -> str:
    return reverse("admin:auth_user_password_change", args=[user.pk])


def _form_data(user, **changes) -> dict:
    """What the change form posts for `user`, with `changes` applied."""
    data = {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "organisation": user.organisation_id or "",
        "is_active": "on" if user.is_active else "",
        "is_moderator": "on" if user.is_moderator else "",
        "is_expert": "on" if user.is_expert else "",
        "is_chain_partner": "on" if user.is_chain_partner else "",
        "is_staff": "on" if user.is_staff else "",
        "is_superuser": "on" if user.is_superuser else "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value != ""}


def _snapshot(user) -> dict:
    user.refresh_from_db()
    return {
        field: getattr(user, field)
        for field in [
            "email",
            "password",
            "first_name",
            "is_active",
            "is_moderator",
            "is_expert",
            "is_staff",
            "is_superuser",
        ]
    }


@pytest.mark.parametrize("target", TARGETS)
def test_moderator_cannot_open_or_post_the_password_form(
    client, request, moderator, target
):
    user = request.getfixturevalue(target)
    before = _snapshot(user)
    sign_in(client, moderator)
    page = client.get(_password_url(user))
    assert page.status_code == 403
    assert "Wachtwoord vergeten?" in page.text
    response = client.post(
        _password_url(user),
        {
            "password1": "overgenomen-wachtwoord-1",
            "password2": "overgenomen-wachtwoord-1",
            "usable_password": "true",
        },
    )
    assert response.status_code == 403
    assert _snapshot(user) == before


def test_superuser_sets_a_password_in_the_admin(client, superuser, other_moderator):
    sign_in(client, superuser)
    assert client.get(_password_url(other_moderator)).status_code == 200
    response = client.post(
        _password_url(other_moderator),
        {
            "password1": "nieuw-wachtwoord-van-beheer-1",
            "password2": "nieuw-wachtwoord-van-beheer-1",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302
    other_moderator.refresh_from_db()
    assert other_moderator.check_password("nieuw-wachtwoord-van-beheer-1")


@pytest.mark.parametrize("target", PROTECTED)
def test_moderator_sees_accounts_with_admin_access_read_only(
    client, request, moderator, target
):
    user = request.getfixturevalue(target)
    sign_in(client, moderator)
    page = client.get(_change_url(user))
    assert page.status_code == 200
    assert user.email in page.text
    assert 'name="first_name"' not in page.text
    assert 'name="_save"' not in page.text


@pytest.mark.parametrize("target", PROTECTED)
def test_moderator_post_to_account_with_admin_access_is_refused(
    client, request, moderator, target
):
    user = request.getfixturevalue(target)
    before = _snapshot(user)
    sign_in(client, moderator)
    response = client.post(
        _change_url(user),
        _form_data(user, first_name="Overgenomen", is_active="", is_moderator=""),
    )
    assert response.status_code == 403
    assert _snapshot(user) == before


@pytest.mark.parametrize("target", TARGETS)
def test_moderator_cannot_delete_accounts(client, request, moderator, target):
    user = request.getfixturevalue(target)
    sign_in(client, moderator)
    delete = reverse("admin:cop_portal_user_delete", args=[user.pk])
    assert client.get(delete).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert User.objects.filter(pk=user.pk).exists()


def test_moderator_bulk_delete_is_not_offered(client, moderator, ordinary):
    sign_in(client, moderator)
    changelist = reverse("admin:cop_portal_user_changelist")
    assert "delete_selected" not in client.get(changelist).text
    client.post(
        changelist,
        {"action": "delete_selected", "_selected_action": [ordinary.pk], "post": "yes"},
    )
    assert User.objects.filter(pk=ordinary.pk).exists()


def test_moderator_changes_name_organisation_roles_and_active_of_ordinary_user(
    client, moderator, ordinary
):
    duo = OrganisationFactory(name="DUO", slug="duo")
    sign_in(client, moderator)
    response = client.post(
        _change_url(ordinary),
        _form_data(
            ordinary,
            first_name="Fatima",
            last_name="El Amrani",
            organisation=duo.pk,
            is_expert="on",
            is_chain_partner="on",
            is_active="",
        ),
    )
    assert response.status_code == 302
    ordinary.refresh_from_db()
    assert (ordinary.first_name, ordinary.last_name) == ("Fatima", "El Amrani")
    assert ordinary.organisation == duo
    assert ordinary.is_expert and ordinary.is_chain_partner
    assert not ordinary.is_active


def test_moderator_revokes_expertgroep_and_ketenpartner(client, moderator):
    user = UserFactory(is_expert=True, is_chain_partner=True)
    sign_in(client, moderator)
    response = client.post(
        _change_url(user), _form_data(user, is_expert="", is_chain_partner="")
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.is_expert and not user.is_chain_partner


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("is_superuser", "on"),
        ("is_staff", "on"),
        ("is_moderator", "on"),
        ("email", "overname@example.org"),
    ],
)
def test_moderator_post_of_superuser_only_field_changes_nothing(
    client, moderator, ordinary, field, value
):
    sign_in(client, moderator)
    before = _snapshot(ordinary)
    response = client.post(
        _change_url(ordinary),
        _form_data(ordinary, first_name="Gewijzigd", **{field: value}),
    )
    # The rest of the form is saved; the superuser-only field is not.
    assert response.status_code == 302
    after = _snapshot(ordinary)
    assert after.pop("first_name") == "Gewijzigd"
    before.pop("first_name")
    assert after == before
    assert not EmailAddress.objects.filter(email="overname@example.org").exists()


def test_moderator_change_form_of_ordinary_user_has_no_superuser_only_inputs(
    client, moderator, ordinary
):
    sign_in(client, moderator)
    page = client.get(_change_url(ordinary)).text
    assert 'name="first_name"' in page
    assert 'name="is_expert"' in page
    assert 'name="is_chain_partner"' in page
    assert 'name="organisation"' in page
    assert 'name="is_active"' in page
    for name in ["email", "is_moderator", "is_staff", "is_superuser", "password"]:
        assert f'name="{name}"' not in page
    assert _password_url(ordinary) not in page
    assert "password/" not in page


def test_moderator_cannot_add_accounts(client, moderator):
    sign_in(client, moderator)
    add = reverse("admin:cop_portal_user_add")
    assert client.get(add).status_code == 403
    response = client.post(
        add,
        {
            "email": "nieuw-account@example.org",
            "password1": "een-wachtwoord-van-mij-1",
            "password2": "een-wachtwoord-van-mij-1",
        },
    )
    assert response.status_code == 403
    assert not User.objects.filter(email="nieuw-account@example.org").exists()
    changelist = client.get(reverse("admin:cop_portal_user_changelist")).text
    assert add not in changelist


def test_superuser_adds_an_account(client, superuser):
    sign_in(client, superuser)
    response = client.post(
        reverse("admin:cop_portal_user_add"),
        {
            "email": "nieuw-account@example.org",
            "password1": "een-wachtwoord-van-mij-1",
            "password2": "een-wachtwoord-van-mij-1",
        },
    )
    assert response.status_code == 302
    assert User.objects.filter(email="nieuw-account@example.org").exists()


@pytest.mark.parametrize("target", TARGETS)
def test_superuser_keeps_full_rights_on_every_account(
    client, request, superuser, target
):
    user = request.getfixturevalue(target)
    sign_in(client, superuser)
    page = client.get(_change_url(user)).text
    for name in ["email", "is_moderator", "is_staff", "is_superuser", "first_name"]:
        assert f'name="{name}"' in page
    response = client.post(
        _change_url(user),
        _form_data(
            user,
            email=f"nieuw-{user.pk}@example.org",
            is_moderator="on",
            is_superuser="on",
        ),
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email == f"nieuw-{user.pk}@example.org"
    assert user.is_moderator and user.is_staff and user.is_superuser


def test_superuser_revokes_the_moderator_role(client, superuser, other_moderator):
    sign_in(client, superuser)
    response = client.post(
        _change_url(other_moderator),
        _form_data(other_moderator, is_moderator="", is_staff=""),
    )
    assert response.status_code == 302
    other_moderator.refresh_from_db()
    assert not other_moderator.is_moderator
    assert not other_moderator.is_staff

"""Admin rights follow the roles: the admin (/beheer/) is entered through
allauth with a verified address only, and a moderator manages ordinary
accounts but never gains or hands out more than DOMAIN.md gives moderators."""

from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


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
    response = client.post(
        reverse("account_login") + "?next=" + reverse("admin:index"),
        {"login": moderator.email, "password": PASSWORD},
        follow=True,
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
    client.force_login(user)
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
    client.force_login(outsider)
    response = client.get(reverse("admin:index"), follow=True)
    assert response.status_code == 403
    assert "geen toegang tot het beheer" in response.text


def test_verified_moderator_is_let_in(client, moderator):
    client.force_login(moderator)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert "CoP-portaal Inburgering – beheer" in response.text
    assert "<title>Beheer | CoP-portaal beheer</title>" in response.text


def test_signed_in_moderator_at_admin_login_goes_on_to_next(client, moderator):
    client.force_login(moderator)
    next_url = reverse("admin:signals_signal_changelist")
    response = client.get(reverse("admin:login"), {"next": next_url})
    assert response.status_code == 302
    assert response.url == next_url


def test_admin_password_change_goes_to_allauth(client, moderator):
    client.force_login(moderator)
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
    client.force_login(moderator)
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
    client.force_login(moderator)
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
    client.force_login(moderator)
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
    client.force_login(moderator)
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
    client.force_login(superuser)
    client.post(
        reverse("admin:account_emailaddress_changelist"),
        {"action": "make_verified", "_selected_action": [address.pk], "index": 0},
    )
    address.refresh_from_db()
    assert address.verified


# --- taggit: view only for moderators -----------------------------------------


@pytest.fixture
def tags(db):
    from taggit.models import Tag

    return [Tag.objects.create(name="wep"), Tag.objects.create(name="WEP-plaats")]


def test_moderator_sees_tags_but_cannot_change_them(client, moderator, tags):
    client.force_login(moderator)
    assert client.get(reverse("admin:taggit_tag_changelist")).status_code == 200
    change = reverse("admin:taggit_tag_change", args=[tags[0].pk])
    assert client.get(change).status_code == 200
    response = client.post(change, {"name": "iets anders", "slug": "iets-anders"})
    assert response.status_code == 403
    assert client.get(reverse("admin:taggit_tag_add")).status_code == 403
    tags[0].refresh_from_db()
    assert tags[0].name == "wep"


def test_moderator_cannot_merge_tags(client, moderator, tags):
    client.force_login(moderator)
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
    assert sorted(tag.name for tag in type(tags[0]).objects.all()) == [
        "WEP-plaats",
        "wep",
    ]


def test_superuser_merge_page_without_selection_is_a_message_not_a_500(
    client, superuser, tags
):
    client.force_login(superuser)
    response = client.post(
        reverse("admin:taggit_tag_merge_tags"),
        {"new_tag_name": "werkervaringsplek"},
        follow=True,
    )
    assert response.status_code == 200
    assert "Kies eerst in de lijst de tags" in response.text


def test_superuser_merges_tags(client, superuser, tags):
    client.force_login(superuser)
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
    assert type(tags[0]).objects.filter(name="werkervaringsplek").exists()

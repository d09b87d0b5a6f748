"""Members-only products never reach anonymous visitors (or people who take
no part in a CoP), through any path: list, count, search, snippet, feed,
related products, product page and attachment download."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from knowledge import services
from knowledge.models import Status
from tests.knowledge.conftest import CONCEPT_READERS, MEMBERS, ROLES
from tests.knowledge.test_attachments import PDF

pytestmark = pytest.mark.django_db

SECRET_TITLE = "Besloten handreiking voor leden"
SECRET_SUMMARY = "Geheime samenvatting alleen voor leden."
SECRET_BODY = "Vertrouwelijke tekst"


def _sees(role):
    return role in MEMBERS


@pytest.mark.parametrize("role", ROLES)
def test_list_and_count(role, client_as, published, members_only):
    response = client_as(role).get(reverse("knowledge:product_list"))
    assert (SECRET_TITLE in response.text) == _sees(role)
    assert response.context["count"] == (2 if _sees(role) else 1)


@pytest.mark.parametrize("role", ROLES)
def test_search_results_counts_and_snippets(role, client_as, published, members_only):
    response = client_as(role).get(
        reverse("knowledge:product_list"), {"q": "leerbaarheidstoetsen"}
    )
    assert (SECRET_TITLE in response.text) == _sees(role)
    assert (SECRET_BODY in response.text) == _sees(role)
    assert response.context["count"] == (1 if _sees(role) else 0)


@pytest.mark.parametrize("role", ROLES)
def test_title_suggestions(role, client_as, members_only):
    response = client_as(role).get(
        reverse("knowledge:product_list"), {"q": "Beslotn handreikng"}
    )
    assert (SECRET_TITLE in response.text) == _sees(role)


@pytest.mark.parametrize("role", ROLES)
def test_feeds_carry_public_products_only(
    role, client_as, published, members_only, theme
):
    client = client_as(role)
    for url in [
        reverse("knowledge:feed"),
        reverse("knowledge:theme_feed", args=[theme.slug]),
    ]:
        response = client.get(url)
        assert "Openbare handreiking" in response.text
        assert SECRET_TITLE not in response.text
        assert SECRET_SUMMARY not in response.text


@pytest.mark.parametrize("role", ROLES)
def test_related_products(role, client_as, published, members_only):
    response = client_as(role).get(published.get_absolute_url())
    assert (SECRET_TITLE in response.text) == _sees(role)


@pytest.mark.parametrize("role", ROLES)
def test_product_page(role, client_as, members_only):
    response = client_as(role).get(members_only.get_absolute_url())
    if _sees(role):
        assert response.status_code == 200
        assert SECRET_BODY in response.text
    else:
        assert response.status_code == 404
        assert SECRET_TITLE not in response.text


def _attach(product, moderator):
    product.status = Status.CONCEPT
    product.published_at = None
    product.save()
    attachment = services.attachment_add(
        actor=moderator,
        product=product,
        upload=SimpleUploadedFile("infographic.pdf", PDF),
        title="De infographic",
    )
    return attachment


@pytest.mark.parametrize("role", ROLES)
def test_attachment_of_members_only_product(role, client_as, members_only, moderator):
    attachment = _attach(members_only, moderator)
    members_only.status = Status.PUBLISHED
    members_only.published_at = members_only.updated_at
    members_only.save()
    response = client_as(role).get(attachment.get_absolute_url())
    if _sees(role):
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert "no-store" in response["Cache-Control"]
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_attachment_of_public_product_is_open(role, client_as, published, moderator):
    attachment = _attach(published, moderator)
    published.status = Status.PUBLISHED
    published.published_at = published.updated_at
    published.save()
    response = client_as(role).get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("role", ROLES)
def test_attachment_of_a_concept(role, client_as, concept, moderator):
    attachment = _attach(concept, moderator)
    response = client_as(role).get(attachment.get_absolute_url())
    assert response.status_code == (200 if role in CONCEPT_READERS else 404)


def test_attachments_have_no_public_media_url(settings, concept, moderator):
    attachment = _attach(concept, moderator)
    path = attachment.file.path
    assert not path.startswith(str(settings.MEDIA_ROOT))
    assert path.startswith(str(settings.PROTECTED_MEDIA_ROOT.resolve()))
    with pytest.raises(ValueError):
        attachment.file.url  # noqa: B018


@pytest.mark.parametrize("role", ROLES)
def test_theme_and_kind_filters_never_open_members_only(
    role, client_as, members_only, theme
):
    response = client_as(role).get(
        reverse("knowledge:product_list"),
        {"theme": theme.slug, "kind": "handreiking", "sort": "newest"},
    )
    assert (SECRET_TITLE in response.text) == _sees(role)

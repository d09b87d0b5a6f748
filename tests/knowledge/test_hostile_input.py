"""No input a user can type gives a server error on the knowledge pages."""

import pytest
from django.urls import reverse

from knowledge.models import Status

pytestmark = pytest.mark.django_db

HOSTILE = [
    "\x00",
    "a\x00b",
    "' OR 1=1 --",
    '"><script>alert(1)</script>',
    "😀" * 50,
    "x" * 5000,
    "%",
    "\\",
    "../../etc/passwd",
    "ziekte & | ! ( :* <->",
]


def expected(value, *codes):
    """A NUL byte is never typed: any request that holds one gets the portal's
    400 page (cop_portal.middleware.RequestInputMiddleware)."""
    return (400,) if "\x00" in value else codes


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize(
    "param", ["q", "theme", "kind", "cop", "tag", "scope", "year", "sort", "page"]
)
def test_list_filters_and_search_survive_any_value(client, published, value, param):
    response = client.get(reverse("knowledge:product_list"), {"q": "x", param: value})
    assert response.status_code in expected(value, 200)
    assert "<script>alert(1)</script>" not in response.text


@pytest.mark.parametrize("value", HOSTILE)
def test_product_form_survives_any_value_in_any_field(
    client_as, community, theme, value
):
    client = client_as("trekker")
    for field in [
        "community",
        "kind",
        "title",
        "summary",
        "body",
        "themes",
        "tags",
        "sessions",
        "scope",
        "visibility",
    ]:
        data = {
            "community": community.pk,
            "kind": "handreiking",
            "title": "t",
            "summary": "s",
            "scope": "landelijk",
            "visibility": "openbaar",
            field: value,
        }
        response = client.post(reverse("knowledge:product_create"), data)
        assert response.status_code in expected(value, 200, 302), field


@pytest.mark.parametrize("value", HOSTILE)
def test_review_comment_survives_any_value(client_as, make_product, value):
    product = make_product(status=Status.REVIEW)
    response = client_as("expert").post(
        reverse("knowledge:product_transition", args=[product.pk, "request_changes"]),
        {"comment": value},
    )
    assert response.status_code in expected(value, 302)


@pytest.mark.parametrize("value", HOSTILE)
def test_question_and_attachment_forms_survive_any_value(
    client_as, make_product, value
):
    qa = make_product(status=Status.CONCEPT, kind="qa", slug="qa-concept")
    client = client_as("trekker")
    for data in [
        {"theme": value, "question": value, "answer": value},
        {"title": value, "alt_text": value, "file": value},
    ]:
        for url_name in ["knowledge:question_add", "knowledge:attachment_add"]:
            response = client.post(reverse(url_name, args=[qa.pk]), data)
            assert response.status_code in expected(value, 302)


@pytest.mark.parametrize(
    "path",
    [
        "/kennis/concept/99999999999999999999999/",
        "/kennis/bijlagen/99999999999999999999999/",
        "/kennis/openbare-handreiking/versies/99999999999999999999/",
        "/kennis/bestaat-niet/",
        "/kennis/feed/bestaat-niet/",
    ],
)
def test_unknown_or_huge_ids_give_404(client_as, published, path):
    assert client_as("moderator").get(path).status_code == 404


@pytest.mark.parametrize(
    "pattern",
    ["ziekte & | ! ( :* <-> ", "' OR 1=1 -- ", "😀 handreiking ", "a%b \\ "],
)
def test_hostile_query_within_the_length_limit_reaches_the_search(
    client, published, pattern
):
    q = (pattern * 2000)[:2000]
    response = client.get(reverse("knowledge:product_list"), {"q": q})
    assert response.status_code == 200
    assert not response.context["form"].errors
    assert response.context["query"]
    assert response.context["searchable"]

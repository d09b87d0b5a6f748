"""Headings never skip a level: screen reader users move through a page by
its headings, and a jump from h1 to h3 suggests a missing section."""

import re

import pytest
from django.urls import reverse

from knowledge import services
from knowledge.models import Status
from tests.knowledge.factories import QuestionFactory

pytestmark = pytest.mark.django_db


def _skips(html: str) -> list[tuple[int, int]]:
    levels = [int(level) for level in re.findall(r"<h([1-6])[\s>]", html)]
    return [(a, b) for a, b in zip(levels, levels[1:], strict=False) if b > a + 1]


def test_knowledge_pages_do_not_skip_heading_levels(
    client_as, make_product, published, concept, theme, moderator
):
    make_product(title="Wacht op toetsing", slug="toetsing-1", status=Status.REVIEW)
    qa = make_product(title="Vragen", slug="vragen", kind="qa", status=Status.APPROVED)
    QuestionFactory(product=qa, theme=theme, answer="# Kop in een antwoord")
    qa = services.product_publish(actor=moderator, product=qa)
    client = client_as("moderator")
    urls = [
        reverse("knowledge:product_list"),
        reverse("knowledge:product_list") + "?q=handreiking",
        reverse("knowledge:review_queue"),
        reverse("knowledge:workbench"),
        published.get_absolute_url(),
        qa.get_absolute_url(),
        reverse("knowledge:draft_detail", args=[concept.pk]),
        reverse("knowledge:version_detail", args=[qa.slug, 1]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "<h1" in response.text, url
        assert _skips(response.text) == [], url

"""Tag limits hold on every path: the site's form and the services the admin
and commands use."""

import pytest
from django.core.exceptions import ValidationError

from knowledge.models import KnowledgeProduct
from knowledge.services import MAX_TAGS, TAG_MAX_LENGTH, product_create

pytestmark = pytest.mark.django_db


def _create(moderator, community, tags):
    return product_create(
        actor=moderator,
        community=community,
        kind=KnowledgeProduct.Kind.PRACTICE,
        title="Goede praktijk",
        summary="Samenvatting",
        tags=tags,
    )


def test_service_refuses_an_overlong_tag(moderator, community):
    with pytest.raises(ValidationError) as refused:
        _create(moderator, community, ["x" * (TAG_MAX_LENGTH + 1)])
    assert "tags" in refused.value.message_dict
    assert not KnowledgeProduct.objects.exists()


def test_service_refuses_too_many_tags(moderator, community):
    with pytest.raises(ValidationError):
        _create(moderator, community, [f"tag{n}" for n in range(MAX_TAGS + 1)])
    assert not KnowledgeProduct.objects.exists()


def test_service_keeps_tags_within_the_limits(moderator, community):
    product = _create(moderator, community, [f"tag{n}" for n in range(MAX_TAGS)])
    assert product.tags.count() == MAX_TAGS

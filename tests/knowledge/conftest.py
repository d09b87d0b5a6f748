import pytest

from communities.models import Organisation
from knowledge.models import KnowledgeProduct, Status
from tests.factories import OrganisationFactory, UserFactory

from .factories import ProductFactory

# Every role of the knowledge role matrix.
ROLES = [
    "anonymous",
    "outsider",
    "deelnemer",
    "trekker",
    "other_trekker",
    "expert",
    "moderator",
]
MEMBERS = {"deelnemer", "trekker", "other_trekker", "expert", "moderator"}
# Who reads a concept (also a new version not yet submitted): the source CoP's
# trekker and moderators. The expertgroep reads a product from the moment it
# is submitted for review (ter toetsing, goedgekeurd, gearchiveerd).
CONCEPT_READERS = {"trekker", "moderator"}
SUBMITTED_READERS = {"trekker", "expert", "moderator"}


@pytest.fixture(autouse=True)
def _protected_media(settings, tmp_path):
    settings.PROTECTED_MEDIA_ROOT = tmp_path / "protected"


@pytest.fixture
def expert(db):
    return UserFactory(is_expert=True)


@pytest.fixture
def ketenpartner(db):
    """Staff of a ketenpartner (DUO): no part in the review of products."""
    organisation = OrganisationFactory(
        name="DUO", slug="duo", kind=Organisation.Kind.DUO
    )
    return UserFactory(is_chain_partner=True, organisation=organisation)


@pytest.fixture
def make_product(community, theme):
    def make(**kwargs):
        kwargs.setdefault("community", community)
        kwargs.setdefault("themes", [theme])
        return ProductFactory(**kwargs)

    return make


@pytest.fixture
def published(make_product):
    return make_product(title="Openbare handreiking", slug="openbare-handreiking")


@pytest.fixture
def members_only(make_product):
    return make_product(
        title="Besloten handreiking voor leden",
        slug="besloten-handreiking",
        summary="Geheime samenvatting alleen voor leden.",
        body="Vertrouwelijke tekst over leerbaarheidstoetsen.",
        visibility=KnowledgeProduct.Visibility.MEMBERS,
    )


@pytest.fixture
def concept(make_product):
    return make_product(
        title="Concept handreiking", slug="concept-handreiking", status=Status.CONCEPT
    )

import factory
from django.utils import timezone

from knowledge.models import KnowledgeProduct, QuestionAnswer, Status
from tests.factories import CommunityFactory, ThemeFactory


class ProductFactory(factory.django.DjangoModelFactory):
    """A product in any status, written straight to the database (tests of the
    workflow itself go through the services)."""

    class Meta:
        model = KnowledgeProduct
        skip_postgeneration_save = True

    kind = KnowledgeProduct.Kind.GUIDE
    title = factory.Sequence(lambda n: f"Handreiking nummer {n}")
    slug = factory.Sequence(lambda n: f"handreiking-{n}")
    summary = "Een korte samenvatting."
    body = "De tekst van de handreiking."
    community = factory.SubFactory(CommunityFactory)
    status = Status.PUBLISHED
    published_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.status == Status.PUBLISHED else None
    )
    version = factory.LazyAttribute(lambda o: 1 if o.status == Status.PUBLISHED else 0)

    @factory.post_generation
    def themes(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.themes.set(extracted)

    @factory.post_generation
    def tags(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.tags.set(list(extracted))


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuestionAnswer

    product = factory.SubFactory(ProductFactory, kind=KnowledgeProduct.Kind.QA)
    theme = factory.SubFactory(ThemeFactory)
    question = factory.Sequence(lambda n: f"Vraag {n}?")
    answer = "Het antwoord."

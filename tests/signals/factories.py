import factory
from django.utils import timezone

from communities.models import Organisation
from signals import terms
from signals.models import Level, Recognition, Signal, Status
from tests.factories import CommunityFactory, OrganisationFactory, UserFactory


class ChainPartnerOrganisationFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Ketenpartner {n}")
    slug = factory.Sequence(lambda n: f"ketenpartner-{n}")
    kind = Organisation.Kind.SZW


class SignalFactory(factory.django.DjangoModelFactory):
    """A signal put straight into a state, for tests of what follows. Real
    signals are raised with services.signal_submit."""

    class Meta:
        model = Signal
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Knelpunt {n}")
    description = "Energiebedrijven weigeren betalingen van de gemeente."
    community = factory.SubFactory(CommunityFactory)
    raised_by = factory.SubFactory(UserFactory)
    organisation = factory.SelfAttribute("raised_by.organisation")
    level = Level.UITVOERING
    status = Status.NEW
    due_at = factory.LazyAttribute(
        lambda o: terms.due_at(level=o.level, entered_level_at=o.entered_level_at)
    )
    entered_level_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def themes(obj, create, extracted, **kwargs):  # noqa: N805
        if create and extracted:
            obj.themes.set(extracted)


class RecognitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recognition

    signal = factory.SubFactory(SignalFactory)
    user = factory.SubFactory(UserFactory)
    community = factory.SubFactory(CommunityFactory)
    organisation = factory.SelfAttribute("user.organisation")

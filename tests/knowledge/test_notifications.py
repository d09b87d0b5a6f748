"""Who hears of a step in a knowledge product's review: the expertgroep when
it is submitted; its authors and the CoP's trekkers when a review asks for
changes or approves, and when it is published; followers who want news of
products at once when it is published. No review comment in any e-mail."""

import pytest

from communities import following
from communities.models import NewsFrequency
from knowledge import services
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def makers(concept, trekker):
    author = UserFactory()
    concept.authors.set([author])
    return {author.email, trekker.email}


def _to(mailoutbox):
    return {m.to[0] for m in mailoutbox}


def _submit(concept, trekker, capture):
    with capture(execute=True):
        services.product_submit(actor=trekker, product=concept)


def test_the_expertgroep_hears_of_a_submitted_product(
    concept, trekker, expert, makers, mailoutbox, django_capture_on_commit_callbacks
):
    _submit(concept, trekker, django_capture_on_commit_callbacks)
    assert _to(mailoutbox) == {expert.email}
    message = mailoutbox[0]
    assert message.subject == "[CoP-portaal] Te toetsen: Concept handreiking"
    assert f"/kennis/concept/{concept.pk}/" in message.body


@pytest.mark.parametrize(
    ("step", "subject"),
    [
        ("product_request_changes", "Wijzigingen gevraagd: Concept handreiking"),
        ("product_approve", "Goedgekeurd: Concept handreiking"),
    ],
)
def test_authors_and_trekkers_hear_of_a_review(
    step,
    subject,
    concept,
    trekker,
    expert,
    makers,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    _submit(concept, trekker, django_capture_on_commit_callbacks)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        getattr(services, step)(
            actor=expert, product=concept, comment="Noem de bron van de cijfers."
        )
    assert _to(mailoutbox) == makers
    assert mailoutbox[0].subject == f"[CoP-portaal] {subject}"
    assert "Noem de bron" not in mailoutbox[0].body


def test_publication_reaches_makers_and_followers_who_want_it_at_once(
    concept,
    trekker,
    expert,
    moderator,
    theme,
    makers,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    at_once = UserFactory()
    following.follow(user=at_once, theme=theme)
    following.preferences_update(user=at_once, products=NewsFrequency.IMMEDIATELY)
    weekly = UserFactory()  # the default: in the digest, not now
    following.follow(user=weekly, theme=theme)
    MembershipFactory()  # someone elsewhere
    _submit(concept, trekker, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.product_approve(actor=expert, product=concept)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        product = services.product_publish(actor=moderator, product=concept)
    assert _to(mailoutbox) == makers | {at_once.email}
    assert mailoutbox[0].subject == "[CoP-portaal] Gepubliceerd: Concept handreiking"
    assert product.get_absolute_url() in mailoutbox[0].body

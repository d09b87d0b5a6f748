"""The benchmark's data generator at a tiny scale: the counts it promises, the
database constraints (it inserts under them), and the derived columns it
writes in SQL agree with what the models and services compute."""

import pytest
from django.db import connection, transaction

from communities.models import Community, Session
from cop_portal.models import User
from cop_portal.privacy import screen_text
from knowledge.markup import html_to_text, render_markdown
from knowledge.models import KnowledgeProduct, PublishedVersion, QuestionAnswer
from knowledge.states import Status as ProductStatus
from scripts.bench.generate import Sizes, generate
from signals import terms
from signals.models import Closure, Level, Recognition, Signal, SignalEvent, Status

pytestmark = pytest.mark.django_db

SCALE = 0.001


@pytest.fixture(scope="module")
def counts(django_db_setup, django_db_blocker):
    """Generated once for the module, rolled back after its last test."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield generate(SCALE, log=lambda *args: None)
        transaction.set_rollback(True)


def test_generator_makes_the_promised_numbers_of_rows(counts):
    sizes = Sizes.at(SCALE)
    assert Community.objects.count() == sizes.communities
    assert User.objects.count() == sizes.users
    assert Session.objects.count() == sizes.sessions
    assert KnowledgeProduct.objects.count() == sizes.products
    assert Signal.objects.count() == sizes.signals
    assert Recognition.objects.count() == sizes.recognitions
    assert counts["account_emailaddress"] == sizes.users


def test_generated_products_and_signals_cover_every_state(counts):
    assert set(KnowledgeProduct.objects.values_list("status", flat=True)) == set(
        ProductStatus.values
    )
    assert KnowledgeProduct.objects.filter(revision_of__isnull=False).exists()
    assert KnowledgeProduct.objects.filter(visibility="leden").exists()
    assert PublishedVersion.objects.exists()
    assert QuestionAnswer.objects.exists()
    assert set(Signal.objects.values_list("status", flat=True)) == set(Status.values)
    assert set(Signal.objects.values_list("level", flat=True)) == set(Level.values)
    assert set(
        Signal.objects.exclude(closure="").values_list("closure", flat=True)
    ) == (set(Closure.values))


def test_generated_rendering_is_what_save_renders(counts):
    for product in KnowledgeProduct.objects.all():
        assert product.body_html == render_markdown(product.body), product.pk
        assert product.body_text == html_to_text(product.body_html), product.pk
    for entry in QuestionAnswer.objects.all():
        assert entry.answer_html == render_markdown(entry.answer)


def _vector(pk):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT search_vector::text FROM knowledge_knowledgeproduct WHERE id = %s",
            [pk],
        )
        return cursor.fetchone()[0]


def test_generated_search_vector_is_what_update_search_vector_writes(counts):
    products = [
        *KnowledgeProduct.objects.filter(kind="qa")[:5],
        *KnowledgeProduct.objects.exclude(kind="qa")[:5],
        *KnowledgeProduct.objects.filter(revision_of__isnull=False)[:2],
    ]
    for product in products:
        generated = _vector(product.pk)
        product.update_search_vector()
        assert _vector(product.pk) == generated, product.pk


def test_generated_signal_state_follows_from_its_events(counts):
    for signal in Signal.objects.prefetch_related("events"):
        events = list(signal.events.all())
        last = events[-1]
        assert events[0].kind == "submit"
        assert (last.to_level, last.to_status) == (signal.level, signal.status)
        assert signal.version == len(events)
        start = last.created_at if last.kind == "reopen" else signal.entered_level_at
        assert signal.due_at == terms.due_at(level=signal.level, entered_level_at=start)


def test_generated_rows_pass_model_validation_and_the_privacy_screen(counts):
    samples = [
        *Signal.objects.all()[:40],
        *KnowledgeProduct.objects.all()[:40],
        *Session.objects.all()[:10],
        *Community.objects.all(),
        *User.objects.all()[:10],
    ]
    for obj in samples:
        obj.full_clean()
    for signal in Signal.objects.all()[:100]:
        screen_text(signal.title + " " + signal.description + " " + signal.feedback)
    for event in SignalEvent.objects.all()[:100]:
        screen_text(event.reason + " " + event.tried)

"""The rows of the signals table are written in Python (signals/rows.py) for
speed: what a reader sees in them must be what the template showed, in
Dutch and English, escaped, with dates in the portal's time zone."""

import datetime
import re

import pytest
from django.urls import reverse

from signals.models import Level, Signal, Status
from tests.conftest import sign_in
from tests.factories import CommunityFactory, OrganisationFactory, UserFactory
from tests.signals.factories import RecognitionFactory, SignalFactory

pytestmark = pytest.mark.django_db

TITLE_HTML = "Wachttijd &quot;intake&quot; &lt;b&gt;taal&lt;/b&gt; &amp; meer"


def _row_text(page: str) -> str:
    """The visible text of the row of the signal, entities decoded."""
    start = page.rindex("<tr", 0, page.index(TITLE_HTML))
    row = page[start : page.index("</tr>", start)]
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
    for entity, character in [("&quot;", '"'), ("&lt;", "<"), ("&gt;", ">")]:
        text = text.replace(entity, character)
    return text.replace("&amp;", "&")


@pytest.fixture
def signal(partner_organisation):
    signal = SignalFactory(
        title='Wachttijd "intake" <b>taal</b> & meer',
        level=Level.SCHAKEL,
        status=Status.IN_PROGRESS,
        addressed_to=partner_organisation,
        raised_by=UserFactory(organisation=OrganisationFactory(kind="gemeente")),
    )
    # 23:30 UTC on 2 March is 00:30 on 3 March in Amsterdam; the term
    # ended at the start of 1 October 2026 (Amsterdam): overdue.
    Signal.objects.filter(pk=signal.pk).update(
        created_at=datetime.datetime(2026, 3, 2, 23, 30, tzinfo=datetime.UTC),
        due_at=datetime.datetime(2026, 9, 30, 22, 30, tzinfo=datetime.UTC),
    )
    other_cop = CommunityFactory()
    for _ in range(2):
        RecognitionFactory(
            signal=signal,
            community=other_cop,
            user=UserFactory(organisation=OrganisationFactory(kind="gemeente")),
        )
    return signal


def test_a_row_shows_the_signal_escaped_with_local_dates_and_counts(
    client, moderator, signal
):
    sign_in(client, moderator)
    page = client.get(reverse("signals:signal_list")).text
    assert "<b>taal</b>" not in page
    start = page.rindex("<tr", 0, page.index(TITLE_HTML))
    assert (
        f'<a class="utrecht-link" href="'
        f'{reverse("signals:signal_detail", args=[signal.pk])}">{TITLE_HTML}</a>'
    ) in page[start:]
    assert _row_text(page) == (
        'Wachttijd "intake" <b>taal</b> & meer '
        "3 maart 2026 · gericht aan Ministerie van SZW "
        f"{signal.community.name} schakelniveau in behandeling te laat "
        "1 Okt 2026 2 CoP's, 3 gemeenten 2 herkenningen"
    )


def test_a_row_in_english_with_the_readers_own_mark(client, deelnemer, signal):
    RecognitionFactory(
        signal=signal,
        user=deelnemer,
        community=deelnemer.memberships.get().community,
    )
    sign_in(client, deelnemer)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("signals:signal_list")).text
    assert '<html lang="en"' in page
    row = _row_text(page)
    assert "3 March 2026 · addressed to Ministerie van SZW" in row
    assert "you marked: speelt bij ons ook" in row
    assert "1 Oct 2026" in row
    assert "3 recognitions" in row


@pytest.mark.parametrize("language", ["nl", "en"])
def test_state_label_names_status_and_closure_as_the_choices_do(language):
    """The state column (site table and admin) reads the labels through the
    choice enums: the same words as get_status_display, for every status and
    closure and for a value that is none of them."""
    from django.utils import translation

    from signals.models import Closure

    with translation.override(language):
        for status in [*Status.values, "onbekend"]:
            for closure in ["", *Closure.values, "onbekend"]:
                signal = Signal(status=status, closure=closure)
                expected = signal.get_status_display()
                if closure:
                    expected += f" ({signal.get_closure_display()})"
                assert signal.state_label == expected
        # The workflow's Dutch terms, in both languages (DOMAIN.md).
        merged = Signal(status=Status.CLOSED, closure=Closure.MERGED)
        assert merged.state_label == "gesloten (samengevoegd)"

"""Similar signals first (issue 10): before raising a signal a member sees the
open and answered signals that look like it, and can mark one "speelt bij ons
ook" instead of raising a duplicate. The moderator's merge form lists the
most alike first, and a session's page lists the signals raised from it."""

import pytest
from django.db import connection
from django.urls import reverse

from signals import selectors
from signals.forms import MergeForm, similar_checked_token
from signals.models import Closure, Level, Recognition, Signal, Status
from tests.factories import MembershipFactory, SessionFactory
from tests.signals.factories import SignalFactory

pytestmark = pytest.mark.django_db

TITLE = "Energiebedrijven weigeren betalingen namens inburgeraars"
DESCRIPTION = (
    "Gemeenten betalen de vaste lasten van inburgeraars in het eerste half "
    "jaar. Energiebedrijven weigeren die betalingen omdat de rekening niet op "
    "naam van de gemeente staat."
)


@pytest.fixture(autouse=True)
def _time_enough(monkeypatch):
    """The lists are ranked here, not timed: on a loaded machine (CI runs two
    test workers beside PostgreSQL) the first full-text statement of a
    connection can pass the 200 ms a page allows, and a cancelled way would
    change the order these tests check. The limit has a test of its own."""
    monkeypatch.setattr(selectors, "SIMILAR_TIMEOUT_MS", 10_000)


def test_a_way_past_its_time_limit_gives_no_candidates(monkeypatch):
    monkeypatch.setattr(selectors, "SIMILAR_TIMEOUT_MS", 50)

    def slow(cursor):
        cursor.execute("SELECT pg_sleep(2)")
        return [1, 2, 3]

    assert selectors._within_time(slow) == []
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)


@pytest.fixture
def original(other_community, theme):
    """An open signal of another CoP, about energy bills."""
    return SignalFactory(
        community=other_community,
        title=TITLE,
        description=DESCRIPTION,
        status=Status.IN_PROGRESS,
        themes=[theme],
    )


@pytest.fixture
def unrelated(other_community):
    return SignalFactory(
        community=other_community,
        title="Te weinig werkervaringsplekken in de zorg",
        description="Werkgevers in de zorg bieden geen plekken voor taalleerders.",
    )


def _form(community, theme, **changes):
    data = {
        "community": community.pk,
        "title": "Energiebedrijven weigeren betaling van de gemeente",
        "description": "Het energiebedrijf neemt geen betalingen aan namens "
        "onze inburgeraars.",
        "themes": [theme.pk],
    }
    data.update(changes)
    return data


# --- What is found ---------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "description"),
    [
        # Typing errors in the title.
        ("Energiebedrijfen weigren betalingen", ""),
        # The same problem in other words and other word forms.
        (
            "Leveranciers van stroom accepteren geen geld van de gemeente",
            "Het energiebedrijf weigert de betaling namens een inburgeraar.",
        ),
    ],
    ids=["typos", "reworded"],
)
def test_near_duplicate_is_found(deelnemer, original, unrelated, title, description):
    found = selectors.similar_signals(
        user=deelnemer, title=title, description=description
    )
    assert [signal.pk for signal in found] == [original.pk]


def test_unrelated_text_finds_nothing(deelnemer, original):
    found = selectors.similar_signals(
        user=deelnemer,
        title="Fietsles voor vrouwen in de zomer",
        description="Wij zoeken vrijwilligers die fietsles willen geven.",
    )
    assert found == []


def test_closed_rejected_and_merged_signals_are_not_offered(deelnemer, other_community):
    answered = SignalFactory(
        community=other_community,
        title=TITLE,
        description=DESCRIPTION,
        status=Status.ANSWERED,
    )
    for closure in Closure:
        SignalFactory(
            community=other_community,
            title=TITLE,
            description=DESCRIPTION,
            status=Status.CLOSED,
            closure=closure,
            merged_into=answered if closure == Closure.MERGED else None,
        )
    found = selectors.similar_signals(user=deelnemer, title=TITLE)
    assert [signal.pk for signal in found] == [answered.pk]


def test_a_ketenpartner_finds_only_what_was_addressed_to_them(
    partner, partner_organisation, other_community
):
    addressed = SignalFactory(
        community=other_community,
        title=TITLE,
        level=Level.SCHAKEL,
        status=Status.IN_PROGRESS,
        addressed_to=partner_organisation,
    )
    SignalFactory(community=other_community, title=TITLE)
    found = selectors.similar_signals(user=partner, title=TITLE)
    assert [signal.pk for signal in found] == [addressed.pk]


def test_people_without_signals_find_nothing(outsider, expert, original):
    for person in (outsider, expert):
        assert selectors.similar_signals(user=person, title=TITLE) == []


@pytest.mark.parametrize(
    ("title", "description"),
    [
        ("x" * 100_000, "ü" * 200_000),
        ("de het een en of", "van de het voor"),
        ("''' & | ! <-> :*", "') OR 1=1 --; DROP TABLE signals_signal"),
        ("\U0001f600 \u200b \u0301 ﷽", "נקודה 漢字 \ufeff"),
        ("ab", ""),
        ("", ""),
        ("a\x00b", "c\x00d"),
    ],
    ids=[
        "very-long",
        "stop-words",
        "tsquery-syntax",
        "unicode",
        "short",
        "empty",
        "nul",
    ],
)
def test_hostile_text_finds_nothing_and_breaks_nothing(
    deelnemer, original, title, description
):
    found = selectors.similar_signals(
        user=deelnemer, title=title, description=description
    )
    assert original not in found


# --- The new-signal form without JavaScript --------------------------------


def test_check_step_lists_similar_signals_and_keeps_what_was_written(
    client_as, community, theme, original
):
    data = _form(community, theme, step="check")
    response = client_as("deelnemer").post(reverse("signals:signal_create"), data)
    assert response.status_code == 200
    assert "Vergelijkbare signalen" in response.text
    assert original.title in response.text
    assert reverse("signals:signal_recognise", args=[original.pk]) in response.text
    # What was typed is still there, and the form is not judged yet.
    assert data["title"] in response.text
    assert "Het formulier is niet opgeslagen" not in response.text
    assert not Signal.objects.filter(community=community).exists()


def test_raising_stops_once_to_show_similar_signals(
    client_as, community, theme, original
):
    client = client_as("deelnemer")
    url = reverse("signals:signal_create")
    first = client.post(url, _form(community, theme))
    assert first.status_code == 200
    assert original.title in first.text
    assert "Toch indienen" in first.text
    assert not Signal.objects.filter(community=community).exists()
    # "Toch indienen": the form now carries the fingerprint of the checked text.
    token = first.context["similar_checked"]
    second = client.post(url, {**_form(community, theme), "similar_checked": token})
    raised = Signal.objects.get(community=community)
    assert second.status_code == 302
    assert second.url == raised.get_absolute_url()


def test_a_changed_text_is_checked_again(client_as, community, theme, original):
    token = similar_checked_token("Iets heel anders", "Over iets anders.")
    response = client_as("deelnemer").post(
        reverse("signals:signal_create"),
        {**_form(community, theme), "similar_checked": token},
    )
    assert response.status_code == 200
    assert original.title in response.text
    assert not Signal.objects.filter(community=community).exists()


def test_without_similar_signals_raising_goes_straight_on(
    client_as, community, theme, unrelated
):
    response = client_as("deelnemer").post(
        reverse("signals:signal_create"), _form(community, theme)
    )
    assert response.status_code == 302
    assert Signal.objects.filter(community=community).count() == 1


def test_invalid_form_is_judged_before_any_check(client_as, community, original):
    response = client_as("deelnemer").post(
        reverse("signals:signal_create"),
        {"community": community.pk, "title": TITLE, "description": ""},
    )
    assert response.status_code == 200
    assert "Het formulier is niet opgeslagen" in response.text
    assert not Signal.objects.filter(community=community).exists()


def test_recognising_from_the_candidates_raises_no_new_signal(
    client_as, deelnemer, community, theme, original
):
    client = client_as("deelnemer")
    # The candidate's button submits the whole signal form to its formaction.
    response = client.post(
        reverse("signals:signal_recognise", args=[original.pk]),
        {**_form(community, theme), "action": "add"},
    )
    assert response.status_code == 302
    assert response.url == original.get_absolute_url()
    assert Recognition.objects.filter(signal=original, user=deelnemer).exists()
    assert Signal.objects.count() == 1
    # Once marked, the candidate says so instead of offering the button again.
    page = client.post(
        reverse("signals:signal_create"), _form(community, theme, step="check")
    )
    assert "door u gemarkeerd: speelt bij ons ook" in page.text
    assert reverse("signals:signal_recognise", args=[original.pk]) not in page.text


@pytest.mark.parametrize(
    "text",
    ["x" * 100_000, "de het een", "'&|!:* <-> \\", "漢字 \U0001f600 \u0301"],
    ids=["very-long", "stop-words", "tsquery-syntax", "unicode"],
)
def test_check_step_survives_hostile_text(client_as, community, theme, text):
    response = client_as("deelnemer").post(
        reverse("signals:signal_create"),
        _form(community, theme, title=text, description=text, step="check"),
    )
    assert response.status_code == 200


# --- The endpoint the script asks ------------------------------------------


def test_endpoint_returns_the_list_for_a_member(client_as, original):
    response = client_as("deelnemer").post(
        reverse("signals:signal_similar"), {"title": TITLE, "description": ""}
    )
    assert response.status_code == 200
    assert "<html" not in response.text
    assert original.title in response.text
    assert similar_checked_token(TITLE, "") in response.text


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("outsider", 403),
        ("expert", 403),
        ("moderator", 403),
        ("partner", 403),
    ],
)
def test_endpoint_refuses_who_may_not_raise_signals(client_as, original, role, status):
    response = client_as(role).post(reverse("signals:signal_similar"), {"title": TITLE})
    assert response.status_code == status
    assert original.title not in response.text


def test_endpoint_answers_only_post(client_as):
    response = client_as("deelnemer").get(
        reverse("signals:signal_similar"), {"title": TITLE}
    )
    assert response.status_code == 405


def test_endpoint_survives_hostile_text(client_as, original):
    response = client_as("deelnemer").post(
        reverse("signals:signal_similar"),
        {"title": "x" * 300_000, "description": "' & | ! \U0001f600 de het"},
    )
    assert response.status_code == 200


def test_form_page_loads_the_script_from_static_not_inline(client_as):
    html = client_as("deelnemer").get(reverse("signals:signal_create")).text
    assert 'src="/static/js/similar-signals.js"' in html
    assert reverse("signals:signal_similar") in html
    assert "<script>" not in html


# --- The moderator's merge form --------------------------------------------


def test_merge_form_lists_the_most_alike_first(community, other_community):
    signal = SignalFactory(
        community=community,
        title=TITLE,
        description=DESCRIPTION,
        status=Status.IN_PROGRESS,
    )
    newest_unrelated = SignalFactory(
        community=other_community, title="Fietsles in de zomer", description="Fiets."
    )
    somewhat = SignalFactory(
        community=other_community,
        title="Betalingen van vaste lasten komen terug",
        description="Energiebedrijven sturen betalingen van de gemeente terug.",
    )
    closest = SignalFactory(
        community=other_community,
        title="Energiebedrijven weigeren betalingen",
        description=DESCRIPTION,
    )
    SignalFactory(community=other_community, title="Nog een fietsles", description="")
    choices = [
        pk for pk, _label in MergeForm(signal=signal).fields["target"].choices if pk
    ]
    assert choices[:2] == [closest.pk, somewhat.pk]
    assert newest_unrelated.pk in choices
    assert signal.pk not in choices


# --- A session's page --------------------------------------------------------


def test_session_page_lists_its_signals_as_far_as_the_reader_may_see(
    client_as, community, other_community, session
):
    from_session = SignalFactory(
        community=community, session=session, title="Uit de bijeenkomst"
    )
    rejected = SignalFactory(
        community=community,
        session=session,
        title="Afgewezen uit de bijeenkomst",
        status=Status.CLOSED,
        closure=Closure.REJECTED,
    )
    SignalFactory(community=community, title="Niet uit de bijeenkomst")
    url = session.get_absolute_url()

    own = client_as("deelnemer").get(url).text
    assert "Signalen uit deze bijeenkomst" in own
    assert from_session.get_absolute_url() in own
    # Their own CoP's rejected signal stays visible to its members.
    assert rejected.get_absolute_url() in own
    assert "Niet uit de bijeenkomst" not in own

    MembershipFactory(community=other_community)
    other = client_as("other_trekker").get(url).text
    assert from_session.get_absolute_url() in other
    assert rejected.get_absolute_url() not in other

    for role in ("anonymous", "outsider", "expert"):
        page = client_as(role).get(url).text
        assert "Signalen uit deze bijeenkomst" not in page
        assert from_session.title not in page


def test_session_without_signals_shows_no_signal_section(client_as, session):
    page = client_as("deelnemer").get(session.get_absolute_url()).text
    assert "Signalen uit deze bijeenkomst" not in page


def test_session_page_of_another_session_lists_none_of_these(client_as, session):
    SignalFactory(community=session.community, session=session, title="Van de eerste")
    second = SessionFactory(community=session.community, slug="tweede")
    page = client_as("deelnemer").get(second.get_absolute_url()).text
    assert "Van de eerste" not in page


# --- Speed at national scale ----------------------------------------------


def test_candidates_come_from_the_indexes(community, moderator):
    """The full-text candidates must come from the GIN index by bitmap, each
    way bounded, and the closest titles from the GiST index in distance
    order (a k-nearest-neighbour scan, no sort of every match): never a scan
    of every signal. The figures at 500,000 signals are in the lead's note."""
    words = ["inkoop", "leerroute", "taal", "huur", "zorg", "werk", "toets"]
    Signal.objects.bulk_create(
        Signal(
            title=f"Knelpunt {i} over {words[i % len(words)]}",
            description=" ".join(words[(i + j) % len(words)] for j in range(60)),
            community=community,
            status=Status.NEW,
        )
        for i in range(3000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE signals_signal")
    ids, _rank_by = selectors.similar_text_query(
        title="Energiebedrijven weigeren betalingen",
        description="Het energiebedrijf weigert de betaling aan de leerroute.",
    )
    plan = selectors._within_time(lambda cursor: ids.explain(), gin_only=True)
    assert plan.count("Bitmap Index Scan on signal_similar_fts") == 3, plan
    # The settings that forced it do not outlive the candidates.
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('enable_seqscan')")
        assert cursor.fetchone() == ("on",)
    assert "Seq Scan" not in plan, plan
    # The closest titles: a k-nearest-neighbour scan that stops early, under
    # the planner's own settings.
    plan = selectors.close_title_query("ENERGIEBEDRIJVEN WEIGEREN").explain()
    assert "Index Scan using signal_title_similar_gist" in plan, plan
    assert "Sort" not in plan, plan

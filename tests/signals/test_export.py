"""The signalenrapportage, parsed back with the csv module and openpyxl."""

import csv
import datetime
import io

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from signals import services
from signals.export import escape_cell
from signals.models import Level
from tests.conftest import sign_in
from tests.factories import ThemeFactory
from tests.signals.factories import SignalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def report_data(community, theme, moderator, partner_organisation, other_deelnemer):
    with time_machine.travel(datetime.datetime(2026, 3, 2, 10, tzinfo=datetime.UTC)):
        answered = services.signal_submit(
            actor=community.memberships.create(
                user=moderator, organisation=moderator.organisation
            ).user,
            community=community,
            title='=HYPERLINK("http://example.org")',
            description="Een knelpunt.",
            themes=[theme],
        )
        services.recognition_add(actor=other_deelnemer, signal=answered)
        services.signal_accept(actor=moderator, signal=answered)
        services.signal_escalate(
            actor=moderator,
            signal=answered,
            tried="Geprobeerd.",
            reason="Landelijk.",
            addressed_to=partner_organisation,
        )
        services.signal_respond(
            actor=moderator, signal=answered, answer="-Het antwoord van SZW."
        )
    other_theme = ThemeFactory()
    with time_machine.travel(datetime.datetime(2026, 3, 5, 10, tzinfo=datetime.UTC)):
        other = SignalFactory(community=community, themes=[other_theme])
        services.signal_accept(actor=moderator, signal=other)
    with time_machine.travel(datetime.datetime(2025, 1, 5, 10, tzinfo=datetime.UTC)):
        old = SignalFactory(community=community, themes=[theme])
        services.signal_accept(actor=moderator, signal=old)
    return answered, other, old, other_theme


def _get(client, **params):
    base = {"start": "2026-03-01", "end": "2026-03-31"}
    return client.get(reverse("signals:signal_export"), {**base, **params})


def test_csv_holds_the_signals_of_the_period_and_filter(
    client, moderator, report_data, theme
):
    answered, other, old, _other_theme = report_data
    sign_in(client, moderator)
    response = _get(client, file_format="csv", themes=[theme.pk])
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    text = response.getvalue().decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text), delimiter=";"))
    header, rows = table[0], table[1:]
    assert header[:3] == ["Nummer", "Titel", "CoP"]
    assert [int(row[0]) for row in rows] == [answered.pk]
    row = dict(zip(header, rows[0], strict=True))
    # Formulas are escaped, so a spreadsheet shows them as text.
    assert row["Titel"] == '\'=HYPERLINK("http://example.org")'
    assert row["Antwoord"] == "'-Het antwoord van SZW."
    assert row["Niveau"] == "schakelniveau"
    assert row["Status"] == "beantwoord"
    assert row["Herkenningen"] == "1"
    assert row["CoP's"] == "2"
    assert row["Ingediend"].startswith("2026-03-02")
    assert row["Opgeschaald"].startswith("2026-03-02")
    assert row["Gericht aan"] == "Ministerie van SZW"


def test_xlsx_filters_by_level(client, moderator, report_data):
    answered, other, old, _other_theme = report_data
    sign_in(client, moderator)
    response = _get(client, file_format="xlsx", levels=[Level.UITVOERING])
    workbook = load_workbook(io.BytesIO(response.getvalue()))
    sheet = workbook.active
    values = list(sheet.iter_rows(values_only=True))
    assert [row[0] for row in values[1:]] == [other.pk]
    response = _get(client, file_format="xlsx")
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    rows = list(sheet.iter_rows(values_only=True))[1:]
    assert sorted(row[0] for row in rows) == sorted([answered.pk, other.pk])
    title = next(row[1] for row in rows if row[0] == answered.pk)
    # Stored as text, not as a formula.
    assert title.startswith("'=")
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


@pytest.mark.parametrize("role", ["deelnemer", "trekker", "partner"])
def test_only_moderators_export(client, request, role):
    sign_in(client, request.getfixturevalue(role))
    assert _get(client, file_format="csv").status_code == 403


def test_anonymous_is_sent_to_sign_in(client):
    response = _get(client, file_format="csv")
    assert response.status_code == 302


def test_bad_period_is_a_form_error(client, moderator):
    sign_in(client, moderator)
    response = _get(client, start="2026-04-01", end="2026-03-01", file_format="csv")
    assert response.status_code == 200
    assert "Het einde van de periode moet na het begin liggen." in response.text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+31", "'+31"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("gewoon", "gewoon"),
        (5, 5),
    ],
)
def test_escape_cell(value, expected):
    assert escape_cell(value) == expected


def test_control_characters_are_dropped_so_the_xlsx_is_written():
    from openpyxl import Workbook

    cell = escape_cell("Regel\x0bmet\x00stuurtekens\x1f")
    assert cell == "Regelmetstuurtekens"
    Workbook().active.append([cell])


def test_xlsx_export_with_a_control_character_in_a_title(client, moderator):
    with time_machine.travel(datetime.datetime(2026, 3, 2, 10, tzinfo=datetime.UTC)):
        signal = SignalFactory(title="Knelpunt\x0bmet verticale tab")
        services.signal_accept(actor=moderator, signal=signal)
    sign_in(client, moderator)
    response = _get(client, file_format="xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    assert sheet.cell(row=2, column=2).value == "Knelpuntmet verticale tab"


def test_export_streams_in_chunks_with_the_counts_of_the_lists(
    client, moderator, community, theme, monkeypatch
):
    """A year of signals must not sit in memory: the CSV is streamed, read
    CHUNK signals at a time with a fixed number of queries per chunk, and its
    counts are those the signal pages show."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from signals import export
    from signals.models import Signal
    from tests.factories import CommunityFactory, MembershipFactory
    from tests.signals.factories import RecognitionFactory

    monkeypatch.setattr(export, "CHUNK", 2)
    signals = [SignalFactory(community=community, themes=[theme]) for _ in range(5)]
    for signal in signals:  # an event today puts it in today's report
        services.signal_accept(actor=moderator, signal=signal)
    elsewhere = CommunityFactory()
    for _ in range(2):
        member = MembershipFactory(community=elsewhere).user
        RecognitionFactory(
            signal=signals[0],
            user=member,
            community=elsewhere,
            organisation=member.organisation,
        )
    sign_in(client, moderator)
    today = timezone.localdate().isoformat()
    with CaptureQueriesContext(connection) as queries:
        response = _get(client, start=today, end=today, file_format="csv")
        text = response.getvalue().decode("utf-8-sig")
    assert response.streaming
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))[1:]
    assert [int(row[0]) for row in rows] == [signal.pk for signal in signals]
    expected = Signal.objects.get(pk=signals[0].pk)
    assert [int(cell) for cell in rows[0][8:11]] == [
        expected.recognition_count,
        expected.community_count,
        expected.gemeente_count,
    ]
    # Three chunks of at most two signals (and an empty fourth read), four
    # queries each (the counts are the signal's own columns), plus the
    # session and the user: never one per signal.
    assert len(queries) <= 2 + 3 * 4 + 1


def _xlsx(client, moderator, **params):
    sign_in(client, moderator)
    response = _get(client, file_format="xlsx", **params)
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.getvalue())).active


def test_xlsx_dates_are_dates_in_dutch_time_not_text(client, moderator, report_data):
    answered, *_rest = report_data
    sheet = _xlsx(client, moderator)
    header = [cell.value for cell in sheet[1]]
    row = next(row for row in sheet.iter_rows(min_row=2) if row[0].value == answered.pk)
    cells = dict(zip(header, row, strict=True))
    submitted = cells["Ingediend"]
    assert submitted.is_date
    assert isinstance(submitted.value, datetime.datetime)
    # 10:00 UTC on 2 March is 11:00 in Amsterdam.
    # A spreadsheet cell holds Dutch local time, without a zone.
    assert submitted.value == datetime.datetime(2026, 3, 2, 11, 0)  # noqa: DTZ001
    assert submitted.number_format == "dd-mm-yyyy hh:mm"
    assert cells["Opgeschaald"].is_date
    # A step not taken is an empty cell, not an empty text.
    assert cells["Gesloten met terugkoppeling"].value is None
    assert cells["Nummer"].data_type == "n"
    assert cells["Herkenningen"].value == 1


def test_xlsx_step_taken_twice_shows_the_latest_and_lists_both(client, moderator):
    with time_machine.travel(datetime.datetime(2026, 3, 2, 10, tzinfo=datetime.UTC)):
        signal = SignalFactory()
        services.signal_accept(actor=moderator, signal=signal)
        services.signal_reject(actor=moderator, signal=signal, reason="Dubbel.")
    with time_machine.travel(datetime.datetime(2026, 3, 9, 10, tzinfo=datetime.UTC)):
        services.signal_reopen(actor=moderator, signal=signal, reason="Toch niet.")
        services.signal_reject(actor=moderator, signal=signal, reason="Wel dubbel.")
    sheet = _xlsx(client, moderator)
    header = [cell.value for cell in sheet[1]]
    rejected = sheet.cell(row=2, column=header.index("Afgewezen") + 1)
    assert rejected.value == datetime.datetime(2026, 3, 9, 11, 0)  # noqa: DTZ001
    assert "2026-03-02 11:00" in rejected.comment.text
    assert "2026-03-09 11:00" in rejected.comment.text


def test_xlsx_header_is_frozen_filtered_bold_and_columns_are_wide_enough(
    client, moderator, report_data
):
    sheet = _xlsx(client, moderator)
    assert sheet.freeze_panes == "A2"
    last_column = sheet.cell(row=1, column=sheet.max_column).column_letter
    assert sheet.auto_filter.ref == f"A1:{last_column}{sheet.max_row}"
    assert sheet.max_row == 3  # the header and the two signals of March
    assert all(cell.font.bold for cell in sheet[1])
    widths = {
        sheet.cell(row=1, column=number).value: sheet.column_dimensions[
            sheet.cell(row=1, column=number).column_letter
        ].width
        for number in range(1, sheet.max_column + 1)
    }
    assert all(width and width >= 10 for width in widths.values()), widths
    assert widths["Titel"] >= 50
    assert widths["Antwoord"] >= 50
    assert widths["Ingediend"] >= len("dd-mm-yyyy hh:mm")


def test_xlsx_of_an_empty_period_still_has_its_header_and_filter(client, moderator):
    sheet = _xlsx(client, moderator, start="2030-01-01", end="2030-01-31")
    assert sheet.max_row == 1
    assert sheet.auto_filter.ref.endswith("1")
    assert sheet.freeze_panes == "A2"


def test_csv_keeps_its_bom_semicolons_and_dates_as_text(client, moderator, report_data):
    sign_in(client, moderator)
    body = _get(client, file_format="csv").getvalue()
    assert body.startswith("\ufeff".encode())
    header = body.decode("utf-8-sig").splitlines()[0]
    assert header.startswith("Nummer;Titel;CoP;")
    table = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    row = dict(zip(table[0], table[1], strict=True))
    assert row["Ingediend"] == "2026-03-02 11:00"

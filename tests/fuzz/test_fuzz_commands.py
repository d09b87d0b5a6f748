"""The portal's own management commands and what they accept (issue 8).

Today the only one, load_demo, takes no arguments: arbitrary arguments must be
refused before it touches the database. A command that starts to take user
input fails test_commands_that_take_arguments_are_fuzzed by name until it has
a fuzz test here and is listed in FUZZED.
"""

import pytest
from django.core.management import (
    CommandError,
    call_command,
    get_commands,
    load_command_class,
)
from hypothesis import given
from hypothesis import strategies as st

from .harness import EXAMPLES, changed_tables, fuzz_settings, snapshot
from .strategies import TEXT

pytestmark = pytest.mark.django_db

PORTAL_APPS = ("cop_portal", "communities", "knowledge", "signals")
# Commands with arguments of their own and the test that fuzzes them.
FUZZED: dict[str, str] = {
    "reindex_search": "test_a_batch_size_is_a_whole_number_of_at_least_one",
    "rerender_markdown": "test_a_batch_size_is_a_whole_number_of_at_least_one",
    "send_weekly_digest": "test_a_digest_week_is_an_iso_week_or_refused",
}
# What every command's parser offers (verbosity, settings, traceback, ...).
BASE_OPTIONS = {
    "help",
    "version",
    "verbosity",
    "settings",
    "pythonpath",
    "traceback",
    "no_color",
    "force_color",
    "skip_checks",
}


def portal_commands() -> dict[str, list[str]]:
    """name -> the arguments it defines itself, for the portal's commands."""
    commands = {}
    for name, app in get_commands().items():
        if app in PORTAL_APPS:
            parser = load_command_class(app, name).create_parser("manage.py", name)
            commands[name] = [
                action.dest
                for action in parser._actions
                if action.dest not in BASE_OPTIONS
            ]
    return commands


def test_the_walk_finds_the_portal_commands():
    assert "load_demo" in portal_commands()


def test_commands_that_take_arguments_are_fuzzed():
    unfuzzed = [
        f"{name} ({', '.join(arguments)})"
        for name, arguments in portal_commands().items()
        if arguments and name not in FUZZED
    ]
    assert not unfuzzed, (
        "These commands take input the fuzzer does not send; add a test to "
        "tests/fuzz/test_fuzz_commands.py and list it in FUZZED: " + ", ".join(unfuzzed)
    )


@pytest.mark.parametrize(
    "name", sorted(name for name, args in portal_commands().items() if not args)
)
def test_a_command_without_arguments_refuses_any_and_changes_nothing(name):
    @fuzz_settings(EXAMPLES)
    @given(
        arguments=st.lists(
            st.one_of(TEXT, st.sampled_from(["--force", "-x", "--", "--scale=9"])),
            min_size=1,
            max_size=3,
        ).filter(lambda args: any(a.strip() for a in args))
    )
    def run(arguments):
        before = snapshot()
        with pytest.raises(CommandError):
            call_command(name, *arguments)
        assert not changed_tables(before, snapshot())

    run()


@pytest.mark.parametrize("name", ["reindex_search", "rerender_markdown"])
def test_a_batch_size_is_a_whole_number_of_at_least_one(name):
    @fuzz_settings(EXAMPLES)
    @given(
        value=st.one_of(
            TEXT,
            st.integers(min_value=-(2**70), max_value=2**70).map(str),
            st.sampled_from(["0", "-1", "1.5", "1e3", "", " 7", "٣"]),
        )
    )
    def run(value):
        try:
            size = int(value)
        except ValueError:
            size = None
        if size is not None and size >= 1:
            call_command(name, f"--batch-size={value}", verbosity=0)
            return
        before = snapshot()
        with pytest.raises(CommandError):
            call_command(name, f"--batch-size={value}", verbosity=0)
        assert not changed_tables(before, snapshot())

    run()


def test_a_digest_week_is_an_iso_week_or_refused():
    from cop_portal.digest import Week

    @fuzz_settings(EXAMPLES)
    @given(
        value=st.one_of(
            TEXT,
            st.sampled_from(
                ["2026-W47", "2026-W53", "2026-W00", "0-W1", "99999-W1", "2026W47"]
            ),
            st.integers(min_value=-(2**70), max_value=2**70).map(
                lambda n: f"{n}-W{abs(n) % 60}"
            ),
        )
    )
    def run(value):
        try:
            Week.parse(value)
        except ValueError:
            before = snapshot()
            with pytest.raises(CommandError):
                call_command("send_weekly_digest", f"--week={value}", verbosity=0)
            assert not changed_tables(before, snapshot())
            return
        call_command("send_weekly_digest", f"--week={value}", verbosity=0)

    run()

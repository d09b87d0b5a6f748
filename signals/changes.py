"""How a signal changed, in words a person may read: the lines that tell
someone whose form went stale what happened meanwhile, on the site and in
the admin alike, naming people only to those who may see names."""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from cop_portal.roles import is_moderator

from . import selectors, services, workflow
from .models import Signal, SignalEvent
from .permissions import is_cop_member


def sees_names(user) -> bool:
    """Moderators and CoP members see who acted on a signal by name; a
    ketenpartner sees the organisation or role only (DOMAIN.md: they see
    nothing else of the signals)."""
    return is_moderator(user) or is_cop_member(user)


def person_label(person, *, show_names: bool) -> str:
    """Who acted, as the reader may see it: the name, else the organisation
    or the role. Never the e-mail address, not even as a fallback for a
    missing name."""
    if person is None:
        return ""
    if show_names and (name := person.get_full_name().strip()):
        return name
    if person.organisation_id:
        return person.organisation.name
    if is_moderator(person):
        return str(_("moderator"))
    if getattr(person, "is_chain_partner", False):
        return str(_("ketenpartner"))
    return str(_("deelnemer"))


def change_line(event: SignalEvent, *, show_names: bool) -> str:
    """One event as a sentence: "Afgewezen door Jan de Vries op 24 november
    2026, 14:03 (naar schakelniveau, gesloten)"."""
    what = capfirst(event.get_kind_display())
    if event.kind == "edit" and event.reason:
        # A correction's reason names the fields it changed, never their text.
        what = f"{what} ({event.reason})"
    return _("%(what)s by %(who)s on %(when)s (to %(level)s, %(status)s).") % {
        "what": what,
        "who": person_label(event.actor, show_names=show_names),
        "when": date_format(timezone.localtime(event.created_at), "j F Y, H:i"),
        "level": event.get_to_level_display(),
        "status": event.get_to_status_display(),
    }


def change_lines(events, *, user) -> list[str]:
    show_names = sees_names(user)
    return [change_line(event, show_names=show_names) for event in events]


@dataclass(frozen=True)
class Conflict:
    """What a person whose form went stale needs to know and can do."""

    changes: list[str]
    # The step of the stale form can still be taken, on the current version.
    still_possible: bool
    # Why it can no longer be taken, when it cannot.
    refusal: str
    # Every step this person can take now, as (name, label).
    now: list[tuple[str, str]]


def conflict(*, user, signal: Signal, name: str, opened_on: int) -> Conflict:
    """The changes since `opened_on` of `signal` (as it is now) in words,
    whether the step `name` is still possible for this person, and which
    steps are."""
    available = workflow.available(user, signal)
    still_possible = any(transition.name == name for transition in available)
    if still_possible:
        refusal = ""
    elif not workflow.may(user, name, signal):
        refusal = _("You can no longer do this with this signal.")
    else:
        refusal = str(services.wrong_state(name, signal).message)
    return Conflict(
        changes=change_lines(
            selectors.signal_changes_since(signal=signal, version=opened_on),
            user=user,
        ),
        still_possible=still_possible,
        refusal=refusal,
        now=[(transition.name, transition.label) for transition in available],
    )

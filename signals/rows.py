"""The rows of the signals table, as HTML (see signal_tags.signal_table_rows
for why in Python). Every value is escaped by cop_portal.escaping.escaped."""

from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS, MONTHS_3
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext_lazy

from cop_portal.escaping import escaped

_ROW = (
    '<tr class="utrecht-table__row">'
    '<th class="utrecht-table__cell" scope="row">'
    '<a class="utrecht-link" href="{}">{}</a><br>'
    '<span class="portal-meta">{}{}{}</span></th>'
    '<td class="utrecht-table__cell">{}</td>'
    '<td class="utrecht-table__cell">{}</td>'
    '<td class="utrecht-table__cell">{}{}</td>'
    '<td class="utrecht-table__cell">{}</td>'
    '<td class="utrecht-table__cell">{}, {}<br>'
    '<span class="portal-meta">{}</span></td>'
    "</tr>\n"
)


def _day(value, months, zone) -> str:
    """'3 maart 2026': the date in the portal's time zone, as the template
    filters `date:"j F Y"` and `date:"j M Y"` wrote it."""
    local = value.astimezone(zone)
    return f"{local.day} {months[local.month]} {local.year}"


def _translated(text: str, **values) -> SafeString:
    """A translation with its values escaped and the text itself trusted, as
    {% blocktranslate %} writes it."""
    escaped = {name: conditional_escape(value) for name, value in values.items()}
    return mark_safe(text % escaped)  # noqa: S308 - our own catalogue's text


class _Words:
    """Translations looked up once per distinct value within one table: a
    choice label through get_FOO_display hashes every translated choice on
    each call, and every gettext call asks for the active language."""

    def __init__(self):
        self._known = {}

    def once(self, key, make):
        try:
            return self._known[key]
        except KeyError:
            value = self._known[key] = make()
            return value

    def counted(self, phrase, counter: int) -> SafeString:
        """One of the _COUNTED phrases for a number (a whole number: nothing
        to escape)."""
        return self.once(
            (id(phrase), counter),
            lambda: mark_safe(phrase % {"counter": int(counter)}),  # noqa: S308
        )


# Lazy, so that makemessages finds them and each is translated per number.
_COPS = ngettext_lazy("%(counter)s CoP", "%(counter)s CoP's", "counter")
_GEMEENTEN = ngettext_lazy("%(counter)s gemeente", "%(counter)s gemeenten", "counter")
_RECOGNITIONS = ngettext_lazy(
    "%(counter)s recognition", "%(counter)s recognitions", "counter"
)


# A signal's address: the URL of an example with its number swapped, rather
# than resolving the pattern for every row.
_EXAMPLE_PK = 1234567890


def signal_table_rows(signals, *, recognised) -> SafeString:
    # What is the same for every row is looked up once.
    head, tail = reverse("signals:signal_detail", args=[_EXAMPLE_PK]).split(
        str(_EXAMPLE_PK)
    )
    long_months = {number: str(name) for number, name in MONTHS.items()}
    # Django's "M" is the three-letter month with a capital.
    short_months = {number: str(name).title() for number, name in MONTHS_3.items()}
    marked = format_html(
        " · <strong>{}</strong>", gettext("you marked: speelt bij ons ook")
    )
    overdue = format_html(
        ' <span class="utrecht-badge-status portal-signal-badge '
        'portal-signal-badge--overdue">{}</span>',
        gettext("overdue"),
    )
    zone = timezone.get_current_timezone()
    addressed_to = " · " + gettext("addressed to %(name)s")
    words = _Words()
    rows = []
    for signal in signals:
        cells = (
            f"{head}{signal.pk}{tail}",
            signal.title,
            _day(signal.created_at, long_months, zone),
            _translated(addressed_to, name=signal.addressed_to.name)
            if signal.addressed_to_id
            else "",
            marked if signal.pk in recognised else "",
            signal.community.name,
            words.once(("level", signal.level), signal.get_level_display),
            words.once(
                ("state", signal.status, signal.closure),
                lambda signal=signal: signal.state_label,
            ),
            overdue if signal.is_overdue else "",
            _day(signal.due_at, short_months, zone) if signal.due_at else "–",
            words.counted(_COPS, signal.community_count),
            words.counted(_GEMEENTEN, signal.gemeente_count),
            words.counted(_RECOGNITIONS, signal.recognition_count),
        )
        rows.append(_ROW.format(*map(escaped, cells)))
    return mark_safe("".join(rows))  # noqa: S308 - each value through escaped

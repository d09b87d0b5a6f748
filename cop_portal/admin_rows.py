"""The rows of an admin changelist, written with what stays the same for
every row worked out once per page.

Django's `items_for_result` resolves each cell's field, builds the choice
labels of a field, reverses the change URL and parses it back to keep the
filters (`add_preserved_filters`) again for every cell or row: 50 signals
took 16-23 ms of a request's 33 ms, and 34-37 ms with a filter. The markup
is Django's own, cell for cell (tests/test_admin_rows.py compares the two
on every changelist a moderator uses). Lists this module does not know how
to write (editable lists, pop-ups, a `to_field`) go through Django's code.
"""

import contextlib
import datetime

from django.contrib.admin.templatetags.admin_list import (
    ResultList,
    _coerce_field_name,
    results,
)
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import (
    display_for_field,
    display_for_value,
    get_fields_from_path,
    lookup_field,
    quote,
)
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db import models
from django.urls import NoReverseMatch
from django.utils.dateformat import re_escaped, re_formatchars
from django.utils.dates import MONTHS, MONTHS_3
from django.utils.formats import get_format
from django.utils.safestring import mark_safe
from django.utils.timezone import get_current_timezone, is_aware

from .escaping import escaped

# A primary key no URL pattern contains: replaced by each row's own.
_PK = "0ROWPK0"


def datetime_writer(format_string: str):
    """A function that writes a datetime as django.utils.dateformat.format(
    value, format_string) does, for the letters of day, month, year, hour,
    minute and second; None when the format has any other letter. Django's
    formatter calls a method per letter and translates the month name anew
    for every value: 100 datetime cells took 8-12 ms of a changelist."""
    months = {number: str(name) for number, name in MONTHS.items()}
    # Django's "M" is the three-letter month with a capital.
    months_3 = {number: str(name).title() for number, name in MONTHS_3.items()}
    letters = {
        "d": lambda value: f"{value.day:02d}",
        "j": lambda value: str(value.day),
        "m": lambda value: f"{value.month:02d}",
        "n": lambda value: str(value.month),
        "F": lambda value: months[value.month],
        "M": lambda value: months_3[value.month],
        "Y": lambda value: f"{value.year:04d}",
        "y": lambda value: f"{value.year % 100:02d}",
        "G": lambda value: str(value.hour),
        "H": lambda value: f"{value.hour:02d}",
        "i": lambda value: f"{value.minute:02d}",
        "s": lambda value: f"{value.second:02d}",
    }
    pieces = []
    # Split as Django splits it: a letter after a backslash is text.
    for index, piece in enumerate(re_formatchars.split(str(format_string))):
        if index % 2:
            if piece not in letters:
                return None
            pieces.append(letters[piece])
        elif piece:
            pieces.append(re_escaped.sub(r"\1", piece))

    def write(value) -> str:
        return "".join(
            piece if isinstance(piece, str) else piece(value) for piece in pieces
        )

    return write


class _Column:
    """One column of list_display: how its cell is found and written."""

    def __init__(self, cl, index: int, name):
        admin = cl.model_admin
        self.name = name
        self.empty = admin.get_empty_value_display()
        self.field = None
        self.method = None
        self.classes = [f"field-{_coerce_field_name(name, index)}"]
        if isinstance(name, str) and not callable(name):
            try:
                field = cl.lookup_opts.get_field(name)
            except FieldDoesNotExist:
                field = None
            # Only a column Django reads as a plain field: not a relation's
            # column name ("community_id"), a generic or reverse relation.
            if field is not None and field.concrete and field.name == name:
                self.field = field
            elif field is None and (
                "__" not in name
                and name != "__str__"
                and callable(getattr(admin, name, None))
            ):
                self.method = getattr(admin, name)
        self.choices = None
        self.related = {}
        if self.field is not None:
            if getattr(self.field, "flatchoices", None):
                # Escaped once per page: a lazy label is translated again on
                # every use.
                try:
                    self.choices = {
                        value: escaped(label) for value, label in self.field.flatchoices
                    }
                except TypeError:
                    self.choices = None
            if isinstance(
                self.field, (models.DateField, models.TimeField, models.ForeignKey)
            ):
                self.classes.append("nowrap")
        # A datetime in the active language's DATETIME_FORMAT, as
        # display_for_field writes it, where datetime_writer knows the format.
        self.moment = (
            datetime_writer(get_format("DATETIME_FORMAT"))
            if isinstance(self.field, models.DateTimeField)
            else None
        )
        # Read once: the active zone sits in asgiref's Local, costly to ask
        # for each cell.
        self.zone = get_current_timezone() if self.moment is not None else None
        if name == "action_checkbox":
            self.classes = ["action-checkbox"]
        self.boolean = getattr(self.method, "boolean", False)
        self.empty = getattr(self.method, "empty_value_display", self.empty)
        # Cells whose few values repeat down the page (a yes/no icon with its
        # static URL, a small number localised) are written once per value.
        self.repeats = (
            {}
            if self.boolean
            or isinstance(self.field, (models.BooleanField, models.IntegerField))
            else None
        )

    def cell(self, cl, result, *, link: bool) -> tuple[str, list[str]]:
        """The cell's content and its classes."""
        field = self.field
        if field is not None:
            value = getattr(result, field.attname if field.is_relation else self.name)
            if field.is_relation:
                if value is None:
                    return escaped(self.empty), self.classes
                # The same CoP or organisation on many rows: written once.
                try:
                    return self.related[value], self.classes
                except KeyError:
                    shown = escaped(getattr(result, self.name))
                    self.related[value] = shown
                    return shown, self.classes
            if self.choices is not None:
                try:
                    return self.choices[value], self.classes
                except (KeyError, TypeError):
                    return escaped(self.empty), self.classes
            if self.repeats is not None and value in self.repeats:
                return self.repeats[value], self.classes
            if self.moment is not None and isinstance(value, datetime.datetime):
                # In the active zone, as template_localtime puts an aware
                # value; a naive one is shown as it is.
                local = value.astimezone(self.zone) if is_aware(value) else value
                return escaped(self.moment(local)), self.classes
            shown = escaped(
                display_for_field(value, field, self.empty, avoid_link=link)
            )
            if self.repeats is not None:
                self.repeats[value] = shown
            return shown, self.classes
        if self.method is None:
            return self._looked_up(cl, result, link=link)
        value = self.method(result)
        if self.repeats is not None and type(value) in (bool, type(None)):
            if value not in self.repeats:
                self.repeats[value] = escaped(
                    display_for_value(value, self.empty, self.boolean)
                )
            return self.repeats[value], self.classes
        shown = escaped(display_for_value(value, self.empty, self.boolean))
        if isinstance(value, (datetime.date, datetime.time)):
            return shown, [*self.classes, "nowrap"]
        return shown, self.classes

    def _looked_up(self, cl, result, *, link: bool):
        """Any other column (a model attribute, a path across relations), as
        items_for_result works it out."""
        try:
            field, attr, value = lookup_field(self.name, result, cl.model_admin)
        except ObjectDoesNotExist:
            return escaped(self.empty), self.classes
        empty = getattr(attr, "empty_value_display", self.empty)
        if field is None and isinstance(self.name, str) and "__" in self.name:
            with contextlib.suppress(FieldDoesNotExist):
                field = get_fields_from_path(cl.model, self.name)[-1]
        classes = list(self.classes)
        if field is None or field.auto_created:
            boolean = getattr(attr, "boolean", False)
            if isinstance(attr, property) and hasattr(attr, "fget"):
                boolean = getattr(attr.fget, "boolean", False)
            if isinstance(value, (datetime.date, datetime.time)):
                classes.append("nowrap")
            return escaped(display_for_value(value, empty, boolean)), classes
        if isinstance(field.remote_field, models.ManyToOneRel):
            shown = empty if value is None else value
        else:
            shown = display_for_field(value, field, empty, avoid_link=link)
        if isinstance(field, (models.DateField, models.TimeField, models.ForeignKey)):
            classes.append("nowrap")
        return escaped(shown), classes


def _writes_itself(cl) -> bool:
    return not (cl.formset or cl.is_popup or cl.to_field)


def quick_results(cl) -> list[ResultList]:
    """The rows of the changelist's page, each as one piece of HTML, or
    Django's own cells where this module does not write them."""
    if not _writes_itself(cl):
        return list(results(cl))
    columns = [_Column(cl, index, name) for index, name in enumerate(cl.list_display)]
    links = cl.list_display_links
    pk_attname = cl.lookup_opts.pk.attname
    url = None
    if cl.result_list:
        # Reversed and given the preserved filters once; each row's key
        # goes into the same string.
        try:
            url = str(
                add_preserved_filters(
                    {"preserved_filters": cl.preserved_filters, "opts": cl.opts},
                    cl.url_for_result(_WithKey(cl.result_list[0], pk_attname)),
                )
            )
        except NoReverseMatch:
            url = None
    rows = []
    for result in cl.result_list:
        parts = []
        first = True
        for column in columns:
            link = _links(links, first, column.name)
            shown, classes = column.cell(cl, result, link=link)
            row_class = f' class="{" ".join(classes)}"'
            if not link:
                parts.append(f"<td{row_class}>{shown}</td>")
                continue
            tag = "th" if first else "td"
            first = False
            if url is not None:
                key = str(quote(getattr(result, pk_attname)))
                href = escaped(url.replace(_PK, key))
                shown = f'<a href="{href}">{shown}</a>'
            parts.append(f"<{tag}{row_class}>{shown}</{tag}>")
        # Each part is escaped above.
        rows.append(ResultList(None, [mark_safe("".join(parts))]))  # noqa: S308
    return rows


def _links(links, first: bool, name) -> bool:
    if links is None:
        return False
    if first and not links:
        return True
    return name in links


class _WithKey:
    """A stand-in for a row whose primary key is the placeholder, for
    reversing the change URL once."""

    def __init__(self, result, pk_attname: str):
        self._result = result
        self._pk_attname = pk_attname

    def __getattr__(self, name):
        if name == self._pk_attname or name == "pk":
            return _PK
        return getattr(self._result, name)

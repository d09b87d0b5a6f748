"""Pieces every app's admin shares. Moderators work in the admin every day, so
it keeps the rules the site keeps: it writes through the same services, and a
refusal is shown on the form, never a 500 (docs/rules.md)."""

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.text import smart_split, unescape_string_literal
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .escaping import escaped
from .exceptions import DomainError, NotAllowedError, refusal_text
from .forms import add_refusal
from .writing import advise


class _KnownKeysOnly:
    """Django's autocomplete widgets look up the submitted keys to show them
    again when the form has errors. A key that is no key of the model (a
    forged POST: "abc" for an organisation) made that lookup raise, a 500
    instead of the form's own "select a valid choice"; it is left out."""

    def optgroups(self, name, value, attr=None):
        remote = self.field.remote_field
        options = remote.model._meta
        field_name = getattr(remote, "field_name", None)
        target = options.get_field(field_name) if field_name else options.pk
        known = []
        for key in value:
            try:
                target.to_python(key)
            except ValidationError:
                continue
            known.append(key)
        return super().optgroups(name, known, attr)


class _Select(_KnownKeysOnly, AutocompleteSelect):
    pass


class _SelectMultiple(_KnownKeysOnly, AutocompleteSelectMultiple):
    pass


_SAFE_WIDGETS = {
    AutocompleteSelect: _Select,
    AutocompleteSelectMultiple: _SelectMultiple,
}


class SafeAutocomplete:
    """For every ModelAdmin and inline with autocomplete_fields (tests/fuzz/
    test_fuzz_admin.py checks that each has it): its autocomplete widgets
    survive keys that are not keys."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return _safe(super().formfield_for_foreignkey(db_field, request, **kwargs))

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        return _safe(super().formfield_for_manytomany(db_field, request, **kwargs))


def _safe(formfield):
    widget = getattr(formfield, "widget", None)
    safe = _SAFE_WIDGETS.get(type(widget))
    if safe is not None:
        formfield.widget = safe(
            widget.field, widget.admin_site, attrs=widget.attrs, using=widget.db
        )
        formfield.widget.choices = widget.choices
    return formfield


class LabelledTabularInline(admin.TabularInline):
    """A tabular inline whose fields have an accessible name: Django names
    the columns in the table head but gives the inputs in the rows no label,
    so a screen reader announced "combobox" or "checkbox" and nothing more
    (axe: label, select-name). Each input is named after its column."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and formfield.label:
            formfield.widget.attrs.setdefault("aria-label", str(formfield.label))
        return formfield

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)

        class Labelled(formset):
            def add_fields(self, form, index):
                super().add_fields(form, index)
                if "DELETE" in form.fields:
                    form.fields["DELETE"].widget.attrs["aria-label"] = _("Delete")

        Labelled.__name__ = formset.__name__
        return Labelled


class ReadOnlyInline(admin.TabularInline):
    """Records shown beside an object (history, answers, reviews): read,
    never added, changed or deleted here."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class QuickRowCheckbox:
    """The changelist's row checkbox written out directly. Django renders it
    through the form widget templates, once per row: a third of the time a
    page of 50 signals took to render. The markup is the same."""

    def action_checkbox(self, obj):
        # As format_html would write it (the translated label is trusted,
        # the object escaped), without its lazy-text checks on each value.
        label = gettext("Select this object for an action - {}").format(escaped(obj))
        return mark_safe(  # noqa: S308 - every value escaped
            f'<input type="checkbox" name="{ACTION_CHECKBOX_NAME}"'
            f' value="{escaped(obj.pk)}" class="action-select"'
            f' aria-label="{label}">'
        )


class RecordAdmin(QuickRowCheckbox, admin.ModelAdmin):
    """A list of records (reviews, versions, events): read, never edited."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ServiceAdmin(QuickRowCheckbox, admin.ModelAdmin):
    """A ModelAdmin whose save_model, save_formset and delete_model call
    services. When a service refuses while saving, Django's transaction around
    the change form rolls everything back, and the same POST is shown again
    with the refusal on the form: the moderator keeps what they typed and
    nothing is saved. A refusal of rights stays a 403.
    """

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except NotAllowedError:
            raise
        except (DomainError, ValidationError) as error:
            if request.method != "POST" or hasattr(request, "_service_refusal"):
                raise
            # Django's atomic block has rolled the save back; validate the same
            # POST again, now with the refusal as a form error.
            request._service_refusal = error
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        refusal = getattr(request, "_service_refusal", None)
        if refusal is None:
            return form_class

        class RefusedForm(form_class):
            def clean(self):
                cleaned = super().clean()
                add_refusal(self, refusal)
                return cleaned

        RefusedForm.__name__ = form_class.__name__
        return RefusedForm

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except NotAllowedError:
            raise
        except (DomainError, ValidationError) as error:
            from django.contrib import messages
            from django.shortcuts import redirect

            from .exceptions import refusal_text

            self.message_user(request, refusal_text(error), messages.ERROR)
            return redirect(request.path.rsplit("/delete/", 1)[0] + "/change/")


class CappedPaginator(Paginator):
    """Counts no further than `cap` rows: at national scale a changelist's
    COUNT(*) over half a million signals cost more than the page itself. A
    moderator who has more than `cap` results narrows the search or filter."""

    cap = 10_000

    @cached_property
    def count(self):
        return self.object_list.order_by().values("pk")[: self.cap].count()


class NameFilter(admin.SimpleListFilter):
    """A list filter typed in, for choices that grow with the country (CoP's,
    organisations): hundreds of links would make the page heavy and
    unusable. Subclasses set title, parameter_name and lookup."""

    template = "admin/name_filter.html"
    lookup = ""

    def lookups(self, request, model_admin):
        # SimpleListFilter shows itself only with at least one choice.
        return [("", "")]

    def queryset(self, request, queryset):
        value = (self.value() or "").strip()[:200]
        if value:
            return queryset.filter(**{self.lookup: value})
        return queryset

    def choices(self, changelist):
        yield {
            "value": self.value() or "",
            "parameter_name": self.parameter_name,
            # The other parameters, so typing a name keeps the other filters.
            "others": _other_parameters(changelist, self.parameter_name),
        }


def _other_parameters(changelist, own: str) -> list[tuple[str, str]]:
    """The changelist's other parameters, so choosing in one filter keeps
    the others (and starts again at the first page)."""
    return [
        (key, value)
        for key, value in changelist.params.items()
        if key not in (own, "p")
        for value in (value if isinstance(value, list) else [value])
    ]


class SelectFilter(admin.SimpleListFilter):
    """A list filter as one labelled dropdown with a button, for choices that
    are too many for a list of links but few enough to choose from (themes,
    regions): the browser's select finds an option by typing its first
    letters, and it works without JavaScript. Subclasses set title,
    parameter_name, lookup (the field compared with the chosen key) and
    options() (pairs of key and name, in the order shown)."""

    template = "admin/select_filter.html"
    lookup = ""

    def options(self) -> list[tuple[str, str]]:
        raise NotImplementedError

    def lookups(self, request, model_admin):
        self._options = [(str(key), str(name)) for key, name in self.options()]
        return self._options

    def queryset(self, request, queryset):
        value = (self.value() or "").strip()
        if value and value in dict(self._options):
            return queryset.filter(**{self.lookup: value})
        return queryset

    def choices(self, changelist):
        yield {
            "value": self.value() or "",
            "parameter_name": self.parameter_name,
            "options": self._options,
            "others": _other_parameters(changelist, self.parameter_name),
        }


def apply_to_each(modeladmin, request, objects, change, *, done_message) -> int:
    """An admin action through a service: change(obj) for each selected row.
    A refusal is an error message that names the row and leaves it as it
    was; the rows that changed are counted in one success message
    (done_message(count) gives its text). Returns that count."""
    done = 0
    for obj in objects:
        try:
            change(obj)
        except (DomainError, ValidationError) as error:
            modeladmin.message_user(
                request, f"{obj}: {refusal_text(error)}", messages.ERROR
            )
        else:
            done += 1
    if done:
        modeladmin.message_user(request, done_message(done), messages.SUCCESS)
    return done


class PlainLanguageAdvice:
    """The B1 check (cop_portal.writing.advise) of a row's text on its admin
    change page, as the author saw it on the site: list "plain_language" in
    the admin's fields and readonly_fields, and name the checked fields in
    `plain_language_fields` (or override plain_language_texts). Advice only:
    saving is never refused because of it."""

    plain_language_fields: tuple[str, ...] = ()

    def plain_language_texts(self, obj) -> list[str]:
        return [getattr(obj, name) or "" for name in self.plain_language_fields]

    @admin.display(description=_("Language check (B1)"))
    def plain_language(self, obj):
        report = advise(*self.plain_language_texts(obj)) if obj and obj.pk else None
        return render_to_string("admin/plain_language.html", {"report": report})


def search_condition(search_fields, search_term: str) -> Q | None:
    """What Django's admin search filters on, as one condition: every word
    of the term (a quoted phrase as one word) in at least one of the plain
    text fields, case-insensitively (UPPER(column) LIKE UPPER('%word%')).
    None when the term has no words.

    A changelist that needs the condition itself (to read it as a column,
    not only filter on it) builds its search from this."""
    words = []
    for bit in smart_split(search_term):
        if bit.startswith(('"', "'")) and bit[0] == bit[-1]:
            bit = unescape_string_literal(bit)
        if bit:
            words.append(bit)
    if not words:
        return None
    return Q.create(
        [
            Q.create(
                [(f"{field}__icontains", word) for field in search_fields],
                connector=Q.OR,
            )
            for word in words
        ]
    )

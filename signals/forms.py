import hashlib

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from communities.forms import community_filter_field, theme_filter_field
from communities.models import Community, Organisation, Session, Theme
from cop_portal import limits
from cop_portal.exceptions import refusal_text
from cop_portal.forms import StyledFormMixin
from cop_portal.privacy import PrivacyValidator

from . import export, selectors, workflow
from .models import Level, Signal, Status
from .services import SignalChangedError


class SignalFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Search signals"), required=False, max_length=2000)
    level = forms.ChoiceField(
        label=_("Level"),
        choices=[("", _("All levels")), *Level.choices],
        required=False,
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All statuses")), *Status.choices],
        required=False,
    )
    theme = theme_filter_field()
    community = community_filter_field()
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)


class SignalForm(StyledFormMixin, forms.Form):
    """Raise a signal for one of one's own CoP's."""

    community = forms.ModelChoiceField(
        label=_("CoP"),
        queryset=Community.objects.none(),
        empty_label=None,
        error_messages={
            "invalid_choice": _("You can raise a signal for your own CoP's only.")
        },
    )
    title = forms.CharField(
        label=_("Title"), max_length=200, validators=[PrivacyValidator()]
    )
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=limits.TEXT,
        validators=[PrivacyValidator()],
        help_text=_(
            "What happens in practice, what has the gemeente tried, and why "
            "does it not work? Write about practice, never about a person."
        ),
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one theme."),
            "invalid_choice": _("Choose themes from the list: %(value)s is unknown."),
            "invalid_pk_value": _("Choose themes from the list: %(pk)s is unknown."),
        },
    )
    session = forms.ModelChoiceField(
        label=_("Session (optional)"),
        queryset=Session.objects.none(),
        required=False,
        empty_label=_("Not from a session"),
        help_text=_("The session of your CoP where the signal came up."),
        error_messages={"invalid_choice": _("Choose a session of one of your CoP's.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        communities = Community.objects.filter(memberships__user=user).order_by("name")
        self.fields["community"].queryset = communities
        self.fields["session"].queryset = (
            Session.objects.filter(community__in=communities)
            .select_related("community")
            .order_by("-starts_at")
        )
        self.fields["session"].label_from_instance = lambda session: (
            f"{session.community} – {session.title} ({session.starts_at:%d-%m-%Y})"
        )

    def clean(self):
        cleaned = super().clean()
        session, community = cleaned.get("session"), cleaned.get("community")
        if session and community and session.community_id != community.pk:
            self.add_error(
                "session",
                _("Choose a session of the CoP the signal is raised for."),
            )
        return cleaned


def similar_checked_token(title, description) -> str:
    """What the form carries once its writer has seen the similar signals of
    this title and description: a fingerprint of the text, whitespace aside,
    so a changed text is checked again before it is raised."""
    text = "\n".join(" ".join(str(part or "").split()) for part in (title, description))
    return hashlib.sha256(text.encode("utf-8", "replace")).hexdigest()[:32]


def signal_form_initial(data) -> dict:
    """The values of a posted signal form, as the initial values of an unbound
    one: the check for similar signals shows the form again without judging
    fields that are not filled in yet."""

    def text(name):
        return data.get(name, "").replace("\x00", "")

    return {
        "community": text("community"),
        "title": text("title"),
        "description": text("description"),
        "themes": [value.replace("\x00", "") for value in data.getlist("themes")],
        "session": text("session"),
    }


class TransitionForm(StyledFormMixin, forms.Form):
    """The base of every transition form: it carries the version of the
    signal it was opened on, so a stale form is refused."""

    name = ""
    rules = ""
    # Required: without it the service could not tell a stale form.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, signal: Signal | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.signal = signal

    def clean(self):
        cleaned = super().clean()
        # A form opened on an older version is judged against the signal as
        # it is now, whose state may ask other fields: say first that it
        # moved, whatever else fails. The service checks again under its lock.
        version = cleaned.get("version")
        if (
            self.signal is not None
            and version is not None
            and version != self.signal.version
        ):
            self.add_error(None, refusal_text(SignalChangedError()))
        return cleaned

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data


_REASON_WIDGET = forms.Textarea(attrs={"rows": 4})


def _handler_label(user) -> str:
    # A name, never the e-mail address (User.__str__ falls back to it).
    return user.get_full_name().strip() or gettext("moderator %(number)s") % {
        "number": user.pk
    }


class AcceptForm(TransitionForm):
    name = "accept"
    rules = _(
        "Takes a new signal into treatment at its level. Optionally name the "
        "moderator who handles it."
    )
    handler = forms.ModelChoiceField(
        label=_("Handler"),
        queryset=get_user_model().objects.filter(is_moderator=True, is_active=True),
        required=False,
        empty_label=_("Nobody yet"),
        error_messages={"invalid_choice": _("Choose a moderator from the list.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].label_from_instance = _handler_label


class EscalateForm(TransitionForm):
    name = "escalate"
    rules = _(
        "Moves a signal in treatment one level up: from uitvoeringsniveau to "
        "schakelniveau, or from schakelniveau to stelselniveau. Describe what "
        "was tried at this level and why it goes up. At stelselniveau the "
        "signal must be addressed to an organisation; its ketenpartners can "
        "then see and answer it. The response term starts again."
    )
    tried = forms.CharField(
        label=_("What was tried at this level"),
        widget=_REASON_WIDGET,
        max_length=limits.COMMENT,
        validators=[PrivacyValidator()],
    )
    reason = forms.CharField(
        label=_("Why it goes up"),
        widget=_REASON_WIDGET,
        max_length=limits.COMMENT,
        validators=[PrivacyValidator()],
    )
    addressed_to = forms.ModelChoiceField(
        label=_("Addressed to"),
        queryset=Organisation.objects.exclude(kind=Organisation.Kind.GEMEENTE).order_by(
            "name"
        ),
        required=False,
        empty_label=_("No organisation"),
        help_text=_("Required at stelselniveau."),
        error_messages={"invalid_choice": _("Choose an organisation from the list.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        signal = self.signal
        if signal is not None and workflow.next_level(signal.level) == Level.STELSEL:
            self.fields["addressed_to"].required = True
            self.fields["addressed_to"].error_messages["required"] = _(
                "At stelselniveau the signal must be addressed to an organisation."
            )


class RespondForm(TransitionForm):
    name = "respond"
    rules = _(
        "Records the answer to a signal in treatment; it becomes beantwoord. "
        "The members of the source CoP and everyone who recognised the signal "
        "receive the answer by e-mail."
    )
    answer = forms.CharField(
        label=_("Answer"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=limits.TEXT,
        validators=[PrivacyValidator()],
    )


class CloseForm(TransitionForm):
    name = "close"
    rules = _(
        "Closes an answered signal with feedback to practice (teruggekoppeld). "
        "The members of the source CoP and everyone who recognised the signal "
        "receive the feedback by e-mail."
    )
    feedback = forms.CharField(
        label=_("Feedback to practice"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=limits.TEXT,
        validators=[PrivacyValidator()],
    )


class RejectForm(TransitionForm):
    name = "reject"
    rules = _(
        "Closes a new signal or one in treatment as afgewezen. Give the reason; "
        "the source CoP sees it on the signal's page."
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=_REASON_WIDGET,
        max_length=limits.COMMENT,
        validators=[PrivacyValidator()],
    )


class MergeForm(TransitionForm):
    name = "merge"
    rules = _(
        "Closes an open signal as samengevoegd into another open signal about "
        "the same problem. Its recognitions move to that signal, once per "
        "person."
    )
    target = forms.ModelChoiceField(
        label=_("Merge into"),
        queryset=Signal.objects.none(),
        required=False,
        empty_label=_("(another signal: type its number below)"),
        error_messages={
            "invalid_choice": _("Choose an open signal from the list."),
        },
    )
    target_number = forms.IntegerField(
        label=_("Or the number of another open signal"),
        required=False,
        min_value=1,
        max_value=2**63 - 1,
        help_text=_("The number after # on the signal's page."),
    )
    reason = forms.CharField(
        label=_("Reason (optional)"),
        widget=_REASON_WIDGET,
        max_length=limits.COMMENT,
        required=False,
        validators=[PrivacyValidator()],
    )

    # How many signals the list offers: at national scale hundreds of
    # thousands are open, and a page cannot carry them all.
    OFFERED = 20

    def __init__(self, *args, exclude=(), like: Signal | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        targets = Signal.objects.exclude(status=Status.CLOSED).select_related(
            "community"
        )
        excluded = [*exclude, *([self.signal.pk] if self.signal else [])]
        targets = targets.exclude(pk__in=excluded)
        # Any open signal may be the target (a typed number is looked up in
        # the same set); the list offers the signals most like this one, the
        # most alike at the top, then the newest.
        self.targets = targets
        like = like or self.signal
        alike = (
            selectors.similar_signal_ids(among=targets, signal=like, limit=self.OFFERED)
            if like is not None
            else []
        )
        newest = list(
            targets.exclude(pk__in=alike)
            .order_by("-created_at", "-pk")
            .values_list("pk", flat=True)[: self.OFFERED]
        )
        offered = {
            signal.pk: signal for signal in targets.filter(pk__in=[*alike, *newest])
        }
        field = self.fields["target"]
        field.queryset = targets
        field.choices = [("", field.empty_label)] + [
            (pk, f"#{pk} {offered[pk].title} ({offered[pk].community})")
            for pk in [*alike, *newest]
            if pk in offered
        ]

    def clean(self):
        cleaned = super().clean()
        number = cleaned.get("target_number")
        if number is not None:
            target = self.targets.filter(pk=number).first()
            if target is None:
                self.add_error(
                    "target_number",
                    _("There is no open signal with this number to merge into."),
                )
                return cleaned
            cleaned["target"] = target
        elif cleaned.get("target") is None and not self.has_error("target"):
            self.add_error("target", _("Choose the signal to merge into."))
        return cleaned

    def service_arguments(self) -> dict:
        data = super().service_arguments()
        data.pop("target_number", None)
        return data


class ReopenForm(TransitionForm):
    name = "reopen"
    rules = _(
        "Takes a closed signal back into treatment at its level. Give the "
        "reason. A merged signal cannot be reopened."
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=_REASON_WIDGET,
        max_length=limits.COMMENT,
        validators=[PrivacyValidator()],
    )


# One form per transition of the table (tests/signals/test_workflow_shape.py
# checks that none is missing).
TRANSITION_FORMS: dict[str, type[TransitionForm]] = {
    form.name: form
    for form in (
        AcceptForm,
        EscalateForm,
        RespondForm,
        CloseForm,
        RejectForm,
        MergeForm,
        ReopenForm,
    )
}


_PERIOD_WIDGET = forms.DateInput(
    attrs={
        "type": "date",
        "min": limits.EARLIEST_DATE.isoformat(),
        "max": limits.LATEST_DATE.isoformat(),
    },
    format="%Y-%m-%d",
)


class ExportForm(StyledFormMixin, forms.Form):
    """The signalenrapportage for SZW: signals with activity in a period."""

    start = forms.DateField(
        label=_("From"),
        widget=_PERIOD_WIDGET,
        error_messages={"invalid": _("Enter a date as dd-mm-yyyy.")},
        validators=[limits.validate_date_in_range],
    )
    end = forms.DateField(
        label=_("Until"),
        widget=_PERIOD_WIDGET,
        error_messages={"invalid": _("Enter a date as dd-mm-yyyy.")},
        validators=[limits.validate_date_in_range],
    )
    levels = forms.MultipleChoiceField(
        label=_("Levels"),
        choices=Level.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("None chosen: all levels."),
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("None chosen: all themes."),
        error_messages={
            "invalid_choice": _("Choose themes from the list: %(value)s is unknown."),
            "invalid_pk_value": _("Choose themes from the list: %(pk)s is unknown."),
        },
    )
    file_format = forms.ChoiceField(
        label=_("Format"),
        choices=[("xlsx", _("Excel (XLSX)")), ("csv", _("CSV"))],
        widget=forms.RadioSelect,
        initial="xlsx",
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            try:
                export.check_period(start, end)
            except ValidationError as refused:
                self.add_error(None, refused)
        return cleaned

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cop_portal import limits
from cop_portal.forms import StyledFormMixin

from .models import (
    Community,
    Invitation,
    Membership,
    Organisation,
    Region,
    Session,
    Theme,
)


class _ReadAtOnce(forms.models.ModelChoiceIterator):
    """The choices in one query. Django's iterator() opens a server-side
    cursor for them: DECLARE, FETCH and CLOSE, three round trips for thirty
    themes on every list page."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


class _ThemeChoiceField(forms.ModelChoiceField):
    iterator = _ReadAtOnce


def theme_filter_field(queryset=None) -> forms.ModelChoiceField:
    """A theme filter by slug, as every list page of the portal offers it."""
    return _ThemeChoiceField(
        label=_("Theme"),
        queryset=Theme.objects.order_by("name") if queryset is None else queryset,
        to_field_name="slug",
        required=False,
        empty_label=_("All themes"),
        error_messages={"invalid_choice": _("This theme does not exist.")},
    )


class CommunityNameField(forms.Field):
    """A CoP typed by name, for filters: its slug, its name, or words that only
    one CoP's name contains ("rijnmond").

    A select of every CoP grows with the country (405 options made 40 KB of
    each list page); a text box stays a few hundred bytes, works without
    JavaScript and is easier to use with a keyboard or screen reader than a
    list of hundreds. Links keep filtering by slug (?community=<slug>).
    """

    widget = forms.TextInput
    max_length = 200
    # Names listed in the error when the words fit several CoP's.
    shown_matches = 8
    default_error_messages = {
        "too_long": _("Type at most %(limit)d characters."),
        "no_match": _("No CoP's name contains “%(text)s”."),
        "several": _(
            "Several CoP's match “%(text)s”: %(names)s. Type more of the name."
        ),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self._shown = None

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "maxlength": str(self.max_length)}

    def to_python(self, value):
        text = " ".join(str(value or "").split())
        if not text:
            return None
        # PostgreSQL refuses NUL in a query: say so before asking it.
        ProhibitNullCharactersValidator()(text)
        if len(text) > self.max_length:
            raise ValidationError(
                self.error_messages["too_long"],
                code="too_long",
                params={"limit": self.max_length},
            )
        found = _communities_named(text, limit=self.shown_matches)
        if len(found) == 1:
            # Show the CoP's name in the box, also when a link gave its slug.
            self._shown = (text, found[0].name)
            return found[0]
        if not found:
            raise ValidationError(
                self.error_messages["no_match"],
                code="no_match",
                params={"text": text},
            )
        names = ", ".join(match.name for match in found[: self.shown_matches])
        if len(found) > self.shown_matches:
            names += ", …"
        raise ValidationError(
            self.error_messages["several"],
            code="several",
            params={"text": text, "names": names},
        )

    def prepare_value(self, value):
        if self._shown and " ".join(str(value or "").split()) == self._shown[0]:
            return self._shown[1]
        return value


def _communities_named(text: str, *, limit: int) -> list[Community]:
    """The CoP whose slug or name is `text`; else the CoP's whose name contains
    every word of it, by name, at most limit + 1."""
    exact = list(Community.objects.filter(Q(slug=text) | Q(name__iexact=text))[:2])
    if exact:
        return [next((c for c in exact if c.slug == text), exact[0])]
    # Words without a letter or digit (a dash typed for "–") match nothing.
    words = [word for word in text.split() if any(ch.isalnum() for ch in word)]
    if not words:
        return []
    matches = Community.objects.all()
    for word in words:
        matches = matches.filter(name__icontains=word)
    return list(matches.order_by("name")[: limit + 1])


def community_filter_field(label=None) -> CommunityNameField:
    """A CoP filter for the sessions, signals and knowledge lists."""
    return CommunityNameField(
        label=label or _("CoP"),
        help_text=_("(Part of) its name, for example Rijnmond."),
    )


class CommunityFilterForm(StyledFormMixin, forms.Form):
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=_("All regions"),
        error_messages={"invalid_choice": _("This region does not exist.")},
    )
    theme = theme_filter_field(Theme.objects.none())

    def __init__(self, *args, regions, themes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions
        self.fields["theme"].queryset = themes


class SessionFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Search sessions"), required=False, max_length=2000)
    community = community_filter_field()
    theme = theme_filter_field()


class MembershipAddForm(StyledFormMixin, forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("The address the person signs in with."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.order_by("name"),
        help_text=_("The organisation the person takes part for."),
        error_messages={"invalid_choice": _("Choose an organisation from the list.")},
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Membership.Role.choices,
        initial=Membership.Role.DEELNEMER,
        required=False,
        error_messages={"invalid_choice": _("Choose a role from the list.")},
    )

    def __init__(self, *args, may_appoint_trekker: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_appoint_trekker:
            del self.fields["role"]


class MemberChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        organisation = getattr(obj, "membership_organisation", "")
        return f"{obj} ({organisation})" if organisation else str(obj)


class SessionForm(StyledFormMixin, forms.Form):
    """The fields of a session as a trekker fills them in: one date with a
    start and end time, since a CoP meets within a day."""

    title = forms.CharField(label=_("Title"), max_length=200)
    date = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(
            attrs={
                "type": "date",
                "min": limits.EARLIEST_DATE.isoformat(),
                "max": limits.LATEST_DATE.isoformat(),
            },
            format="%Y-%m-%d",
        ),
        error_messages={"invalid": _("Enter a date as dd-mm-yyyy.")},
        validators=[limits.validate_date_in_range],
    )
    start_time = forms.TimeField(
        label=_("Start time"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": _("Enter a time as hh:mm.")},
    )
    end_time = forms.TimeField(
        label=_("End time"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": _("Enter a time as hh:mm.")},
    )
    location = forms.CharField(
        label=_("Place"),
        max_length=300,
        required=False,
        help_text=_("Address or room. Fill in a place, an online link, or both."),
    )
    online_url = forms.URLField(
        label=_("Online link"),
        required=False,
        assume_scheme="https",
        help_text=_("The link participants use to join online."),
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={
            "invalid_choice": _("Choose themes from the list: %(value)s is unknown."),
            "invalid_pk_value": _("Choose themes from the list: %(pk)s is unknown."),
        },
    )
    agenda = forms.CharField(
        label=_("Agenda"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=limits.COMMENT,
    )
    attendees = MemberChoiceField(
        label=_("Attendees (members of this CoP)"),
        queryset=get_user_model().objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={
            "invalid_choice": _("Only members of this CoP can be listed as attendees."),
            "invalid_pk_value": _(
                "Only members of this CoP can be listed as attendees."
            ),
        },
    )
    guest_organisations = forms.ModelMultipleChoiceField(
        label=_("Guest organisations"),
        queryset=Organisation.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Organisations that joined as guests, e.g. to present."),
        error_messages={
            "invalid_choice": _(
                "Choose organisations from the list: %(value)s is unknown."
            ),
            "invalid_pk_value": _(
                "Choose organisations from the list: %(pk)s is unknown."
            ),
        },
    )
    report = forms.CharField(
        label=_("Report (verslag)"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        max_length=limits.REPORT,
        help_text=_(
            "Visible to members only. Write about practice, never about a person."
        ),
    )
    outcome_own = forms.CharField(
        label=_("Step 1: what can the gemeente do itself?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=limits.COMMENT,
    )
    outcome_chain = forms.CharField(
        label=_("Step 2: what can it do together with a partner in the chain?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=limits.COMMENT,
    )
    outcome_other_party = forms.CharField(
        label=_("Step 3: which other party can help find the answer?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=limits.COMMENT,
    )

    def __init__(self, *args, community: Community, **kwargs):
        super().__init__(*args, **kwargs)
        self.community = community
        members = (
            get_user_model()
            .objects.filter(memberships__community=community)
            .order_by("last_name", "first_name", "email")
        )
        self.fields["attendees"].queryset = members.annotate(
            membership_organisation=F("memberships__organisation__name")
        )

    @classmethod
    def initial_for(cls, session: Session) -> dict:
        local_start = timezone.localtime(session.starts_at)
        local_end = timezone.localtime(session.ends_at)
        return {
            "title": session.title,
            "date": local_start.date(),
            "start_time": local_start.time(),
            "end_time": local_end.time(),
            "location": session.location,
            "online_url": session.online_url,
            "themes": list(session.themes.all()),
            "agenda": session.agenda,
            "attendees": list(session.attendees.all()),
            "guest_organisations": list(session.guest_organisations.all()),
            "report": session.report,
            "outcome_own": session.outcome_own,
            "outcome_chain": session.outcome_chain,
            "outcome_other_party": session.outcome_other_party,
        }

    def clean(self):
        cleaned = super().clean()
        date = cleaned.get("date")
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if date and start and end:
            if end <= start:
                self.add_error(
                    "end_time", _("The end time must be after the start time.")
                )
            else:
                zone = timezone.get_current_timezone()
                cleaned["starts_at"] = datetime.datetime.combine(date, start, zone)
                cleaned["ends_at"] = datetime.datetime.combine(date, end, zone)
        no_place = not cleaned.get("location") and not cleaned.get("online_url")
        if no_place and not (
            self.has_error("location") or self.has_error("online_url")
        ):
            self.add_error(
                "location", _("Fill in a place or an online link (or both).")
            )
        return cleaned

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
            "location": data["location"],
            "online_url": data["online_url"],
            "agenda": data["agenda"],
            "report": data["report"],
            "outcome_own": data["outcome_own"],
            "outcome_chain": data["outcome_chain"],
            "outcome_other_party": data["outcome_other_party"],
            "themes": list(data["themes"]),
            "attendees": list(data["attendees"]),
            "guest_organisations": list(data["guest_organisations"]),
        }


class InvitationAcceptForm(StyledFormMixin, forms.Form):
    """A new person's name and password, chosen on the invitation's page.
    The password rules are Django's validators, run by invitation_accept."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters; not a common or only-digits password."),
    )
    password2 = forms.CharField(
        label=_("Password (again)"),
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords are not the same."))
        return cleaned


class InvitationAdminForm(forms.ModelForm):
    """The admin's add form: what the moderator chooses; invitation_create
    does the rest (token, dates, the e-mail)."""

    class Meta:
        model = Invitation
        fields = ["email", "role", "community", "organisation"]

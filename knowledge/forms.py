from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from taggit.forms import TagField

from communities.forms import community_filter_field, theme_filter_field
from communities.models import Community, Session, Theme
from cop_portal import limits
from cop_portal.forms import StyledFormMixin

from .models import KnowledgeProduct
from .services import check_tags


class ProductFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=2000)
    theme = theme_filter_field()
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", _("All kinds")), *KnowledgeProduct.Kind.choices],
        required=False,
    )
    cop = community_filter_field()
    tag = forms.SlugField(label=_("Tag"), required=False, max_length=100)
    scope = forms.ChoiceField(
        label=_("Scope"),
        choices=[("", _("National and regional")), *KnowledgeProduct.Scope.choices],
        required=False,
    )
    year = forms.TypedChoiceField(
        label=_("Year"), coerce=int, required=False, empty_value=None, choices=[]
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        choices=[("relevance", _("relevance")), ("newest", _("newest first"))],
        required=False,
    )

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years"))] + [
            (year, str(year)) for year in years
        ]

    def show_facets(self, facets) -> None:
        """Put each value's count (knowledge.facets) in its option's label:
        "handreiking (12)". Read aloud with the option, without JavaScript."""
        # The facets read every theme already: the select need not again.
        # Without counts (a search with no word to look for) it reads its own.
        if facets.themes:
            self.fields["theme"].choices = [
                ("", self.fields["theme"].empty_label),
                *(
                    (value.value, _counted(value.label, value))
                    for value in facets.themes
                ),
            ]
        for name, values in (
            ("kind", facets.kinds),
            ("scope", facets.scopes),
            ("year", facets.years),
        ):
            counted = {value.value: value for value in values}
            self.fields[name].choices = [
                (
                    key,
                    _counted(label, counted[str(key)])
                    if str(key) in counted
                    else label,
                )
                for key, label in self.fields[name].choices
            ]


def _counted(label, value) -> str:
    if value.count is None:
        # Not counted within the time budget (knowledge.facets).
        return label
    return _("%(label)s (%(count)s)") % {"label": label, "count": value.shown_count}


class ProductForm(StyledFormMixin, forms.Form):
    """A concept as a communitytrekker writes it."""

    community = forms.ModelChoiceField(
        label=_("Source CoP"), queryset=Community.objects.none(), empty_label=None
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=KnowledgeProduct.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=limits.SUMMARY,
        help_text=_("Two or three sentences shown in lists."),
    )
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 14}),
        max_length=limits.BODY,
        required=False,
        help_text=_(
            "Markdown: **bold**, *italic*, ## heading, - list, [link](https://…). "
            "Never write about a person."
        ),
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    tags = TagField(
        label=_("Tags"),
        required=False,
        help_text=_("Separated by commas, e.g. ontheffing, Argonaut."),
    )
    sessions = forms.ModelMultipleChoiceField(
        label=_("Sessions it came from"),
        queryset=Session.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={
            "invalid_choice": _("Only sessions of the source CoP can be linked."),
        },
    )
    scope = forms.ChoiceField(
        label=_("Scope"),
        choices=KnowledgeProduct.Scope.choices,
        widget=forms.RadioSelect,
    )
    visibility = forms.ChoiceField(
        label=_("Visibility"),
        choices=KnowledgeProduct.Visibility.choices,
        widget=forms.RadioSelect,
        help_text=_("Members only: not shown to visitors who are not signed in."),
    )

    def __init__(self, *args, communities, product=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities
        if product is not None:
            # The source CoP of an existing product does not change.
            del self.fields["community"]
            community_ids = [product.community_id]
        else:
            community_ids = list(communities.values_list("pk", flat=True))
        self.fields["sessions"].queryset = (
            Session.objects.filter(community__in=community_ids)
            .select_related("community")
            .order_by("-starts_at")
        )

    def clean_tags(self):
        tags = self.cleaned_data.get("tags") or []
        try:
            check_tags(tags)
        except ValidationError as error:
            raise forms.ValidationError(error.message_dict["tags"]) from None
        return tags

    @staticmethod
    def initial_for(product: KnowledgeProduct) -> dict:
        return {
            "kind": product.kind,
            "title": product.title,
            "summary": product.summary,
            "body": product.body,
            "themes": list(product.themes.all()),
            "tags": list(product.tags.all()),
            "sessions": list(product.sessions.all()),
            "scope": product.scope,
            "visibility": product.visibility,
        }

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        data["themes"] = list(data["themes"])
        data["sessions"] = list(data["sessions"])
        data["tags"] = list(data.get("tags") or [])
        return data


class ReviewForm(StyledFormMixin, forms.Form):
    comment = forms.CharField(
        label=_("Comment for the communitytrekker"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=limits.COMMENT,
        help_text=_("Required when you request changes."),
    )
    # How many steps the product had taken when the page was opened: a step
    # taken by someone else meanwhile makes this one "changed meanwhile".
    steps = forms.IntegerField(
        required=False, min_value=0, max_value=2**31 - 1, widget=forms.HiddenInput
    )


class AttachmentForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label=_("File"), help_text=_("PDF, PNG or JPEG, at most 20 MB.")
    )
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    alt_text = forms.CharField(
        label=_("Text alternative"),
        max_length=300,
        required=False,
        help_text=_(
            "Required for an image: what it shows, for those who cannot see it."
        ),
    )


class QuestionForm(StyledFormMixin, forms.Form):
    theme = forms.ModelChoiceField(
        label=_("Theme"), queryset=Theme.objects.order_by("name")
    )
    question = forms.CharField(label=_("Question"), max_length=300)
    answer = forms.CharField(
        label=_("Answer"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=limits.TEXT,
        help_text=_("Markdown."),
    )

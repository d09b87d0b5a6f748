from django import forms
from django.contrib import admin
from django.utils.translation import ngettext

from communities.admin import CommunityFilter, ThemeFilter
from cop_portal.admin_tools import (
    CappedPaginator,
    PlainLanguageAdvice,
    ReadOnlyInline,
    RecordAdmin,
    SafeAutocomplete,
    ServiceAdmin,
    apply_to_each,
)

from . import services
from .models import (
    Attachment,
    KnowledgeProduct,
    PublishedVersion,
    QuestionAnswer,
    Review,
    StatusChange,
    Synonym,
)
from .workflow import MODERATOR, WORKFLOW


class QuestionAnswerInline(SafeAutocomplete, admin.StackedInline):
    """The questions of a Q&A concept, written through question_add,
    question_update and question_remove. Shown only for a Q&A."""

    model = QuestionAnswer
    extra = 0
    fields = ["theme", "question", "answer"]
    autocomplete_fields = ["theme"]

    def _editable(self, obj):
        return obj is not None and services.is_editable(obj)

    def has_add_permission(self, request, obj=None):
        return self._editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(obj) and super().has_delete_permission(request, obj)


class AttachmentInline(ReadOnlyInline):
    model = Attachment
    fields = ["title", "original_name", "content_type", "size", "alt_text"]
    readonly_fields = fields


class ReviewInline(ReadOnlyInline):
    model = Review
    fields = ["created_at", "reviewer", "decision", "comment"]
    readonly_fields = fields


class StatusChangeInline(ReadOnlyInline):
    model = StatusChange
    fields = ["created_at", "actor", "from_status", "to_status", "comment"]
    readonly_fields = fields


class PublishedVersionInline(ReadOnlyInline):
    model = PublishedVersion
    fields = ["number", "title", "published_at", "published_by"]
    readonly_fields = fields
    show_change_link = True


def _transition_action(transition):
    name = transition.name

    def action(modeladmin, request, queryset):
        apply_to_each(
            modeladmin,
            request,
            queryset,
            lambda product: services.product_transition(
                actor=request.user, product=product, name=name
            ),
            done_message=lambda count: (
                ngettext(
                    "%(count)d kennisproduct changed.",
                    "%(count)d kennisproducten changed.",
                    count,
                )
                % {"count": count}
            ),
        )

    action.__name__ = f"action_{name}"
    action.short_description = transition.label
    return action


class KnowledgeProductAdminForm(forms.ModelForm):
    """The fields a moderator edits; product_update checks them (a refusal
    comes back onto this form through ServiceAdmin)."""

    class Meta:
        model = KnowledgeProduct
        fields = [
            "title",
            "kind",
            "summary",
            "body",
            "themes",
            "tags",
            "sessions",
            "scope",
            "visibility",
            "authors",
        ]


@admin.register(KnowledgeProduct)
class KnowledgeProductAdmin(PlainLanguageAdvice, SafeAutocomplete, ServiceAdmin):
    """Status changes only through the actions, and edits of a concept through
    product_update, the services the site uses; the content of anything but a
    concept is read-only here. The slug and the source CoP are set when the
    concept is drafted (the slug avoids the app's own paths) and, as on the
    site, not changed afterwards."""

    form = KnowledgeProductAdminForm

    list_display = [
        "title",
        "kind",
        "community",
        "status",
        "visibility",
        "version",
        "published_at",
    ]
    list_filter = [
        "status",
        "kind",
        "visibility",
        "scope",
        CommunityFilter,
        ThemeFilter,
    ]
    # The title (trigram index) and summary; the body is what the site's
    # full-text search is for.
    search_fields = ["title", "summary"]
    show_full_result_count = False
    paginator = CappedPaginator
    list_select_related = ["community"]
    autocomplete_fields = ["themes", "sessions", "authors"]
    readonly_fields = [
        "slug",
        "community",
        "status",
        "version",
        "revision_of",
        "published_at",
        "reviewed_at",
        "created_by",
        "created_at",
        "updated_at",
        "plain_language",
    ]
    fields = [
        "title",
        "slug",
        "kind",
        "community",
        "summary",
        "body",
        "plain_language",
        "themes",
        "tags",
        "sessions",
        "scope",
        "visibility",
        "authors",
        # slug and community are listed above, the language check below body
        *readonly_fields[2:-1],
    ]
    inlines = [
        QuestionAnswerInline,
        AttachmentInline,
        ReviewInline,
        StatusChangeInline,
        PublishedVersionInline,
    ]
    # The transitions a moderator takes, from the workflow table; the expert
    # group reviews on the site, with the comment form.
    actions = [
        _transition_action(transition)
        for transition in WORKFLOW
        if MODERATOR in transition.roles
    ]

    def plain_language_texts(self, obj) -> list[str]:
        # The Q&A's questions and answers are read as the author wrote them.
        entries = obj.entries.order_by("position", "pk").values_list(
            "question", "answer"
        )
        return [obj.summary, obj.body, *(text for entry in entries for text in entry)]

    def has_add_permission(self, request):
        # Concepts are drafted on the site, where the services check the CoP.
        return False

    def get_inline_instances(self, request, obj=None):
        # Only a Q&A has questions (product_update and question_add hold
        # that rule); other kinds do not show the inline at all.
        return [
            inline
            for inline in super().get_inline_instances(request, obj)
            if not isinstance(inline, QuestionAnswerInline)
            or (obj is not None and obj.kind == KnowledgeProduct.Kind.QA)
        ]

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None or services.is_editable(obj)
        )

    def delete_model(self, request, obj):
        services.product_delete(actor=request.user, product=obj)

    def delete_queryset(self, request, queryset):
        for product in queryset:
            services.product_delete(actor=request.user, product=product)

    def save_model(self, request, obj, form, change):
        if not change or not services.is_editable(obj):
            return  # nothing to save: no adding here, and only concepts change
        data = form.cleaned_data
        services.product_update(
            actor=request.user,
            product=obj,
            themes=data["themes"],
            tags=data["tags"],
            sessions=data["sessions"],
            authors=data["authors"],
            **{name: data[name] for name in services.CONTENT_FIELDS},
        )

    def save_related(self, request, form, formsets, change):
        # The product's own relations were saved by product_update; the Q&A
        # inline goes through the question services.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request, form, formset, change):
        # What the admin's change message lists; filled as the services act.
        formset.new_objects, formset.changed_objects = [], []
        formset.deleted_objects = []
        if formset.model is not QuestionAnswer:
            return  # every other inline is read-only
        product = form.instance
        for entry_form in formset.deleted_forms:
            if entry_form.instance.pk:
                services.question_remove(actor=request.user, entry=entry_form.instance)
                formset.deleted_objects.append(entry_form.instance)
        for entry_form in formset.forms:
            if entry_form in formset.deleted_forms or not entry_form.has_changed():
                continue
            data = entry_form.cleaned_data
            fields = {
                "theme": data["theme"],
                "question": data["question"],
                "answer": data["answer"],
            }
            if entry_form.instance.pk:
                entry = services.question_update(
                    actor=request.user, entry=entry_form.instance, **fields
                )
                formset.changed_objects.append((entry, entry_form.changed_data))
            else:
                entry = services.question_add(
                    actor=request.user, product=product, **fields
                )
                formset.new_objects.append(entry)

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not services.is_editable(obj):
            return self.fields
        return self.readonly_fields


@admin.register(Synonym)
class SynonymAdmin(admin.ModelAdmin):
    list_display = ["term", "meaning"]
    search_fields = ["term", "meaning"]


@admin.register(Review)
class ReviewAdmin(RecordAdmin):
    list_display = ["product", "decision", "reviewer", "created_at"]
    list_filter = ["decision"]
    search_fields = ["product__title", "comment"]
    list_select_related = ["product", "reviewer"]


@admin.register(PublishedVersion)
class PublishedVersionAdmin(RecordAdmin):
    list_display = ["title", "number", "published_at", "published_by"]
    search_fields = ["title"]
    list_select_related = ["published_by"]

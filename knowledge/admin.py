from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cop_portal.exceptions import DomainError, NotAllowedError, refusal_text

from . import services
from .models import (
    Attachment,
    KnowledgeProduct,
    PublishedVersion,
    QuestionAnswer,
    Review,
    Status,
    StatusChange,
    Synonym,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class QuestionAnswerInline(admin.StackedInline):
    model = QuestionAnswer
    extra = 0
    fields = ["theme", "question", "answer", "anchor", "position"]
    autocomplete_fields = ["theme"]

    def _editable(self, obj):
        return obj is not None and obj.status == Status.CONCEPT

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


def _transition_action(name, label):
    def action(modeladmin, request, queryset):
        done = 0
        for product in queryset:
            try:
                services.product_transition(
                    actor=request.user, product=product, name=name
                )
            except (DomainError, ValidationError) as error:
                modeladmin.message_user(
                    request, f"{product}: {refusal_text(error)}", level=messages.ERROR
                )
            else:
                done += 1
        if done:
            modeladmin.message_user(
                request,
                ngettext(
                    "%(count)d kennisproduct changed.",
                    "%(count)d kennisproducten changed.",
                    done,
                )
                % {"count": done},
                level=messages.SUCCESS,
            )

    action.__name__ = f"action_{name}"
    action.short_description = label
    return action


class KnowledgeProductAdminForm(forms.ModelForm):
    """Checks what the site's service checks, so a refusal is shown on the
    form rather than raised while saving."""

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

    def clean(self):
        cleaned = super().clean()
        sessions = cleaned.get("sessions")
        if sessions is not None and self.instance.community_id:
            try:
                services.check_sessions(
                    community=self.instance.community, sessions=sessions
                )
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned


@admin.register(KnowledgeProduct)
class KnowledgeProductAdmin(admin.ModelAdmin):
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
    list_filter = ["status", "kind", "visibility", "scope", "community", "themes"]
    search_fields = ["title", "summary", "body"]
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
    ]
    fields = [
        "title",
        "slug",
        "kind",
        "community",
        "summary",
        "body",
        "themes",
        "tags",
        "sessions",
        "scope",
        "visibility",
        "authors",
        *readonly_fields[2:],  # slug and community are listed above
    ]
    inlines = [
        QuestionAnswerInline,
        AttachmentInline,
        ReviewInline,
        StatusChangeInline,
        PublishedVersionInline,
    ]
    actions = [
        _transition_action("submit", _("Submit for review")),
        _transition_action("publish", _("Publish")),
        _transition_action("archive", _("Archive")),
    ]

    def has_add_permission(self, request):
        # Concepts are drafted on the site, where the services check the CoP.
        return False

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None or obj.status == Status.CONCEPT
        )

    def save_model(self, request, obj, form, change):
        if not change or obj.status != Status.CONCEPT:
            return  # nothing to save: no adding here, and only concepts change
        data = form.cleaned_data
        try:
            services.product_update(
                actor=request.user,
                product=obj,
                themes=data["themes"],
                tags=data["tags"],
                sessions=data["sessions"],
                authors=data["authors"],
                **{name: data[name] for name in services.CONTENT_FIELDS},
            )
        except NotAllowedError as error:
            raise PermissionDenied(error.message) from error
        except DomainError as error:
            # Submitted by someone else since the form was opened.
            self.message_user(request, error.message, level=messages.ERROR)

    def save_related(self, request, form, formsets, change):
        # The product's own relations were saved by product_update; the Q&A
        # inline is saved as usual.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status != Status.CONCEPT:
            return self.fields
        return self.readonly_fields


@admin.register(Synonym)
class SynonymAdmin(admin.ModelAdmin):
    list_display = ["term", "meaning"]
    search_fields = ["term", "meaning"]


class RecordAdmin(admin.ModelAdmin):
    """Reviews, status changes and versions are records: read, never edited."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "knowledge"
    verbose_name = _("Knowledge products")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cop_portal import textsearch
        from cop_portal.plain_language import register_jargon_source

        from .search import _synonyms
        from .selectors import jargon_pairs

        # The B1 check of every app advises on the jargon kept here.
        register_jargon_source(jargon_pairs)
        # ... and every search box expands it (sessions and signals too).
        textsearch.register_synonym_source(_synonyms)

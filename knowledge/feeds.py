"""Atom feeds of new publications: all products and per theme. Feed readers
never sign in, so only public, published products are in them."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from communities.models import Theme

from . import selectors


class ProductFeed(Feed):
    feed_type = Atom1Feed

    def title(self, obj=None):
        return _("New kennisproducten – CoP-portaal Inburgering")

    def link(self, obj=None):
        return reverse("knowledge:product_list")

    def subtitle(self, obj=None):
        return _("Published kennisproducten of the Communities of Practice.")

    def items(self, obj=None):
        return selectors.feed_products()

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.published_at

    def item_author_name(self, item):
        return item.community.name


class ThemeProductFeed(ProductFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Theme, slug=slug)

    def title(self, obj=None):
        return _("New kennisproducten on %(theme)s – CoP-portaal Inburgering") % {
            "theme": obj.name
        }

    def link(self, obj=None):
        return reverse("knowledge:product_list") + f"?theme={obj.slug}"

    def items(self, obj=None):
        return selectors.feed_products(theme=obj)
